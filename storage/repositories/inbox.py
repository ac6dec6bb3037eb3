"""The inbox (migrations 0018, 0019): updates stored before they are acknowledged, then claimed, done
or set aside. See :mod:`bot.domain.inbox`."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import aiosqlite

from bot.domain.inbox import InboxEntry, InboxStatus
from storage.times import from_db, to_db

_ENTRY = (
    "SELECT id, channel, key, update_id, payload, status, attempts, last_error, received_at,"
    " answer FROM inbox"
)
# Errors are kept short: a line for whoever looks at what was set aside.
MAX_ERROR_CHARS = 500


def _entry(row: aiosqlite.Row) -> InboxEntry:
    return InboxEntry(
        row[0],
        row[1],
        row[2],
        row[3],
        row[4],
        InboxStatus(row[5]),
        row[6],
        row[7],
        from_db(row[8]),
        row[9],
    )


class SqliteInbox:
    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def store(
        self, channel: str, updates: Sequence[tuple[str, int | None, str]], at: datetime
    ) -> list[int | None]:
        """Stores ``(key, update_id, payload)`` updates; for each, the new entry's id, or None
        when that key was stored before (a delivery of the same update again). An update_id of
        None is the new entry's own id (Zalo's updates have none)."""
        ids: list[int | None] = []
        for key, update_id, payload in updates:
            cursor = await self._conn.execute(
                "INSERT INTO inbox (channel, key, update_id, payload, received_at)"
                " VALUES (?, ?, coalesce(?, -1), ?, ?)"
                " ON CONFLICT (channel, key) DO NOTHING",
                (channel, key, update_id, payload, to_db(at)),
            )
            if cursor.rowcount != 1:
                ids.append(None)
                continue
            entry = cursor.lastrowid
            assert entry is not None
            if update_id is None:
                await self._conn.execute("UPDATE inbox SET update_id = id WHERE id = ?", (entry,))
            ids.append(entry)
        return ids

    async def claim(self, channel: str, update_id: int) -> tuple[int, int] | bool | None:
        """Starts an attempt at the pending entry of ``update_id``: ``(entry, attempt number)``.
        ``False`` when the entry is not pending (handled, being handled, or set aside: a
        delivery of the same update again); None when no entry has that update id."""
        cursor = await self._conn.execute(
            "UPDATE inbox SET status = 'handling', attempts = attempts + 1"
            " WHERE channel = ? AND update_id = ? AND status = 'pending'"
            " RETURNING id, attempts",
            (channel, update_id),
        )
        row = await cursor.fetchone()
        await cursor.close()
        if row is not None:
            return int(row[0]), int(row[1])
        async with self._conn.execute(
            "SELECT 1 FROM inbox WHERE channel = ? AND update_id = ?", (channel, update_id)
        ) as cursor:
            return False if await cursor.fetchone() is not None else None

    async def keep_answer(self, entry: int, answer: str) -> bool:
        """The answer of an applied entry, kept before it goes out (the first one only): made
        again at start-up if the entry is still applied then."""
        cursor = await self._conn.execute(
            "UPDATE inbox SET answer = ? WHERE id = ? AND status = 'applied' AND answer IS NULL",
            (answer, entry),
        )
        return cursor.rowcount == 1

    async def done(self, entry: int, at: datetime) -> bool:
        """Handled; a kept answer is not needed any more."""
        cursor = await self._conn.execute(
            "UPDATE inbox SET status = 'done', handled_at = ?, answer = NULL"
            " WHERE id = ? AND status IN ('pending', 'handling', 'applied')",
            (to_db(at), entry),
        )
        return cursor.rowcount == 1

    async def failed(self, entry: int, error: str) -> None:
        """The attempt failed; the entry waits for another."""
        await self._conn.execute(
            "UPDATE inbox SET status = 'pending', last_error = ?"
            " WHERE id = ? AND status = 'handling'",
            (error[:MAX_ERROR_CHARS], entry),
        )

    async def set_aside(self, entry: int, error: str, at: datetime) -> bool:
        """Never tried again; ``error`` says why."""
        cursor = await self._conn.execute(
            "UPDATE inbox SET status = 'set_aside', last_error = ?, handled_at = ?"
            " WHERE id = ? AND status IN ('pending', 'handling')",
            (error[:MAX_ERROR_CHARS], to_db(at), entry),
        )
        return cursor.rowcount == 1

    async def interrupted(self, channel: str) -> int:
        """Attempts found under way at start-up died with the process: pending again (their
        attempts counted). How many."""
        cursor = await self._conn.execute(
            "UPDATE inbox SET status = 'pending' WHERE channel = ? AND status = 'handling'",
            (channel,),
        )
        return cursor.rowcount

    async def unanswered(self, channel: str) -> list[InboxEntry]:
        """Entries whose changes were committed and whose answer never went out (the process
        stopped in between), in the order they came; each with its answer if it was kept."""
        async with self._conn.execute(
            f"{_ENTRY} WHERE channel = ? AND status = 'applied' ORDER BY id", (channel,)
        ) as cursor:
            return [_entry(row) async for row in cursor]

    async def unfinished(self, channel: str) -> list[InboxEntry]:
        """Pending and interrupted entries, in the order they came."""
        async with self._conn.execute(
            f"{_ENTRY} WHERE channel = ? AND status IN ('pending', 'handling') ORDER BY id",
            (channel,),
        ) as cursor:
            return [_entry(row) async for row in cursor]

    async def entry(self, entry: int) -> InboxEntry | None:
        async with self._conn.execute(f"{_ENTRY} WHERE id = ?", (entry,)) as cursor:
            row = await cursor.fetchone()
        return None if row is None else _entry(row)

    async def set_aside_entries(self, channel: str) -> list[InboxEntry]:
        async with self._conn.execute(
            f"{_ENTRY} WHERE channel = ? AND status = 'set_aside' ORDER BY id", (channel,)
        ) as cursor:
            return [_entry(row) async for row in cursor]

    async def prune(self, before: datetime) -> int:
        """Forgets entries handled before ``before`` (a platform delivers again within
        minutes, not days)."""
        cursor = await self._conn.execute(
            "DELETE FROM inbox WHERE status = 'done' AND handled_at < ?", (to_db(before),)
        )
        return cursor.rowcount
