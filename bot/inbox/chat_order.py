"""The update processor: members are served in parallel, each chat's updates in the order they
came, at most ``limit`` at once.

Python-telegram-bot's own processor takes its concurrency slot before the update runs; an update
waiting for its chat's turn would hold one, and forty updates of one busy group (each reply
waiting for the group's 20-a-minute allowance) would hold them all. So the chat's turn comes
first and the slot after: a busy chat takes one slot at a time, and every other chat keeps the
rest. The library's semaphore is left wide open (the bound is ours).

Updates are ordered by their effective chat; a callback query without a chat (an inline
message) by its user; anything else is not ordered. Conversations keep working: a conversation
is keyed by chat and user, and a chat's updates never overlap."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Hashable
from typing import Any, Protocol

from telegram import Update
from telegram.ext import BaseUpdateProcessor

from bot.services.loop_share import FOREGROUND

log = logging.getLogger(__name__)

# The library's own bound: never the one that binds (see the module's docstring).
UNBOUNDED = 1_000_000


class UpdateRunner(Protocol):
    """What runs an update once it has its turn (the inbox's attempts)."""

    async def run(self, update: object, coroutine: Awaitable[Any]) -> None: ...


def chat_key(update: object) -> Hashable:
    """Whose turn an update waits for."""
    if isinstance(update, Update):
        if update.effective_chat is not None:
            return ("chat", update.effective_chat.id)
        if update.effective_user is not None:
            return ("user", update.effective_user.id)
    return ("update", id(update))


class _Turn:
    __slots__ = ("lock", "waiting")

    def __init__(self) -> None:
        self.lock = asyncio.Lock()
        self.waiting = 0


class ChatOrderedProcessor(BaseUpdateProcessor):
    """Give it to ``ApplicationBuilder.concurrent_updates``; ``runner`` (the inbox) runs each
    update in its turn, or the update runs as is."""

    def __init__(self, limit: int, runner: UpdateRunner | None = None) -> None:
        super().__init__(UNBOUNDED)
        if limit < 1:
            raise ValueError("at least one update at a time")
        self.limit = limit
        self.runner = runner
        self._slots = asyncio.Semaphore(limit)
        self._turns: dict[Hashable, _Turn] = {}

    @property
    def busy_chats(self) -> int:
        """Chats with an update running or waiting (for tests and diagnostics)."""
        return len(self._turns)

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        key = chat_key(update)
        turn = self._turns.get(key)
        if turn is None:
            turn = self._turns[key] = _Turn()
        turn.waiting += 1
        try:
            async with turn.lock, self._slots:
                FOREGROUND.enter()  # background work gives way (bot/services/loop_share.py)
                try:
                    if self.runner is None:
                        await coroutine
                    else:
                        await self.runner.run(update, coroutine)
                finally:
                    FOREGROUND.leave()
        finally:
            turn.waiting -= 1
            if turn.waiting == 0:
                del self._turns[key]

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass
