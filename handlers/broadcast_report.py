"""A broadcast after it is sent: its delivery report, which updates itself (a JobQueue job
re-reads it from the outbox at most every few seconds until nothing is pending), "who did not
get it", "resend to those who failed", cancelling a scheduled one, and the recent list.

The report message's id is kept on the broadcast, so after a restart the job picks it up
again; the job itself holds nothing but a cache of what each message already shows.
"""

from __future__ import annotations

import logging
from typing import Any

from telegram import InlineKeyboardMarkup, Message, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest, TelegramError
from telegram.ext import Application, BaseHandler, CallbackQueryHandler

from bot.domain.broadcasts import BroadcastReport
from bot.domain.model import Identity
from bot.formatting import moment
from bot.i18n import Translator, translator
from handlers import broadcast_render as render
from handlers.kit.auth import member_only
from handlers.kit.buttons import pressed
from handlers.kit.callbacks import any_of
from handlers.kit.context import BotContext
from handlers.kit.pages import paginate
from handlers.kit.replies import pressed_message, replace, reply, some_buttons

log = logging.getLogger(__name__)

REFRESH_SECONDS = 3.0  # the report message is edited at most this often


def _local(context: BotContext, report: BroadcastReport, t: Translator) -> str:
    when = context.services.broadcasts.local(report.broadcast.scheduled_at)
    return moment(when, t.language)


def report_view(
    context: BotContext, report: BroadcastReport, t: Translator
) -> tuple[str, InlineKeyboardMarkup | None]:
    return (
        render.report_text(report, _local(context, report, t), t),
        render.report_keyboard(report, t),
    )


async def follow(
    update: Update,
    context: BotContext,
    identity: Identity,
    t: Translator,
    broadcast_id: int,
    *,
    edit: bool = False,
) -> None:
    """Show the report (``edit``: in the message whose button was pressed) and keep that
    message as the one the job updates."""
    broadcasts = context.services.broadcasts
    report = await broadcasts.report(identity, broadcast_id)
    text, keyboard = report_view(context, report, t)
    message: Message | None = pressed_message(update) if edit else None
    if message is not None:
        await replace(update, text, keyboard)
    else:
        message = await reply(update, text, keyboard)
    if message is not None and not report.finished:
        await broadcasts.keep_report_message(
            identity, broadcast_id, message.chat.id, message.message_id
        )


async def show_recent(
    update: Update, context: BotContext, identity: Identity, t: Translator
) -> None:
    reports = await context.services.broadcasts.recent(identity)
    dated = [(r, _local(context, r, t)) for r in reports]
    blocks, keyboard = render.recent_blocks(dated, t)
    pages = paginate(blocks)
    for n, page in enumerate(pages):
        await reply(update, page, keyboard if n == len(pages) - 1 else None)


@member_only
async def on_button(update: Update, context: BotContext, identity: Identity, t: Translator) -> None:
    query = update.callback_query
    assert query is not None
    chosen = pressed(update, *render.REPORT_BUTTONS)
    if not isinstance(chosen, render.ReportButton):
        await query.answer(t("This button is no longer active."))
        return
    broadcast_id = chosen.broadcast
    broadcasts = context.services.broadcasts
    if isinstance(chosen, render.WhoMissed):
        missed = await broadcasts.missing(identity, broadcast_id)
        await query.answer()
        for page in paginate(render.missing_blocks(broadcast_id, missed, t)):
            await reply(update, page)
    elif isinstance(chosen, render.ResendFailed):
        count = await broadcasts.resend_failed(identity, broadcast_id)
        await query.answer(
            t("Sending {n} messages again.", n=count)
            if count
            else t("No message has failed; nothing to send again.")
        )
        await follow(update, context, identity, t, broadcast_id, edit=True)
    elif isinstance(chosen, render.CancelScheduled):
        await broadcasts.cancel(identity, broadcast_id)
        await query.answer(t("The scheduled notice is cancelled."))
        await follow(update, context, identity, t, broadcast_id, edit=True)
    else:
        # Answered after: a refusal (someone else's notice) is the answer instead.
        await follow(update, context, identity, t, broadcast_id)
        await query.answer()


def buttons() -> list[BaseHandler[Update, Any, Any]]:
    return [CallbackQueryHandler(on_button, pattern=any_of(*render.REPORT_BUTTONS))]


# --- the job that keeps report messages current -------------------------------------------


async def refresh_reports(context: BotContext) -> None:
    """Edit each live report message whose figures changed; stop following it once
    nothing is pending (or its message is gone)."""
    services = context.bot_data.services
    job = context.job
    if services is None or job is None:
        return
    shown: dict[int, str] = job.data if isinstance(job.data, dict) else {}
    for live in await services.broadcasts.live_reports():
        report = live.report
        broadcast_id = report.broadcast.id
        t = translator(live.language, services.default_language)
        text, keyboard = report_view(context, report, t)
        fingerprint = text + repr(keyboard.to_dict() if keyboard else None)
        gone = False
        if shown.get(broadcast_id) != fingerprint:
            try:
                await context.bot.edit_message_text(
                    text,
                    chat_id=live.chat_id,
                    message_id=live.message_id,
                    parse_mode=ParseMode.HTML,
                    reply_markup=some_buttons(keyboard),
                )
            except BadRequest as exc:
                # "not modified" is fine; a message deleted or too old to edit is let go.
                gone = "not modified" not in exc.message.lower()
                if gone:
                    log.info("report of broadcast %d no longer editable: %s", broadcast_id, exc)
            except TelegramError as exc:
                log.warning("could not update the report of broadcast %d: %s", broadcast_id, exc)
                continue
            shown[broadcast_id] = fingerprint
        if report.finished or gone:
            await services.broadcasts.report_finished(broadcast_id)
            shown.pop(broadcast_id, None)


def schedule_report_refresh(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    if application.job_queue is None:
        log.warning("no job queue: broadcast reports will not update themselves")
        return
    application.job_queue.run_repeating(
        refresh_reports,
        interval=REFRESH_SECONDS,
        first=REFRESH_SECONDS,
        name="broadcast-reports",
        data={},
    )
