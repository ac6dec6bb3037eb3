"""Members' answers to meetings (one row per member per meeting, the latest answer)."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

import aiosqlite

from bot.domain.rsvps import AbsenceReason, Answer, Rsvp
from storage.times import from_db, to_db


def _rsvp(row: sqlite3.Row) -> Rsvp:
    return Rsvp(
        meeting_id=row["meeting_id"],
        member_id=row["member_id"],
        answer=Answer(row["answer"]),
        reason_kind=None if row["reason_kind"] is None else AbsenceReason(row["reason_kind"]),
        reason_text=row["reason_text"],
        answered_at=from_db(row["answered_at"]),
    )


class SqliteRsvps:
    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def save(self, rsvp: Rsvp) -> None:
        await self._conn.execute(
            "INSERT INTO rsvps (meeting_id, member_id, answer, reason_kind, reason_text,"
            " answered_at) VALUES (?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (meeting_id, member_id) DO UPDATE SET answer = excluded.answer,"
            " reason_kind = excluded.reason_kind, reason_text = excluded.reason_text,"
            " answered_at = excluded.answered_at",
            (
                rsvp.meeting_id,
                rsvp.member_id,
                rsvp.answer.value,
                None if rsvp.reason_kind is None else rsvp.reason_kind.value,
                rsvp.reason_text,
                to_db(rsvp.answered_at),
            ),
        )

    async def get(self, meeting_id: int, member_id: int) -> Rsvp | None:
        async with self._conn.execute(
            "SELECT * FROM rsvps WHERE meeting_id = ? AND member_id = ?", (meeting_id, member_id)
        ) as cursor:
            row = await cursor.fetchone()
        return None if row is None else _rsvp(row)

    async def of_meetings(self, meeting_ids: list[int]) -> list[Rsvp]:
        if not meeting_ids:
            return []
        marks = ",".join("?" * len(meeting_ids))
        async with self._conn.execute(
            f"SELECT * FROM rsvps WHERE meeting_id IN ({marks})", meeting_ids
        ) as cursor:
            return [_rsvp(row) async for row in cursor]

    async def answered(
        self, meeting_ids: Sequence[int], member_ids: Sequence[int]
    ) -> set[tuple[int, int]]:
        """(meeting, member) of those among ``member_ids`` who answered one of ``meeting_ids``:
        a few primary-key lookups, for a write that checks a chunk of members again."""
        found: set[tuple[int, int]] = set()
        meetings = list(dict.fromkeys(meeting_ids))
        members = list(dict.fromkeys(member_ids))
        if not meetings or not members:
            return found
        for start in range(0, len(members), 500):  # well under SQLite's limit on parameters
            part = members[start : start + 500]
            async with self._conn.execute(
                "SELECT meeting_id, member_id FROM rsvps"
                f" WHERE meeting_id IN ({','.join('?' * len(meetings))})"
                f" AND member_id IN ({','.join('?' * len(part))})",
                [*meetings, *part],
            ) as cursor:
                found.update([(row[0], row[1]) async for row in cursor])
        return found

    async def of_member(self, member_id: int, meeting_ids: list[int]) -> list[Rsvp]:
        if not meeting_ids:
            return []
        marks = ",".join("?" * len(meeting_ids))
        async with self._conn.execute(
            f"SELECT * FROM rsvps WHERE member_id = ? AND meeting_id IN ({marks})",
            [member_id, *meeting_ids],
        ) as cursor:
            return [_rsvp(row) async for row in cursor]

    async def all(self) -> list[Rsvp]:
        async with self._conn.execute(
            "SELECT * FROM rsvps ORDER BY meeting_id, member_id"
        ) as cursor:
            return [_rsvp(row) async for row in cursor]
