"""The bulk lane: the sender running on a bot connection of its own, without the interactive
rate limiter, so replies to members never queue behind a broadcast (the sender paces itself).
One lane per channel, each sending only its channel's rows: ``start`` for Telegram from a
token, ``start_on`` for any bot (a Zalo one, with its own request class). What wakes the
sender is wired by the composition root (``bot/app.py``)."""

from __future__ import annotations

import asyncio
import logging

from telegram import Bot

from bot.api_request import AiohttpRequest
from bot.domain.model import Channel
from bot.services.delivery import DeliveryService
from scheduler.sender import Sender

log = logging.getLogger(__name__)

WAKE_SECONDS = 2.0  # the JobQueue wakes the sender this often


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
        channel: Channel = Channel.TELEGRAM,
    ) -> BulkLane:
        bot = Bot(
            token,
            base_url=base_url,
            base_file_url=base_file_url,
            request=AiohttpRequest(connection_pool_size=concurrency + 2),
        )
        return await cls.start_on(
            bot, channel=channel, delivery=delivery, rate=rate, concurrency=concurrency
        )

    @classmethod
    async def start_on(
        cls,
        bot: Bot,
        *,
        channel: Channel,
        delivery: DeliveryService,
        rate: float,
        concurrency: int,
    ) -> BulkLane:
        """A lane sending ``channel``'s rows on ``bot`` (not yet initialised; the lane owns it
        from now on and shuts it down when it stops). Its request class should allow
        ``concurrency`` connections at once."""
        await bot.initialize()
        sender = Sender(bot, delivery, channel=channel, rate=rate, concurrency=concurrency)
        task = asyncio.create_task(sender.run(), name=f"outbox-sender-{channel.value}")
        return cls(bot, sender, task)

    async def stop(self) -> None:
        """Finish what is in flight; claimed rows not yet sent go back to the queue."""
        await self.sender.stop()
        try:
            await self._task
        except Exception:  # the lane's own failure must not keep the database open
            log.exception("the %s sender stopped with an error", self.sender.channel)
        finally:
            await self._bot.shutdown()
