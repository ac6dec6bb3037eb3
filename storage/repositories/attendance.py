"""Attendance records (one per member per meeting) and the alerts already raised."""

from __future__ import annotations

import sqlite3
from datetime import datetime

import aiosqlite

from bot.domain.attendance import Attended, Record, Source, Status
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

    async def of_meeting(self, meeting_id: int) -> list[Record]:
        async with self._conn.execute(
            "SELECT * FROM attendance WHERE meeting_id = ? ORDER BY member_id", (meeting_id,)
        ) as cursor:
            return [_record(row) async for row in cursor]

    async def history(self, member_id: int, since: datetime, until: datetime) -> list[Attended]:
        """The member's records of meetings held (not cancelled) in [since, until)."""
        async with self._conn.execute(
            "SELECT m.starts_at, a.meeting_id, a.status FROM attendance a"
            " JOIN meetings m ON m.id = a.meeting_id"
            " WHERE a.member_id = ? AND m.status = 'scheduled'"
            " AND m.starts_at >= ? AND m.starts_at < ? ORDER BY m.starts_at, m.id",
            (member_id, to_db(since), to_db(until)),
        ) as cursor:
            return [
                Attended(from_db(row["starts_at"]), row["meeting_id"], Status(row["status"]))
                async for row in cursor
            ]

    async def add_alert(self, member_id: int, kind: str, meeting_id: int, at: datetime) -> bool:
        """True when this alert is new (the unique key makes it fire once)."""
        cursor = await self._conn.execute(
            "INSERT OR IGNORE INTO attendance_alerts (member_id, kind, meeting_id, at)"
            " VALUES (?, ?, ?, ?)",
            (member_id, kind, meeting_id, to_db(at)),
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
