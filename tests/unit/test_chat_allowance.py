"""The limiter gives each private chat a share of the bot's allowance: a member pressing as fast
as the bot answers waits for their own chat's allowance, and another member's answer goes out
at once rather than behind theirs."""

from __future__ import annotations

import asyncio
import time
from typing import Any

from bot.inbox.answering import AnswerMarkingLimiter


async def test_one_busy_chat_does_not_hold_up_another() -> None:
    limiter = AnswerMarkingLimiter(None, overall_max_rate=30, per_chat_max_rate=10)
    started = time.monotonic()
    done: dict[str, float] = {}

    async def request(name: str, chat: int) -> None:
        async def send(*_: Any, **__: Any) -> dict[str, Any]:
            done[name] = time.monotonic() - started
            return {}

        await limiter.process_request(send, (), {}, "editMessageText", {"chat_id": chat}, None)

    await limiter.initialize()
    busy = [asyncio.create_task(request(f"busy {n}", 101)) for n in range(25)]
    await asyncio.sleep(0.05)
    await request("other", 202)
    await asyncio.gather(*busy)
    await limiter.shutdown()

    assert done["other"] < 0.5
    # The busy chat: ten at once, then ten a second.
    assert sorted(done[f"busy {n}"] for n in range(25))[-1] >= 1.0
    assert done["other"] < sorted(done[f"busy {n}"] for n in range(25))[15]


async def test_groups_and_requests_to_no_chat_are_left_to_the_shared_limits() -> None:
    limiter = AnswerMarkingLimiter(None, overall_max_rate=0, group_max_rate=0, per_chat_max_rate=1)
    started = time.monotonic()

    async def send(*_: Any, **__: Any) -> dict[str, Any]:
        return {}

    await limiter.initialize()
    for data in [{"chat_id": -1001}] * 5 + [{}] * 5:
        await limiter.process_request(send, (), {}, "sendMessage", data, None)
    await limiter.shutdown()
    assert time.monotonic() - started < 0.5
