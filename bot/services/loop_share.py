"""Long CPU work on the event loop in slices: a planner rendering tens of thousands of
reminders gives the loop back every few milliseconds.

Everything else waits while the loop runs it, above all a write transaction between two of its
steps (each step is a round trip to the writer's thread, resumed by the loop): a planner that
renders for 50 ms without a pause holds every write in flight 50 ms longer.

And a member waits for it: an answer takes several turns of the loop (who is asking, the inbox,
the request), and a slice of background work could run between any two of them. So while a
member's update is on its way or being handled (:data:`FOREGROUND`: from the moment it is
received, then counted by the update processor), a pause goes on until it is answered — up to
:data:`MOST_YIELDED` in a row, so that background work still moves under a stream of updates.
"""

from __future__ import annotations

import asyncio
import time

SLICE = 0.002  # seconds of work between two pauses
# A pause is this long, not a bare turn of the loop: what other work waits on a database
# thread or the network comes back during it, rather than after the next slice.
PAUSE = 0.001
# The longest a pause waits for the updates being handled before the next slice.
MOST_YIELDED = 0.05


class Foreground:
    """How many updates are being handled now, and whether some just came in: background work
    gives way to them."""

    def __init__(self) -> None:
        self.busy = 0
        self._arriving_until = 0.0

    def arriving(self) -> None:
        """Updates were just received (and are being stored in the inbox): background work
        gives way from now, not only once they are handled, up to :data:`MOST_YIELDED`."""
        self._arriving_until = time.perf_counter() + MOST_YIELDED

    def enter(self) -> None:
        self.busy += 1
        self._arriving_until = 0.0  # here: counted as busy from now on

    def leave(self) -> None:
        self.busy -= 1

    @property
    def waiting(self) -> bool:
        """Whether an update is being handled or on its way to be."""
        return self.busy > 0 or time.perf_counter() < self._arriving_until


FOREGROUND = Foreground()


class LoopShare:
    """``await share()`` in a loop's body: a pause once ``slice`` seconds have gone since the
    last one (a clock read otherwise, so calling it for every item is cheap)."""

    def __init__(self, slice_seconds: float = SLICE) -> None:
        self._slice = slice_seconds
        self._since = time.perf_counter()

    async def __call__(self) -> None:
        if time.perf_counter() - self._since >= self._slice:
            await asyncio.sleep(PAUSE)
            yielded = time.perf_counter()
            # Polled rather than an asyncio.Event: the count is the process's, across loops.
            while FOREGROUND.waiting and time.perf_counter() - yielded < MOST_YIELDED:  # noqa: ASYNC110
                await asyncio.sleep(PAUSE)
            self._since = time.perf_counter()
