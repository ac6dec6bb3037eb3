"""Zalo updates as Telegram-shaped updates (JSON dicts ``telegram.Update.de_json`` reads): pure.

A Zalo update (polled or pushed to the webhook, bare or wrapped in ``{ok, result}``)::

    {"event_name": "message.text.received",
     "message": {"from": {"id": "<string>", "display_name": "Lan", "is_bot": false},
                 "chat": {"id": "<string>", "chat_type": "PRIVATE"},
                 "text": "…", "message_id": "<string>", "date": 1750316131602}}

becomes a private message from ``chat.id`` (the small integer that stands for the Zalo id, see
``zalo_chats``): text with its command entity (CommandHandler needs one), an image as a photo
(its URL as file_id) with its caption, a sticker as a sticker, a voice message as a voice
message, and ``message.unsupported.received`` (a sender in a protected group: no content) as a
message with nothing in it. Group chats are not served (Zalo's groups are in internal testing).
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from typing import Any

from bot.domain.zalo import ZaloChat

TEXT = "message.text.received"
IMAGE = "message.image.received"
STICKER = "message.sticker.received"
VOICE = "message.voice.received"
UNSUPPORTED = "message.unsupported.received"

_COMMAND = re.compile(r"/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{1,64})?")


@dataclass(frozen=True)
class ZaloUpdate:
    """What the transport reads of a Zalo update."""

    key: str  # event_name ':' message_id: the same update delivered again has the same key
    event: str
    sender: str  # the Zalo id of the user (and of the private chat)
    display_name: str | None
    date: int  # seconds
    message: dict[str, Any]


def parse(update: object) -> ZaloUpdate | None:
    """The update, or None for what is not one we serve (group chats, no sender)."""
    if not isinstance(update, dict):
        return None
    raw: dict[str, Any] = update
    if isinstance(raw.get("result"), dict) and "event_name" not in raw:
        raw = raw["result"]  # the webhook body, as the documentation's sample wraps it
    event = str(raw.get("event_name") or "")
    message = _mapping(raw.get("message"))
    sender = _mapping(message.get("from"))
    chat = _mapping(message.get("chat"))
    sender_id = str(sender.get("id") or chat.get("id") or "")
    if not event or not sender_id or sender.get("is_bot") is True:
        return None
    if str(chat.get("chat_type") or "PRIVATE").upper() != "PRIVATE":
        return None
    if chat.get("id") is not None and str(chat["id"]) != sender_id:
        return None  # not a private chat with its sender
    message_id = message.get("message_id")
    if message_id:
        key = f"{event}:{message_id}"
    else:
        digest = hashlib.sha256(json.dumps(raw, sort_keys=True, default=str).encode()).hexdigest()
        key = f"{event}:sha256:{digest[:32]}"
    name = sender.get("display_name") or sender.get("name")
    date = message.get("date")
    seconds = int(date) // 1000 if isinstance(date, int | float) and date > 0 else 0
    return ZaloUpdate(key, event, sender_id, str(name) if name else None, seconds, message)


def _mapping(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _file(file_id: str, unique: str) -> dict[str, Any]:
    return {"file_id": file_id, "file_unique_id": hashlib.sha1(unique.encode()).hexdigest()[:16]}


def content(update: ZaloUpdate) -> dict[str, Any]:
    """The Telegram message fields for the update's content."""
    message = update.message
    if update.event == TEXT and isinstance(message.get("text"), str) and message["text"]:
        text: str = message["text"]
        fields: dict[str, Any] = {"text": text}
        command = _COMMAND.match(text)
        if command:
            fields["entities"] = [
                {"type": "bot_command", "offset": 0, "length": _utf16_len(command[0])}
            ]
        return fields
    if update.event == IMAGE:
        url = str(message.get("photo") or message.get("url") or update.key)
        fields = {"photo": [{**_file(url, url), "width": 0, "height": 0}]}
        if message.get("caption"):
            fields["caption"] = str(message["caption"])
        return fields
    if update.event == STICKER:
        sticker = str(message.get("sticker") or message.get("url") or update.key)
        return {
            "sticker": {
                **_file(sticker, sticker),
                "type": "regular",
                "width": 0,
                "height": 0,
                "is_animated": False,
                "is_video": False,
            }
        }
    if update.event == VOICE:
        url = str(message.get("voice_url") or message.get("url") or update.key)
        return {"voice": {**_file(url, url), "duration": 0}}
    return {}  # unsupported, or an event this version does not know: a message with nothing


def user_json(chat: ZaloChat) -> dict[str, Any]:
    return {"id": chat.id, "is_bot": False, "first_name": chat.display_name or "Zalo"}


def chat_json(chat: ZaloChat) -> dict[str, Any]:
    return {"id": chat.id, "type": "private", "first_name": chat.display_name or "Zalo"}


def telegram_update(
    update: ZaloUpdate, chat: ZaloChat, *, update_id: int, message_id: int
) -> dict[str, Any]:
    """The Bot API update for ``update`` from ``chat``."""
    return {
        "update_id": update_id,
        "message": {
            "message_id": message_id,
            "date": update.date,
            "chat": chat_json(chat),
            "from": user_json(chat),
            **content(update),
        },
    }
