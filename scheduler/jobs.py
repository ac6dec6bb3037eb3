"""A feature's jobs on python-telegram-bot's JobQueue (APScheduler), and how they are scheduled.

A job only wakes code that reads the database: what is due is decided there, so running a job
often, or twice after a restart, queues nothing twice. Each feature hands its jobs to the
composition root (``bot/app.py``), which schedules them; a job that renders messages is given its
renderer by its feature, since the scheduler may not import the handlers.

Repeating jobs that also run once as soon as the bot starts: a repeating job added before the
scheduler starts with ``first=0`` has its first time already past when the scheduler starts,
and APScheduler then moves it a whole interval on: what fell due while the bot was down would
wait that long. So the start-up run is a one-off job of its own, with no misfire grace (it runs
however slow the start), and the repeating one begins an interval later.
"""

from __future__ import annotations

import asyncio
import logging
import weakref
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass
from typing import Any

from telegram.ext import Application, CallbackContext, JobQueue

from bot.services.container import Services
from bot.settings import Settings

log = logging.getLogger(__name__)

AnyApplication = Application[Any, Any, Any, Any, Any, Any]
JobContext = CallbackContext[Any, Any, Any, Any]
Callback = Callable[[Any], Coroutine[Any, Any, None]]
# A job's work when all it needs is the services (the renderers it was given are inside).
Work = Callable[[Services], Awaitable[object]]


@dataclass(frozen=True)
class Job:
    name: str
    callback: Callback  # what the JobQueue calls, with the job's context
    every: float | Callable[[Settings], float]  # seconds between runs, or read from the settings
    at_start: bool = False  # also once as soon as the bot starts
    first: float | None = None  # seconds to the first repeat; None: one interval

    def schedule(self, application: AnyApplication, settings: Settings) -> None:
        job_queue = application.job_queue
        if job_queue is None:
            log.warning("no job queue: the job %s will not run", self.name)
            return
        interval = self.every(settings) if callable(self.every) else self.every
        if self.at_start:
            at_start_and_every(job_queue, self.callback, interval, self.name)
            return
        first = interval if self.first is None else self.first
        # ``data``: a job's own memory between runs (the report job's cache), fresh per start.
        job_queue.run_repeating(
            self.callback, interval=interval, first=first, name=self.name, data={}
        )


# The planners of one event loop (one bot), taking turns.
_turns: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Lock] = (
    weakref.WeakKeyDictionary()
)


def planners_turn() -> asyncio.Lock:
    """Held by a planning job while it runs. The planners all start with the bot and each
    reads tens of thousands of rows at 50,000 members: run together, their memory adds up (the
    bot's peak) and their CPU work shares the event loop, so a write transaction waiting for
    its next step waits on all of them. One at a time, each is a few seconds."""
    loop = asyncio.get_running_loop()
    lock = _turns.get(loop)
    if lock is None:
        lock = _turns[loop] = asyncio.Lock()
    return lock


def on_services(work: Work) -> Callback:
    """A job callback that runs ``work`` with the application's services, in its turn among
    the planners (``planners_turn``)."""

    async def callback(context: JobContext) -> None:
        async with planners_turn():
            await work(context.application.bot_data.services)

    return callback


def at_start_and_every(
    job_queue: JobQueue[Any], callback: Callback, interval_seconds: float, name: str
) -> None:
    job_queue.run_once(
        callback, when=0, name=f"{name}-at-start", job_kwargs={"misfire_grace_time": None}
    )
    job_queue.run_repeating(callback, interval=interval_seconds, first=interval_seconds, name=name)
