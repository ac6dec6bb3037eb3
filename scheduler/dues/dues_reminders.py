"""Dues reminders and alerts: a job that plans them into the outbox.

Everything is in the database: the job runs once at start-up (a reminder that fell due while the
bot was down goes out, once, while its month lasts) and then every half hour. Planning is
idempotent, so running it often, or twice, sends nothing twice.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from bot.services.container import Services
from bot.services.dues.reminders import Render
from scheduler.jobs import Job, Work, on_services

log = logging.getLogger(__name__)

INTERVAL_SECONDS = 1800.0

Renderer = Callable[[str], Render]


def planner(renderer: Renderer) -> Callable[[Services], Awaitable[int]]:
    """The job's work with the notices' renderer: the reminders and alerts now due."""

    async def plan_dues_reminders(services: Services) -> int:
        count = await services.dues_reminders.plan(renderer(services.default_language))
        if count:
            log.info("queued %d dues reminder(s) and alert(s)", count)
        return count

    return plan_dues_reminders


def job(plan: Work) -> Job:
    return Job("dues-reminders", on_services(plan), every=INTERVAL_SECONDS, at_start=True)
