"""``butpha run``: the channels the settings ask for, in one process on one :class:`Core`, until
SIGINT or SIGTERM.

Telegram when ``BUTPHA_BOT_TOKEN`` is set, Zalo when ``BUTPHA_ZALO_BOT_TOKEN`` is, both when
both are (Telegram's application first: the features' jobs run on it). Telegram by long
polling; Zalo by long polling too (python-telegram-bot's ``start_polling`` calls
``deleteWebhook`` first, and on Zalo polling and a webhook exclude each other) unless
``BUTPHA_ZALO_WEBHOOK_URL`` is set: then its updates come to :class:`ZaloWebhook` on
``BUTPHA_ZALO_WEBHOOK_LISTEN`` and nothing polls Zalo. A signal stops the receivers, then the
applications in the reverse order (the last closes the database).
"""

from __future__ import annotations

import asyncio
import logging
import signal
from collections.abc import AsyncIterator, Coroutine
from contextlib import AsyncExitStack, asynccontextmanager
from typing import Any

from bot.app import ButphaApplication, Core, build_application, running
from bot.clock import Clock, SystemClock
from bot.domain.errors import UserError
from bot.i18n import N_
from bot.settings import Settings
from bot.zalo_application import build_zalo_application
from channels.zalo import ZaloRequest
from channels.zalo.webhook import ZaloWebhook

log = logging.getLogger(__name__)

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


def channel_modes(settings: Settings) -> str:
    """What runs, for the start-up log line."""
    modes = []
    if settings.bot_token is not None:
        modes.append("Telegram: long polling")
    if settings.zalo_bot_token is not None:
        if settings.zalo_webhook_url is None:
            modes.append("Zalo: long polling")
        else:
            modes.append(
                f"Zalo: webhook {settings.zalo_webhook_url} "
                f"(listening on {settings.zalo_webhook_listen})"
            )
    return "; ".join(modes)


@asynccontextmanager
async def zalo_webhook(
    application: ButphaApplication, settings: Settings
) -> AsyncIterator[ZaloWebhook]:
    """Listen, then tell Zalo where to push (``setWebhook`` with the secret); stop listening
    on the way out (the webhook stays set: Zalo keeps the updates for the next start)."""
    request = application.bot.request
    url, secret = settings.zalo_webhook_url, settings.zalo_webhook_secret
    assert isinstance(request, ZaloRequest) and url is not None and secret is not None
    webhook = ZaloWebhook(
        application,
        request.incoming,
        secret=secret.get_secret_value(),
        listen=settings.zalo_webhook_listen,
    )
    try:
        await webhook.start()
    except OSError as error:
        raise UserError(
            N_("Cannot listen for Zalo's webhook on {address}: {reason}."),
            address=settings.zalo_webhook_listen,
            reason=error.strerror or str(error),
        ) from None
    try:
        await application.bot.set_webhook(url, secret_token=secret.get_secret_value())
        yield webhook
    finally:
        await webhook.stop()


async def serve(settings: Settings, *, clock: Clock | None = None) -> None:
    """Run until SIGINT or SIGTERM (or until cancelled)."""
    settings.require_some_token()
    core = Core(settings, clock or SystemClock(), settings.database)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in STOP_SIGNALS:
        loop.add_signal_handler(signum, stop.set)
    try:
        async with AsyncExitStack() as stack:
            if settings.bot_token is not None:
                telegram = build_application(
                    settings, settings.bot_token.get_secret_value(), core=core
                )
                await stack.enter_async_context(running(telegram))
            if settings.zalo_bot_token is not None:
                zalo = build_zalo_application(
                    settings, settings.zalo_bot_token.get_secret_value(), core=core
                )
                webhook = settings.zalo_webhook_url is not None
                await stack.enter_async_context(running(zalo, poll=not webhook))
                if webhook:
                    await stack.enter_async_context(zalo_webhook(zalo, settings))
            log.info("butpha is running; Ctrl-C or SIGTERM stops it")
            await _first(stop.wait(), core.lost.wait())
            log.info("stopping butpha")
    finally:
        for signum in STOP_SIGNALS:
            loop.remove_signal_handler(signum)
    log.info("butpha stopped")
    if core.lost.is_set():
        # Never half-dead: a non-zero exit, and the service manager starts it again.
        raise UserError(
            N_("The database refuses writes ({reason}): butpha stopped, to be started again."),
            reason=core.lost_reason,
        )


async def _first(*waits: Coroutine[Any, Any, Any]) -> None:
    """Until the first of ``waits`` is over (the others are cancelled)."""
    tasks = [asyncio.ensure_future(wait) for wait in waits]
    try:
        await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
