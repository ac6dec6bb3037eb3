"""Repeating jobs that also run once as soon as the bot starts.

A repeating job added before the scheduler starts with ``first=0`` has its first time already
past when the scheduler starts, and APScheduler then moves it a whole interval on: what fell due
while the bot was down would wait that long. So the start-up run is a one-off job of its own,
with no misfire grace (it runs however slow the start), and the repeating one begins an interval
later.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from telegram.ext import JobQueue

Callback = Callable[[Any], Coroutine[Any, Any, None]]


def at_start_and_every(
    job_queue: JobQueue[Any], callback: Callback, interval_seconds: float, name: str
) -> None:
    job_queue.run_once(
        callback, when=0, name=f"{name}-at-start", job_kwargs={"misfire_grace_time": None}
    )
    job_queue.run_repeating(callback, interval=interval_seconds, first=interval_seconds, name=name)
