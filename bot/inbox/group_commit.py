"""The inbox's own writes (claims, kept answers, done marks), several to a transaction: updates
handled at once claim and finish at once, and one ``BEGIN IMMEDIATE … COMMIT`` carries all of
them (group commit) instead of one each on the single writer. Each caller still returns only
once its write is committed, so nothing becomes less durable. These transactions are urgent:
they go ahead of the handlers' writes waiting for the writer (a done mark that waits is a window
in which a crash answers a member twice). The claims of a transaction are one statement, and so
are its done marks: a round trip to the writer's thread each, however many updates they are
for."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any, TypeVar

from bot.domain.inbox import current_attempt
from storage.database import SqliteDatabase
from storage.unit_of_work import SqliteUnitOfWork

T = TypeVar("T")
# Writes carried by one transaction at most (besides its claims and its done marks, a
# statement each): a burst is committed a few hundred at a time, so no transaction holds the
# single writer long.
MAX_PER_COMMIT = 200
Write = Callable[[SqliteUnitOfWork], Awaitable[Any]]
Claim = tuple[int, int] | bool | None


class GroupCommit:
    def __init__(self, database: Callable[[], SqliteDatabase], channel: str) -> None:
        self._database = database
        self._channel = channel
        self._waiting: list[tuple[Write, asyncio.Future[Any]]] = []
        self._claims: dict[int, list[asyncio.Future[Claim]]] = {}
        self._done: dict[int, list[asyncio.Future[None]]] = {}
        self._done_at: datetime | None = None
        self._writing: asyncio.Task[None] | None = None

    async def write(self, operation: Callable[[SqliteUnitOfWork], Awaitable[T]]) -> T:
        """Runs ``operation`` in the next transaction; its result once committed."""
        future: asyncio.Future[T] = asyncio.get_running_loop().create_future()
        self._waiting.append((operation, future))
        self._start()
        return await future

    async def claim(self, update_id: int) -> Claim:
        """The inbox's claim of ``update_id`` (see ``SqliteInbox.claim``), once committed."""
        future: asyncio.Future[Claim] = asyncio.get_running_loop().create_future()
        self._claims.setdefault(update_id, []).append(future)
        self._start()
        return await future

    async def done(self, entry: int, at: datetime) -> None:
        """``entry`` marked done, once committed."""
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._done.setdefault(entry, []).append(future)
        self._done_at = at if self._done_at is None else max(self._done_at, at)
        self._start()
        await future

    def _start(self) -> None:
        if self._writing is None:
            self._writing = asyncio.create_task(self._write_all(), name="inbox-group-commit")

    async def _write_all(self) -> None:
        # A task of its own, started inside some update's attempt: these writes are the
        # inbox's, never that update's effect.
        current_attempt.set(None)
        try:
            await asyncio.sleep(0)  # whoever is about to write too joins this transaction
            while self._waiting or self._claims or self._done:
                await self._write_batch()
        finally:
            self._writing = None

    async def _write_batch(self) -> None:
        batch = self._waiting[:MAX_PER_COMMIT]
        self._waiting = self._waiting[MAX_PER_COMMIT:]
        claims, self._claims = self._claims, {}
        done, self._done = self._done, {}
        done_at, self._done_at = self._done_at, None
        futures: list[asyncio.Future[Any]] = [f for _, f in batch]
        for claiming in claims.values():
            futures += claiming
        for marking in done.values():
            futures += marking
        try:
            async with self._database().write(urgent=True) as uow:
                claimed = await uow.inbox.claim_many(self._channel, list(claims)) if claims else {}
                if done and done_at is not None:
                    await uow.inbox.done_many(list(done), done_at)
                results = [await operation(uow) for operation, _ in batch]
        except Exception as error:
            for future in futures:
                if not future.done():
                    future.set_exception(error)
            return
        for (_, future), result in zip(batch, results, strict=True):
            if not future.done():
                future.set_result(result)
        for update_id, waiting in claims.items():
            for number, future in enumerate(waiting):
                if not future.done():
                    # The same update twice at once: only the first has it to handle.
                    future.set_result(claimed.get(update_id) if number == 0 else False)
        for marking in done.values():
            for marked in marking:
                if not marked.done():
                    marked.set_result(None)
