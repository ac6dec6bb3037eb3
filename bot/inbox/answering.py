"""The rate limiter that keeps an update's answer and knows when it went out: python-telegram-
bot's ``AIORateLimiter``, which also, for the update being handled once its changes are
committed:

- keeps its first answering request on its inbox entry (:meth:`InboxAttempts.keep_answer`,
  :mod:`bot.inbox.kept_answers`) as soon as it is asked for, while it waits for its allowance,
  and lets it go out only once that is written;
- notes, as soon as a request of the update has succeeded, that its answer is out
  (:meth:`InboxAttempts.answered`): the entry is done.

A crash while the answer waits for its allowance, or is on its way, leaves the entry applied
with its answer: that request is made again at start-up, so the member gets their real answer.
Only the first answering request is kept (the entry is done once one is out, so the others
are not covered either way); without one (a file, a button's popup, a crash before the handler
got to its answer), the member is told at start-up that their message was recorded. Only a
crash in the moment between the answer's arrival and the done mark gives them their answer
twice. Zalo's application uses this limiter too (without limits): its answers are kept the
same way, and made again through the Zalo request."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from typing import Any

from telegram.ext import AIORateLimiter

from bot.inbox.attempts import InboxAttempts
from bot.inbox.kept_answers import kept_answer

log = logging.getLogger(__name__)

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
        keeping: asyncio.Task[None] | None = None
        attempt = attempts.awaiting_answer()
        if attempt is not None:
            answer = kept_answer(endpoint, data)
            if answer is not None:
                # Written while the request waits for its allowance, not before it queues.
                keeping = attempts.keep_answer(attempt, answer)

        async def marked(*a: Any, **kw: Any) -> bool | JSONDict | list[JSONDict]:
            if keeping is not None:
                try:
                    await keeping  # the answer is kept before it can arrive
                except Exception:  # at worst, told "recorded" after a restart
                    log.warning("could not keep an update's answer", exc_info=True)
            result = await callback(*a, **kw)
            await attempts.answered()
            return result

        try:
            return await super().process_request(
                marked, args, kwargs, endpoint, data, rate_limit_args
            )
        finally:
            if keeping is not None and not keeping.done():  # the request failed before its turn
                await asyncio.gather(keeping, return_exceptions=True)
