"""Getting the single writer back after the database refused a write for a reason that can pass.

A connection opened while the database file was read-only stays read-only after the
permissions return; one that hit a full disk or an I/O error may not recover by itself. So
when a write fails that way (SQLite's ``READONLY``, ``FULL``, ``IOERR``, ``CANTOPEN`` and their
extended codes) the writer is reopened in the background, with backoff, until a real write (a
commit) goes through; the log says so once when it starts and once when it is over. If that
takes longer than ``give_up_after`` seconds, ``on_lost`` is called (the composition root stops
the bot with a non-zero exit so the service manager restarts it): never half-dead for ever.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
import time
from collections.abc import Awaitable, Callable

import aiosqlite

log = logging.getLogger(__name__)

PASSING_ERRORS = ("SQLITE_READONLY", "SQLITE_FULL", "SQLITE_IOERR", "SQLITE_CANTOPEN")
FIRST_DELAY = 0.5
MAX_DELAY = 30.0
DEFAULT_GIVE_UP_AFTER = 300.0


def can_pass(error: BaseException) -> bool:
    """Whether a write failed for a reason a reopened writer may not have."""
    name = getattr(error, "sqlite_errorname", None)
    if isinstance(error, sqlite3.Error) and isinstance(name, str):
        return name.startswith(PASSING_ERRORS)
    # Without a code (an old SQLite): by the words.
    words = str(error).lower()
    return isinstance(error, sqlite3.Error) and (
        "readonly" in words or "disk is full" in words or "disk i/o error" in words
    )


Connect = Callable[[], Awaitable[aiosqlite.Connection]]
Swap = Callable[[aiosqlite.Connection], Awaitable[None]]


class WriterRecovery:
    """One per database. :meth:`failed` is told of every failed write; at most one reopening
    runs at a time."""

    def __init__(self, connect: Connect, swap: Swap) -> None:
        self._connect = connect
        self._swap = swap
        self.give_up_after = DEFAULT_GIVE_UP_AFTER
        self.on_lost: Callable[[str], None] | None = None
        self._task: asyncio.Task[None] | None = None

    @property
    def recovering(self) -> bool:
        return self._task is not None and not self._task.done()

    def failed(self, error: BaseException) -> None:
        if not can_pass(error) or self.recovering:
            return
        log.error(
            "the database refused a write (%s): reopening it until it accepts writes "
            "(for at most %.0f s)",
            error,
            self.give_up_after,
        )
        self._task = asyncio.get_running_loop().create_task(
            self._reopen(str(error)), name="database-writer-recovery"
        )

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
            self._task = None

    async def _reopen(self, reason: str) -> None:
        started = time.monotonic()
        delay = FIRST_DELAY
        while True:
            await asyncio.sleep(delay)
            try:
                connection = await self._connect()
            except sqlite3.Error as exc:
                reason = str(exc)
            else:
                try:
                    await _write_something(connection)
                except sqlite3.Error as exc:
                    reason = str(exc)
                    await connection.close()
                else:
                    await self._swap(connection)
                    log.warning(
                        "the database accepts writes again (after %.0f s)",
                        time.monotonic() - started,
                    )
                    return
            if time.monotonic() - started >= self.give_up_after:
                log.critical(
                    "the database still refuses writes after %.0f s (%s): giving up",
                    time.monotonic() - started,
                    reason,
                )
                if self.on_lost is not None:
                    self.on_lost(reason)
                return
            delay = min(delay * 2, MAX_DELAY)


async def _write_something(connection: aiosqlite.Connection) -> None:
    """A real write, committed: the header's user version written back as it is (a full disk
    or a read-only file refuses it; nothing changes when it goes through)."""
    async with connection.execute("PRAGMA user_version") as cursor:
        row = await cursor.fetchone()
    version = 0 if row is None else int(row[0])
    await connection.execute("BEGIN IMMEDIATE")
    try:
        await connection.execute(f"PRAGMA user_version = {version}")
    except BaseException:
        await connection.execute("ROLLBACK")
        raise
    await connection.execute("COMMIT")
