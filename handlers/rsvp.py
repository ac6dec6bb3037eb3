"""The buttons on a meeting reminder: attending, absent (then a reason), remind me later.

Callback data carries the meeting id only; the reminder service decides whether the member is
concerned by that meeting (a forged id is refused). Every answer edits the reminder to show it.
"""

from __future__ import annotations

import html
import re
from datetime import timedelta
from typing import Any

from telegram import Message, Update
from telegram.constants import ParseMode
from telegram.ext import (
    BaseHandler,
    CallbackQueryHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot.domain.errors import NotAllowed, NotFound, UserError
from bot.domain.model import Identity
from bot.domain.rsvps import AbsenceReason
from bot.i18n import Translator
from bot.meeting_reminder import (
    ABSENT,
    ATTEND,
    REASON,
    REASON_NAMES,
    SNOOZE_EVENING,
    SNOOZE_HOUR,
    answer_keyboard,
    reason_keyboard,
    reminder_text,
    renderer,
)
from bot.services.reminders import Answered
from handlers import conversations
from handlers.auth import member_only
from handlers.context import BotContext
from handlers.replies import pressed_message, replace, reply

WAITING_TEXT = 0
MEETING, PRESSED = "rsvp.meeting", "rsvp.message"
END = ConversationHandler.END


def _meeting_id(data: str | None, prefix: str) -> int | None:
    match = re.fullmatch(re.escape(prefix) + r"(\d{1,12})(?::.*)?", data or "")
    return None if match is None else int(match[1])


async def _answered(update: Update, context: BotContext, t: Translator, done: Answered) -> None:
    """The reminder, edited to show the answer, without buttons."""
    text = reminder_text(done.meeting, context.services.zone, t)
    if done.rsvp.reason_kind is None:
        note = t("✅ Recorded: you will attend.")
    else:
        reason = t(REASON_NAMES[done.rsvp.reason_kind])
        if done.rsvp.reason_text:
            reason = f"{reason}: {html.escape(done.rsvp.reason_text)}"
        note = t("❌ Recorded: you will be absent ({reason}).", reason=reason)
    await replace(update, f"{text}\n\n{note}")


@member_only
async def attending(update: Update, context: BotContext, identity: Identity, t: Translator) -> None:
    query = update.callback_query
    assert query is not None
    meeting_id = _meeting_id(query.data, ATTEND)
    if meeting_id is None:
        await query.answer()
        return
    try:
        done = await context.services.reminders.answer(identity, meeting_id, True)
    except UserError as error:
        await query.answer(t(error.message, **error.params), show_alert=True)
        return
    await query.answer(t("Thank you."))
    await _answered(update, context, t, done)


@member_only
async def absent(update: Update, context: BotContext, identity: Identity, t: Translator) -> None:
    """The reasons, in place of the answer buttons."""
    query = update.callback_query
    assert query is not None
    meeting_id = _meeting_id(query.data, ABSENT)
    await query.answer()
    pressed = pressed_message(update)
    if meeting_id is not None and pressed is not None:
        await pressed.edit_reply_markup(reason_keyboard(meeting_id, t))
    elif meeting_id is not None:  # a reminder Telegram no longer lets the bot change
        await reply(update, t("Why will you be absent?"), reason_keyboard(meeting_id, t))


@member_only
async def reason(update: Update, context: BotContext, identity: Identity, t: Translator) -> None:
    query = update.callback_query
    assert query is not None
    meeting_id = _meeting_id(query.data, REASON)
    kind = (query.data or "").rsplit(":", 1)[-1]
    if meeting_id is None or kind not in {r.value for r in AbsenceReason}:
        await query.answer()
        return
    try:
        done = await context.services.reminders.answer(
            identity, meeting_id, False, AbsenceReason(kind)
        )
    except UserError as error:
        await query.answer(t(error.message, **error.params), show_alert=True)
        return
    await query.answer(t("Thank you."))
    await _answered(update, context, t, done)


@member_only
async def ask_other(update: Update, context: BotContext, identity: Identity, t: Translator) -> int:
    query = update.callback_query
    assert query is not None
    meeting_id = _meeting_id(query.data, REASON)
    await query.answer()
    if meeting_id is None or context.user_data is None:
        return END
    context.user_data[MEETING] = meeting_id
    context.user_data[PRESSED] = pressed_message(update)
    await reply(update, t("Please write the reason in a few words. Send /huy to cancel."))
    return WAITING_TEXT


@member_only
async def other_text(update: Update, context: BotContext, identity: Identity, t: Translator) -> int:
    message = update.effective_message
    assert message is not None and message.text is not None
    data = context.user_data or {}
    meeting_id: int | None = data.get(MEETING)
    if meeting_id is None:
        return END
    try:
        done = await context.services.reminders.answer(
            identity, meeting_id, False, AbsenceReason.OTHER, message.text
        )
    except (NotFound, NotAllowed) as error:
        await reply(update, t(error.message, **error.params))
        return END
    except UserError as error:  # too long: the member may write it again
        await reply(update, t(error.message, **error.params))
        return WAITING_TEXT
    pressed: Message | None = data.get(PRESSED)
    text = reminder_text(done.meeting, context.services.zone, t)
    note = t(
        "❌ Recorded: you will be absent ({reason}).",
        reason=f"{t(REASON_NAMES[AbsenceReason.OTHER])}: {html.escape(done.rsvp.reason_text or '')}",
    )
    if pressed is not None:
        await pressed.edit_text(f"{text}\n\n{note}", parse_mode=ParseMode.HTML)
    await reply(update, note)
    return END


async def _snooze(
    update: Update, context: BotContext, identity: Identity, t: Translator, evening: bool
) -> None:
    query = update.callback_query
    assert query is not None
    meeting_id = _meeting_id(query.data, SNOOZE_EVENING if evening else SNOOZE_HOUR)
    if meeting_id is None:
        await query.answer()
        return
    reminders = context.services.reminders
    until = reminders.tonight() if evening else reminders.now() + timedelta(hours=1)
    services = context.services
    try:
        meeting, when = await reminders.snooze(
            identity, meeting_id, until, renderer(services.zone, services.default_language)
        )
    except UserError as error:
        await query.answer(t(error.message, **error.params), show_alert=True)
        return
    if when is None:
        await query.answer(t("The meeting starts before then."), show_alert=True)
        return
    await query.answer(t("I will remind you again."))
    note = t("⏰ I will remind you again at {time}.", time=when.astimezone(services.zone))
    text = reminder_text(meeting, services.zone, t)
    await replace(update, f"{text}\n\n{note}", answer_keyboard(meeting_id, t))


@member_only
async def snooze_hour(
    update: Update, context: BotContext, identity: Identity, t: Translator
) -> None:
    await _snooze(update, context, identity, t, evening=False)


@member_only
async def snooze_evening(
    update: Update, context: BotContext, identity: Identity, t: Translator
) -> None:
    await _snooze(update, context, identity, t, evening=True)


def conversation() -> ConversationHandler[Any]:
    """ "Other" asks for the reason in words."""
    other = AbsenceReason.OTHER.value
    return conversations.conversation(
        "rsvp-other",
        [CallbackQueryHandler(ask_other, pattern=rf"^{REASON}\d+:{other}$")],
        {WAITING_TEXT: [MessageHandler(filters.TEXT & ~filters.COMMAND, other_text)]},
    )


def buttons() -> list[BaseHandler[Update, Any, Any]]:
    return [
        CallbackQueryHandler(attending, pattern=rf"^{ATTEND}\d+$"),
        CallbackQueryHandler(absent, pattern=rf"^{ABSENT}\d+$"),
        CallbackQueryHandler(reason, pattern=rf"^{REASON}\d+:\w+$"),
        CallbackQueryHandler(snooze_hour, pattern=rf"^{SNOOZE_HOUR}\d+$"),
        CallbackQueryHandler(snooze_evening, pattern=rf"^{SNOOZE_EVENING}\d+$"),
    ]
