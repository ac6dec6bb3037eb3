"""Attendance records (one per member per meeting) and the alerts already raised."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import datetime

import aiosqlite

from bot.domain.attendance import AlertKind, Attended, Record, Source, Status
from bot.domain.meetings import Attendees
from bot.domain.study_figures import Headcount, SessionsAttended, StudySession
from storage.times import from_db, to_db


def _record(row: sqlite3.Row) -> Record:
    return Record(
        meeting_id=row["meeting_id"],
        member_id=row["member_id"],
        status=Status(row["status"]),
        marked_by=row["marked_by"],
        at=from_db(row["at"]),
        source=Source(row["source"]),
    )


class SqliteAttendance:
    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def save(self, record: Record) -> None:
        await self._conn.execute(
            "INSERT INTO attendance (meeting_id, member_id, status, marked_by, at, source)"
            " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (meeting_id, member_id) DO UPDATE SET"
            " status = excluded.status, marked_by = excluded.marked_by, at = excluded.at,"
            " source = excluded.source",
            (
                record.meeting_id,
                record.member_id,
                record.status.value,
                record.marked_by,
                to_db(record.at),
                record.source.value,
            ),
        )

    async def add_unmarked(self, records: Sequence[Record]) -> None:
        """Records for members not marked yet; a mark made meanwhile is kept (one statement)."""
        await self._conn.executemany(
            "INSERT INTO attendance (meeting_id, member_id, status, marked_by, at, source)"
            " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (meeting_id, member_id) DO NOTHING",
            [
                (
                    r.meeting_id,
                    r.member_id,
                    r.status.value,
                    r.marked_by,
                    to_db(r.at),
                    r.source.value,
                )
                for r in records
            ],
        )

    async def of_meeting(self, meeting_id: int) -> list[Record]:
        async with self._conn.execute(
            "SELECT * FROM attendance WHERE meeting_id = ? ORDER BY member_id", (meeting_id,)
        ) as cursor:
            return [_record(row) async for row in cursor]

    async def all(self) -> list[Record] | None:
        """Every record, by meeting and member; None on a database whose attendance table is
        gone (the export then leaves it out rather than failing)."""
        async with self._conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'attendance'"
        ) as cursor:
            if await cursor.fetchone() is None:
                return None
        async with self._conn.execute(
            "SELECT * FROM attendance ORDER BY meeting_id, member_id"
        ) as cursor:
            return [_record(row) async for row in cursor]

    async def history(self, member_id: int, since: datetime, until: datetime) -> list[Attended]:
        """The member's records of meetings held (not cancelled) in [since, until)."""
        async with self._conn.execute(
            "SELECT m.starts_at, a.meeting_id, a.status FROM attendance a"
            # CROSS JOIN keeps the member's own rows as the outer loop: left to itself the
            # planner walks a year of meetings by start and probes each for the member.
            " CROSS JOIN meetings m ON m.id = a.meeting_id"
            " WHERE a.member_id = ? AND m.status = 'scheduled'"
            " AND m.starts_at >= ? AND m.starts_at < ? ORDER BY m.starts_at, m.id",
            (member_id, to_db(since), to_db(until)),
        ) as cursor:
            return [
                Attended(from_db(row["starts_at"]), row["meeting_id"], Status(row["status"]))
                async for row in cursor
            ]

    async def histories(
        self, member_ids: Sequence[int], since: datetime, until: datetime
    ) -> dict[int, list[Attended]]:
        """``history`` of many members at once, 500 per query."""
        found: dict[int, list[Attended]] = {}
        ids = list(member_ids)
        for start in range(0, len(ids), 500):
            part = ids[start : start + 500]
            async with self._conn.execute(
                "SELECT a.member_id, m.starts_at, a.meeting_id, a.status FROM attendance a"
                " CROSS JOIN meetings m ON m.id = a.meeting_id"
                f" WHERE a.member_id IN ({','.join('?' * len(part))})"
                " AND m.status = 'scheduled' AND m.starts_at >= ? AND m.starts_at < ?"
                " ORDER BY m.starts_at, m.id",
                (*part, to_db(since), to_db(until)),
            ) as cursor:
                async for row in cursor:
                    found.setdefault(row[0], []).append(
                        Attended(from_db(row[1]), row[2], Status(row[3]))
                    )
        return found

    async def add_alert(
        self, member_id: int, kind: AlertKind, meeting_id: int, at: datetime
    ) -> bool:
        """True when this alert is new (the unique key makes it fire once)."""
        cursor = await self._conn.execute(
            "INSERT OR IGNORE INTO attendance_alerts (member_id, kind, meeting_id, at)"
            " VALUES (?, ?, ?, ?)",
            (member_id, kind.value, meeting_id, to_db(at)),
        )
        return cursor.rowcount == 1

    async def mark_finalised(self, meeting_id: int, at: datetime) -> None:
        await self._conn.execute(
            "INSERT OR IGNORE INTO attendance_finalised (meeting_id, at) VALUES (?, ?)",
            (meeting_id, to_db(at)),
        )

    async def finalised(self, meeting_ids: list[int]) -> set[int]:
        if not meeting_ids:
            return set()
        marks = ",".join("?" * len(meeting_ids))
        async with self._conn.execute(
            f"SELECT meeting_id FROM attendance_finalised WHERE meeting_id IN ({marks})",
            meeting_ids,
        ) as cursor:
            return {row["meeting_id"] async for row in cursor}

    async def of_cell(
        self, cell_id: int, since: datetime, until: datetime
    ) -> dict[int, list[Attended]]:
        """Every record of the cell's active members at meetings held in [since, until), by
        member: one query for the whole cell's table."""
        found: dict[int, list[Attended]] = {}
        async with self._conn.execute(
            "SELECT a.member_id, m.starts_at, a.meeting_id, a.status FROM members p"
            " CROSS JOIN attendance a ON a.member_id = p.id"
            " CROSS JOIN meetings m ON m.id = a.meeting_id"
            " WHERE p.cell_id = ? AND p.status = 'active' AND m.status = 'scheduled'"
            " AND m.starts_at >= ? AND m.starts_at < ? ORDER BY m.starts_at, m.id",
            (cell_id, to_db(since), to_db(until)),
        ) as cursor:
            async for row in cursor:
                found.setdefault(row["member_id"], []).append(
                    Attended(from_db(row["starts_at"]), row["meeting_id"], Status(row["status"]))
                )
        return found

    async def study_sessions(self, since: datetime, until: datetime) -> list[StudySession]:
        """Study sessions that started at or after ``since`` and ended by ``until``."""
        sessions: dict[int, tuple[Attendees, set[int]]] = {}
        async with self._conn.execute(
            "SELECT m.id, m.attendees, u.unit_id FROM meetings m"
            " JOIN meeting_units u ON u.meeting_id = m.id"
            " WHERE m.kind = 'study' AND m.status = 'scheduled'"
            " AND m.starts_at >= ? AND m.starts_at < ? AND m.ends_at <= ?",
            (to_db(since), to_db(until), to_db(until)),
        ) as cursor:
            async for row in cursor:
                entry = sessions.setdefault(row[0], (Attendees(row[1]), set()))
                entry[1].add(row[2])
        return [
            StudySession(meeting_id, attendees, frozenset(units))
            for meeting_id, (attendees, units) in sorted(sessions.items())
        ]

    async def study_attended(
        self, since: datetime, until: datetime, cell_id: int | None = None
    ) -> SessionsAttended:
        """Member-sessions recorded as attended at those study sessions, active members in the
        session's scope only, as expected counts are; ``cell_id``: that cell's members only.
        One pass without a GROUP BY: the sums need no sorting of the rows."""
        one = " AND p.cell_id = ?" if cell_id is not None else ""
        async with self._conn.execute(
            "SELECT count(*), sum(p.kind = 'non_party') FROM meetings m"
            " JOIN attendance a ON a.meeting_id = m.id JOIN members p ON p.id = a.member_id"
            " WHERE m.kind = 'study' AND m.status = 'scheduled'"
            " AND m.starts_at >= ? AND m.starts_at < ? AND m.ends_at <= ?"
            " AND a.status = 'attended' AND p.status = 'active'"
            " AND (m.attendees = 'all' OR p.kind != 'non_party')" + one,
            (to_db(since), to_db(until), to_db(until), *(() if cell_id is None else (cell_id,))),
        ) as cursor:
            row = await cursor.fetchone()
        total, non_party = (row[0], row[1] or 0) if row is not None else (0, 0)
        return SessionsAttended(party=total - non_party, non_party=non_party)

    async def headcounts(self) -> dict[int, Headcount]:
        """Active members per cell: party members and non-party staff."""
        async with self._conn.execute(
            "SELECT cell_id, count(*), sum(kind = 'non_party') FROM members"
            " WHERE status = 'active' GROUP BY cell_id"
        ) as cursor:
            return {row[0]: Headcount(row[1] - row[2], row[2]) async for row in cursor}
