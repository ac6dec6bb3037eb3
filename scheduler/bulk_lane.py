"""The bulk lane: the sender running on a bot connection of its own, without the interactive
rate limiter, so replies to members never queue behind a broadcast (the sender paces itself)."""

from __future__ import annotations

import asyncio
from typing import Any

from telegram import Bot
from telegram.ext import JobQueue
from telegram.request import HTTPXRequest

from bot.services.delivery import DeliveryService
from scheduler.sender import Sender

WAKE_SECONDS = 2.0


class BulkLane:
    def __init__(self, bot: Bot, sender: Sender, task: asyncio.Task[None]) -> None:
        self._bot = bot
        self.sender = sender
        self._task = task

    @classmethod
    async def start(
        cls,
        *,
        token: str,
        base_url: str,
        base_file_url: str,
        delivery: DeliveryService,
        rate: float,
        concurrency: int,
        job_queue: JobQueue[Any] | None,
    ) -> BulkLane:
        bot = Bot(
            token,
            base_url=base_url,
            base_file_url=base_file_url,
            request=HTTPXRequest(connection_pool_size=concurrency + 2),
        )
        await bot.initialize()
        sender = Sender(bot, delivery, rate=rate, concurrency=concurrency)
        delivery.on_enqueue = sender.wake
        task = asyncio.create_task(sender.run(), name="outbox-sender")
        if job_queue is not None:
            # The scheduler only wakes the sender; what is due is decided from the database.
            async def wake(_: object) -> None:
                sender.wake()

            job_queue.run_repeating(
                wake, interval=WAKE_SECONDS, first=WAKE_SECONDS, name="wake-sender"
            )
        return cls(bot, sender, task)

    async def stop(self) -> None:
        """Finish what is in flight; claimed rows not yet sent go back to the queue."""
        await self.sender.stop()
        await self._task
        await self._bot.shutdown()
