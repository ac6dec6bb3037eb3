"""The database: one long-lived write connection (the single writer) and a few read connections.

Every write runs in ``async with db.write() as uow`` — the writer taken in turn (an urgent
write, the inbox's, ahead of the others waiting: storage/writer_turns.py), ``BEGIN IMMEDIATE``,
commit on success, rollback on error. Reads run on a connection of their own in a deferred
transaction so a multi-query read sees one snapshot (WAL lets it run beside a
write). There are several readers so a member's question is not queued behind a background job
reading tens of thousands of rows. Never await a Telegram call inside ``write()``.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sqlite3
import sys
import time
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractContextManager, asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

import aiosqlite

from bot.domain.inbox import Attempt, current_attempt
from storage import checkpoints
from storage.migrations import migrate
from storage.snapshot import BUSY_TIMEOUT_MS, Snapshot, open_snapshot
from storage.times import to_db
from storage.unit_of_work import SqliteUnitOfWork
from storage.writer_recovery import WriterRecovery
from storage.writer_turns import WriterTurns

log = logging.getLogger(__name__)

READERS = 3
# A write transaction holding the single writer longer than this is logged: joins,
# submissions and delivery records queue behind it.
SLOW_WRITE_SECONDS = 0.1

log = logging.getLogger(__name__)

PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA foreign_keys=ON",
    f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}",
    # NORMAL survives application crashes; only a power loss may drop the last commits.
    "PRAGMA synchronous=NORMAL",
)


async def _connect(path: Path) -> aiosqlite.Connection:
    # Cursors keep aiosqlite's 64 rows a round trip: 256 made the dues job faster but held the
    # loop longer between round trips, and members waited more at start-up (bench_fairness).
    conn = await aiosqlite.connect(path, isolation_level=None)
    conn.row_factory = sqlite3.Row
    for pragma in PRAGMAS:
        await conn.execute(pragma)
    return conn


async def _connect_writer(path: Path) -> aiosqlite.Connection:
    """The single writer: it never checkpoints in a commit (``storage.checkpoints``)."""
    conn = await _connect(path)
    await conn.execute(checkpoints.WRITER_PRAGMA)
    return conn


@dataclass
class WriteTimes:
    """How long write transactions held the writer (from ``BEGIN IMMEDIATE`` to the commit)."""

    count: int = 0
    total: float = 0.0
    longest: float = 0.0
    longest_where: str = ""
    # The longest of each place that opens writes.
    by_where: dict[str, float] = field(default_factory=dict)

    def record(self, seconds: float, where: str) -> None:
        self.count += 1
        self.total += seconds
        if seconds > self.longest:
            self.longest, self.longest_where = seconds, where
        if seconds > self.by_where.get(where, 0.0):
            self.by_where[where] = seconds
        if seconds > SLOW_WRITE_SECONDS:
            log.warning("A write transaction held the writer %.0f ms (%s)", seconds * 1000, where)


def _caller() -> str:
    """Who opened the write: the frame above the context manager's ``__aenter__`` (cheap: no
    stack walk)."""
    frame = sys._getframe(3)
    return f"{frame.f_code.co_qualname} ({Path(frame.f_code.co_filename).name})"


class SqliteDatabase:
    """Open with :meth:`open`; close with :meth:`close` (or use ``async with``)."""

    def __init__(
        self, path: Path, writer: aiosqlite.Connection, readers: list[aiosqlite.Connection]
    ):
        self.path = path
        self._writer = writer
        self._readers = readers
        # A connection's repositories hold nothing but the connection: made once each.
        self._units_of_work: dict[aiosqlite.Connection, SqliteUnitOfWork] = {}
        self._idle: asyncio.Queue[aiosqlite.Connection] = asyncio.Queue()
        for reader in readers:
            self._idle.put_nowait(reader)
        self._turns = WriterTurns()
        self.recovery = WriterRecovery(lambda: _connect_writer(path), self._swap_writer)
        self.checkpoints = checkpoints.Checkpoints(lambda: _connect(path))
        self.write_times = WriteTimes()

    @classmethod
    async def open(cls, path: Path | str) -> SqliteDatabase:
        """Connect, set the PRAGMAs and apply pending migrations."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        writer = await _connect_writer(path)
        readers: list[aiosqlite.Connection] = []
        try:
            await migrate(writer)
            for _ in range(READERS):
                readers.append(await _connect(path))
        except BaseException:
            for reader in readers:
                await reader.close()
            await writer.close()
            raise
        return cls(path, writer, readers)

    async def close(self) -> None:
        await self.recovery.stop()
        await self.checkpoints.stop()
        if self.write_times.count:
            slowest = sorted(self.write_times.by_where.items(), key=lambda w: -w[1])[:8]
            log.info(
                "Write transactions: %d, longest %.1f ms (%s); slowest by place: %s",
                self.write_times.count,
                self.write_times.longest * 1000,
                self.write_times.longest_where,
                "; ".join(f"{where} {seconds * 1000:.1f} ms" for where, seconds in slowest),
            )
        async with self._turns.hold():
            try:
                await self._writer.execute("PRAGMA optimize")
            except sqlite3.Error as exc:  # a writer the database refuses: closed all the same
                log.warning("PRAGMA optimize at close: %s", exc)
            finally:
                await self._writer.close()
                for reader in self._readers:
                    await reader.close()

    async def __aenter__(self) -> SqliteDatabase:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    @asynccontextmanager
    async def write(self, *, urgent: bool = False) -> AsyncIterator[SqliteUnitOfWork]:
        """One write transaction. ``urgent``: it goes ahead of the ordinary ones waiting for
        the writer (the inbox's marks, storage/writer_turns.py)."""
        where = _caller()
        async with self._turns.hold(urgent=urgent):
            started = time.perf_counter()
            try:
                await self._writer.execute("BEGIN IMMEDIATE")
                changes = self._writer.total_changes
                try:
                    yield self._unit_of_work(self._writer)
                    attempt = await self._mark_update_done(changes)
                except BaseException:
                    try:
                        await self._writer.execute("ROLLBACK")
                    except sqlite3.Error as exc:  # SQLite already rolled back (disk full, I/O)
                        log.warning("ROLLBACK: %s", exc)
                    raise
                else:
                    try:
                        await self._writer.execute("COMMIT")
                    except sqlite3.Error:
                        # A refused commit (disk full, busy) may leave the transaction open:
                        # every later BEGIN would fail on it.
                        if self._writer.in_transaction:
                            with contextlib.suppress(sqlite3.Error):
                                await self._writer.execute("ROLLBACK")
                        raise
                    if attempt is not None:
                        attempt.applied = True
                    self.checkpoints.written()
            except sqlite3.Error as exc:
                self.recovery.failed(exc)  # read-only, disk full, I/O: reopened in the background
                raise
            finally:
                self.write_times.record(time.perf_counter() - started, where)

    def _unit_of_work(self, connection: aiosqlite.Connection) -> SqliteUnitOfWork:
        found = self._units_of_work.get(connection)
        if found is None:
            found = self._units_of_work[connection] = SqliteUnitOfWork(connection)
        return found

    async def _swap_writer(self, connection: aiosqlite.Connection) -> None:
        """The reopened writer in place of the one the database refused."""
        async with self._turns.hold():
            old, self._writer = self._writer, connection
            self._units_of_work.pop(old, None)
        try:
            await old.close()
        except sqlite3.Error as exc:
            log.warning("closing the refused writer: %s", exc)

    async def _mark_update_done(self, changes_before: int) -> Attempt | None:
        """While an update from the inbox is handled, its first write that changes something
        marks it applied in the same transaction: after a crash it is not handled again, and
        what it changed is not changed twice (see bot.domain.inbox)."""
        attempt = current_attempt.get()
        if attempt is None or attempt.applied or self._writer.total_changes == changes_before:
            return None
        await self._writer.execute(
            "UPDATE inbox SET status = 'applied', handled_at = ?"
            " WHERE id = ? AND status = 'handling'",
            (to_db(datetime.now(UTC)), attempt.entry),
        )
        return attempt

    @asynccontextmanager
    async def _reader(self) -> AsyncIterator[aiosqlite.Connection]:
        reader = await self._idle.get()
        try:
            yield reader
        finally:
            self._idle.put_nowait(reader)

    @asynccontextmanager
    async def read(self) -> AsyncIterator[SqliteUnitOfWork]:
        async with self._reader() as reader:
            await reader.execute("BEGIN")
            try:
                yield self._unit_of_work(reader)
            finally:
                await reader.execute("COMMIT")

    @asynccontextmanager
    async def glance(self) -> AsyncIterator[SqliteUnitOfWork]:
        """A read of one statement: no transaction around it (a statement is its own snapshot),
        so it costs one round trip to the reader's thread rather than three. For the per-update
        path (who is asking); use :meth:`read` when several queries must agree."""
        async with self._reader() as reader:
            yield self._unit_of_work(reader)

    def snapshot(self) -> Callable[[], AbstractContextManager[Snapshot]]:
        """A picklable opener of a read-only, synchronous snapshot of this database, for a
        worker process (or thread) to read what it builds from: see :mod:`storage.snapshot`."""
        return partial(open_snapshot, self.path)

    async def pragma(self, name: str) -> object:
        """A PRAGMA's value as the writer sees it (for tests and diagnostics)."""
        async with self._writer.execute(f"PRAGMA {name}") as cursor:
            row = await cursor.fetchone()
        return None if row is None else row[0]

    async def backup_to(self, target: Path | str) -> None:
        """A consistent copy through SQLite's online backup API, safe while the bot runs."""
        target = Path(target)
        target.parent.mkdir(parents=True, exist_ok=True)
        async with self._reader() as reader:
            destination = await aiosqlite.connect(target)
            try:
                await reader.backup(destination)
            finally:
                await destination.close()
