"""The rate limiter that knows when an answer went out: python-telegram-bot's
``AIORateLimiter``, which also notes, as soon as a request of the update being handled has
succeeded, that its answer is out (:meth:`InboxAttempts.answered`). A crash while the answer
waits for its allowance, or is on its way, leaves the update applied and unanswered: the
member is told at start-up that it was recorded. Only a crash in the moment between the
answer's arrival and that note gives them both.

The overall allowance (``overall_max_rate``) is given out fairly among chats
(:class:`bot.inbox.fair_allowance.FairAllowance`) rather than in python-telegram-bot's single
line, so that no member's answers wait behind another's stream of edits; the limits per group
are python-telegram-bot's."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from telegram.ext import AIORateLimiter

from bot.inbox.attempts import InboxAttempts
from bot.inbox.fair_allowance import FairAllowance

JSONDict = dict[str, Any]


class AnswerMarkingLimiter(AIORateLimiter):
    def __init__(
        self, attempts: InboxAttempts | None, *, overall_max_rate: float = 30, **limits: Any
    ) -> None:
        # python-telegram-bot's overall line is replaced by the fair one (0: no overall limit).
        super().__init__(overall_max_rate=0, **limits)
        self._attempts = attempts
        self._fair = FairAllowance(overall_max_rate) if overall_max_rate else None

    async def shutdown(self) -> None:
        if self._fair is not None:
            await self._fair.close()
        await super().shutdown()

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | JSONDict | list[JSONDict]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> bool | JSONDict | list[JSONDict]:
        # As python-telegram-bot's overall limit: every request to a chat (not getMe and the
        # like), groups too; a group's own limit (20 a minute) is waited for after.
        chat = data.get("chat_id")
        if self._fair is not None and chat is not None:
            await self._fair.acquire(str(chat))
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
