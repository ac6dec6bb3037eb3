"""The rate limiter that knows when an answer went out: python-telegram-bot's
``AIORateLimiter``, which also notes, as soon as a request of the update being handled has
succeeded, that its answer is out (:meth:`InboxAttempts.answered`). A crash while the answer
waits for its allowance, or is on its way, leaves the update applied and unanswered: the
member is told at start-up that it was recorded. Only a crash in the moment between the
answer's arrival and that note gives them both."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from telegram.ext import AIORateLimiter

from bot.inbox.attempts import InboxAttempts

JSONDict = dict[str, Any]


class AnswerMarkingLimiter(AIORateLimiter):
    def __init__(self, attempts: InboxAttempts | None, **limits: Any) -> None:
        super().__init__(**limits)
        self._attempts = attempts

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | JSONDict | list[JSONDict]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> bool | JSONDict | list[JSONDict]:
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
