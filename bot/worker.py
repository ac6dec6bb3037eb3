"""The bot's worker process: where the heavy files are built (see :mod:`bot.services.offload`).

One process, started with ``spawn`` (no copy of the bot's threads, connections or event loop)
the first time it is needed, reused after, and stopped with the bot; it runs at a lower
priority than the bot (``nice``), so the two competing for a core is the file's loss. Building the whole public
registry at 50,000 members takes it a few seconds of CPU; in a thread of the bot's own process
the same work held the GIL and a member's ``/trogiup`` waited several times its usual time.
A worker that dies (killed, out of memory) fails the file being built; the next one starts a
fresh process.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

log = logging.getLogger(__name__)

T = TypeVar("T")


# How much lower the worker's scheduling priority is than the bot's (Unix ``nice``): on a
# small server the file waits for the CPU, the members' answers do not.
NICENESS = 10


def _background() -> None:
    """In the worker, once: yield the CPU to the bot's process when both want it."""
    with contextlib.suppress(AttributeError, OSError):  # no nice() on this platform
        os.nice(NICENESS)


class WorkerProcess:
    """An :class:`bot.services.offload.Offload` running each call in one worker process."""

    def __init__(self, context: str = "spawn") -> None:
        self._context = context
        self._executor: ProcessPoolExecutor | None = None
        self.calls = 0  # calls run in the worker (for tests and the log)

    def _pool(self) -> ProcessPoolExecutor:
        if self._executor is None:
            self._executor = ProcessPoolExecutor(
                max_workers=1,
                mp_context=multiprocessing.get_context(self._context),
                initializer=_background,
            )
            log.info("worker process for heavy files started (%s)", self._context)
        return self._executor

    async def run(self, fn: Callable[..., T], /, *args: Any) -> T:
        pool = self._pool()
        try:
            result = await asyncio.wrap_future(pool.submit(fn, *args))
        except BrokenProcessPool:
            # The worker died: this call fails, the next one gets a new process.
            if self._executor is pool:
                self._executor = None
            pool.shutdown(wait=False, cancel_futures=True)
            raise
        self.calls += 1
        return result

    async def pid(self) -> int:
        """The worker's process id (starting it if need be; not counted in :attr:`calls`)."""
        return await asyncio.wrap_future(self._pool().submit(os.getpid))

    async def close(self) -> None:
        """Stops the worker: what is queued is dropped, a file being built is finished."""
        pool, self._executor = self._executor, None
        if pool is not None:
            await asyncio.to_thread(pool.shutdown, wait=True, cancel_futures=True)
