"""Numbered choices pressed by typing: Zalo has no buttons, so the choices listed under a
message (:mod:`channels.zalo.render`) are pressed by replying with a number ("1") or with a
choice's words ("tham du" for "✅ Tham dự": case, emoji and diacritics do not count).

The numbers are those of the chat's latest message with choices (``zalo_messages``, so they
keep their meaning across a restart). A press is handed to the application as the
``callback_query`` Telegram would have sent, with the message (its text and keyboard) attached
as the handlers expect. A number out of range, or one with no choices on record, shows the
choices again (or a short hint) instead of doing something unmeant — unless a conversation
waits for typed text from that chat and would take it (a progress of "75").

Choices are *stale* once the bot has sent the chat a message without choices after them (the
conversation moved on: a question asked, a confirmation, a notice). A number or words for
stale choices press nothing: a conversation waiting for text takes them (a progress of "3"
asked after the card), else the message and its choices are shown again, which makes them
the chat's current choices once more. Choices sent replace those before them (storage keeps
one message with choices a chat), so an earlier step's never come back once answered.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from telegram import Message, Update
from telegram.ext import ApplicationHandlerStop, CallbackContext, ConversationHandler

from bot.clock import Clock
from bot.domain.text import fold
from bot.domain.zalo import ZaloSentMessage
from channels.zalo import texts
from channels.zalo.outgoing import callback_query_id
from channels.zalo.ports import ZaloDatabase
from channels.zalo.render import Choices, choices_of, choices_text

# At most three digits is a choice's number; a longer number is something else (a code).
_NUMBER = re.compile(r"^\s*(\d{1,3})\s*[.)]?\s*$")
_NOT_WORD = re.compile(r"[^\w\s]")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Press:
    index: int  # from 0


@dataclass(frozen=True)
class OutOfRange:
    number: int


Outcome = Press | OutOfRange | None  # None: not a reply to the choices


def words(text: str) -> str:
    """A label or a reply as compared: folded, without emoji or punctuation."""
    return _SPACES.sub(" ", _NOT_WORD.sub(" ", fold(text))).strip()


def match(text: str, choices: Choices) -> Outcome:
    """What a typed reply does to the choices on offer."""
    numbered = choices.numbered()
    number = _NUMBER.match(text)
    if number:
        n = int(number[1])
        index = next((i for i, (shown, _) in enumerate(numbered) if shown == n), None)
        return OutOfRange(n) if index is None else Press(index)
    typed = words(text)
    if not typed:
        return None
    for index, (_, label) in enumerate(numbered):
        if words(label) == typed:
            return Press(index)
    return None


def conversation_waits(application: Any, update: Update) -> bool:
    """Whether a conversation of the application is in a state (waiting for that chat) and
    would take this message there — not merely one whose entry point it matches."""
    for handlers in application.handlers.values():
        for handler in handlers:
            if not isinstance(handler, ConversationHandler):
                continue
            found = handler.check_update(update)
            if found is None:
                continue
            state, _key, taken_by, _check = found
            if state is not None and taken_by not in handler.entry_points:
                return True
    return False


def callback_update(
    update_id: int,
    query_id: str,
    message: Message,
    row: ZaloSentMessage,
    data: str,
    bot_user: dict[str, Any],
) -> dict[str, Any]:
    """The Bot API update for pressing the button with ``data`` of the sent message ``row``."""
    assert message.from_user is not None
    return {
        "update_id": update_id,
        "callback_query": {
            "id": query_id,
            "from": message.from_user.to_dict(),
            "chat_instance": f"zalo-{row.chat}",
            "data": data,
            "message": {
                "message_id": row.id,
                "date": int(row.sent_at.timestamp()),
                "chat": message.chat.to_dict(),
                "from": bot_user,
                "text": row.text,
                "reply_markup": json.loads(row.keyboard or "{}"),
            },
        },
    }


class ChoiceReplies:
    """The handler (for the Zalo Application only) that turns typed replies into presses."""

    def __init__(
        self, database: Callable[[], ZaloDatabase], clock: Clock, default_language: str
    ) -> None:
        self._database = database
        self._now = clock.now
        self._default_language = default_language
        self._serials = itertools.count(1)

    async def __call__(self, update: Update, context: CallbackContext[Any, Any, Any, Any]) -> None:
        message = update.message
        if message is None or message.text is None or message.from_user is None:
            return
        chat_id = message.chat.id
        async with self._database().read() as uow:
            row = await uow.zalo.current_choices(chat_id)
            stale = row is not None and await uow.zalo.moved_on(row)
        choices = choices_of(json.loads(row.keyboard)) if row and row.keyboard else Choices()
        outcome = match(message.text, choices)
        if outcome is None:
            return  # words for the handlers
        if isinstance(outcome, Press) and row is not None and not stale:
            serial = next(self._serials)
            pressed = callback_update(
                -serial,
                callback_query_id(chat_id, serial),
                message,
                row,
                choices.buttons[outcome.index].callback_data,
                context.bot.bot.to_dict(),
            )
            await context.application.process_update(Update.de_json(pressed, context.bot))
            raise ApplicationHandlerStop
        if conversation_waits(context.application, update):
            return  # "75" for a conversation that asked for a number
        t = await texts.chat_translator(self._database(), chat_id, self._default_language)
        if row is None or not choices.buttons:
            await context.bot.send_message(chat_id, t(texts.NOTHING_TO_CHOOSE))
            raise ApplicationHandlerStop
        if isinstance(outcome, Press):  # of choices the chat has moved on from
            again = t(texts.EARLIER_CHOICES)
            text = f"{again}\n\n{row.text}\n\n{choices_text(choices)}"
        else:
            again = t(texts.NO_SUCH_CHOICE, number=outcome.number)
            text = f"{again}\n\n{choices_text(choices)}"
        await context.bot.send_message(chat_id, text)
        async with self._database().write() as uow:  # shown again: the chat's choices now
            await uow.zalo.resent(row.id, row.zalo_message_id, row.text, row.keyboard, self._now())
        raise ApplicationHandlerStop
