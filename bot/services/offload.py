"""Where CPU-heavy work runs: away from the event loop, so that members are answered while a
large file is made.

Services hand :class:`Offload` a plain function and its arguments (both picklable: module-level
functions, dataclasses, a translator, the database's snapshot opener) and await the result.
The bot runs them in a worker process (``bot.worker.WorkerProcess``: a thread would still hold
the GIL the event loop needs); the command line, the demo and tests that build services
without the composition root run them in a thread (:class:`InThread`), the same functions.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any, Protocol, TypeVar

T = TypeVar("T")


class Offload(Protocol):
    async def run(self, fn: Callable[..., T], /, *args: Any) -> T:
        """``fn(*args)`` off the event loop; its exception, if any, raised here."""
        ...

    @property
    def busy(self) -> bool:
        """Whether a call is under way (the demo waits for it before it says what came)."""
        ...


class InThread:
    """In a thread of this process (``asyncio.to_thread``)."""

    def __init__(self) -> None:
        self._running = 0

    async def run(self, fn: Callable[..., T], /, *args: Any) -> T:
        self._running += 1
        try:
            return await asyncio.to_thread(fn, *args)
        finally:
            self._running -= 1

    @property
    def busy(self) -> bool:
        return self._running > 0
