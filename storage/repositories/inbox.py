"""The inbox (migrations 0018, 0019): updates stored before they are acknowledged, then claimed, done
or set aside. See :mod:`bot.domain.inbox`."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from datetime import datetime

import aiosqlite

from bot.domain.inbox import InboxEntry, InboxStatus
from storage.times import from_db, to_db

_ENTRY = (
    "SELECT id, channel, key, update_id, payload, status, attempts, last_error, received_at,"
    " answer FROM inbox"
)
# Updates stored by one statement (five parameters each, well under SQLite's limit).
_CHUNK = 100
# Ids in one IN (…) list.
_IN_CHUNK = 500
# Errors are kept short: a line for whoever looks at what was set aside.
MAX_ERROR_CHARS = 500


def _chunks(values: list[int]) -> list[list[int]]:
    return [values[i : i + _IN_CHUNK] for i in range(0, len(values), _IN_CHUNK)]


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
        ids: list[int | None] = [None] * len(updates)
        # Several rows per statement, the new ones' ids coming back (RETURNING skips a key
        # stored before): one round trip to the writer's thread rather than one per update.
        # A row without an update id takes its own id, one at a time (the ids are unique).
        start = 0
        while start < len(updates):
            size = 1 if updates[start][1] is None else _CHUNK
            chunk = list(updates[start : start + size])
            if size > 1:
                chunk = list(itertools.takewhile(lambda u: u[1] is not None, chunk))
            values = ", ".join(["(?, ?, coalesce(?, -1), ?, ?)"] * len(chunk))
            params: list[object] = []
            for key, update_id, payload in chunk:
                params += [channel, key, update_id, payload, to_db(at)]
            rows = await self._conn.execute_fetchall(
                "INSERT INTO inbox (channel, key, update_id, payload, received_at)"
                f" VALUES {values} ON CONFLICT (channel, key) DO NOTHING RETURNING id, key",
                params,
            )
            new = {str(row[1]): int(row[0]) for row in rows}
            for offset, (key, update_id, _) in enumerate(chunk):
                entry = new.pop(key, None)  # a key twice in one batch: the first is stored
                ids[start + offset] = entry
                if entry is not None and update_id is None:
                    await self._conn.execute(
                        "UPDATE inbox SET update_id = id WHERE id = ?", (entry,)
                    )
            start += len(chunk)
        return ids

    async def claim(self, channel: str, update_id: int) -> tuple[int, int] | bool | None:
        """Starts an attempt at the pending entry of ``update_id``: ``(entry, attempt number)``.
        ``False`` when the entry is not pending (handled, being handled, or set aside: a
        delivery of the same update again); None when no entry has that update id."""
        return (await self.claim_many(channel, [update_id]))[update_id]

    async def claim_many(
        self, channel: str, update_ids: Sequence[int]
    ) -> dict[int, tuple[int, int] | bool | None]:
        """:meth:`claim` for several updates at once, in one statement (updates handled at
        the same moment claim together)."""
        claimed: dict[int, tuple[int, int] | bool | None] = {}
        for chunk in _chunks(list(dict.fromkeys(update_ids))):
            marks = ", ".join("?" * len(chunk))
            for row in await self._conn.execute_fetchall(
                "UPDATE inbox SET status = 'handling', attempts = attempts + 1"
                f" WHERE channel = ? AND update_id IN ({marks}) AND status = 'pending'"
                " RETURNING update_id, id, attempts",
                (channel, *chunk),
            ):
                claimed[int(row[0])] = (int(row[1]), int(row[2]))
            others = [u for u in chunk if u not in claimed]
            if not others:
                continue
            marks = ", ".join("?" * len(others))
            known = {
                int(row[0])
                for row in await self._conn.execute_fetchall(
                    f"SELECT update_id FROM inbox WHERE channel = ? AND update_id IN ({marks})",
                    (channel, *others),
                )
            }
            for update_id in others:
                claimed[update_id] = False if update_id in known else None
        return claimed

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
        return await self.done_many([entry], at) == 1

    async def done_many(self, entries: Sequence[int], at: datetime) -> int:
        """Marks entries done, in one statement; how many were not done before."""
        count = 0
        for chunk in _chunks(list(entries)):
            marks = ", ".join("?" * len(chunk))
            cursor = await self._conn.execute(
                "UPDATE inbox SET status = 'done', handled_at = ?, answer = NULL"
                f" WHERE id IN ({marks}) AND status IN ('pending', 'handling', 'applied')",
                (to_db(at), *chunk),
            )
            count += cursor.rowcount
        return count

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
