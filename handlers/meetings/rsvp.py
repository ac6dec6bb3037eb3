"""The buttons on a meeting reminder and on a meeting's /lich card: attending, absent (then a
reason), remind me later.

Callback data carries the meeting id only; the reminder service decides whether the member is
concerned by that meeting (a forged id is refused, and audited). An answer edits the message
it came from: a reminder shows the answer without buttons, a card stays a card (with the new
answer, its buttons and ◀) — a card is known by its ◀ button.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from telegram import (
    InlineKeyboardMarkup,
    MaybeInaccessibleMessage,
    Message,
    Update,
)
from telegram.constants import ParseMode
from telegram.error import BadRequest
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
from bot.i18n.meeting_labels import ABSENCE_REASON_NAMES
from bot.services.meetings.reminders import Answered
from handlers.kit import conversations
from handlers.kit.auth import member_only
from handlers.kit.buttons import button, pressed
from handlers.kit.context import BotContext
from handlers.kit.refusals import refusal_text
from handlers.kit.replies import (
    pressed_message,
    replace,
    replace_keyboard,
    reply,
    some_buttons,
)
from handlers.meetings.meeting_reminder import (
    Absent,
    Attend,
    GiveReason,
    SnoozeEvening,
    SnoozeHour,
    answer_keyboard,
    reason_keyboard,
    reminder_text,
    renderer,
)
from handlers.meetings.schedule import card_view
from handlers.meetings.schedule_render import MyMeetings

WAITING_TEXT = 0
END = ConversationHandler.END


@dataclass
class AbsenceAsked:
    """The meeting whose absence is being explained in words, and the message "Other" was
    pressed on (to leave it without its reason buttons)."""

    meeting: int
    pressed: Message | None


def _on_card(message: MaybeInaccessibleMessage | None) -> bool:
    """Whether the pressed message is a /lich card (it has ◀ back to the list)."""
    if not isinstance(message, Message) or message.reply_markup is None:
        return False
    back = MyMeetings().pack()
    return any(b.callback_data == back for row in message.reply_markup.inline_keyboard for b in row)


def _note(done: Answered, t: Translator) -> str:
    if done.rsvp.reason_kind is None:
        return t("✅ Recorded: you will attend.")
    reason = t(ABSENCE_REASON_NAMES[done.rsvp.reason_kind])
    if done.rsvp.reason_text:
        reason = f"{reason}: {html.escape(done.rsvp.reason_text)}"
    return t("❌ Recorded: you will be absent ({reason}).", reason=reason)


async def _answered(
    update: Update, context: BotContext, identity: Identity, t: Translator, done: Answered
) -> None:
    """The pressed message, edited to show the answer: a reminder without buttons, a card
    as a card."""
    query = update.callback_query
    if query is not None and _on_card(query.message):
        text, keyboard = await card_view(context, identity, t, done.meeting.id)
        await replace(update, text, keyboard)
        return
    text = reminder_text(done.meeting, context.services.zone, t)
    await replace(update, f"{text}\n\n{_note(done, t)}")


@member_only
async def attending(update: Update, context: BotContext, identity: Identity, t: Translator) -> None:
    query = update.callback_query
    assert query is not None
    answered = pressed(update, Attend)
    if answered is None:
        await query.answer()
        return
    done = await context.services.reminders.answer(identity, answered.meeting, True)
    await _answered(update, context, identity, t, done)
    await query.answer(t("Thank you."))


@member_only
async def absent(update: Update, context: BotContext, identity: Identity, t: Translator) -> None:
    """The reasons, in place of the answer buttons (on a card, with ◀ still below)."""
    query = update.callback_query
    assert query is not None
    answered = pressed(update, Absent)
    if answered is None:
        await query.answer()
        return
    meeting_id = answered.meeting
    await context.services.reminders.meeting(identity, meeting_id)
    rows = list(reason_keyboard(meeting_id, t).inline_keyboard)
    if _on_card(query.message):
        rows.append((button(t("◀ My meetings"), MyMeetings()),))
    if pressed_message(update) is None:  # a reminder Telegram no longer lets the bot change
        await reply(update, t("Why will you be absent?"), InlineKeyboardMarkup(rows))
    else:
        await replace_keyboard(update, InlineKeyboardMarkup(rows))
    await query.answer()


@member_only
async def reason(update: Update, context: BotContext, identity: Identity, t: Translator) -> None:
    query = update.callback_query
    assert query is not None
    answered = pressed(update, GiveReason)
    if answered is None:
        await query.answer()
        return
    done = await context.services.reminders.answer(
        identity, answered.meeting, False, answered.reason
    )
    await _answered(update, context, identity, t, done)
    await query.answer(t("Thank you."))


@member_only(refused=END)
async def ask_other(update: Update, context: BotContext, identity: Identity, t: Translator) -> int:
    query = update.callback_query
    assert query is not None
    answered = pressed(update, GiveReason)
    if answered is None or context.user_data is None:
        await query.answer()
        return END
    meeting_id = answered.meeting
    await context.services.reminders.meeting(identity, meeting_id)
    await query.answer()
    context.slots.absence = AbsenceAsked(meeting_id, pressed_message(update))
    await reply(update, t("Please write the reason in a few words. Send /huy to cancel."))
    return WAITING_TEXT


@member_only
async def other_text(update: Update, context: BotContext, identity: Identity, t: Translator) -> int:
    message = update.effective_message
    assert message is not None and message.text is not None
    asked = context.slots.absence
    if asked is None:
        return END
    try:
        done = await context.services.reminders.answer(
            identity, asked.meeting, False, AbsenceReason.OTHER, message.text
        )
    except (NotFound, NotAllowed) as error:
        await reply(update, refusal_text(error, t))
        return END
    except UserError as error:  # too long: the member may write it again
        await reply(update, refusal_text(error, t))
        return WAITING_TEXT
    if asked.pressed is not None:
        await _leave_pressed(context, identity, t, asked.pressed, done)
    # The one confirmation, below what the member wrote.
    await reply(update, _note(done, t))
    return END


async def _leave_pressed(
    context: BotContext, identity: Identity, t: Translator, pressed: Message, done: Answered
) -> None:
    """The message "Other" was pressed on, without the reason buttons: a card shows the
    new answer; a reminder only loses its buttons (the confirmation comes below)."""
    try:
        if _on_card(pressed):
            text, keyboard = await card_view(context, identity, t, done.meeting.id)
            await pressed.edit_text(
                text, parse_mode=ParseMode.HTML, reply_markup=some_buttons(keyboard)
            )
        else:
            await pressed.edit_reply_markup(None)
    except BadRequest as exc:  # pressed twice, or too old to edit: the reply still confirms
        if "not modified" not in exc.message and "can't be edited" not in exc.message:
            raise


async def _snooze(
    update: Update, context: BotContext, identity: Identity, t: Translator, evening: bool
) -> None:
    query = update.callback_query
    assert query is not None
    snoozed = pressed(update, SnoozeEvening if evening else SnoozeHour)
    if snoozed is None:
        await query.answer()
        return
    meeting_id = snoozed.meeting
    reminders = context.services.reminders
    until = reminders.tonight() if evening else reminders.now() + timedelta(hours=1)
    services = context.services
    meeting, when = await reminders.snooze(
        identity, meeting_id, until, renderer(services.zone, services.default_language)
    )
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
    return conversations.conversation(
        "rsvp-other",
        [CallbackQueryHandler(ask_other, pattern=GiveReason.pattern(reason=AbsenceReason.OTHER))],
        {WAITING_TEXT: [MessageHandler(filters.TEXT & ~filters.COMMAND, other_text)]},
    )


def buttons() -> list[BaseHandler[Update, Any, Any]]:
    return [
        CallbackQueryHandler(attending, pattern=Attend.pattern()),
        CallbackQueryHandler(absent, pattern=Absent.pattern()),
        CallbackQueryHandler(reason, pattern=GiveReason.pattern()),
        CallbackQueryHandler(snooze_hour, pattern=SnoozeHour.pattern()),
        CallbackQueryHandler(snooze_evening, pattern=SnoozeEvening.pattern()),
    ]
