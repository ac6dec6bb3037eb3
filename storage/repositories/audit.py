from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import aiosqlite

from bot.domain import refusal_trace
from bot.domain.audit import AuditEntry
from bot.domain.model import Channel
from storage.times import from_db, to_db


class SqliteAuditLog:
    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def record(
        self,
        event: str,
        *,
        at: datetime,
        actor_member_id: int | None = None,
        actor_channel: Channel | None = None,
        actor_user_id: str | None = None,
        subject_member_id: int | None = None,
        detail: dict[str, Any] | None = None,
    ) -> None:
        if "refused" in event:
            refusal_trace.mark_audited()
        await self._conn.execute(
            "INSERT INTO audit_log (at, event, actor_member_id, actor_channel, actor_user_id,"
            " subject_member_id, detail) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                to_db(at),
                event,
                actor_member_id,
                None if actor_channel is None else actor_channel.value,
                actor_user_id,
                subject_member_id,
                None if detail is None else json.dumps(detail, ensure_ascii=False, sort_keys=True),
            ),
        )

    async def count_repeat(
        self,
        event: str,
        *,
        at: datetime,
        actor_channel: Channel,
        actor_user_id: str,
        since: datetime,
    ) -> None:
        """One row for ``event`` by this actor since ``since``, counting the attempts in its
        detail (``attempts``, ``last_at``): a stranger hammering a refusal writes one row a
        window, not one per attempt."""
        cursor = await self._conn.execute(
            "UPDATE audit_log SET detail = json_set(coalesce(detail, '{}'),"
            " '$.attempts', coalesce(json_extract(detail, '$.attempts'), 1) + 1, '$.last_at', ?)"
            " WHERE id = (SELECT id FROM audit_log WHERE event = ? AND actor_channel = ?"
            " AND actor_user_id = ? AND at >= ? ORDER BY id DESC LIMIT 1)",
            (to_db(at), event, actor_channel.value, actor_user_id, to_db(since)),
        )
        if cursor.rowcount == 0:
            await self.record(
                event,
                at=at,
                actor_channel=actor_channel,
                actor_user_id=actor_user_id,
                detail={"attempts": 1, "last_at": to_db(at)},
            )

    async def count_since(
        self, event: str, *, actor_channel: Channel, actor_user_id: str, since: datetime
    ) -> int:
        async with self._conn.execute(
            "SELECT count(*) FROM audit_log WHERE event = ? AND actor_channel = ?"
            " AND actor_user_id = ? AND at >= ?",
            (event, actor_channel.value, actor_user_id, to_db(since)),
        ) as cursor:
            row = await cursor.fetchone()
        return 0 if row is None else int(row[0])

    async def recent(self, limit: int) -> list[AuditEntry]:
        async with self._conn.execute(
            "SELECT at, event, actor_member_id, actor_channel, actor_user_id, subject_member_id,"
            " detail FROM audit_log ORDER BY id DESC LIMIT ?",
            (limit,),
        ) as cursor:
            return [
                AuditEntry(
                    at=from_db(row["at"]),
                    event=row["event"],
                    actor_member_id=row["actor_member_id"],
                    actor_channel=None
                    if row["actor_channel"] is None
                    else Channel(row["actor_channel"]),
                    actor_user_id=row["actor_user_id"],
                    subject_member_id=row["subject_member_id"],
                    detail=None if row["detail"] is None else json.loads(row["detail"]),
                )
                async for row in cursor
            ]
