"""A broadcast after it is sent: its delivery report, which updates itself (the scheduler's
report job, ``scheduler.broadcasts.report_refresh``, re-reads it from the outbox at most every
few seconds until nothing is pending, and draws it with ``refreshed_view``), "who did not get
it", "resend to those who failed", cancelling a scheduled one, and the recent list.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from telegram import InlineKeyboardMarkup, Message, Update
from telegram.ext import BaseHandler, CallbackQueryHandler

from bot.domain.broadcasts import BroadcastReport
from bot.domain.model import Identity
from bot.formatting import moment
from bot.i18n import Translator
from bot.services.container import Services
from handlers.broadcasts import broadcast_render as render
from handlers.broadcasts.broadcast_missing_render import missing_page
from handlers.kit.auth import member_only
from handlers.kit.buttons import pressed
from handlers.kit.callbacks import any_of
from handlers.kit.context import BotContext
from handlers.kit.pages import navigation, page_line, paginate
from handlers.kit.replies import pressed_message, replace, reply, reply_message, some_buttons


def _local(services: Services, report: BroadcastReport, t: Translator) -> str:
    when = services.broadcasts.local(report.broadcast.scheduled_at)
    return moment(when, t.language)


def report_view(
    services: Services, report: BroadcastReport, t: Translator
) -> tuple[str, InlineKeyboardMarkup | None]:
    return (
        render.report_text(report, _local(services, report, t), t),
        render.report_keyboard(report, t),
    )


def refreshed_view(
    services: Services, report: BroadcastReport, t: Translator
) -> tuple[str, InlineKeyboardMarkup | None]:
    """The report as the report job edits it into its message (no buttons left: none)."""
    text, keyboard = report_view(services, report, t)
    return text, some_buttons(keyboard)


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
    text, keyboard = report_view(context.services, report, t)
    message: Message | None = pressed_message(update) if edit else None
    if message is not None:
        await replace(update, text, keyboard)
    else:
        message = await reply_message(update, text, keyboard)
    if message is not None and not report.finished:
        await broadcasts.keep_report_message(
            identity, broadcast_id, message.chat.id, message.message_id
        )


async def show_recent(
    update: Update, context: BotContext, identity: Identity, t: Translator
) -> None:
    reports = await context.services.broadcasts.recent(identity)
    dated = [(r, _local(context.services, r, t)) for r in reports]
    blocks, keyboard = render.recent_blocks(dated, t)
    pages = paginate(blocks)
    for n, page in enumerate(pages):
        await reply(update, page, keyboard if n == len(pages) - 1 else None)


# People on a page of who did not get it: a fixed number, so a page is read from the database
# alone (a notice to 50,000 members may miss thousands).
MISSED_PER_PAGE = 40


async def show_missing(
    update: Update,
    context: BotContext,
    identity: Identity,
    t: Translator,
    broadcast_id: int,
    page: int,
    *,
    new: bool = False,
) -> None:
    """A page of who did not get it, with ◀/▶ when there are several: a message of its own
    (``new``), or in place of the page whose button was pressed."""
    shown = await context.services.broadcasts.missing_page(
        identity, broadcast_id, page, MISSED_PER_PAGE
    )
    footer = page_line(shown.page, shown.pages, t)
    text = missing_page(shown, t) + (f"\n\n{footer}" if footer else "")
    row = navigation(partial(render.MissedPage, broadcast_id), shown.page, shown.pages, t)
    keyboard = InlineKeyboardMarkup([row]) if row else None
    if new:
        await reply(update, text, keyboard)
    else:
        await replace(update, text, keyboard)


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
        await show_missing(update, context, identity, t, broadcast_id, 0, new=True)
        await query.answer()
    elif isinstance(chosen, render.MissedPage):
        await show_missing(update, context, identity, t, broadcast_id, chosen.page)
        await query.answer()
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
