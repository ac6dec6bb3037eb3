"""Pacing for the bulk lane: an overall rate, 1 message/s per private chat, 20/min per group,
and a shared pause after Telegram's 429. Real time (monotonic), not the injectable clock:
Telegram's limits are about wall-clock seconds."""

from __future__ import annotations

import asyncio
import time
from collections import deque

from bot.domain.outbox import ChatKind

PRIVATE_INTERVAL = 1.0
GROUP_WINDOW = 60.0
GROUP_MAX = 20


class Pacer:
    def __init__(self, rate: float) -> None:
        self.rate = rate
        self._interval = 1.0 / rate
        self._next_slot = 0.0
        self._paused_until = 0.0
        self._private: dict[int, float] = {}
        self._groups: dict[int, deque[float]] = {}

    def chat_ready_in(self, chat_id: int, kind: ChatKind) -> float:
        """Seconds until this chat may get another message (0 when it may now)."""
        now = time.monotonic()
        if kind is ChatKind.PRIVATE:
            last = self._private.get(chat_id)
            return 0.0 if last is None else max(0.0, last + PRIVATE_INTERVAL - now)
        sent = self._groups.get(chat_id)
        if sent is None:
            return 0.0
        while sent and sent[0] <= now - GROUP_WINDOW:
            sent.popleft()
        return 0.0 if len(sent) < GROUP_MAX else sent[0] + GROUP_WINDOW - now

    def pause(self, seconds: float) -> None:
        """Telegram said 429: every bulk send waits this long."""
        self._paused_until = max(self._paused_until, time.monotonic() + seconds)

    async def take(self, chat_id: int, kind: ChatKind) -> None:
        """Wait for the overall slot (and any pause), then book the chat's slot."""
        while True:
            now = time.monotonic()
            wait = max(self._paused_until, self._next_slot) - now
            if wait <= 0:
                break
            await asyncio.sleep(wait)
        # From the planned slot, not from when the sleep ended: a sleep overshoots by a
        # millisecond or so, which at 50/s would lose about 5% of the rate. Never more than
        # one slot behind, so a lane idle for a while does not burst.
        self._next_slot = max(now - self._interval, self._next_slot) + self._interval
        if kind is ChatKind.PRIVATE:
            self._private[chat_id] = now
            if len(self._private) > 50_000:  # forget chats not written to for a while
                cutoff = now - PRIVATE_INTERVAL
                self._private = {c: t for c, t in self._private.items() if t > cutoff}
        else:
            self._groups.setdefault(chat_id, deque()).append(now)
