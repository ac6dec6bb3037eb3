"""What Zalo's servers hold for one bot: :class:`ZaloState`.

Users and their chats, the bot's messages, the update queue (one update per poll, replays on
demand), injected faults, the monthly quota and the send rate. The Bot API methods acting on it
live in :mod:`bot.sandbox.zalo.bot_api`; :mod:`bot.sandbox.zalo.server` puts HTTP in front.
"""

from __future__ import annotations

import asyncio
import hashlib
import random
import time
from collections import deque
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from bot.sandbox.models import Signals, TokenBucket
from bot.sandbox.zalo.models import (
    Fault,
    Queued,
    WebhookDelivery,
    ZaloApiError,
    ZaloCall,
    ZaloSent,
    ZaloUser,
)

MAX_POLL_SECONDS = 30.0  # the documentation's default long-poll timeout
# Quota months follow Vietnam's calendar (the platform's home).
_VIETNAM = timezone(timedelta(hours=7))


def hex_id(kind: str, serial: int) -> str:
    """20 hex digits, like the platform's ids, with at least one letter (never int()-able)."""
    digest = hashlib.sha1(f"butpha-zalo-sandbox:{kind}:{serial}".encode()).hexdigest()
    candidate = digest[:20]
    if candidate.isdecimal():
        candidate = "a" + candidate[1:]
    return candidate


class ZaloState(Signals):
    def __init__(
        self,
        *,
        bot_id: str,
        account_name: str,
        display_name: str,
        clock: Callable[[], float],
        quota: int | None,
        send_rate: float | None,
    ) -> None:
        super().__init__()
        self.bot_id = bot_id
        self.account_name = account_name
        self.display_name = display_name
        self.clock = clock
        self.quota = quota
        self.send_rate = send_rate
        self.sender_name_field = "display_name"  # some clients show "name"

        self.users: dict[str, ZaloUser] = {}
        self.started: set[str] = set()
        self.blocked: set[str] = set()
        self.sent: dict[str, list[ZaloSent]] = {}
        self.user_messages: dict[str, list[tuple[int, dict[str, Any]]]] = {}
        # The bot's message count in a chat when a user's message was queued (by message_id).
        self.bot_count_at: dict[str, int] = {}
        self.queue: deque[Queued] = deque()
        self.calls: list[ZaloCall] = []
        self.faults: list[Fault] = []
        self.sends_by_month: dict[tuple[int, int], int] = {}
        self._bucket: TokenBucket | None = None

        self.replay_pending = 0
        self._replay_every: int | None = None
        self._replay_random: random.Random | None = None

        self.webhook_url = ""
        self.webhook_secret = ""
        self.webhook_updated_at = 0
        self.deliveries: list[WebhookDelivery] = []

        self._serials: dict[str, int] = {}
        self._seq = 0

    # --- identity and time ----------------------------------------------------------------

    def now_ms(self) -> int:
        return int(self.clock() * 1000)

    def new_id(self, kind: str) -> str:
        serial = self._serials.get(kind, 0) + 1
        self._serials[kind] = serial
        return hex_id(kind, serial)

    def next_seq(self) -> int:
        self._seq += 1
        return self._seq

    def user(self, user: ZaloUser | str) -> ZaloUser:
        user_id = user.id if isinstance(user, ZaloUser) else str(user)
        found = self.users.get(user_id)
        if found is None:
            raise ValueError(f"no sandbox user {user_id!r}")
        return found

    def chat_for_send(self, chat_id: str) -> str:
        """The chat a send goes to; a chat exists once its user has written to the bot."""
        if not chat_id:
            raise ZaloApiError(400, "Bad Request: chat_id is required")
        if chat_id not in self.users or chat_id not in self.started:
            raise ZaloApiError(400, "Bad Request: chat not found")
        if chat_id in self.blocked:
            raise ZaloApiError(403, "Forbidden: the user has blocked the bot")
        return chat_id

    def getme(self) -> dict[str, Any]:
        return {
            "id": self.bot_id,
            "account_name": self.account_name,
            "account_type": "BASIC",
            "can_join_groups": False,
            "display_name": self.display_name,
        }

    # --- the bot's messages ---------------------------------------------------------------

    def store_sent(self, chat_id: str, **fields: Any) -> ZaloSent:
        in_chat = self.sent.setdefault(chat_id, [])
        sent = ZaloSent(
            chat_id=chat_id,
            message_id=self.new_id("message"),
            date=self.now_ms(),
            number=len(in_chat) + 1,
            seq=self.next_seq(),
            **fields,
        )
        in_chat.append(sent)
        self.messages_changed.fire()
        return sent

    # --- updates --------------------------------------------------------------------------

    def push_update(self, update: dict[str, Any]) -> None:
        self.queue.append(Queued(update))
        self.updates_changed.fire()
        self.touch()

    def replay_randomly(self, every: int | None, seed: int = 0) -> None:
        """From now on each delivered update comes again with probability 1/`every`
        (None: stop)."""
        self._replay_every = every
        self._replay_random = random.Random(seed) if every else None

    def take_update(self) -> dict[str, Any] | None:
        """The next update for the bot, or None; a replayed one stays first in line."""
        if not self.queue:
            return None
        queued = self.queue.popleft()
        if not queued.replay and self._should_replay():
            self.queue.appendleft(Queued(queued.update, replay=True))
        self.touch()
        return queued.update

    def _should_replay(self) -> bool:
        if self.replay_pending > 0:
            self.replay_pending -= 1
            return True
        if self._replay_every and self._replay_random is not None:
            return self._replay_random.random() < 1 / self._replay_every
        return False

    async def get_update(self, timeout: float) -> dict[str, Any]:
        if self.webhook_url:
            raise ZaloApiError(409, "Conflict: getUpdates is not available while a webhook is set")
        loop = asyncio.get_running_loop()
        deadline = loop.time() + min(max(timeout, 0.0), MAX_POLL_SECONDS)
        while True:
            if self.closing:
                raise ZaloApiError(408)
            update = self.take_update()
            if update is not None:
                return update
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise ZaloApiError(408)
            await self.updates_changed.wait(remaining)

    def touch(self) -> None:
        self.last_activity = time.monotonic()
        self.activity.fire()

    # --- faults, quota, rate --------------------------------------------------------------

    def take_fault(self, method: str) -> Fault | None:
        for fault in self.faults:
            if fault.matches(method):
                fault.remaining -= 1
                self.faults = [f for f in self.faults if f.remaining > 0]
                return fault
        return None

    def month(self) -> tuple[int, int]:
        moment = datetime.fromtimestamp(self.clock(), UTC).astimezone(_VIETNAM)
        return moment.year, moment.month

    def sends_this_month(self) -> int:
        return self.sends_by_month.get(self.month(), 0)

    def admit_send(self) -> None:
        """Raises 429 when a send would go over the monthly quota or the rate; else counts it."""
        if self.quota is not None and self.sends_this_month() >= self.quota:
            raise ZaloApiError(429, "Too Many Requests: quota exceeded")
        if self.send_rate:
            now = self.clock()
            if self._bucket is None:
                self._bucket = TokenBucket(max(1.0, self.send_rate), self.send_rate, now)
            if self._bucket.wait_needed(now):
                raise ZaloApiError(429, "Too Many Requests: rate limit exceeded")
            self._bucket.take(now)
        key = self.month()
        self.sends_by_month[key] = self.sends_by_month.get(key, 0) + 1
