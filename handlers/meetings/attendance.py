"""/diemdanh (/checkin): a member checks in to a meeting under way; a cell secretary (the
committee, an admin) also gets the meetings of today and the last 30 days as buttons, each
opening the sheet: one toggle per member, a page at a time, to mark or correct.
``/diemdanh Liên khoa`` narrows the list to one cell; ``/diemdanh 12`` still opens meeting 12.

Callback data carries ids only; the attendance service decides who may do what."""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler

from bot.domain.model import Identity
from bot.i18n import Translator
from handlers.kit.auth import member_only
from handlers.kit.buttons import pressed
from handlers.kit.callbacks import any_of
from handlers.kit.command_text import number
from handlers.kit.context import BotContext
from handlers.kit.replies import replace, reply
from handlers.meetings.attendance_render import (
    CheckIn,
    MeetingsToRecord,
    OpenSheet,
    SheetPage,
    ToggleAttendance,
    choices,
    open_meetings,
    sheet_page,
    sheet_view,
)


async def _choices(
    update: Update,
    context: BotContext,
    identity: Identity,
    t: Translator,
    cell_id: int | None,
    page: int,
) -> None:
    """The meetings one may check in to, and those whose attendance one records."""
    service = context.services.attendance
    recent = await service.markable(identity, cell_id)
    open_now = await service.open_now(identity)
    text, keyboard = choices(open_now, recent, page, context.services.zone, t)
    await replace(update, text, keyboard)


@member_only
async def attendance_command(
    update: Update, context: BotContext, identity: Identity, t: Translator
) -> None:
    """Without an argument the meetings open for check-in (and, for a secretary, the sheets);
    with a cell's name that cell's sheets; with a meeting's number its sheet."""
    args = " ".join(context.args or []).strip()
    service = context.services.attendance
    if (meeting_id := number(args)) is not None:
        sheet = await service.sheet(identity, meeting_id)
        text, keyboard = sheet_view(sheet, 0, context.services.zone, t)
        await reply(update, text, keyboard)
    elif not service.may_record(identity):
        meetings = await service.open_now(identity)
        text, markup = open_meetings(meetings, context.services.zone, t)
        await reply(update, text, markup)
    elif args:
        cell = await service.find_cell(args)
        await _choices(update, context, identity, t, cell.id, 0)
    else:
        await _choices(update, context, identity, t, None, 0)


@member_only
async def check_in_button(
    update: Update, context: BotContext, identity: Identity, t: Translator
) -> None:
    query = update.callback_query
    checked = pressed(update, CheckIn)
    assert query is not None and checked is not None  # the pattern below admits nothing else
    meeting = await context.services.attendance.check_in(identity, checked.meeting)
    await query.answer(t("Checked in: {title}", title=meeting.title), show_alert=True)


@member_only
async def sheet_button(
    update: Update, context: BotContext, identity: Identity, t: Translator
) -> None:
    """``dd:s:<meeting>:<page>`` in place; ``dd:o:<meeting>`` as a new message;
    ``dd:l:<cell>:<page>`` the list of meetings (cell 0: all one records)."""
    query = update.callback_query
    wanted = pressed(update, MeetingsToRecord, SheetPage, OpenSheet)
    assert query is not None and wanted is not None  # the pattern below admits nothing else
    if isinstance(wanted, MeetingsToRecord):
        await _choices(update, context, identity, t, wanted.cell or None, wanted.page)
    else:
        assert isinstance(wanted, SheetPage | OpenSheet)
        sheet = await context.services.attendance.sheet(identity, wanted.meeting)
        page = wanted.page if isinstance(wanted, SheetPage) else 0
        text, keyboard = sheet_view(sheet, page, context.services.zone, t)
        if isinstance(wanted, OpenSheet):
            await reply(update, text, keyboard)
        else:
            await replace(update, text, keyboard)
    await query.answer()


@member_only
async def toggle_button(
    update: Update, context: BotContext, identity: Identity, t: Translator
) -> None:
    query = update.callback_query
    toggled = pressed(update, ToggleAttendance)
    assert query is not None and toggled is not None  # the pattern below admits nothing else
    member_id = toggled.member
    sheet = await context.services.attendance.toggle(identity, toggled.meeting, member_id)
    text, keyboard = sheet_view(sheet, sheet_page(sheet, member_id), context.services.zone, t)
    await replace(update, text, keyboard)
    await query.answer()  # after the edit: the press is done when it is answered


def handlers() -> list[BaseHandler[Update, Any, Any]]:
    return [
        CommandHandler(["diemdanh", "checkin"], attendance_command),
        CallbackQueryHandler(check_in_button, pattern=CheckIn.pattern()),
        CallbackQueryHandler(toggle_button, pattern=ToggleAttendance.pattern()),
        CallbackQueryHandler(sheet_button, pattern=any_of(SheetPage, OpenSheet, MeetingsToRecord)),
    ]
