"""What Telegram's servers hold for one bot: :class:`SandboxState`.

Chats, messages, the update queue, stored files, injected faults and flood control.
The Bot API methods acting on it live in :mod:`bot.sandbox.bot_api`; :mod:`bot.sandbox.server`
puts HTTP in front and the user side next to it; start reading there.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable
from typing import Any

from bot.sandbox.models import (
    ApiCall,
    ApiError,
    Fault,
    FaultKind,
    SandboxUser,
    SentMessage,
    Signals,
    StoredFile,
    TokenBucket,
)

FIRST_USER_ID = 10_000_001
FIRST_GROUP_ID = -100_001
DEFAULT_SCOPE: dict[str, Any] = {"type": "default"}
# Telegram's default when allowed_updates is empty: everything but these.
_OPT_IN_UPDATES = frozenset({"chat_member", "message_reaction", "message_reaction_count"})


def scope_key(scope: dict[str, Any] | None, language_code: str) -> str:
    return json.dumps(scope or DEFAULT_SCOPE, sort_keys=True) + "|" + language_code


class SandboxState(Signals):
    def __init__(
        self,
        *,
        bot_id: int,
        bot_username: str,
        bot_first_name: str,
        enforce_rate_limits: bool,
        clock: Callable[[], float],
    ) -> None:
        super().__init__()
        self.bot_id = bot_id
        self.bot_username = bot_username
        self.bot_first_name = bot_first_name
        self.enforce_rate_limits = enforce_rate_limits
        self.clock = clock

        self.users: dict[int, SandboxUser] = {}
        self.groups: dict[int, str] = {}
        self.started: set[int] = set()
        self.blocked: set[int] = set()
        self.bot_messages: dict[int, dict[int, SentMessage]] = {}
        self.user_messages: dict[int, dict[int, dict[str, Any]]] = {}
        self._last_message_id: dict[int, int] = {}

        self.updates: list[dict[str, Any]] = []
        self.last_update_id = 0
        self.handed_out_up_to = 0
        self.allowed_updates: list[str] = []
        self.poll_generation = 0
        self.webhook_url = ""

        self.commands: dict[str, list[dict[str, Any]]] = {}
        self.calls: list[ApiCall] = []
        self.callback_answers: list[dict[str, Any]] = []
        self.open_queries: dict[str, bool] = {}  # query id -> answered
        self.files: dict[str, StoredFile] = {}
        self.faults: list[Fault] = []
        self._counter = 0

        self._global_bucket: TokenBucket | None = None
        self._chat_buckets: dict[int, TokenBucket] = {}

    # --- identity -------------------------------------------------------------------------

    def now(self) -> int:
        return int(self.clock())

    def next_serial(self) -> int:
        self._counter += 1
        return self._counter

    def bot_user(self) -> dict[str, Any]:
        return {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": self.bot_first_name,
            "username": self.bot_username,
        }

    def chat_dict(self, chat_id: int) -> dict[str, Any]:
        if chat_id < 0:
            return {"id": chat_id, "type": "group", "title": self.groups[chat_id]}
        user = self.users[chat_id]
        chat: dict[str, Any] = {"id": chat_id, "type": "private", "first_name": user.first_name}
        if user.last_name is not None:
            chat["last_name"] = user.last_name
        if user.username is not None:
            chat["username"] = user.username
        return chat

    def user(self, who: SandboxUser | int) -> SandboxUser:
        user_id = who.id if isinstance(who, SandboxUser) else who
        try:
            return self.users[user_id]
        except KeyError:
            raise KeyError(f"no sandbox user with id {user_id}") from None

    def chat_exists(self, chat_id: int) -> bool:
        return chat_id in self.groups or chat_id in self.users

    def resolve_chat(self, raw: Any, *, for_send: bool) -> int:
        """The chat the bot addresses, with Telegram's refusals."""
        if raw is None or raw == "":
            raise ApiError(400, "Bad Request: chat_id is empty")
        if isinstance(raw, bool) or not isinstance(raw, int):
            # "@username" only reaches public groups and channels, which the sandbox lacks.
            raise ApiError(400, "Bad Request: chat not found")
        if raw < 0:
            if raw not in self.groups:
                raise ApiError(400, "Bad Request: chat not found")
            return raw
        if raw not in self.users or raw not in self.started:
            raise ApiError(400, "Bad Request: chat not found")
        if for_send and raw in self.blocked:
            raise ApiError(403, "Forbidden: bot was blocked by the user")
        return raw

    # --- messages -------------------------------------------------------------------------

    def new_message_id(self, chat_id: int) -> int:
        message_id = self._last_message_id.get(chat_id, 0) + 1
        self._last_message_id[chat_id] = message_id
        return message_id

    def last_message_id(self, chat_id: int) -> int:
        return self._last_message_id.get(chat_id, 0)

    def store_bot_message(self, message: SentMessage) -> None:
        self.bot_messages.setdefault(message.chat_id, {})[message.message_id] = message
        self.messages_changed.fire()

    def bot_message(self, chat_id: int, message_id: int) -> SentMessage | None:
        return self.bot_messages.get(chat_id, {}).get(message_id)

    def any_message(self, chat_id: int, message_id: int) -> dict[str, Any] | None:
        """A live message of either side, as a Message dict."""
        sent = self.bot_message(chat_id, message_id)
        if sent is not None:
            return None if sent.deleted else self.message_dict(sent, with_reply=False)
        return self.user_messages.get(chat_id, {}).get(message_id)

    def message_dict(self, sent: SentMessage, *, with_reply: bool = True) -> dict[str, Any]:
        data: dict[str, Any] = {
            "message_id": sent.message_id,
            "from": self.bot_user(),
            "chat": self.chat_dict(sent.chat_id),
            "date": sent.date,
        }
        if sent.text is not None:
            data["text"] = sent.text
            if sent.entities:
                data["entities"] = sent.entities
        if sent.document is not None:
            data["document"] = sent.document
        if sent.photo is not None:
            data["photo"] = sent.photo
        if sent.caption:
            data["caption"] = sent.caption
            if sent.caption_entities:
                data["caption_entities"] = sent.caption_entities
        # Only inline keyboards belong to a message; reply keyboards belong to the chat.
        if sent.reply_markup and "inline_keyboard" in sent.reply_markup:
            data["reply_markup"] = sent.reply_markup
        if sent.edit_date is not None:
            data["edit_date"] = sent.edit_date
        if with_reply and sent.reply_to_message_id is not None:
            replied = self.any_message(sent.chat_id, sent.reply_to_message_id)
            if replied is not None:
                data["reply_to_message"] = replied
        return data

    # --- updates --------------------------------------------------------------------------

    def push_update(self, kind: str, payload: dict[str, Any]) -> int:
        self.last_update_id += 1
        self.updates.append({"update_id": self.last_update_id, kind: payload})
        self.updates_changed.fire()
        self.touch()
        return self.last_update_id

    def confirm(self, offset: int) -> None:
        if offset > 0:
            self.updates = [u for u in self.updates if u["update_id"] >= offset]
        elif offset < 0:
            self.updates = self.updates[offset:]

    def _allowed(self, update: dict[str, Any]) -> bool:
        kind = next(key for key in update if key != "update_id")
        if self.allowed_updates:
            return kind in self.allowed_updates
        return kind not in _OPT_IN_UPDATES

    async def get_updates(self, offset: int, limit: int, timeout: float) -> list[dict[str, Any]]:
        if self.webhook_url:
            raise ApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first",
            )
        # Like Telegram, a new getUpdates ends any older one still waiting.
        self.poll_generation += 1
        generation = self.poll_generation
        self.updates_changed.fire()
        self.confirm(offset)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + min(max(timeout, 0.0), 50.0)
        while True:
            if self.closing:
                return []
            if generation != self.poll_generation:
                raise ApiError(
                    409,
                    "Conflict: terminated by other getUpdates request; "
                    "make sure that only one bot instance is running",
                )
            self.updates = [u for u in self.updates if self._allowed(u)]
            batch = self.updates[: min(limit, 100) if limit > 0 else 100]
            remaining = deadline - loop.time()
            if batch or remaining <= 0:
                if batch:
                    self.handed_out_up_to = max(self.handed_out_up_to, batch[-1]["update_id"])
                    self.touch()
                return batch
            await self.updates_changed.wait(remaining)

    def all_fetched(self) -> bool:
        return all(u["update_id"] <= self.handed_out_up_to for u in self.updates)

    def touch(self) -> None:
        self.last_activity = time.monotonic()
        self.activity.fire()

    # --- faults and flood control ---------------------------------------------------------

    def add_fault(
        self, method: str, kind: FaultKind, count: int, retry_after: int, hang_seconds: float
    ) -> None:
        self.faults.append(
            Fault(method.lower(), kind, count, retry_after=retry_after, hang_seconds=hang_seconds)
        )

    def take_fault(self, method: str) -> Fault | None:
        for fault in self.faults:
            if fault.matches(method):
                fault.remaining -= 1
                self.faults = [f for f in self.faults if f.remaining > 0]
                return fault
        return None

    def check_flood(self, chat_id: int) -> None:
        """Raises 429 when a send would break Telegram's limits; otherwise counts it."""
        if not self.enforce_rate_limits:
            return
        now = self.clock()
        if self._global_bucket is None:
            self._global_bucket = TokenBucket(30, 30.0, now)
        bucket = self._chat_buckets.get(chat_id)
        if bucket is None:
            # About 1 message/s to a private chat after a short burst; 20/min to a group.
            bucket = TokenBucket(3, 1.0, now) if chat_id > 0 else TokenBucket(20, 20 / 60, now)
            self._chat_buckets[chat_id] = bucket
        buckets = (self._global_bucket, bucket)
        wait = max(b.wait_needed(now) for b in buckets)
        if wait:
            raise ApiError(429, f"Too Many Requests: retry after {wait}", retry_after=wait)
        for b in buckets:
            b.take(now)

    # --- files ----------------------------------------------------------------------------

    def file_by_path(self, path: str) -> StoredFile | None:
        return next((f for f in self.files.values() if f.file_path == path), None)
