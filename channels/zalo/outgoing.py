"""Messages out: the Bot API's sending methods as Zalo can do them.

- sendMessage: the text rendered (:mod:`channels.zalo.render`), split under 2,000 characters,
  sent part after part; recorded in ``zalo_messages``, whose id is the message_id returned.
- editMessageText / editMessageReplyMarkup: Zalo edits nothing. Made while handling that
  chat's own update (:data:`channels.zalo.handling.handling_chat`), the new version is sent as
  a new message and the row takes it; otherwise (a job, another chat's update) nothing is sent.
  An edit that changes nothing is refused as Telegram refuses it ("message is not modified").
- answerCallbackQuery: its text, if any, as a short message.
- sendDocument / sendPhoto: the caption and a note saying how to get the file instead.
- sendChatAction: Zalo's typing.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any

from bot.clock import Clock
from bot.domain.zalo import ZaloChat, ZaloSentMessage
from channels.zalo import texts
from channels.zalo.client import ZaloClient
from channels.zalo.handling import handling_chat
from channels.zalo.ports import ZaloDatabase
from channels.zalo.render import Choices, choices_of, choices_text, compose, html_to_text
from channels.zalo.updates import chat_json

log = logging.getLogger(__name__)

CALLBACK_PREFIX = "zalo"


class Refused(Exception):
    """A call Telegram would refuse (400): ``description`` as Telegram words it."""

    def __init__(self, description: str) -> None:
        self.description = description
        super().__init__(description)


def callback_query_id(chat_id: int, serial: int) -> str:
    """The id of a press made from a typed number: says whose chat to answer in."""
    return f"{CALLBACK_PREFIX}:{chat_id}:{serial}"


def _chat_of_query(query_id: str) -> int | None:
    prefix, _, rest = query_id.partition(":")
    chat, _, _ = rest.partition(":")
    return int(chat) if prefix == CALLBACK_PREFIX and chat.isdecimal() else None


def _int(value: object, name: str) -> int:
    try:
        return int(str(value))
    except ValueError:
        raise Refused(f"Bad Request: {name} is invalid") from None


def _keyboard(reply_markup: object) -> tuple[dict[str, Any] | None, Choices]:
    """An inline keyboard and its choices; any other markup (or none) gives none."""
    if isinstance(reply_markup, str):
        reply_markup = json.loads(reply_markup)
    if not isinstance(reply_markup, dict) or "inline_keyboard" not in reply_markup:
        return None, Choices()
    choices = choices_of(reply_markup)
    return (reply_markup, choices) if choices else (None, choices)


def _plain(params: dict[str, Any], field: str = "text") -> str:
    text = str(params.get(field) or "")
    return html_to_text(text) if str(params.get("parse_mode") or "").upper() == "HTML" else text


class Outgoing:
    def __init__(
        self,
        client: ZaloClient,
        database: Callable[[], ZaloDatabase],
        clock: Clock,
        default_language: str,
    ) -> None:
        self._client = client
        self._database = database
        self._clock = clock
        self._default_language = default_language
        self.me: dict[str, Any] = {"id": 0, "is_bot": True, "first_name": "Zalo"}

    # --- the Bot API methods --------------------------------------------------------------

    async def send_message(self, params: dict[str, Any]) -> dict[str, Any]:
        chat = await self._chat(params.get("chat_id"))
        text = _plain(params)
        keyboard, choices = _keyboard(params.get("reply_markup"))
        if not text.strip() and not choices:
            raise Refused("Bad Request: message text is empty")
        row = await self._send(chat, text, keyboard, choices)
        return self._message_json(row, chat, keyboard)

    async def edit_message_text(self, params: dict[str, Any]) -> dict[str, Any]:
        chat, row = await self._edited(params)
        text = _plain(params)
        if not text.strip():
            raise Refused("Bad Request: message text is empty")
        keyboard, choices = _keyboard(params.get("reply_markup"))
        return await self._edit(chat, row, text, keyboard, choices)

    async def edit_message_reply_markup(self, params: dict[str, Any]) -> dict[str, Any]:
        chat, row = await self._edited(params)
        keyboard, choices = _keyboard(params.get("reply_markup"))
        return await self._edit(chat, row, row.text, keyboard, choices)

    async def answer_callback_query(self, params: dict[str, Any]) -> bool:
        text = str(params.get("text") or "").strip()
        chat_id = _chat_of_query(str(params.get("callback_query_id") or ""))
        if text and chat_id is not None:
            chat = await self._chat(chat_id)
            for part in compose(text):
                await self._client.send_message(chat.zalo_id, part)
        return True

    async def send_file(
        self, params: dict[str, Any], kind: str, name: str | None
    ) -> dict[str, Any]:
        """A document or photo: its caption, and how to get the file instead."""
        chat = await self._chat(params.get("chat_id"))
        t = await texts.chat_translator(self._database(), chat.id, self._default_language)
        nameless = texts.A_PICTURE if kind == "photo" else texts.A_FILE
        what = name or t(nameless)
        caption = _plain(params, "caption").strip()
        calendar = (name or "").lower().endswith(".ics")
        note = t(texts.NO_CALENDAR_FILE if calendar else texts.NO_FILES, name=what)
        text = f"{caption}\n\n{note}" if caption else note
        keyboard, choices = _keyboard(params.get("reply_markup"))
        row = await self._send(chat, text, keyboard, choices)
        return self._message_json(row, chat, keyboard)

    async def send_chat_action(self, params: dict[str, Any]) -> bool:
        chat = await self._chat(params.get("chat_id"))
        await self._client.send_chat_action(chat.zalo_id, "typing")
        return True

    async def delete_message(self, params: dict[str, Any]) -> bool:
        """Zalo deletes nothing; the message's numbers press nothing any more."""
        message_id = _int(params.get("message_id"), "message_id")
        async with self._database().write() as uow:
            await uow.zalo.drop_keyboard(message_id)
        return True

    # --- the parts ------------------------------------------------------------------------

    async def _chat(self, chat_id: object) -> ZaloChat:
        chat_int = _int(chat_id, "chat_id")
        async with self._database().read() as uow:
            chat = await uow.zalo.chat(chat_int)
        if chat is None:
            raise Refused("Bad Request: chat not found")
        return chat

    async def _edited(self, params: dict[str, Any]) -> tuple[ZaloChat, ZaloSentMessage]:
        if params.get("inline_message_id"):
            raise Refused("Bad Request: inline messages are not available on Zalo")
        chat = await self._chat(params.get("chat_id"))
        message_id = _int(params.get("message_id"), "message_id")
        async with self._database().read() as uow:
            row = await uow.zalo.message(message_id)
        if row is None or row.chat != chat.id:
            raise Refused("Bad Request: message to edit not found")
        return chat, row

    async def _rendered(self, chat: ZaloChat, text: str, choices: Choices) -> list[str]:
        hint = None
        if choices.buttons:
            t = await texts.chat_translator(self._database(), chat.id, self._default_language)
            hint = t(texts.CHOICE_HINT)
        return compose(text, choices_text(choices, hint))

    async def _send(
        self,
        chat: ZaloChat,
        text: str,
        keyboard: dict[str, Any] | None,
        choices: Choices,
    ) -> ZaloSentMessage:
        """Sends (no transaction open meanwhile), then records what was sent."""
        last: dict[str, Any] = {}
        for part in await self._rendered(chat, text, choices):
            last = await self._client.send_message(chat.zalo_id, part)
        async with self._database().write() as uow:
            return await uow.zalo.record_sent(
                chat.id,
                _zalo_id(last),
                text,
                _stored(keyboard, choices),
                self._clock.now(),
            )

    async def _edit(
        self,
        chat: ZaloChat,
        row: ZaloSentMessage,
        text: str,
        keyboard: dict[str, Any] | None,
        choices: Choices,
    ) -> dict[str, Any]:
        stored = _stored(keyboard, choices)
        if text == row.text and stored == row.keyboard:
            raise Refused(
                "Bad Request: message is not modified: specified new message content and reply "
                "markup are exactly the same as a current content and reply markup of the message"
            )
        if handling_chat.get() != chat.id:
            log.debug("edit of Zalo message %s not sent: not an answer to that chat", row.id)
        elif text == row.text and not choices.buttons:
            # Only its buttons went away: nothing new to show; its numbers press nothing now.
            log.debug("edit of Zalo message %s: buttons removed, nothing sent", row.id)
            async with self._database().write() as uow:
                await uow.zalo.drop_keyboard(row.id)
        else:
            log.debug("edit of Zalo message %s sent as a new message", row.id)
            last: dict[str, Any] = {}
            for part in await self._rendered(chat, text, choices):
                last = await self._client.send_message(chat.zalo_id, part)
            async with self._database().write() as uow:
                await uow.zalo.resent(row.id, _zalo_id(last), text, stored, self._clock.now())
        return self._message_json(row, chat, keyboard, text=text)

    def _message_json(
        self,
        row: ZaloSentMessage,
        chat: ZaloChat,
        keyboard: dict[str, Any] | None,
        *,
        text: str | None = None,
    ) -> dict[str, Any]:
        message: dict[str, Any] = {
            "message_id": row.id,
            "date": int(row.sent_at.timestamp()),
            "chat": chat_json(chat),
            "from": self.me,
            "text": row.text if text is None else text,
        }
        if keyboard is not None:
            message["reply_markup"] = keyboard
        return message


def _zalo_id(result: dict[str, Any]) -> str | None:
    value = result.get("message_id")
    return None if value is None else str(value)


def _stored(keyboard: dict[str, Any] | None, choices: Choices) -> str | None:
    """The keyboard as kept: only one with something to press makes choices."""
    if keyboard is None or not choices.buttons:
        return None
    return json.dumps(keyboard, ensure_ascii=False, sort_keys=True)
