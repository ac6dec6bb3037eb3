"""The job that keeps broadcast reports current: it re-reads each live report from the outbox
at most every few seconds and edits its message until nothing is pending.

The report message's id is kept on the broadcast, so after a restart the job picks it up
again; the job itself holds nothing but a cache of what each message already shows.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from telegram import InlineKeyboardMarkup
from telegram.constants import ParseMode
from telegram.error import BadRequest, TelegramError

from bot.domain.broadcasts import BroadcastReport
from bot.i18n import Translator, translator
from bot.services.container import Services
from scheduler.jobs import Job, JobContext

log = logging.getLogger(__name__)

REFRESH_SECONDS = 3.0  # the report message is edited at most this often

# The report as its author reads it: text and buttons (None when it has none left).
ReportView = Callable[
    [Services, BroadcastReport, Translator], tuple[str, InlineKeyboardMarkup | None]
]


def job(view: ReportView) -> Job:
    async def refresh_reports(context: JobContext) -> None:
        """Edit each live report message whose figures changed; stop following it once
        nothing is pending (or its message is gone)."""
        services: Services | None = context.application.bot_data.services
        job = context.job
        if services is None or job is None:
            return
        shown: dict[int, str] = job.data if isinstance(job.data, dict) else {}
        for live in await services.broadcasts.live_reports():
            report = live.report
            broadcast_id = report.broadcast.id
            t = translator(live.language, services.default_language)
            text, keyboard = view(services, report, t)
            fingerprint = text + repr(keyboard.to_dict() if keyboard else None)
            gone = False
            if shown.get(broadcast_id) != fingerprint:
                try:
                    await context.bot.edit_message_text(
                        text,
                        chat_id=live.chat_id,
                        message_id=live.message_id,
                        parse_mode=ParseMode.HTML,
                        reply_markup=keyboard,
                    )
                except BadRequest as exc:
                    # "not modified" is fine; a message deleted or too old to edit is let go.
                    gone = "not modified" not in exc.message.lower()
                    if gone:
                        log.info("report of broadcast %d no longer editable: %s", broadcast_id, exc)
                except TelegramError as exc:
                    log.warning(
                        "could not update the report of broadcast %d: %s", broadcast_id, exc
                    )
                    continue
                shown[broadcast_id] = fingerprint
            if report.finished or gone:
                await services.broadcasts.report_finished(broadcast_id)
                shown.pop(broadcast_id, None)

    return Job("broadcast-reports", refresh_reports, every=REFRESH_SECONDS)
