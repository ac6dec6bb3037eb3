"""The delivery engine's bookkeeping: every outcome is written as soon as it is known."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from bot.clock import Clock
from bot.domain.outbox import Delivery, DeliveryStatus, OutgoingMessage, Purpose
from bot.services.ports import Database, OutboxUnitOfWork


class DeliveryService:
    def __init__(self, db: Database[OutboxUnitOfWork], clock: Clock) -> None:
        self._db = db
        self._clock = clock
        # Set by the composition root to the sender's wake(); enqueuing calls it so a new
        # message does not wait for the next periodic look.
        self.on_enqueue: Callable[[], None] = lambda: None

    def wake(self) -> None:
        self.on_enqueue()

    def now(self) -> datetime:
        return self._clock.now()

    async def enqueue(self, messages: list[OutgoingMessage]) -> int:
        """For messages that belong to nothing else; otherwise enqueue in the transaction of
        the thing that causes them (``uow.outbox.enqueue``)."""
        async with self._db.write() as uow:
            added = await uow.outbox.enqueue(messages, self._clock.now())
        self.wake()
        return added

    async def requeue_interrupted(self) -> int:
        async with self._db.write() as uow:
            return await uow.outbox.requeue_interrupted()

    async def skip_superseded(self) -> int:
        """Several reminders of one meeting that fell due for a member while the bot was
        stopped go out as one, the latest (as when a member learns of a meeting late)."""
        async with self._db.write() as uow:
            return await uow.outbox.skip_superseded(
                Purpose.REMINDER, self._clock.now(), "a later reminder replaces it"
            )

    async def claim(self, limit: int) -> list[Delivery]:
        async with self._db.write() as uow:
            return await uow.outbox.claim_due(self._clock.now(), limit)

    async def next_due(self) -> datetime | None:
        async with self._db.read() as uow:
            return await uow.outbox.next_due()

    async def sent(self, delivery: Delivery, message_id: int | None) -> None:
        async with self._db.write() as uow:
            await uow.outbox.mark_sent(delivery.id, self._clock.now(), message_id)

    async def later(
        self, delivery: Delivery, when: datetime, error: str, *, count_attempt: bool = True
    ) -> None:
        async with self._db.write() as uow:
            await uow.outbox.retry_at(delivery.id, when, error, count_attempt=count_attempt)

    async def failed(self, delivery: Delivery, error: str) -> None:
        async with self._db.write() as uow:
            await uow.outbox.finish(delivery.id, DeliveryStatus.FAILED, error)

    async def skipped(self, delivery: Delivery, reason: str) -> None:
        async with self._db.write() as uow:
            await uow.outbox.finish(delivery.id, DeliveryStatus.SKIPPED, reason)

    async def blocked(self, delivery: Delivery, error: str) -> None:
        """The recipient blocked the bot or cannot be found: never retried for this message,
        and their account is marked unreachable until they write again."""
        async with self._db.write() as uow:
            await uow.outbox.finish(delivery.id, DeliveryStatus.BLOCKED, error)
            await uow.outbox.mark_unreachable(delivery.chat_id, error, self._clock.now())

    async def reachable_again(self, user_id: str) -> bool:
        """Clear the unreachable mark of the account that just wrote to the bot. Read first:
        almost nobody is marked, and a read does not queue behind the writer."""
        async with self._db.read() as uow:
            if not await uow.outbox.is_unreachable(user_id):
                return False
        async with self._db.write() as uow:
            return await uow.outbox.mark_reachable(user_id)
