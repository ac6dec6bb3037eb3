"""The accounts members just wrote from, several to a transaction (a group commit).

A member's first message in a minute marks the account they wrote from as reachable and last
used (bot/services/delivery.py). One transaction each cost three round trips to the writer's
thread, each resumed by a busy event loop: with 200 members writing for the first time at once
(an invitation day), one such transaction held the single writer 117–158 ms. Here the marks
waiting at one moment go in one transaction and one statement, and each caller still returns
only once its mark is committed, so the update goes on knowing where its member's notices go.
"""

from __future__ import annotations

import asyncio

from bot.domain.delivery_channels import AccountMark
from bot.services.ports import Database, OutboxUnitOfWork

# Marks carried by one transaction at most: a burst is written a few hundred at a time.
MAX_PER_COMMIT = 200


class AccountMarks:
    def __init__(self, db: Database[OutboxUnitOfWork]) -> None:
        self._db = db
        self._waiting: list[tuple[AccountMark, asyncio.Future[None]]] = []
        self._writing: asyncio.Task[None] | None = None

    async def write(self, mark: AccountMark) -> None:
        """``mark`` written in the next transaction; returns once it is committed."""
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiting.append((mark, future))
        if self._writing is None:
            self._writing = asyncio.create_task(self._write_all(), name="account-marks")
        await future

    async def _write_all(self) -> None:
        try:
            await asyncio.sleep(0)  # whoever is about to mark too joins this transaction
            while self._waiting:
                batch = self._waiting[:MAX_PER_COMMIT]
                self._waiting = self._waiting[MAX_PER_COMMIT:]
                try:
                    async with self._db.write() as uow:
                        await uow.outbox.mark_written_from([mark for mark, _ in batch])
                except Exception as error:  # each caller gets the write's failure
                    for _, future in batch:
                        if not future.done():
                            future.set_exception(error)
                else:
                    for _, future in batch:
                        if not future.done():
                            future.set_result(None)
        finally:
            self._writing = None
