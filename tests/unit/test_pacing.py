"""The bulk lane's overall pace: the configured rate is the rate achieved, with no burst.

Time is faked (the monotonic clock and asyncio's sleep, edges we do not own): every sleep
overshoots by a millisecond, as a loaded machine's do."""

from __future__ import annotations

import pytest

from bot.domain.outbox import ChatKind
from scheduler import pacing
from scheduler.pacing import Pacer

OVERSHOOT = 0.001


class FakeTime:
    def __init__(self) -> None:
        self.now = 1000.0

    def monotonic(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.now += seconds + OVERSHOOT


@pytest.fixture
def fake_time(monkeypatch: pytest.MonkeyPatch) -> FakeTime:
    fake = FakeTime()
    monkeypatch.setattr(pacing.time, "monotonic", fake.monotonic)
    monkeypatch.setattr(pacing.asyncio, "sleep", fake.sleep)
    return fake


async def test_the_pace_keeps_to_the_rate_though_sleeps_overshoot(fake_time: FakeTime) -> None:
    pacer = Pacer(rate=50.0)
    sent = []
    for chat in range(501):
        await pacer.take(chat, ChatKind.PRIVATE)
        sent.append(fake_time.now)
    # 500 intervals of 20 ms: 10 s (losing each sleep's overshoot made it 10.5 s, 5% slow).
    assert sent[-1] - sent[0] == pytest.approx(10.0, abs=0.03)


async def test_an_idle_lane_makes_up_at_most_one_slot(fake_time: FakeTime) -> None:
    pacer = Pacer(rate=20.0)
    await pacer.take(1, ChatKind.PRIVATE)
    fake_time.now += 5.0  # idle: a hundred slots go by unused
    start = fake_time.now
    for chat in range(2, 12):
        await pacer.take(chat, ChatKind.PRIVATE)
    # Ten sends: the first at once, one made-up slot, then eight intervals of 50 ms.
    assert fake_time.now - start == pytest.approx(0.4, abs=0.02)
