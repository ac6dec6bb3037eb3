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
same way, and made again through the Zalo request.

No member's answers wait behind another's stream of edits (a member paging /congkhai as fast
as the bot answers, about 30 pages a second once a page costs a few milliseconds, used to take
the whole allowance): each private chat has at most :data:`PER_CHAT_MAX_RATE` requests a
second (bursts of as many), waited for first, so one chat leaves room in the overall allowance
for the others; and the overall allowance (``overall_max_rate``) is given out fairly among the
chats waiting for it (:class:`bot.inbox.fair_allowance.FairAllowance`) rather than in
python-telegram-bot's single line. The limits per group are python-telegram-bot's."""

from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict
from collections.abc import Callable, Coroutine
from typing import Any

from aiolimiter import AsyncLimiter
from telegram.ext import AIORateLimiter

from bot.inbox.attempts import InboxAttempts
from bot.inbox.fair_allowance import FairAllowance
from bot.inbox.kept_answers import kept_answer

log = logging.getLogger(__name__)

JSONDict = dict[str, Any]


# Requests a second one private chat may make (bursts of as many): a sixth of the overall 30,
# still five times what Telegram asks of a bot writing to one chat and more than a person
# reading pages presses; what a member pressing faster makes the bot do is bounded by it.
PER_CHAT_MAX_RATE = 5
# Private chats whose allowance is remembered; the least recent is forgotten (a fresh one is
# full, as after a pause).
CHATS_REMEMBERED = 1024


class AnswerMarkingLimiter(AIORateLimiter):
    def __init__(
        self,
        attempts: InboxAttempts | None,
        *,
        overall_max_rate: float = 30,
        per_chat_max_rate: float = PER_CHAT_MAX_RATE,
        **limits: Any,
    ) -> None:
        # python-telegram-bot's overall line is replaced by the fair one (0: no overall limit).
        super().__init__(overall_max_rate=0, **limits)
        self._attempts = attempts
        self._fair = FairAllowance(overall_max_rate) if overall_max_rate else None
        self._per_chat_max_rate = per_chat_max_rate  # 0: no limit per private chat
        self._chats: OrderedDict[int, AsyncLimiter] = OrderedDict()

    def _private_chat(self, chat: object) -> AsyncLimiter | None:
        """The allowance of a private chat (a positive id); None for groups and channels."""
        if not self._per_chat_max_rate:
            return None
        try:
            chat_id = int(chat)  # type: ignore[call-overload]
        except (TypeError, ValueError):
            return None
        if chat_id <= 0:
            return None
        limiter = self._chats.pop(chat_id, None) or AsyncLimiter(self._per_chat_max_rate, 1)
        self._chats[chat_id] = limiter
        while len(self._chats) > CHATS_REMEMBERED:
            self._chats.popitem(last=False)
        return limiter

    async def shutdown(self) -> None:
        if self._fair is not None:
            await self._fair.close()
        await super().shutdown()

    def _paced(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | JSONDict | list[JSONDict]]],
        chat: object,
    ) -> Callable[..., Coroutine[Any, Any, bool | JSONDict | list[JSONDict]]]:
        """``callback`` once the chat's own allowance and its turn in the overall one have
        come: as python-telegram-bot's overall limit, every request to a chat (not getMe and
        the like), groups too, after a group's own limit (20 a minute)."""
        own = self._private_chat(chat)
        fair = self._fair if chat is not None else None
        if own is None and fair is None:
            return callback

        async def paced(*a: Any, **kw: Any) -> bool | JSONDict | list[JSONDict]:
            if own is not None:
                await own.acquire()
            if fair is not None:
                await fair.acquire(str(chat))
            return await callback(*a, **kw)

        return paced

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | JSONDict | list[JSONDict]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> bool | JSONDict | list[JSONDict]:
        callback = self._paced(callback, data.get("chat_id"))
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
