"""The composition root's Zalo part: the Zalo ``Application`` (:func:`build_zalo_application`),
the same handlers over :mod:`channels.zalo`, on the :class:`bot.app.Core` it may share with the
Telegram one. Apart from ``bot.app`` (the Telegram application, the shared core and the run
loop) so each stays small; only this module and ``bot.app`` wire a channel."""

from __future__ import annotations

import logging
from pathlib import Path

from telegram import Bot
from telegram.ext import ApplicationBuilder

from bot.app import (
    ButphaApplication,
    Core,
    bind_inbox,
    inbox_of,
    schedule_jobs,
    update_processor,
    wake_up,
)
from bot.clock import Clock, SystemClock
from bot.domain.model import Channel
from bot.inbox.answering import AnswerMarkingLimiter
from bot.services.loop_share import FOREGROUND
from bot.settings import Settings
from channels import zalo
from channels.zalo import ZaloApplication, ZaloClient, ZaloRequest
from channels.zalo.incoming import INBOX_CHANNEL as ZALO_INBOX
from channels.zalo.ports import ZaloDatabase
from handlers.kit.context import CONTEXT_TYPES
from handlers.wiring import register
from scheduler.bulk_lane import BulkLane

# Logged under the composition root's name, as before this module was split from it.
log = logging.getLogger("bot.app")

ZALO_BOT_PLACEHOLDER_TOKEN = "zalo"


def build_zalo_application(
    settings: Settings,
    token: str,
    *,
    base_url: str | None = None,
    clock: Clock | None = None,
    database: Path | None = None,
    core: Core | None = None,
) -> ButphaApplication:
    """The same bot on Zalo: the same handlers, on a ``Bot`` whose requests go to the Zalo Bot
    API at ``{base_url}{token}/{method}`` (:mod:`channels.zalo`; ``BUTPHA_ZALO_API_BASE_URL``
    by default). Give it the ``core`` of the Telegram application to serve both from one
    database and one ``Services``. The outbox's Zalo rows go out on a lane of its own, at
    ``BUTPHA_ZALO_SEND_RATE``."""
    core = core or Core(settings, clock or SystemClock(), database or settings.database)
    base_url = base_url or settings.zalo_api_base_url
    lanes: list[BulkLane] = []

    def zalo_database() -> ZaloDatabase:
        return core.database

    def zalo_request() -> ZaloRequest:
        return ZaloRequest(
            ZaloClient(token, base_url),
            zalo_database,
            clock=core.clock,
            default_language=settings.language,
            inbox=settings.inbox,
            on_arrival=FOREGROUND.arriving,  # background work gives way to who wrote
        )

    async def post_init(application: ButphaApplication) -> None:
        first = await core.attach(application)
        log.info("database %s ready; Zalo bot %s", core.path, application.bot.username)
        await start_sender(application)
        if first:
            schedule_jobs(application, settings)

    async def start_sender(application: ButphaApplication) -> None:
        services = application.bot_data.services
        assert services is not None
        bot = Bot(
            ZALO_BOT_PLACEHOLDER_TOKEN,
            base_url="zalo:",
            request=zalo_request(),
            get_updates_request=zalo_request(),
        )
        lane = await BulkLane.start_on(
            bot,
            channel=Channel.ZALO,
            delivery=services.delivery,
            rate=settings.zalo_send_rate,
            concurrency=settings.send_concurrency,
        )
        lanes.append(lane)
        wake_up(application, services.delivery, lane.sender)

    async def post_shutdown(application: ButphaApplication) -> None:
        while lanes:
            await lanes.pop().stop()
        await core.detach()

    processor = update_processor(core, ZALO_INBOX)
    application: ButphaApplication = (
        ApplicationBuilder()
        .application_class(ZaloApplication)
        # The token lives in the Zalo client only; the Bot's URLs are never fetched.
        .token(ZALO_BOT_PLACEHOLDER_TOKEN)
        .base_url("zalo:")
        .request(zalo_request())
        .get_updates_request(zalo_request())
        .context_types(CONTEXT_TYPES)
        .concurrent_updates(processor)
        .rate_limiter(
            AnswerMarkingLimiter(
                inbox_of(processor),
                overall_max_rate=0,
                group_max_rate=0,
                per_chat_max_rate=0,
                max_retries=2,
            )
        )
        .post_init(post_init)
        .post_shutdown(post_shutdown)
        .build()
    )
    bind_inbox(application)
    application.bot_data.channel = Channel.ZALO
    register(application)
    zalo.register(
        application,
        database=zalo_database,
        clock=core.clock,
        organisation=core.organisation_name,
        default_language=settings.language,
    )
    return application
