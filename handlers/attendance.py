"""/diemdanh (/checkin): a member checks in to a meeting under way; a secretary's
``/diemdanh <meeting>`` opens one message of toggles, one per member, to mark or correct.

Callback data carries ids only; the attendance service decides who may do what."""

from __future__ import annotations

import re
from typing import Any

from telegram import Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler

from bot.domain.errors import UserError
from bot.domain.model import Identity
from bot.i18n import Translator
from handlers.attendance_render import CHECK_IN, TOGGLE, open_meetings, sheet_view
from handlers.auth import member_only
from handlers.command_text import number
from handlers.context import BotContext
from handlers.replies import replace, reply


@member_only
async def attendance_command(
    update: Update, context: BotContext, identity: Identity, t: Translator
) -> None:
    """Without an argument the meetings open for check-in; with a meeting id the toggles."""
    args = context.args or []
    service = context.services.attendance
    if not args:
        meetings = await service.open_now(identity)
        text, keyboard = open_meetings(meetings, context.services.zone, t)
        await reply(update, text, keyboard)
        return
    meeting_id = number(args[0])
    if meeting_id is None:
        await reply(update, t("Write the meeting number, for example /diemdanh 12."))
        return
    try:
        sheet = await service.sheet(identity, meeting_id)
    except UserError as error:
        await reply(update, t(error.message, **error.params))
        return
    text, keyboard = sheet_view(sheet, context.services.zone, t)
    await reply(update, text, keyboard)


@member_only
async def check_in_button(
    update: Update, context: BotContext, identity: Identity, t: Translator
) -> None:
    query = update.callback_query
    assert query is not None and query.data is not None
    try:
        meeting = await context.services.attendance.check_in(
            identity, int(query.data[len(CHECK_IN) :])
        )
    except UserError as error:
        await query.answer(t(error.message, **error.params), show_alert=True)
        return
    await query.answer(t("Checked in: {title}", title=meeting.title), show_alert=True)


@member_only
async def toggle_button(
    update: Update, context: BotContext, identity: Identity, t: Translator
) -> None:
    query = update.callback_query
    assert query is not None and query.data is not None
    match = re.fullmatch(re.escape(TOGGLE) + r"(\d{1,12}):(\d{1,12})", query.data)
    assert match is not None  # the pattern below admits nothing else
    try:
        sheet = await context.services.attendance.toggle(identity, int(match[1]), int(match[2]))
    except UserError as error:
        await query.answer(t(error.message, **error.params), show_alert=True)
        return
    await query.answer()
    text, keyboard = sheet_view(sheet, context.services.zone, t)
    await replace(update, text, keyboard)


def handlers() -> list[BaseHandler[Update, Any, Any]]:
    return [
        CommandHandler(["diemdanh", "checkin"], attendance_command),
        CallbackQueryHandler(check_in_button, pattern=rf"^{CHECK_IN}\d{{1,12}}$"),
        CallbackQueryHandler(toggle_button, pattern=rf"^{TOGGLE}\d{{1,12}}:\d{{1,12}}$"),
    ]
