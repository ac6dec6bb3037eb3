"""The user side of the sandbox: :class:`UserActions`, what people do in Telegram's clients.

Creating users and groups, writing (also anonymously in a group), editing what one wrote,
sending files, pressing buttons, (un)blocking the bot; each queues the update Telegram would.
:class:`bot.sandbox.server.Sandbox` inherits these methods.
"""

from __future__ import annotations

from typing import Any

from bot.sandbox.bot_api import BotApi
from bot.sandbox.formatting import command_entities
from bot.sandbox.models import SandboxUser, SentMessage, StoredFile
from bot.sandbox.validation import image_size

# The fake sender Telegram puts in ``from`` when an anonymous admin writes in a group.
GROUP_ANONYMOUS_BOT: dict[str, Any] = {
    "id": 1087968824,
    "is_bot": True,
    "first_name": "Group",
    "username": "GroupAnonymousBot",
}


class UserActions:
    """Mixin for :class:`~bot.sandbox.server.Sandbox`, which sets these attributes."""

    _api: BotApi
    _next_user_id: int
    _next_group_id: int

    def create_user(
        self,
        first_name: str,
        last_name: str | None = None,
        username: str | None = None,
        language_code: str | None = "vi",
    ) -> SandboxUser:
        user = SandboxUser(self._next_user_id, first_name, last_name, username, language_code)
        self._next_user_id += 1
        self._api.users[user.id] = user
        return user

    def create_group(self, title: str) -> int:
        chat_id = self._next_group_id
        self._next_group_id -= 1
        self._api.groups[chat_id] = title
        return chat_id

    def _chat_for(self, user: SandboxUser, chat_id: int | None) -> int:
        chat = user.id if chat_id is None else chat_id
        if chat < 0 and chat not in self._api.groups:
            raise ValueError(f"no sandbox group {chat}")
        if chat > 0 and chat != user.id:
            raise ValueError("a user writes in their own private chat or in a group")
        return chat

    def _member_update(self, user: SandboxUser, old: str, new: str) -> None:
        def member(status: str) -> dict[str, Any]:
            data: dict[str, Any] = {"user": self._api.bot_user(), "status": status}
            if status == "kicked":
                data["until_date"] = 0
            return data

        self._api.push_update(
            "my_chat_member",
            {
                "chat": self._api.chat_dict(user.id),
                "from": user.to_dict(),
                "date": self._api.now(),
                "old_chat_member": member(old),
                "new_chat_member": member(new),
            },
        )

    def mark_started(self, user: SandboxUser | int) -> None:
        """As if the user had opened a chat with the bot earlier (no update is queued): the bot
        may write to them. For tests and benchmarks with thousands of recipients."""
        self._api.started.add(self._api.user(user).id)

    def block_bot(self, user: SandboxUser | int, *, notify: bool = True) -> None:
        """Sends to the user answer 403 until unblocked (or until the user writes again)."""
        found = self._api.user(user)
        if found.id in self._api.blocked:
            return
        self._api.blocked.add(found.id)
        if notify and found.id in self._api.started:
            self._member_update(found, "member", "kicked")

    def unblock_bot(self, user: SandboxUser | int, *, notify: bool = True) -> None:
        found = self._api.user(user)
        if found.id not in self._api.blocked:
            return
        self._api.blocked.discard(found.id)
        if notify and found.id in self._api.started:
            self._member_update(found, "kicked", "member")

    async def send_text(
        self,
        user: SandboxUser | int,
        text: str,
        chat_id: int | None = None,
        *,
        reply_to: int | None = None,
    ) -> dict[str, Any]:
        """Queues a message from `user`; a private message also (re)starts the bot for them."""
        found = self._api.user(user)
        chat = self._chat_for(found, chat_id)
        if not text.strip():
            raise ValueError("Telegram clients do not send empty messages")
        if chat > 0:
            # Writing to a bot you blocked unblocks it first, as the clients do.
            self.unblock_bot(found)
            self._api.started.add(found.id)
        message: dict[str, Any] = {
            "message_id": self._api.new_message_id(chat),
            "from": found.to_dict(),
            "chat": self._api.chat_dict(chat),
            "date": self._api.now(),
            "text": text,
        }
        entities = command_entities(text)
        if entities:
            message["entities"] = entities
        if reply_to is not None:
            replied = self._api.any_message(chat, reply_to)
            if replied is None:
                raise ValueError(f"no message {reply_to} to reply to in chat {chat}")
            message["reply_to_message"] = replied
        self._api.user_messages.setdefault(chat, {})[message["message_id"]] = message
        self._api.push_update("message", message)
        return message

    async def send_as_group(
        self, chat_id: int, text: str, *, fake_sender: bool = True
    ) -> dict[str, Any]:
        """Queues a message an anonymous admin writes in group `chat_id`: on behalf of the group
        (``sender_chat``), with Telegram's fake ``from`` (@GroupAnonymousBot). With
        ``fake_sender=False`` there is no ``from`` at all, as in a channel post: a bot must cope
        with an update that names nobody."""
        if chat_id not in self._api.groups:
            raise ValueError(f"no sandbox group {chat_id}")
        if not text.strip():
            raise ValueError("Telegram clients do not send empty messages")
        message: dict[str, Any] = {
            "message_id": self._api.new_message_id(chat_id),
            "sender_chat": self._api.chat_dict(chat_id),
            "chat": self._api.chat_dict(chat_id),
            "date": self._api.now(),
            "text": text,
        }
        if fake_sender:
            message["from"] = GROUP_ANONYMOUS_BOT
        entities = command_entities(text)
        if entities:
            message["entities"] = entities
        self._api.user_messages.setdefault(chat_id, {})[message["message_id"]] = message
        self._api.push_update("message", message)
        return message

    async def edit_text(
        self, user: SandboxUser | int, message_id: int, text: str, chat_id: int | None = None
    ) -> dict[str, Any]:
        """Queues an ``edited_message``: `user` changed the text of their message `message_id`
        (Telegram sends the whole message again, with ``edit_date``)."""
        found = self._api.user(user)
        chat = self._chat_for(found, chat_id)
        original = self._api.user_messages.get(chat, {}).get(message_id)
        if original is None or original.get("from", {}).get("id") != found.id:
            raise ValueError(f"{found.first_name} wrote no message {message_id} in chat {chat}")
        if "text" not in original:
            raise ValueError("only a text message can be edited here")
        if not text.strip():
            raise ValueError("Telegram clients do not send empty messages")
        edited = {k: v for k, v in original.items() if k != "entities"}
        edited.update(text=text, edit_date=self._api.now())
        entities = command_entities(text)
        if entities:
            edited["entities"] = entities
        self._api.user_messages[chat][message_id] = edited
        self._api.push_update("edited_message", edited)
        return edited

    async def send_document_as_user(
        self,
        user: SandboxUser | int,
        data: bytes,
        file_name: str,
        caption: str | None = None,
        *,
        mime_type: str = "application/octet-stream",
        chat_id: int | None = None,
    ) -> dict[str, Any]:
        """Queues a document sent by `user` in their private chat, or in group `chat_id`; the
        bot can getFile it."""
        found = self._api.user(user)
        chat = self._chat_for(found, chat_id)
        if not data:
            raise ValueError("Telegram clients do not send empty files")
        if chat > 0:
            self.unblock_bot(found)
            self._api.started.add(found.id)
        serial = self._api.next_serial()
        stored = StoredFile(
            file_id=f"BQACSandboxUser{serial:06d}",
            file_unique_id=f"AQADU{serial:06d}",
            data=data,
            file_name=file_name,
            mime_type=mime_type,
            file_path=f"documents/user_file_{serial}",
        )
        self._api.files[stored.file_id] = stored
        message: dict[str, Any] = {
            "message_id": self._api.new_message_id(chat),
            "from": found.to_dict(),
            "chat": self._api.chat_dict(chat),
            "date": self._api.now(),
            "document": {
                "file_id": stored.file_id,
                "file_unique_id": stored.file_unique_id,
                "file_name": file_name,
                "mime_type": mime_type,
                "file_size": len(data),
            },
        }
        if caption:
            message["caption"] = caption
        self._api.user_messages.setdefault(chat, {})[message["message_id"]] = message
        self._api.push_update("message", message)
        return message

    async def send_photo_as_user(
        self,
        user: SandboxUser | int,
        data: bytes,
        caption: str | None = None,
        *,
        chat_id: int | None = None,
    ) -> dict[str, Any]:
        """Queues a photo sent by `user` (a PNG, GIF, JPEG or WebP image), in their private
        chat or in group `chat_id`. As Telegram does, it comes in two sizes, a thumbnail first
        and the full image last, each with a file id of its own the bot can getFile."""
        found = self._api.user(user)
        chat = self._chat_for(found, chat_id)
        size = image_size(data)
        if size is None:
            raise ValueError("not an image Telegram would take as a photo")
        if chat > 0:
            self.unblock_bot(found)
            self._api.started.add(found.id)
        width, height = size
        scale = max(1, max(width, height) // 90)
        sizes = []
        for w, h in ((max(1, width // scale), max(1, height // scale)), (width, height)):
            serial = self._api.next_serial()
            stored = StoredFile(
                file_id=f"AgACSandboxUser{serial:06d}",
                file_unique_id=f"AQADU{serial:06d}",
                data=data,
                file_name=None,
                mime_type="image/jpeg",
                file_path=f"photos/user_file_{serial}.jpg",
            )
            self._api.files[stored.file_id] = stored
            sizes.append(
                {
                    "file_id": stored.file_id,
                    "file_unique_id": stored.file_unique_id,
                    "width": w,
                    "height": h,
                    "file_size": len(data),
                }
            )
        message: dict[str, Any] = {
            "message_id": self._api.new_message_id(chat),
            "from": found.to_dict(),
            "chat": self._api.chat_dict(chat),
            "date": self._api.now(),
            "photo": sizes,
        }
        if caption:
            message["caption"] = caption
        self._api.user_messages.setdefault(chat, {})[message["message_id"]] = message
        self._api.push_update("message", message)
        return message

    async def press_button(
        self,
        user: SandboxUser | int,
        message: SentMessage | int,
        button: int | str,
        chat_id: int | None = None,
    ) -> str:
        """Presses an inline button by index in ``buttons()``, by text or by callback_data."""
        found = self._api.user(user)
        if isinstance(message, SentMessage):
            chat, message_id = message.chat_id, message.message_id
        else:
            chat, message_id = self._chat_for(found, chat_id), message
        sent = self._api.bot_message(chat, message_id)
        if sent is None or sent.deleted:
            raise ValueError(f"no live bot message {message_id} in chat {chat}")
        if chat > 0 and chat != found.id:
            raise ValueError("a user cannot see another user's private chat")
        buttons = sent.buttons()
        if isinstance(button, int):
            chosen = buttons[button] if -len(buttons) <= button < len(buttons) else None
        else:
            chosen = next((b for b in buttons if b.text == button), None) or next(
                (b for b in buttons if b.callback_data == button), None
            )
        if chosen is None:
            raise ValueError(f"no button {button!r} on message:\n{sent.describe()}")
        if chosen.callback_data is None:
            raise ValueError(f"button {chosen.text!r} has no callback_data (url {chosen.url!r})")
        return await self.press_callback(found, message_id, chosen.callback_data, chat)

    async def press_callback(
        self, user: SandboxUser | int, message_id: int, data: str, chat_id: int | None = None
    ) -> str:
        """Queues a callback query with arbitrary `data`, as a tampering client could."""
        found = self._api.user(user)
        chat = self._chat_for(found, chat_id)
        sent = self._api.bot_message(chat, message_id)
        if sent is not None and not sent.deleted:
            message = self._api.message_dict(sent)
        else:
            # Telegram's InaccessibleMessage: date 0.
            message = {"message_id": message_id, "chat": self._api.chat_dict(chat), "date": 0}
        query_id = str(4_000_000_000_000_000 + self._api.next_serial())
        self._api.open_queries[query_id] = False
        self._api.push_update(
            "callback_query",
            {
                "id": query_id,
                "from": found.to_dict(),
                "message": message,
                "chat_instance": str(abs(chat) * 7919 % 10**12 + 10**12),
                "data": data,
            },
        )
        return query_id

    def queue_raw_update(self, kind: str, payload: dict[str, Any]) -> int:
        """Queues an update exactly as given, even one a client library cannot parse (a field
        missing that it requires, as Telegram sometimes sends); returns its ``update_id``."""
        return self._api.push_update(kind, payload)
