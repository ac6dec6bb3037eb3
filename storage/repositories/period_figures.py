"""The period report's aggregates, counted in SQL (a few queries for an organisation of any
size): members and their changes, the cell and thematic meetings held with attendance per
cell, the members whose absences raised an alert, tasks by area, broadcasts and their reach."""

from __future__ import annotations

from datetime import date, datetime

import aiosqlite

from bot.domain.meetings import Attendees
from bot.domain.period_report.figures import AreaTasks, BroadcastFigures, MemberCounts
from storage.times import from_db, to_db

_OPEN = "('submitted', 'returned', 'in_progress')"

# On the list on the cut-off day: added before it (the first import is the list as it always
# stood), and active, or left only after it.
_ON_LIST = (
    "((created_at < :until OR created_at <= :first)"
    " AND (status = 'active' OR (status = 'left' AND updated_at >= :until)))"
)

# A meeting held, as read: id, thematic, start, attendees, the units it was for.
HeldRow = tuple[int, bool, datetime, Attendees, frozenset[int]]


class SqlitePeriodFigures:
    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def member_counts(
        self, since: datetime, until: datetime, cell_id: int | None
    ) -> dict[int, MemberCounts]:
        """Per cell: members on the list on the cut-off day (``until``) by kind, those added
        in ``[since, until)`` after the first import (the list as first loaded is not
        "joined"), and those who left then."""
        one = "AND cell_id = :cell" if cell_id is not None else ""
        async with self._conn.execute("SELECT min(created_at) FROM members") as cursor:
            row = await cursor.fetchone()
        first = row[0] if row is not None and row[0] is not None else ""
        # The first import spans a few seconds at most; a day leaves room for a slow one.
        first_day = (first[:10] + "T23:59:59.999999Z") if first else ""
        counts: dict[int, MemberCounts] = {}
        async with self._conn.execute(
            f"SELECT cell_id, sum({_ON_LIST} AND kind = 'full'),"
            f" sum({_ON_LIST} AND kind = 'probationary'),"
            f" sum({_ON_LIST} AND kind = 'non_party'),"
            " sum(created_at >= :since AND created_at < :until AND created_at > :first),"
            " sum(status = 'left' AND updated_at >= :since AND updated_at < :until)"
            f" FROM members WHERE 1 = 1 {one} GROUP BY cell_id",
            {"since": to_db(since), "until": to_db(until), "first": first_day, "cell": cell_id},
        ) as cursor:
            async for row in cursor:
                counts[row[0]] = MemberCounts(*(int(v or 0) for v in row[1:]))
        return counts

    async def meetings_held(self, since: datetime, until: datetime) -> list[HeldRow]:
        """Cell and thematic meetings not cancelled that started in ``[since, until)``."""
        held: dict[int, tuple[bool, datetime, Attendees, set[int]]] = {}
        async with self._conn.execute(
            "SELECT m.id, m.kind = 'thematic_meeting', m.starts_at, m.attendees, u.unit_id"
            " FROM meetings m JOIN meeting_units u ON u.meeting_id = m.id"
            " WHERE m.kind IN ('cell_meeting', 'thematic_meeting') AND m.status = 'scheduled'"
            " AND m.starts_at >= ? AND m.starts_at < ?",
            (to_db(since), to_db(until)),
        ) as cursor:
            async for row in cursor:
                entry = held.setdefault(
                    row[0], (bool(row[1]), from_db(row[2]), Attendees(row[3]), set())
                )
                entry[3].add(row[4])
        return [
            (meeting_id, thematic, starts, attendees, frozenset(units))
            for meeting_id, (thematic, starts, attendees, units) in sorted(held.items())
        ]

    async def recorded(
        self, since: datetime, until: datetime
    ) -> dict[int, dict[int, tuple[int, int]]]:
        """Per meeting, per cell: members attending and absent without excuse (active members
        in the meeting's scope only, as the expected counts are)."""
        recorded: dict[int, dict[int, tuple[int, int]]] = {}
        async with self._conn.execute(
            "SELECT m.id, p.cell_id, sum(a.status = 'attended'), sum(a.status = 'unexcused')"
            " FROM meetings m JOIN attendance a ON a.meeting_id = m.id"
            " JOIN members p ON p.id = a.member_id"
            " WHERE m.kind IN ('cell_meeting', 'thematic_meeting') AND m.status = 'scheduled'"
            " AND m.starts_at >= ? AND m.starts_at < ? AND p.status = 'active'"
            " AND (m.attendees = 'all' OR p.kind != 'non_party')"
            " GROUP BY m.id, p.cell_id",
            (to_db(since), to_db(until)),
        ) as cursor:
            async for row in cursor:
                recorded.setdefault(row[0], {})[row[1]] = (int(row[2] or 0), int(row[3] or 0))
        return recorded

    async def attention(self, since: datetime, until: datetime) -> dict[int, int]:
        """Per cell: active members whose absences raised an alert in ``[since, until)``."""
        async with self._conn.execute(
            "SELECT p.cell_id, count(DISTINCT a.member_id) FROM attendance_alerts a"
            " JOIN members p ON p.id = a.member_id"
            " WHERE a.at >= ? AND a.at < ? AND p.status = 'active' GROUP BY p.cell_id",
            (to_db(since), to_db(until)),
        ) as cursor:
            return {row[0]: row[1] async for row in cursor}

    async def tasks_by_area(self, year: int, today: date, cell_id: int | None) -> list[AreaTasks]:
        """The year's members' tasks (not withdrawn) by breakthrough area, in the areas'
        order; tasks without an area last."""
        one = "AND t.cell_id = ?" if cell_id is not None else ""
        params: tuple[object, ...] = (cell_id,) if cell_id is not None else ()
        async with self._conn.execute(
            "SELECT a.name, count(*), sum(t.status IN ('done', 'exceeded')),"
            f" sum(t.status = 'exceeded'), sum(t.deadline < ? AND t.status IN {_OPEN})"
            " FROM tasks t LEFT JOIN areas a ON a.id = t.area_id"
            " WHERE t.year = ? AND t.cell_id IS NOT NULL AND t.status != 'withdrawn'"
            f" {one} GROUP BY t.area_id ORDER BY a.position IS NULL, a.position",
            (today.isoformat(), year, *params),
        ) as cursor:
            return [
                AreaTasks(row[0], row[1], int(row[2] or 0), int(row[3] or 0), int(row[4] or 0))
                async for row in cursor
            ]

    async def broadcasts(
        self, since: datetime, until: datetime, cell_id: int | None
    ) -> BroadcastFigures:
        """Notices sent in ``[since, until)`` and, per member they were for, whether it
        reached them; a cell's: the members of that cell."""
        one = "AND p.cell_id = ?" if cell_id is not None else ""
        params: tuple[object, ...] = (cell_id,) if cell_id is not None else ()
        async with self._conn.execute(
            "SELECT count(*) FROM broadcasts WHERE status != 'cancelled'"
            " AND scheduled_at >= ? AND scheduled_at < ?",
            (to_db(since), to_db(until)),
        ) as cursor:
            row = await cursor.fetchone()
        sent = int(row[0]) if row is not None else 0
        async with self._conn.execute(
            "SELECT count(*), sum(reached) FROM (SELECT max(o.status = 'sent') AS reached"
            " FROM outbox o JOIN broadcasts b ON b.id = o.source_id"
            " JOIN members p ON p.id = o.member_id"
            " WHERE o.purpose = 'broadcast' AND b.status != 'cancelled'"
            f" AND b.scheduled_at >= ? AND b.scheduled_at < ? {one}"
            " GROUP BY o.source_id, o.member_id)",
            (to_db(since), to_db(until), *params),
        ) as cursor:
            row = await cursor.fetchone()
        deliveries, delivered = (int(row[0]), int(row[1] or 0)) if row is not None else (0, 0)
        return BroadcastFigures(sent, deliveries, delivered)
