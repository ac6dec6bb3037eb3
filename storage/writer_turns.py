"""The single writer's turns: one transaction at a time, first come first served, except that an
urgent taker goes ahead of every ordinary one waiting. The inbox's marks are urgent (issue 15):
an update's done mark, written as soon as its answer is out, waits for the transaction under
way only, not for every handler queued behind it; the shorter it waits, the fewer members a
crash in between answers twice."""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager


class WriterTurns:
    def __init__(self) -> None:
        self._held = False
        self._urgent: deque[asyncio.Future[None]] = deque()
        self._ordinary: deque[asyncio.Future[None]] = deque()

    @asynccontextmanager
    async def hold(self, *, urgent: bool = False) -> AsyncIterator[None]:
        await self._acquire(urgent)
        try:
            yield
        finally:
            self._release()

    async def _acquire(self, urgent: bool) -> None:
        if not self._held and not self._urgent and not self._ordinary:
            self._held = True
            return
        turn: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        queue = self._urgent if urgent else self._ordinary
        queue.append(turn)
        try:
            await turn
        except asyncio.CancelledError:
            if turn.done() and not turn.cancelled():
                self._release()  # given the writer just as it was cancelled: pass it on
            else:
                queue.remove(turn)
            raise

    def _release(self) -> None:
        """The writer to the next in line (urgent first), or free."""
        for queue in (self._urgent, self._ordinary):
            while queue:
                turn = queue.popleft()
                if not turn.done():
                    turn.set_result(None)
                    return
        self._held = False
