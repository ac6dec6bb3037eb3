"""The cell secretary's digest of new submissions: one message per secretary, not one per task.

The database says what is new (``digest_sent_at`` is empty); the job only wakes this code. A
task is marked announced only after its message went out, so a failed send is tried again on
the next run and a restart repeats nothing already sent.
"""

from __future__ import annotations

import logging
from typing import Any

from telegram import Bot
from telegram.constants import ParseMode
from telegram.error import TelegramError
from telegram.ext import Application, ContextTypes

from bot.approval_list import digest_message
from bot.i18n import translator
from bot.services.container import Services

log = logging.getLogger(__name__)


async def send_approval_digests(bot: Bot, services: Services) -> int:
    """Send each secretary their digest; the number of messages sent."""
    sent = 0
    for digest in await services.approvals.waiting_digests():
        secretary = digest.secretary
        if secretary.chat_id is None:
            continue
        t = translator(secretary.language, services.default_language)
        text, keyboard = digest_message(digest.items, t)
        try:
            await bot.send_message(
                secretary.chat_id, text, parse_mode=ParseMode.HTML, reply_markup=keyboard
            )
        except TelegramError as exc:
            log.warning(
                "approval digest to member %s not sent, kept for the next run: %s",
                secretary.member_id,
                exc,
            )
            continue
        await services.approvals.mark_digested([item.task for item in digest.items])
        sent += 1
    return sent


def schedule_approval_digests(
    application: Application[Any, Any, Any, Any, Any, Any], interval_seconds: float
) -> None:
    """Every ``interval_seconds``, send the digests that are due (the first after one interval)."""
    services = application.bot_data.services
    if application.job_queue is None:
        log.warning("no job queue: approval digests will not be sent")
        return

    async def run(context: ContextTypes.DEFAULT_TYPE) -> None:
        count = await send_approval_digests(context.bot, services)
        if count:
            log.info("sent %d approval digest(s)", count)

    application.job_queue.run_repeating(
        run, interval=interval_seconds, first=interval_seconds, name="approval-digests"
    )
