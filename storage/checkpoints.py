"""The write-ahead log copied into the database file beside the writer, not inside its commits.

SQLite's own auto-checkpoint runs in the ``COMMIT`` of whichever write transaction finds the
log over 1,000 pages: that write then copies the log's pages into the database and syncs it
while it holds the single writer (100–200 ms at 50,000 members while the planners queue tens
of thousands of reminders, a delivery record or a member's answer waiting behind it). So the
writer's auto-checkpoint is off and this does the work on a connection of its own, after
writes, at most once per ``INTERVAL``: a PASSIVE checkpoint takes no write lock, so writes and
reads go on meanwhile, and it copies what no reader still needs (the rest the next time).
When the last connection closes, SQLite checkpoints what is left and removes the log.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sqlite3
from collections.abc import Awaitable, Callable

import aiosqlite

log = logging.getLogger(__name__)

INTERVAL = 0.5  # seconds between two checkpoints at most once writes keep coming
# The writer's PRAGMA: SQLite checkpoints nothing in a commit.
WRITER_PRAGMA = "PRAGMA wal_autocheckpoint=0"


class Checkpoints:
    def __init__(self, connect: Callable[[], Awaitable[aiosqlite.Connection]]) -> None:
        self._connect = connect
        self._pending = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._failing = False
        self.done = 0  # checkpoints run (for tests and diagnostics)

    def written(self) -> None:
        """A write was committed: a checkpoint soon."""
        self._pending.set()
        if self._task is None:
            self._task = asyncio.get_running_loop().create_task(self._run(), name="wal-checkpoints")

    async def _run(self) -> None:
        connection: aiosqlite.Connection | None = None
        try:
            while True:
                await self._pending.wait()
                self._pending.clear()
                try:
                    if connection is None:
                        connection = await self._connect()
                    await connection.execute("PRAGMA wal_checkpoint(PASSIVE)")
                    self.done += 1
                    if self._failing:
                        log.warning("WAL checkpoints work again")
                    self._failing = False
                except sqlite3.Error as exc:  # read-only, disk full: tried again after writes
                    if not self._failing:
                        log.warning("WAL checkpoint failed (tried again later): %s", exc)
                    self._failing = True
                await asyncio.sleep(INTERVAL)
        finally:
            if connection is not None:
                with contextlib.suppress(sqlite3.Error):
                    await connection.close()

    async def stop(self) -> None:
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
