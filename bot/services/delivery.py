"""The delivery engine's bookkeeping: every outcome is written as soon as it is known."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime, timedelta

from bot.clock import Clock
from bot.domain.delivery_channels import (
    LAST_USED_GRANULARITY_SECONDS,
    AccountMark,
    worth_marking,
)
from bot.domain.model import Channel
from bot.domain.outbox import Delivery, DeliveryStatus, OutgoingMessage, Purpose
from bot.domain.quota import MonthlyQuota, QuotaLeft
from bot.services.account_marks import AccountMarks
from bot.services.ports import Database, OutboxRepository, OutboxUnitOfWork

LAST_USED_GRANULARITY = timedelta(seconds=LAST_USED_GRANULARITY_SECONDS)
# Beyond this many accounts remembered as quiet, start again (memory stays small).
MAX_QUIET_ACCOUNTS = 10_000


class DeliveryService:
    def __init__(
        self,
        db: Database[OutboxUnitOfWork],
        clock: Clock,
        quotas: Mapping[Channel, MonthlyQuota] | None = None,
    ) -> None:
        self._db = db
        self._clock = clock
        # The channels whose messages a month are limited (Zalo's plans), by channel.
        self.quotas: dict[Channel, MonthlyQuota] = dict(quotas or {})
        # Set by the composition root to the sender's wake(); enqueuing calls it so a new
        # message does not wait for the next periodic look. One lane per channel: listen().
        self.on_enqueue: Callable[[], None] = lambda: None
        # Accounts known to be reachable and marked used recently, each until its mark is
        # due again: a member writing several messages a minute costs no read for this. Only
        # this service marks accounts used or unreachable; any such write forgets them all.
        self._quiet: dict[tuple[Channel, str], datetime] = {}
        self._marks = AccountMarks(db)

    def listen(self, wake: Callable[[], None]) -> None:
        """Call ``wake`` too whenever something is enqueued (one sender per channel)."""
        before = self.on_enqueue

        def both() -> None:
            before()
            wake()

        self.on_enqueue = both

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

    async def claim(self, limit: int, channel: Channel = Channel.TELEGRAM) -> list[Delivery]:
        """Up to ``limit`` due messages of ``channel``, within its monthly quota: what is
        spent is counted in the same transaction that claims, so two claims never overrun it."""
        now = self._clock.now()
        quota = self.quotas.get(channel)
        async with self._db.write() as uow:
            if quota is None:
                return await uow.outbox.claim_due(now, limit, channel)
            spent = await uow.outbox.spent(channel, quota.month_start(now))
            return await uow.outbox.claim_due(now, limit, channel, quota.allowance(spent))

    async def next_due(self, channel: Channel | None = None) -> datetime | None:
        """When the next message of ``channel`` (of any for None) the quota lets go is due;
        None when there is none."""
        now = self._clock.now()
        quota = None if channel is None else self.quotas.get(channel)
        async with self._db.read() as uow:
            if quota is None or channel is None:
                return await uow.outbox.next_due(channel)
            allowance = quota.allowance(await uow.outbox.spent(channel, quota.month_start(now)))
            if allowance.optional > 0:
                return await uow.outbox.next_due(channel)
            due = None
            if allowance.essential > 0:
                due = await uow.outbox.next_due(channel, essential_only=True)
            if due is None and await uow.outbox.next_due(channel) is not None:
                return quota.next_month(now)  # only what waits for next month's quota is left
            return due

    async def quota_left(self, channel: Channel) -> QuotaLeft | None:
        """What ``channel`` has left this month; None when it has no quota."""
        quota = self.quotas.get(channel)
        if quota is None:
            return None
        async with self._db.read() as uow:
            return await self.quota_left_in(uow.outbox, channel)

    async def quota_left_in(self, outbox: OutboxRepository, channel: Channel) -> QuotaLeft | None:
        """The same, read within a transaction the caller has open."""
        quota = self.quotas.get(channel)
        if quota is None:
            return None
        return quota.left(await outbox.spent(channel, quota.month_start(self._clock.now())))

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
        self._quiet.clear()
        async with self._db.write() as uow:
            await uow.outbox.finish(delivery.id, DeliveryStatus.BLOCKED, error)
            await uow.outbox.mark_unreachable(
                delivery.chat_id, error, self._clock.now(), delivery.channel
            )

    async def reachable_again(self, user_id: str, channel: Channel = Channel.TELEGRAM) -> bool:
        """The account that just wrote to the bot: its unreachable mark is cleared, and it
        becomes the one last used (where notices go unless the member chose). Read first:
        almost nobody is marked and the mark is refreshed about once a minute, and a read
        does not queue behind the writer; within that minute, not even the read (the
        account is remembered as quiet). True when a mark was cleared."""
        now = self._clock.now()
        key = (channel, user_id)
        quiet_until = self._quiet.get(key)
        if quiet_until is not None and now < quiet_until:
            return False
        async with self._db.glance() as uow:
            use = await uow.outbox.account_use(channel, user_id)
        if use is None:
            return False
        mark = worth_marking(use, now)
        if not use.unreachable and not mark:
            if use.last_used_at is not None:
                if len(self._quiet) >= MAX_QUIET_ACCOUNTS:
                    self._quiet.clear()
                self._quiet[key] = use.last_used_at + LAST_USED_GRANULARITY
            return False
        self._quiet.clear()
        # With the marks of others writing at the same moment: one transaction for all.
        await self._marks.write(AccountMark(channel, user_id, now if mark else None))
        if mark:
            self._quiet[key] = now + LAST_USED_GRANULARITY
        return use.unreachable
