"""The composition root: the one place that builds the Application and wires the parts.

The database opens in ``post_init`` and closes in ``post_shutdown``, so nothing is created at
import time and ``butpha run``, the demo and the tests build the bot the same way.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from telegram.ext import AIORateLimiter, Application, ApplicationBuilder

from bot.clock import Clock, SystemClock
from bot.domain.model import Channel
from bot.services.container import Services
from bot.services.delivery import DeliveryService
from bot.settings import TELEGRAM_API_BASE_URL, Settings
from handlers.kit.context import CONTEXT_TYPES, BotContext, BotData
from handlers.kit.user_data import UserData
from handlers.members.menu import set_startup_menus
from handlers.wiring import FEATURES, register
from scheduler.bulk_lane import WAKE_SECONDS, BulkLane
from scheduler.sender import Sender
from storage.database import SqliteDatabase

log = logging.getLogger(__name__)

TELEGRAM_FILE_URL = "https://api.telegram.org/file/bot"

ButphaApplication = Application[Any, BotContext, UserData, Any, BotData, Any]


def file_url_for(api_base_url: str) -> str | None:
    """Where files are served for a Bot API base: ``…/bot`` → ``…/file/bot``."""
    if api_base_url == TELEGRAM_API_BASE_URL:
        return None
    if api_base_url.endswith("/bot"):
        return api_base_url[: -len("/bot")] + "/file/bot"
    return None


def wake_up(application: ButphaApplication, delivery: DeliveryService, sender: Sender) -> None:
    """The sender's wake-up, wired here and only here: whatever is enqueued wakes it at once,
    and the JobQueue wakes it every few seconds for what fell due meanwhile (what is due is
    decided from the database)."""
    delivery.listen(sender.wake)
    if application.job_queue is None:
        return

    async def wake(_: object) -> None:
        sender.wake()

    application.job_queue.run_repeating(
        wake, interval=WAKE_SECONDS, first=WAKE_SECONDS, name="wake-sender"
    )


def build_application(
    settings: Settings,
    token: str,
    *,
    clock: Clock | None = None,
    database: Path | None = None,
    set_menus: bool = True,
    rate_limit: bool = True,
    channel: Channel = Channel.TELEGRAM,
) -> ButphaApplication:
    """The bot, wired. ``rate_limit=False`` drops the 30 messages/s limiter (benchmarks only);
    ``channel`` is the messenger its users are identified on."""
    clock = clock or SystemClock()
    db_path = database or settings.database
    state: dict[str, SqliteDatabase] = {}
    background: set[asyncio.Task[None]] = set()
    lanes: list[BulkLane] = []

    async def post_init(application: ButphaApplication) -> None:
        db = await SqliteDatabase.open(db_path)
        state["db"] = db
        application.bot_data.services = Services.from_settings(db, clock, settings)
        log.info("database %s ready; bot @%s", db_path, application.bot.username)
        await start_sender(application)
        for feature in FEATURES:
            for job in feature.jobs:
                job.schedule(application, settings)
        if set_menus:
            # In the background: a large organisation has many per-member menus to set, and the
            # bot should answer members meanwhile. Cancelled at shutdown if still going.
            task = asyncio.create_task(
                set_startup_menus(BotContext(application)), name="command-menus"
            )
            background.add(task)
            task.add_done_callback(background.discard)

    async def start_sender(application: ButphaApplication) -> None:
        services = application.bot_data.services
        assert services is not None
        lane = await BulkLane.start(
            token=token,
            base_url=settings.api_base_url,
            base_file_url=file_url_for(settings.api_base_url) or TELEGRAM_FILE_URL,
            delivery=services.delivery,
            rate=settings.send_rate,
            concurrency=settings.send_concurrency,
            channel=Channel.TELEGRAM,
        )
        lanes.append(lane)
        wake_up(application, services.delivery, lane.sender)

    async def post_shutdown(application: ButphaApplication) -> None:
        while lanes:
            await lanes.pop().stop()
        for task in list(background):
            task.cancel()
        await asyncio.gather(*background, return_exceptions=True)
        db = state.pop("db", None)
        if db is not None:
            await db.close()

    builder = (
        ApplicationBuilder()
        .token(token)
        .base_url(settings.api_base_url)
        .context_types(CONTEXT_TYPES)
        # 30 messages/s overall, 20/min per group; 0 switches the overall limit off.
        .rate_limiter(AIORateLimiter(overall_max_rate=30 if rate_limit else 0, max_retries=2))
        .post_init(post_init)
        .post_shutdown(post_shutdown)
    )
    file_url = file_url_for(settings.api_base_url)
    if file_url is not None:
        builder = builder.base_file_url(file_url)
    application: ButphaApplication = builder.build()
    application.bot_data.channel = channel
    register(application)
    return application


@asynccontextmanager
async def running(
    application: ButphaApplication, *, poll_timeout: int = 10
) -> AsyncIterator[ButphaApplication]:
    """Run the bot inside an event loop that is already running (the demo, the tests): the same
    steps as ``run_polling``, post_init and post_shutdown included."""
    await application.initialize()
    try:
        if application.post_init is not None:
            await application.post_init(application)
        assert application.updater is not None
        await application.updater.start_polling(poll_interval=0.0, timeout=poll_timeout)
        await application.start()
        try:
            yield application
        finally:
            if application.updater.running:
                await application.updater.stop()
            if application.running:
                await application.stop()
    finally:
        await application.shutdown()
        if application.post_shutdown is not None:
            await application.post_shutdown(application)
