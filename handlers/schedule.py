"""/lich (/schedule): the member's meetings for the next 30 days, a meeting's card, and
``/lich ics`` — the same meetings as a calendar file for the phone."""

from __future__ import annotations

from typing import Any

from telegram import InputFile, Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler

from bot.domain.errors import UserError
from bot.domain.model import Identity
from bot.i18n import Translator
from handlers.auth import member_only
from handlers.context import BotContext
from handlers.replies import replace
from handlers.schedule_render import DAYS, LIST, OPEN, meeting_card, schedule_list

FILENAME = "lich-hop.ics"


async def _show_list(
    update: Update, context: BotContext, identity: Identity, t: Translator
) -> None:
    meetings = await context.services.meetings.upcoming(identity.member, DAYS)
    text, keyboard = schedule_list(meetings, context.services.zone, t)
    await replace(update, text, keyboard)


async def _send_calendar(
    update: Update, context: BotContext, identity: Identity, t: Translator
) -> None:
    content = await context.services.meetings.calendar(identity.member)
    chat = update.effective_chat
    assert chat is not None
    await chat.send_document(
        InputFile(content, filename=FILENAME),
        caption=t(
            'Your meetings as a calendar file. On your phone, open it and choose "Add to '
            'calendar"; opening a newer file later updates the same meetings.'
        ),
    )


@member_only
async def show_schedule(
    update: Update, context: BotContext, identity: Identity, t: Translator
) -> None:
    """/lich, or /lich ics for the calendar file."""
    words = [w.lower() for w in context.args or []]
    if words[:1] == ["ics"]:
        await _send_calendar(update, context, identity, t)
        return
    await _show_list(update, context, identity, t)


@member_only
async def schedule_button(
    update: Update, context: BotContext, identity: Identity, t: Translator
) -> None:
    """``lich:m:<id>``: a meeting's card (the service refuses one not for this member);
    ``lich:l``: back to the list."""
    query = update.callback_query
    assert query is not None and query.data is not None
    if query.data == LIST:
        await query.answer()
        await _show_list(update, context, identity, t)
        return
    try:
        meeting = await context.services.meetings.card(identity, int(query.data[len(OPEN) :]))
    except UserError as error:
        await query.answer(t(error.message, **error.params), show_alert=True)
        return
    await query.answer()
    text, keyboard = meeting_card(meeting, context.services.zone, t)
    await replace(update, text, keyboard)


def handlers() -> list[BaseHandler[Update, Any, Any]]:
    return [
        CommandHandler(["lich", "schedule"], show_schedule),
        CallbackQueryHandler(schedule_button, pattern=rf"^({OPEN}\d{{1,18}}|{LIST})$"),
    ]
