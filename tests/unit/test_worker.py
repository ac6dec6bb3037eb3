"""The bot's worker process: calls run in another process, their errors come back, and a
worker left idle is stopped and started again when next needed."""

from __future__ import annotations

import asyncio
import os

import pytest

from bot.worker import WorkerProcess


async def test_calls_run_in_another_process_and_their_errors_come_back() -> None:
    worker = WorkerProcess()
    try:
        assert await worker.pid() != os.getpid()
        assert await worker.run(sorted, [3, 1, 2]) == [1, 2, 3]
        with pytest.raises(ValueError):
            await worker.run(int, "not a number")
        assert worker.calls == 1
    finally:
        await worker.close()
    assert not worker.started


async def test_an_idle_worker_is_stopped_and_the_next_call_starts_another() -> None:
    worker = WorkerProcess(idle_seconds=0.3)
    try:
        first = await worker.pid()
        assert worker.started
        await asyncio.sleep(1.0)
        assert not worker.started
        assert await worker.pid() != first
    finally:
        await worker.close()
