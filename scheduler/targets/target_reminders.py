"""Target reminders: a job that queues, for each target whose period has no value yet, a
reminder to its owner.

Everything is in the database: the job runs once at start-up and then every half hour; planning
is idempotent, so running it often, or twice, or after a restart, sends nothing twice.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from bot.services.container import Services
from bot.services.targets.reminders import Render
from scheduler.jobs import Job, Work, on_services

log = logging.getLogger(__name__)

INTERVAL_SECONDS = 1800.0

# The reminders as a member reads them, in the member's language (or the default one).
Renderer = Callable[[str], Render]


def planner(renderer: Renderer) -> Callable[[Services], Awaitable[int]]:
    """The job's work with the reminders' renderer: the reminders now due; rows added."""

    async def plan_target_reminders(services: Services) -> int:
        count = await services.target_reminders.plan(renderer(services.default_language))
        if count:
            log.info("queued %d target reminder(s)", count)
        return count

    return plan_target_reminders


def job(plan: Work) -> Job:
    return Job("target-reminders", on_services(plan), every=INTERVAL_SECONDS, at_start=True)
