"""Why a member may be suggested first for inspection or supervision: overdue breakthrough
tasks and unexcused absences, counted in SQL per member (one query each, whatever the size)."""

from __future__ import annotations

from datetime import date, datetime

import aiosqlite

from bot.domain.inspections.quotas import Populations
from bot.domain.inspections.records import MemberTask
from bot.domain.tasks import TaskStatus
from storage.times import to_db

# Open tasks, as the progress figures count them (an overdue task is open and past its deadline).
_OPEN = "('submitted', 'returned', 'in_progress')"


class SqliteConcerns:
    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def overdue_tasks(self, year: int, today: date) -> dict[int, int]:
        """Active members' personal tasks of ``year`` past their deadline and still open."""
        async with self._conn.execute(
            "SELECT t.owner_member_id, count(*) FROM tasks t"
            " JOIN members m ON m.id = t.owner_member_id"
            f" WHERE t.year = ? AND t.deadline < ? AND t.status IN {_OPEN}"
            " AND m.status = 'active' GROUP BY t.owner_member_id",
            (year, today.isoformat()),
        ) as cursor:
            return {row[0]: row[1] async for row in cursor}

    async def unexcused_absences(self, since: datetime, until: datetime) -> dict[int, int]:
        """Unexcused absences from meetings held (not cancelled) in ``[since, until)``."""
        async with self._conn.execute(
            "SELECT a.member_id, count(*) FROM attendance a"
            " JOIN meetings m ON m.id = a.meeting_id"
            " WHERE a.status = 'unexcused' AND m.status = 'scheduled'"
            " AND m.starts_at >= ? AND m.starts_at < ? GROUP BY a.member_id",
            (to_db(since), to_db(until)),
        ) as cursor:
            return {row[0]: row[1] async for row in cursor}

    async def tasks_of(self, member_id: int, year: int) -> list[MemberTask]:
        """A member's own breakthrough tasks of ``year`` (not withdrawn), by deadline."""
        async with self._conn.execute(
            "SELECT title, status, progress, deadline FROM tasks"
            " WHERE owner_member_id = ? AND year = ? AND status != 'withdrawn'"
            " ORDER BY deadline, id",
            (member_id, year),
        ) as cursor:
            return [
                MemberTask(row[0], TaskStatus(row[1]), row[2], date.fromisoformat(row[3]))
                async for row in cursor
            ]

    async def populations(self) -> Populations:
        """What the quotas are shares of, counted in SQL: cells, the committee's party members,
        the active party members of the cells."""
        async with self._conn.execute(
            "SELECT (SELECT count(*) FROM units WHERE kind = 'cell'),"
            " (SELECT count(DISTINCT r.member_id) FROM roles r JOIN members m ON m.id = r.member_id"
            "  JOIN units u ON u.id = m.cell_id AND u.kind = 'cell'"
            "  WHERE r.role = 'committee' AND m.status = 'active' AND m.kind != 'non_party'),"
            " (SELECT count(*) FROM members m JOIN units u ON u.id = m.cell_id AND u.kind = 'cell'"
            "  WHERE m.status = 'active' AND m.kind != 'non_party')"
        ) as cursor:
            row = await cursor.fetchone()
        assert row is not None
        return Populations(cells=row[0], committee=row[1], members=row[2])
