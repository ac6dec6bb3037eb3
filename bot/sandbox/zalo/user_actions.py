"""The user side of the Zalo sandbox: :class:`ZaloUserActions`, what people do in Zalo.

Creating users and writing to the bot: text, an image (URL and caption), a sticker, a voice
message, or a message Zalo hands over without content (``message.unsupported.received``, sent
for users in protected groups). Each queues the update Zalo would, shaped as the documentation
shows::

    {"event_name": "message.text.received",
     "message": {"from": {"id", "display_name", "is_bot": false},
                 "chat": {"id", "chat_type": "PRIVATE"},
                 "text", "message_id", "date" (milliseconds)}}

Writing makes the chat exist: only then may the bot write to the user.
:class:`bot.sandbox.zalo.server.ZaloSandbox` inherits these methods.
"""

from __future__ import annotations

from typing import Any

from bot.sandbox.zalo.bot_api import ZaloBotApi
from bot.sandbox.zalo.models import ZaloUser

EVENT_TEXT = "message.text.received"
EVENT_IMAGE = "message.image.received"
EVENT_STICKER = "message.sticker.received"
EVENT_VOICE = "message.voice.received"
EVENT_UNSUPPORTED = "message.unsupported.received"

_SAMPLE_PHOTO = "https://photo.sandbox.zalo.invalid/{id}.jpg"
_SAMPLE_VOICE = "https://voice.sandbox.zalo.invalid/{id}.aac"


class ZaloUserActions:
    """Mixin for :class:`~bot.sandbox.zalo.server.ZaloSandbox`, which sets ``_api``."""

    _api: ZaloBotApi

    def create_user(self, display_name: str) -> ZaloUser:
        user = ZaloUser(self._api.new_id("user"), display_name)
        self._api.users[user.id] = user
        return user

    def mark_started(self, user: ZaloUser | str) -> None:
        """As if the user had written to the bot earlier (no update is queued): the bot may
        write to them. For tests and benchmarks with thousands of recipients."""
        self._api.started.add(self._api.user(user).id)

    def block_bot(self, user: ZaloUser | str) -> None:
        """Sends to the user answer 403 until they write again."""
        self._api.blocked.add(self._api.user(user).id)

    def unblock_bot(self, user: ZaloUser | str) -> None:
        self._api.blocked.discard(self._api.user(user).id)

    def use_name_field(self, field: str) -> None:
        """Senders' names in ``from.display_name`` (the documentation) or ``from.name`` (what
        some clients show), so the adapter can be tested on both."""
        if field not in ("display_name", "name"):
            raise ValueError("the sender's name goes in 'display_name' or 'name'")
        self._api.sender_name_field = field

    async def send_text(self, user: ZaloUser | str, text: str) -> dict[str, Any]:
        """Queues a text message from `user`; returns the update."""
        if not text.strip():
            raise ValueError("Zalo clients do not send empty messages")
        return self._queue(user, EVENT_TEXT, {"text": text})

    async def send_image(
        self, user: ZaloUser | str, url: str | None = None, caption: str | None = None
    ) -> dict[str, Any]:
        """Queues an image: its URL in ``photo`` (made up when not given), and a caption."""
        content: dict[str, Any] = {
            "photo": url or _SAMPLE_PHOTO.format(id=self._api.new_id("photo"))
        }
        if caption:
            content["caption"] = caption
        return self._queue(user, EVENT_IMAGE, content)

    async def send_sticker(self, user: ZaloUser | str, sticker: str = "") -> dict[str, Any]:
        sticker_id = sticker or self._api.new_id("sticker")
        content = {"sticker": sticker_id, "url": f"https://stickers.zaloapp.com/{sticker_id}"}
        return self._queue(user, EVENT_STICKER, content)

    async def send_voice(self, user: ZaloUser | str, url: str | None = None) -> dict[str, Any]:
        voice = url or _SAMPLE_VOICE.format(id=self._api.new_id("voice"))
        return self._queue(user, EVENT_VOICE, {"voice_url": voice})

    async def send_unsupported(self, user: ZaloUser | str, *, bare: bool = False) -> dict[str, Any]:
        """Queues ``message.unsupported.received``: sender, chat, id and date, no content.
        ``bare=True`` leaves out ``message`` altogether, as one client's test sample has it."""
        update = self._queue(user, EVENT_UNSUPPORTED, {})
        if bare:
            del update["message"]
        return update

    def _queue(self, user: ZaloUser | str, event: str, content: dict[str, Any]) -> dict[str, Any]:
        api = self._api
        found = api.user(user)
        api.blocked.discard(found.id)  # writing to the bot again lifts a block
        api.started.add(found.id)
        sender: dict[str, Any] = {
            "id": found.id,
            api.sender_name_field: found.display_name,
            "is_bot": False,
        }
        message: dict[str, Any] = {
            "from": sender,
            "chat": {"id": found.id, "chat_type": "PRIVATE"},
            **content,
            "message_id": api.new_id("message"),
            "date": api.now_ms(),
        }
        update = {"event_name": event, "message": message}
        api.bot_count_at[message["message_id"]] = len(api.sent.get(found.id, []))
        api.user_messages.setdefault(found.id, []).append((api.next_seq(), update))
        api.push_update(update)
        return update
