"""The bot's worker process: where the heavy files are built (see :mod:`bot.services.offload`).

One process, started with ``spawn`` (no copy of the bot's threads, connections or event loop)
the first time it is needed, reused after, and stopped with the bot or once unused for
:data:`IDLE_SECONDS`; it runs at a lower priority than the bot (``nice``), so when the two
compete for a core the file waits. Building the whole public registry at 50,000 members takes
it a few seconds of CPU; in a thread of the bot's own process the same work held the GIL and
a member's ``/trogiup`` waited several times its usual time. A worker that dies (killed, out
of memory) fails the file being built; the next one starts a fresh process.
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


# A worker unused this long is stopped (it holds the bot's modules, about 120 MB); the next
# file starts another, a second or two more on a file that takes seconds anyway.
IDLE_SECONDS = 300.0


class WorkerProcess:
    """An :class:`bot.services.offload.Offload` running each call in one worker process."""

    def __init__(self, context: str = "spawn", idle_seconds: float = IDLE_SECONDS) -> None:
        self._context = context
        self._idle_seconds = idle_seconds
        self._executor: ProcessPoolExecutor | None = None
        self._running = 0
        self._retiring: asyncio.TimerHandle | None = None
        self.calls = 0  # calls run in the worker (for tests and the log)

    def _pool(self) -> ProcessPoolExecutor:
        if self._retiring is not None:
            self._retiring.cancel()
            self._retiring = None
        if self._executor is None:
            self._executor = ProcessPoolExecutor(
                max_workers=1,
                mp_context=multiprocessing.get_context(self._context),
                initializer=_background,
            )
            log.info("worker process for heavy files started (%s)", self._context)
        return self._executor

    async def run(self, fn: Callable[..., T], /, *args: Any) -> T:
        result = await self._call(fn, *args)
        self.calls += 1
        return result

    async def pid(self) -> int:
        """The worker's process id (starting it if need be; not counted in :attr:`calls`)."""
        return await self._call(os.getpid)

    async def _call(self, fn: Callable[..., T], /, *args: Any) -> T:
        pool = self._pool()
        self._running += 1
        try:
            return await asyncio.wrap_future(pool.submit(fn, *args))
        except BrokenProcessPool:
            # The worker died: this call fails, the next one gets a new process.
            if self._executor is pool:
                self._executor = None
            pool.shutdown(wait=False, cancel_futures=True)
            raise
        finally:
            self._running -= 1
            if not self._running and self._executor is not None:
                self._retiring = asyncio.get_running_loop().call_later(
                    self._idle_seconds, self._retire
                )

    def _retire(self) -> None:
        """Stops an idle worker (nothing is running: it exits at once)."""
        self._retiring = None
        pool, self._executor = self._executor, None
        if pool is not None and not self._running:
            pool.shutdown(wait=False)
            log.info("worker process for heavy files stopped (idle)")
        elif pool is not None:
            self._executor = pool

    @property
    def busy(self) -> bool:
        """Whether a call is under way."""
        return self._running > 0

    @property
    def started(self) -> bool:
        """Whether a worker process is there (started and not stopped since)."""
        return self._executor is not None

    async def close(self) -> None:
        """Stops the worker: what is queued is dropped, a file being built is finished."""
        if self._retiring is not None:
            self._retiring.cancel()
            self._retiring = None
        pool, self._executor = self._executor, None
        if pool is not None:
            await asyncio.to_thread(pool.shutdown, wait=True, cancel_futures=True)
