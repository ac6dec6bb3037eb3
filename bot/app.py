"""The composition root: the one place that builds the Applications and wires the parts.

One Application per channel: Telegram (:func:`build_application`) and Zalo
(:func:`bot.zalo_application.build_zalo_application`, the same handlers over
:mod:`channels.zalo`). They share a :class:`Core` (one database, one ``Services``), opened in
the first one's ``post_init`` and closed in the last one's ``post_shutdown``, so nothing is
created at import time and ``butpha run``, the demo and the tests build the bot the same way.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from pathlib import Path
from typing import Any

from telegram.ext import Application, ApplicationBuilder

from bot.api_request import AiohttpRequest
from bot.clock import Clock, SystemClock
from bot.domain.model import Channel
from bot.inbox.answering import PER_CHAT_MAX_RATE, AnswerMarkingLimiter
from bot.inbox.attempts import InboxAttempts
from bot.inbox.chat_order import ChatOrderedProcessor
from bot.inbox.telegram_polling import StoringUpdatesRequest
from bot.polling import HANDLED_UPDATES, PollingBot
from bot.services.container import Services
from bot.services.delivery import DeliveryService
from bot.settings import TELEGRAM_API_BASE_URL, Settings
from bot.worker import WorkerProcess
from handlers.kit.context import CONTEXT_TYPES, BotContext, BotData
from handlers.kit.errors import tell_recorded, tell_set_aside
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


class Core:
    """What every application of the process shares: one database, one ``Services``. The
    first application to start opens it and gets the features' jobs (scheduled once); the
    last to stop closes it."""

    def __init__(self, settings: Settings, clock: Clock, database: Path) -> None:
        self.settings = settings
        self.clock = clock
        self.path = database
        self._db: SqliteDatabase | None = None
        self._services: Services | None = None
        self.worker: WorkerProcess | None = None  # where heavy files are built
        self._attached = 0
        self._lock = asyncio.Lock()
        # Set when the database refused writes for longer than the settings allow.
        self.lost = asyncio.Event()
        self.lost_reason = ""

    @property
    def database(self) -> SqliteDatabase:
        if self._db is None:
            raise RuntimeError("the database is not open: no application has started")
        return self._db

    async def attach(self, application: ButphaApplication) -> bool:
        """Opens what is shared if nobody has yet; gives it to ``application``. ``True`` for
        the first application (which then schedules the jobs)."""
        async with self._lock:
            if self._db is None:
                self._db = await SqliteDatabase.open(self.path)
                self._db.recovery.give_up_after = self.settings.database_recovery_seconds
                self._db.recovery.on_lost = self._database_lost
                # Started the first time a heavy file is asked for, stopped with the bot.
                self.worker = WorkerProcess()
                self._services = Services.from_settings(
                    self._db, self.clock, self.settings, offload=self.worker
                )
            self._attached += 1
            first = self._attached == 1
        application.bot_data.services = self._services
        return first

    def _database_lost(self, reason: str) -> None:
        self.lost_reason = reason
        self.lost.set()

    async def detach(self) -> None:
        async with self._lock:
            self._attached -= 1
            if self._attached == 0 and self._db is not None:
                db, self._db, self._services = self._db, None, None
                worker, self.worker = self.worker, None
                if worker is not None:
                    await worker.close()
                await db.close()

    async def organisation_name(self) -> str | None:
        async with self.database.read() as uow:
            root = await uow.units.root()
        return None if root is None else root.name


def update_processor(core: Core, inbox_channel: str) -> ChatOrderedProcessor:
    """Updates in parallel, each chat's in order (``BUTPHA_CONCURRENT_UPDATES``), run from the
    inbox under ``inbox_channel`` unless ``BUTPHA_INBOX`` is off."""
    settings = core.settings
    attempts = None
    if settings.inbox:
        attempts = InboxAttempts(
            inbox_channel,
            lambda: core.database,
            core.clock,
            max_attempts=settings.inbox_attempts,
            notice=tell_set_aside,
            recorded=tell_recorded,
        )
    return ChatOrderedProcessor(settings.concurrent_updates, attempts)


def inbox_of(processor: object) -> InboxAttempts | None:
    if isinstance(processor, ChatOrderedProcessor) and isinstance(processor.runner, InboxAttempts):
        return processor.runner
    return None


def bind_inbox(application: ButphaApplication) -> None:
    inbox = inbox_of(application.update_processor)
    if inbox is not None:
        inbox.bind(application)


async def resume_inbox(application: ButphaApplication) -> asyncio.Task[None] | None:
    """What was received and not handled before a restart: queued before anything new. If the
    database refuses writes (read-only, disk full), it is tried again every second in the
    background while the writer is reopened (updates polled meanwhile are not acknowledged
    until they are stored); the task is returned for the caller to cancel at shutdown."""
    inbox = inbox_of(application.update_processor)
    if inbox is None:
        return None
    try:
        await inbox.resume()
        return None
    except sqlite3.Error as exc:
        log.warning("the inbox is resumed once the database accepts writes: %s", exc)

    async def again() -> None:
        while True:
            await asyncio.sleep(1.0)
            try:
                await inbox.resume()
                log.info("the inbox is resumed")
                return
            except sqlite3.Error:
                continue

    return asyncio.create_task(again(), name="inbox-resume")


def schedule_jobs(application: ButphaApplication, settings: Settings) -> None:
    for feature in FEATURES:
        for job in feature.jobs:
            job.schedule(application, settings)


def build_application(
    settings: Settings,
    token: str,
    *,
    clock: Clock | None = None,
    database: Path | None = None,
    set_menus: bool = True,
    rate_limit: bool = True,
    core: Core | None = None,
    channel: Channel = Channel.TELEGRAM,
) -> ButphaApplication:
    """The bot on Telegram, wired. ``rate_limit=False`` drops the 30 messages/s limiter
    (benchmarks only). ``core``: the database and services shared with a Zalo application.
    ``channel``: the messenger its users are identified on (tests play Zalo's identity on the
    Telegram sandbox with it)."""
    core = core or Core(settings, clock or SystemClock(), database or settings.database)
    background: set[asyncio.Task[None]] = set()
    lanes: list[BulkLane] = []

    async def post_init(application: ButphaApplication) -> None:
        first = await core.attach(application)
        log.info("database %s ready; bot @%s", core.path, application.bot.username)
        await start_sender(application)
        if first:
            schedule_jobs(application, settings)
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
        await core.detach()

    # Telegram's update ids are the bot's own: its numeric id names its part of the inbox.
    processor = update_processor(core, f"telegram:{token.partition(':')[0]}")
    inbox = inbox_of(processor)
    bot = PollingBot(
        token,
        base_url=settings.api_base_url,
        base_file_url=file_url_for(settings.api_base_url) or TELEGRAM_FILE_URL,
        # As python-telegram-bot's builder makes them (on aiohttp: bot/api_request.py): 256
        # connections, one for getUpdates, which stores each batch in the inbox before the
        # next poll acknowledges it.
        request=AiohttpRequest(connection_pool_size=256),
        get_updates_request=(
            AiohttpRequest(connection_pool_size=1)
            if inbox is None
            else StoringUpdatesRequest(inbox.store_polled, connection_pool_size=1)
        ),
        # 30 messages/s overall, shared fairly among chats; 5/s per private chat, 20/min
        # per group; rate_limit=False switches the overall and per-chat limits off.
        rate_limiter=AnswerMarkingLimiter(
            inbox,
            overall_max_rate=30 if rate_limit else 0,
            per_chat_max_rate=PER_CHAT_MAX_RATE if rate_limit else 0,
            max_retries=2,
        ),
    )
    builder = (
        ApplicationBuilder()
        .bot(bot)
        .context_types(CONTEXT_TYPES)
        .concurrent_updates(processor)
        .post_init(post_init)
        .post_shutdown(post_shutdown)
    )
    application: ButphaApplication = builder.build()
    bind_inbox(application)
    application.bot_data.channel = channel
    register(application)
    return application


@asynccontextmanager
async def running(
    application: ButphaApplication, *, poll_timeout: int = 10, poll: bool = True
) -> AsyncIterator[ButphaApplication]:
    """Run the bot inside an event loop that is already running (``butpha run``, the demo, the
    tests): the same steps as ``run_polling``, post_init and post_shutdown included.
    ``poll=False``: no long polling (the updates come from a webhook)."""
    await application.initialize()
    try:
        if application.post_init is not None:
            await application.post_init(application)
        assert application.updater is not None
        resuming = await resume_inbox(application)
        if poll:
            await application.updater.start_polling(
                poll_interval=0.0, timeout=poll_timeout, allowed_updates=list(HANDLED_UPDATES)
            )
        await application.start()
        try:
            yield application
        finally:
            if resuming is not None:
                resuming.cancel()
            if application.updater.running:
                await application.updater.stop()
            if application.running:
                await application.stop()
    finally:
        await application.shutdown()
        if application.post_shutdown is not None:
            await application.post_shutdown(application)


@asynccontextmanager
async def running_together(
    *applications: ButphaApplication, poll_timeout: int = 10
) -> AsyncIterator[tuple[ButphaApplication, ...]]:
    """Several applications (Telegram and Zalo on one ``Core``) run as :func:`running` runs
    one; started in the order given, stopped in the reverse order."""
    async with AsyncExitStack() as stack:
        for application in applications:
            await stack.enter_async_context(running(application, poll_timeout=poll_timeout))
        yield applications
