"""/lich (/schedule): the member's meetings for the next 30 days with their answer, a
meeting's card (documents, answer buttons), the documents themselves, and ``/lich ics`` —
the same meetings as a calendar file for the phone."""

from __future__ import annotations

from typing import Any

from telegram import InlineKeyboardMarkup, InputFile, Update
from telegram.error import BadRequest
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler

from bot.domain.model import Identity
from bot.i18n import Translator
from handlers.kit.auth import member_only
from handlers.kit.buttons import pressed
from handlers.kit.callbacks import any_of
from handlers.kit.context import BotContext
from handlers.kit.replies import replace, reply
from handlers.meetings.meeting_reminder import MeetingDetails
from handlers.meetings.schedule_render import (
    DAYS,
    MeetingFile,
    MyMeetings,
    OpenMeeting,
    meeting_card,
    schedule_list,
)

FILENAME = "lich-hop.ics"


async def _show_list(
    update: Update, context: BotContext, identity: Identity, t: Translator
) -> None:
    meetings = context.services.meetings
    upcoming = await meetings.upcoming(identity.member, DAYS)
    answers = await meetings.my_answers(identity, [m.id for m in upcoming])
    text, keyboard = schedule_list(upcoming, answers, context.services.zone, t)
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


async def card_view(
    context: BotContext, identity: Identity, t: Translator, meeting_id: int
) -> tuple[str, InlineKeyboardMarkup]:
    """A meeting's card for ``identity``: details, documents, their answer and the buttons;
    the service refuses (and audits) a meeting not theirs."""
    meetings = context.services.meetings
    meeting = await meetings.card(identity, meeting_id)
    documents = await meetings.documents(meeting.id)
    answers = await meetings.my_answers(identity, [meeting.id])
    return meeting_card(meeting, documents, answers.get(meeting.id), context.services.zone, t)


async def _card(
    update: Update, context: BotContext, identity: Identity, t: Translator, meeting_id: int
) -> tuple[str, InlineKeyboardMarkup]:
    """The card's text and buttons; the service refuses (and audits) a meeting not theirs."""
    query = update.callback_query
    assert query is not None
    card = await card_view(context, identity, t, meeting_id)
    await query.answer()
    return card


async def _send_file(
    update: Update, context: BotContext, identity: Identity, t: Translator, document_id: int
) -> None:
    query = update.callback_query
    chat = update.effective_chat
    assert query is not None and chat is not None
    document = await context.services.meetings.document(identity, document_id)
    await query.answer()
    assert document.file_id is not None
    try:
        await chat.send_document(document.file_id, caption=document.title)
    except BadRequest:
        # A photo's id is not a document's: Telegram refuses it there, so send it as a photo.
        await chat.send_photo(document.file_id, caption=document.title)


@member_only
async def schedule_button(
    update: Update, context: BotContext, identity: Identity, t: Translator
) -> None:
    """``lich:m:<id>``: a meeting's card in place of the list (the service refuses one not for
    this member); ``lich:i:<id>``: the card as a new message; ``lich:f:<id>``: a document;
    ``lich:l``: back to the list."""
    query = update.callback_query
    assert query is not None
    match pressed(update, MyMeetings, MeetingFile, OpenMeeting, MeetingDetails):
        case MyMeetings():
            await query.answer()
            await _show_list(update, context, identity, t)
        case MeetingFile(document):
            await _send_file(update, context, identity, t, document)
        case OpenMeeting(meeting) | MeetingDetails(meeting) as opened:
            text, keyboard = await _card(update, context, identity, t, meeting)
            if isinstance(opened, MeetingDetails):
                await reply(update, text, keyboard)
            else:
                await replace(update, text, keyboard)
        case _:
            await query.answer()


def handlers() -> list[BaseHandler[Update, Any, Any]]:
    return [
        CommandHandler(["lich", "schedule"], show_schedule),
        CallbackQueryHandler(
            schedule_button, pattern=any_of(OpenMeeting, MeetingDetails, MeetingFile, MyMeetings)
        ),
    ]
