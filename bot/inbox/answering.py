"""The rate limiter that knows when an answer went out: python-telegram-bot's
``AIORateLimiter``, which also notes, as soon as a request of the update being handled has
succeeded, that its answer is out (:meth:`InboxAttempts.answered`). A crash while the answer
waits for its allowance, or is on its way, leaves the update applied and unanswered: the
member is told at start-up that it was recorded. Only a crash in the moment between the
answer's arrival and that note gives them both.

It also keeps one private chat from taking the whole allowance: python-telegram-bot's limiter
has one queue for every chat (30 requests/s), so a member paging /congkhai as fast as the bot
answers (about 60 presses a second once a page costs a few milliseconds) had every other
member's answer wait behind their edits. Each private chat gets at most
:data:`PER_CHAT_MAX_RATE` requests a second (bursts of as many), waited for before the shared
allowance, so the others' answers find room in it."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Coroutine
from typing import Any

from aiolimiter import AsyncLimiter
from telegram.ext import AIORateLimiter

from bot.inbox.attempts import InboxAttempts

JSONDict = dict[str, Any]

# Requests a second one private chat may make (a third of the overall 30): far more than a
# person reading pages needs, and leaving room for everyone else.
PER_CHAT_MAX_RATE = 10
# Chats whose allowance is remembered; the least recent is forgotten (a fresh one is full).
CHATS_REMEMBERED = 1024


class AnswerMarkingLimiter(AIORateLimiter):
    def __init__(
        self,
        attempts: InboxAttempts | None,
        *,
        per_chat_max_rate: float = PER_CHAT_MAX_RATE,
        **limits: Any,
    ) -> None:
        super().__init__(**limits)
        self._attempts = attempts
        self._per_chat_max_rate = per_chat_max_rate
        self._chats: OrderedDict[int, AsyncLimiter] = OrderedDict()

    def _chat_limiter(self, data: dict[str, Any]) -> AsyncLimiter | None:
        """The allowance of the private chat the request goes to; None for groups, channels
        and requests to no chat (python-telegram-bot's own limits apply to those)."""
        if not self._per_chat_max_rate:
            return None
        try:
            chat = int(data.get("chat_id"))  # type: ignore[arg-type]
        except (TypeError, ValueError):
            return None
        if chat <= 0:
            return None
        limiter = self._chats.pop(chat, None) or AsyncLimiter(self._per_chat_max_rate, 1)
        self._chats[chat] = limiter
        while len(self._chats) > CHATS_REMEMBERED:
            self._chats.popitem(last=False)
        return limiter

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | JSONDict | list[JSONDict]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> bool | JSONDict | list[JSONDict]:
        chat = self._chat_limiter(data)
        if chat is not None:
            await chat.acquire()
        attempts = self._attempts
        if attempts is None:
            return await super().process_request(
                callback, args, kwargs, endpoint, data, rate_limit_args
            )

        async def marked(*a: Any, **kw: Any) -> bool | JSONDict | list[JSONDict]:
            result = await callback(*a, **kw)
            await attempts.answered()
            return result

        return await super().process_request(marked, args, kwargs, endpoint, data, rate_limit_args)
