"""Time is injected so schedules and expiries can be tested without waiting."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime:
        """The current time, timezone-aware (UTC)."""
        ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class FixedClock:
    """A clock for tests and benchmarks that moves only when told."""

    def __init__(self, start: datetime) -> None:
        self._now = start

    def now(self) -> datetime:
        return self._now

    def advance(self, **delta: float) -> None:
        self._now += timedelta(**delta)


class TickingClock:
    """A clock that starts at a chosen moment and then runs with real time — for end-to-end
    tests and benchmarks where retries and pauses must come due by themselves; ``advance``
    jumps ahead (a day later, say)."""

    def __init__(self, start: datetime) -> None:
        self._start = start
        self._started = time.monotonic()
        self._offset = 0.0

    def now(self) -> datetime:
        elapsed = time.monotonic() - self._started + self._offset
        return self._start + timedelta(seconds=elapsed)

    def advance(self, **delta: float) -> None:
        self._offset += timedelta(**delta).total_seconds()
