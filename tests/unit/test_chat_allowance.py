"""No member's answers wait behind another's: a private chat has a share of the bot's allowance
(5 requests a second), and the overall allowance is given out fairly among the chats waiting;
the overall rate still holds."""

from __future__ import annotations

import asyncio
import time
from typing import Any

from bot.inbox.answering import AnswerMarkingLimiter


async def timed(limiter: AnswerMarkingLimiter, busy: int, others: int) -> dict[str, float]:
    """``busy`` requests to one chat queued at once, then, a moment later, one request each
    to ``others`` other chats; seconds from the start to each request's sending."""
    started = time.monotonic()
    done: dict[str, float] = {}

    async def request(name: str, chat: int) -> None:
        async def send(*_: Any, **__: Any) -> dict[str, Any]:
            done[name] = time.monotonic() - started
            return {}

        await limiter.process_request(send, (), {}, "editMessageText", {"chat_id": chat}, None)

    await limiter.initialize()
    try:
        queued = [asyncio.create_task(request(f"busy {n}", 101)) for n in range(busy)]
        await asyncio.sleep(0.05)
        await asyncio.gather(*(request(f"other {n}", 202 + n) for n in range(others)))
        await asyncio.gather(*queued)
    finally:
        await limiter.shutdown()
    return done


async def test_a_chat_has_its_share_and_the_others_find_room() -> None:
    done = await timed(AnswerMarkingLimiter(None, overall_max_rate=30), busy=15, others=1)
    # Five at once, then five a second…
    assert sorted(done[f"busy {n}"] for n in range(15))[-1] >= 1.9
    # …and the overall allowance has room for another chat at once (asked 0.05 s in; behind
    # the busy chat's queue it would wait about 2 s; the margin is for a loaded machine).
    assert done["other 0"] < 0.5


async def test_the_overall_allowance_is_given_in_turns() -> None:
    limiter = AnswerMarkingLimiter(None, overall_max_rate=30, per_chat_max_rate=0)
    done = await timed(limiter, busy=90, others=1)
    # 30 at once (the burst), then 30 a second: the busy chat's last after two seconds…
    assert max(done[f"busy {n}"] for n in range(90)) >= 1.9
    # …and the other chat's request after one turn, not after the busy chat's whole queue
    # (2 s; the margin is for a loaded machine).
    assert done["other 0"] < 0.6


async def test_the_overall_rate_holds_with_many_chats_waiting() -> None:
    limiter = AnswerMarkingLimiter(None, overall_max_rate=30, per_chat_max_rate=0)
    done = await timed(limiter, busy=30, others=30)
    # 60 requests: the burst of 30, then the other 30 over a second.
    assert max(done.values()) >= 0.9
    assert max(done.values()) < 2.0


async def test_requests_to_no_chat_and_no_overall_limit_go_at_once() -> None:
    limiter = AnswerMarkingLimiter(None, overall_max_rate=0, group_max_rate=0, per_chat_max_rate=0)
    done = await timed(limiter, busy=100, others=1)
    assert max(done.values()) < 0.5
