"""Long CPU work on the event loop in slices: a planner rendering tens of thousands of
reminders gives the loop back every few milliseconds.

Everything else waits while the loop runs it, above all a write transaction between two of its
steps (each step is a round trip to the writer's thread, resumed by the loop): a planner that
renders for 50 ms without a pause holds every write in flight 50 ms longer.
"""

from __future__ import annotations

import asyncio
import time

SLICE = 0.002  # seconds of work between two pauses
# A pause is this long, not a bare turn of the loop: what other work waits on a database
# thread or the network comes back during it, rather than after the next slice.
PAUSE = 0.001


class LoopShare:
    """``await share()`` in a loop's body: a pause once ``slice`` seconds have gone since the
    last one (a clock read otherwise, so calling it for every item is cheap)."""

    def __init__(self, slice_seconds: float = SLICE) -> None:
        self._slice = slice_seconds
        self._since = time.perf_counter()

    async def __call__(self) -> None:
        if time.perf_counter() - self._since >= self._slice:
            await asyncio.sleep(PAUSE)
            self._since = time.perf_counter()
