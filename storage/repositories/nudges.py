from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

import aiosqlite

from bot.domain.nudges import NudgeKind
from storage.times import to_db


class SqliteNudges:
    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def record(
        self, member_ids: Iterable[int], day: date, kind: NudgeKind, by: int | None, at: datetime
    ) -> list[int]:
        """Record today's nudge for each member; returns those not already nudged today."""
        fresh = []
        for member_id in member_ids:
            async with self._conn.execute(
                "INSERT INTO nudges (member_id, day, kind, sent_by, at) VALUES (?, ?, ?, ?, ?)"
                " ON CONFLICT DO NOTHING RETURNING member_id",
                (member_id, day.isoformat(), kind.value, by, to_db(at)),
            ) as cursor:
                if await cursor.fetchone() is not None:
                    fresh.append(member_id)
        return fresh
