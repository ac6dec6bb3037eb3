"""The bot's overall allowance (30 requests a second on Telegram), shared fairly among chats.

python-telegram-bot's limiter queues every request for the overall allowance in one line:
a member paging /congkhai as fast as the bot answers (about 60 presses a second once a page
costs a few milliseconds) filled it, and every other member's answer waited behind their
edits. Here each chat waits in its own line and, while several wait, the chats take turns,
one request each: a chat with many requests queued delays another by one turn, not by its
whole queue. A chat alone may still use the whole allowance.
"""

from __future__ import annotations

import asyncio
import time
from collections import OrderedDict, deque
from collections.abc import Hashable


class FairAllowance:
    """At most ``rate`` requests a second, in bursts of as many (a token bucket, as
    ``aiolimiter.AsyncLimiter(rate, 1)``), given out to the waiting chats in turn."""

    def __init__(self, rate: float) -> None:
        self._rate = rate
        self._tokens = rate
        self._stamp = time.monotonic()
        self._waiting: OrderedDict[Hashable, deque[asyncio.Future[None]]] = OrderedDict()
        self._server: asyncio.Task[None] | None = None

    def _refill(self) -> None:
        now = time.monotonic()
        self._tokens = min(self._rate, self._tokens + (now - self._stamp) * self._rate)
        self._stamp = now

    async def acquire(self, chat: Hashable) -> None:
        """Returns when ``chat`` may make one request."""
        self._refill()
        if not self._waiting and self._tokens >= 1:
            self._tokens -= 1
            return
        turn: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiting.setdefault(chat, deque()).append(turn)
        if self._server is None or self._server.done():
            self._server = asyncio.create_task(self._serve(), name="fair-allowance")
        await turn  # a cancelled wait is skipped when its turn comes

    async def _serve(self) -> None:
        while self._waiting:
            self._refill()
            if self._tokens < 1:
                await asyncio.sleep((1 - self._tokens) / self._rate)
                continue
            chat, line = next(iter(self._waiting.items()))
            turn = line.popleft()
            if line:
                self._waiting.move_to_end(chat)  # its next request after the others' turn
            else:
                del self._waiting[chat]
            if turn.done():  # given up meanwhile
                continue
            self._tokens -= 1
            turn.set_result(None)

    async def close(self) -> None:
        if self._server is not None:
            self._server.cancel()
            await asyncio.gather(self._server, return_exceptions=True)
            self._server = None
