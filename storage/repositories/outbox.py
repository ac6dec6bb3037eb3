"""The outbox table: bulk enqueueing, claiming due rows, and recording each outcome (where
messages go and whether accounts are reachable is in ``recipients``, which it inherits)."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import datetime

from bot.domain.model import Channel
from bot.domain.outbox import (
    ESSENTIAL_PRIORITY,
    ESSENTIAL_PURPOSES,
    ChatKind,
    Delivery,
    DeliveryCounts,
    DeliveryStatus,
    FileKind,
    OutboxEntry,
    OutgoingMessage,
    Purpose,
)
from bot.domain.quota import Allowance
from storage.repositories.recipients import SqliteRecipients
from storage.times import from_db, maybe_from_db, to_db

# The rows ``is_essential`` names, as SQL and its parameters.
_ESSENTIAL: tuple[str, list[object]] = (
    f" AND (priority <= ? OR purpose IN ({', '.join('?' * len(ESSENTIAL_PURPOSES))}))",
    [ESSENTIAL_PRIORITY, *sorted(p.value for p in ESSENTIAL_PURPOSES)],
)


class SqliteOutbox(SqliteRecipients):
    async def enqueue(self, messages: Sequence[OutgoingMessage], at: datetime) -> int:
        """Insert in one statement; a key already present is skipped. Returns rows added."""
        before = self._conn.total_changes
        await self._conn.executemany(
            "INSERT INTO outbox (idempotency_key, purpose, source_id, member_id, chat_id,"
            " chat_kind, text, keyboard, file_id, file_kind, priority, not_before, expires_at,"
            " created_at, channel) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (idempotency_key) DO NOTHING",
            [
                (
                    m.key,
                    m.purpose.value,
                    m.source_id,
                    m.member_id,
                    str(m.chat_id),
                    m.chat_kind.value,
                    m.text,
                    m.keyboard,
                    m.file_id,
                    None if m.file_kind is None else m.file_kind.value,
                    m.priority,
                    to_db(m.not_before),
                    None if m.expires_at is None else to_db(m.expires_at),
                    to_db(at),
                    m.channel.value,
                )
                for m in messages
            ],
        )
        return self._conn.total_changes - before

    async def keys_of(self, purpose: Purpose, source_ids: Sequence[int]) -> set[str]:
        """The keys already queued (in any state) for ``purpose`` about ``source_ids``: what a
        planner need not render again."""
        keys: set[str] = set()
        ids = list(source_ids)
        for start in range(0, len(ids), 500):  # well under SQLite's limit on parameters
            part = ids[start : start + 500]
            marks = ",".join("?" * len(part))
            async with self._conn.execute(
                f"SELECT idempotency_key FROM outbox WHERE purpose = ? AND source_id IN ({marks})",
                (purpose.value, *part),
            ) as cursor:
                keys.update([row[0] async for row in cursor])
        return keys

    async def claim_due(
        self,
        now: datetime,
        limit: int,
        channel: Channel = Channel.TELEGRAM,
        allowance: Allowance | None = None,
    ) -> list[Delivery]:
        """Mark up to ``limit`` due rows of ``channel`` as being sent and return them, most
        urgent first. With an ``allowance`` (a monthly quota), essential rows up to its
        essential count, others only within its optional count."""
        if allowance is None:
            rows = await self._claim(now, limit, channel)
        else:
            rows = await self._claim(now, min(limit, allowance.essential), channel, essential=True)
            room = min(limit, allowance.optional) - len(rows)
            if room > 0:
                rows += await self._claim(now, room, channel)
        rows = sorted(rows, key=lambda r: (r["priority"], r["not_before"], r["id"]))
        return [
            Delivery(
                id=r["id"],
                chat_id=int(r["chat_id"]),
                chat_kind=ChatKind(r["chat_kind"]),
                text=r["text"],
                keyboard=r["keyboard"],
                file_id=r["file_id"],
                file_kind=None if r["file_kind"] is None else FileKind(r["file_kind"]),
                attempts=r["attempts"],
                expires_at=maybe_from_db(r["expires_at"]),
                member_id=r["member_id"],
                channel=Channel(r["channel"]),
            )
            for r in rows
        ]

    async def _claim(
        self, now: datetime, limit: int, channel: Channel, *, essential: bool = False
    ) -> list[sqlite3.Row]:
        if limit <= 0:
            return []
        only, params = _ESSENTIAL if essential else ("", [])
        async with self._conn.execute(
            "UPDATE outbox SET status = 'sending', attempts = attempts + 1 WHERE id IN ("
            " SELECT id FROM outbox WHERE status = 'pending' AND channel = ?"
            f"{only} AND not_before <= ? ORDER BY priority, not_before, id LIMIT ?)"
            " RETURNING id, chat_id, chat_kind, text, keyboard, file_id, file_kind, attempts,"
            " expires_at, member_id, priority, not_before, channel",
            (channel.value, *params, to_db(now), limit),
        ) as cursor:
            return list(await cursor.fetchall())

    async def next_due(
        self, channel: Channel | None = None, *, essential_only: bool = False
    ) -> datetime | None:
        """The earliest moment a pending row falls due (of ``channel``; only essential ones)."""
        sql = "SELECT min(not_before) FROM outbox WHERE status = 'pending'"
        params: list[object] = []
        if channel is not None:
            sql += " AND channel = ?"
            params.append(channel.value)
        if essential_only:
            sql += _ESSENTIAL[0]
            params += _ESSENTIAL[1]
        async with self._conn.execute(sql, params) as cursor:
            row = await cursor.fetchone()
        return None if row is None else maybe_from_db(row[0])

    async def spent(self, channel: Channel, since: datetime) -> int:
        """Rows of ``channel`` sent since ``since`` or being sent now: what a monthly quota
        has used (a row in flight counts, so the quota is never overrun)."""
        async with self._conn.execute(
            "SELECT count(*) FROM outbox WHERE status = 'sent' AND channel = ? AND sent_at >= ?",
            (channel.value, to_db(since)),
        ) as cursor:
            row = await cursor.fetchone()
        sent = 0 if row is None else int(row[0])
        async with self._conn.execute(
            "SELECT count(*) FROM outbox WHERE status = 'sending' AND channel = ?",
            (channel.value,),
        ) as cursor:
            row = await cursor.fetchone()
        return sent + (0 if row is None else int(row[0]))

    async def mark_sent(self, delivery_id: int, at: datetime, message_id: int | None) -> None:
        await self._conn.execute(
            "UPDATE outbox SET status = 'sent', sent_at = ?, telegram_message_id = ?,"
            " last_error = NULL WHERE id = ?",
            (to_db(at), message_id, delivery_id),
        )

    async def retry_at(
        self, delivery_id: int, not_before: datetime, error: str, *, count_attempt: bool = True
    ) -> None:
        """Back to pending for later; a 429 pause does not count as an attempt."""
        await self._conn.execute(
            "UPDATE outbox SET status = 'pending', not_before = ?, last_error = ?"
            + ("" if count_attempt else ", attempts = attempts - 1")
            + " WHERE id = ?",
            (to_db(not_before), error, delivery_id),
        )

    async def finish(self, delivery_id: int, status: DeliveryStatus, error: str | None) -> None:
        """A final outcome other than sent: failed, blocked or skipped."""
        await self._conn.execute(
            "UPDATE outbox SET status = ?, last_error = ? WHERE id = ?",
            (status.value, error, delivery_id),
        )

    async def requeue_interrupted(self) -> int:
        """Rows caught in 'sending' by a crash go out again (at-least-once)."""
        cursor = await self._conn.execute(
            "UPDATE outbox SET status = 'pending' WHERE status = 'sending'"
        )
        return cursor.rowcount

    async def counts(self, purpose: Purpose, source_id: int) -> DeliveryCounts:
        async with self._conn.execute(
            "SELECT status, count(*) FROM outbox WHERE purpose = ? AND source_id = ?"
            " GROUP BY status",
            (purpose.value, source_id),
        ) as cursor:
            by_status = {row[0]: row[1] async for row in cursor}
        return DeliveryCounts(
            sent=by_status.get("sent", 0),
            pending=by_status.get("pending", 0) + by_status.get("sending", 0),
            blocked=by_status.get("blocked", 0),
            failed=by_status.get("failed", 0),
            skipped=by_status.get("skipped", 0),
        )

    async def on_channel(self, purpose: Purpose, source_id: int, channel: Channel) -> bool:
        """Whether any row of ``purpose`` about ``source_id`` goes out on ``channel``."""
        async with self._conn.execute(
            "SELECT 1 FROM outbox WHERE purpose = ? AND source_id = ? AND channel = ? LIMIT 1",
            (purpose.value, source_id, channel.value),
        ) as cursor:
            return await cursor.fetchone() is not None

    async def retry_failed(self, purpose: Purpose, source_id: int, at: datetime) -> int:
        """Failed rows (not blocked ones) go out again, attempts reset."""
        cursor = await self._conn.execute(
            "UPDATE outbox SET status = 'pending', attempts = 0, not_before = ?"
            " WHERE purpose = ? AND source_id = ? AND status = 'failed'",
            (to_db(at), purpose.value, source_id),
        )
        return cursor.rowcount

    async def skip_pending(self, purpose: Purpose, key_prefix: str, reason: str) -> int:
        """Rows not yet sent whose key starts with ``key_prefix`` will not be sent."""
        escaped = key_prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        cursor = await self._conn.execute(
            "UPDATE outbox SET status = 'skipped', last_error = ? WHERE purpose = ?"
            " AND status = 'pending' AND idempotency_key LIKE ? ESCAPE '\\'",
            (reason, purpose.value, escaped + "%"),
        )
        return cursor.rowcount

    async def skip_superseded(self, purpose: Purpose, now: datetime, reason: str) -> int:
        """Of one member's rows of ``purpose`` about one source that are due and not yet sent,
        all but the latest will not be sent."""
        cursor = await self._conn.execute(
            "UPDATE outbox SET status = 'skipped', last_error = ? WHERE id IN ("
            " SELECT o.id FROM outbox o WHERE o.status = 'pending' AND o.purpose = ?"
            " AND o.not_before <= ? AND o.member_id IS NOT NULL AND EXISTS ("
            "  SELECT 1 FROM outbox later WHERE later.purpose = o.purpose"
            "  AND later.source_id = o.source_id AND later.status = 'pending'"
            "  AND later.member_id = o.member_id AND later.not_before <= ?"
            "  AND (later.not_before > o.not_before"
            "   OR (later.not_before = o.not_before AND later.id > o.id))))",
            (reason, purpose.value, to_db(now), to_db(now)),
        )
        return cursor.rowcount

    async def skip_key(self, key: str, reason: str) -> int:
        """The one row with exactly ``key``, if not yet sent, will not be sent."""
        cursor = await self._conn.execute(
            "UPDATE outbox SET status = 'skipped', last_error = ?"
            " WHERE idempotency_key = ? AND status = 'pending'",
            (reason, key),
        )
        return cursor.rowcount

    async def skip_keys(self, keys: Sequence[str], reason: str) -> int:
        """The rows with these keys, if not yet sent, will not be sent (one statement)."""
        before = self._conn.total_changes
        await self._conn.executemany(
            "UPDATE outbox SET status = 'skipped', last_error = ?"
            " WHERE idempotency_key = ? AND status = 'pending'",
            [(reason, key) for key in keys],
        )
        return self._conn.total_changes - before

    async def sent_members(self, purposes: Sequence[Purpose], source_id: int) -> list[int]:
        """The members who were sent a row of one of ``purposes`` about ``source_id``."""
        marks = ", ".join("?" for _ in purposes)
        async with self._conn.execute(
            "SELECT DISTINCT member_id FROM outbox WHERE source_id = ? AND status = 'sent'"
            f" AND member_id IS NOT NULL AND purpose IN ({marks}) ORDER BY member_id",
            (source_id, *[p.value for p in purposes]),
        ) as cursor:
            return [row[0] async for row in cursor]

    async def by_prefix(
        self, purpose: Purpose, key_prefix: str, *, pending_only: bool = False
    ) -> list[OutboxEntry]:
        # A key range rather than LIKE, so the unique index on the key is used.
        upper = key_prefix[:-1] + chr(ord(key_prefix[-1]) + 1)
        async with self._conn.execute(
            "SELECT idempotency_key, status, coalesce(sent_at, not_before) FROM outbox"
            " WHERE idempotency_key >= ? AND idempotency_key < ? AND purpose = ?"
            + (" AND status = 'pending'" if pending_only else "")
            + " ORDER BY idempotency_key",
            (key_prefix, upper, purpose.value),
        ) as cursor:
            return [
                OutboxEntry(row[0], DeliveryStatus(row[1]), from_db(row[2])) async for row in cursor
            ]
