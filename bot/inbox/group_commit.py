"""The inbox's own writes (claims, done marks), several to a transaction: updates handled at
once claim and finish at once, and one ``BEGIN IMMEDIATE … COMMIT`` carries all of them (group
commit) instead of one each on the single writer. Each caller still returns only once its
write is committed, so nothing becomes less durable."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from bot.domain.inbox import current_attempt
from storage.database import SqliteDatabase
from storage.unit_of_work import SqliteUnitOfWork

T = TypeVar("T")
# Writes carried by one transaction at most: a burst is committed a few hundred at a time, so
# no transaction holds the single writer long.
MAX_PER_COMMIT = 200
Write = Callable[[SqliteUnitOfWork], Awaitable[Any]]


class GroupCommit:
    def __init__(self, database: Callable[[], SqliteDatabase]) -> None:
        self._database = database
        self._waiting: list[tuple[Write, asyncio.Future[Any]]] = []
        self._writing: asyncio.Task[None] | None = None

    async def write(self, operation: Callable[[SqliteUnitOfWork], Awaitable[T]]) -> T:
        """Runs ``operation`` in the next transaction; its result once committed."""
        future: asyncio.Future[T] = asyncio.get_running_loop().create_future()
        self._waiting.append((operation, future))
        if self._writing is None:
            self._writing = asyncio.create_task(self._write_all(), name="inbox-group-commit")
        return await future

    async def _write_all(self) -> None:
        # A task of its own, started inside some update's attempt: these writes are the
        # inbox's, never that update's effect.
        current_attempt.set(None)
        try:
            await asyncio.sleep(0)  # whoever is about to write too joins this transaction
            while self._waiting:
                batch = self._waiting[:MAX_PER_COMMIT]
                self._waiting = self._waiting[MAX_PER_COMMIT:]
                try:
                    async with self._database().write() as uow:
                        results = [await operation(uow) for operation, _ in batch]
                except Exception as error:
                    for _, future in batch:
                        if not future.done():
                            future.set_exception(error)
                else:
                    for (_, future), result in zip(batch, results, strict=True):
                        if not future.done():
                            future.set_result(result)
        finally:
            self._writing = None
