"""Inspection reminders: a job that plans the steps' reminders, the monthly digest and the
quarterly warning into the outbox.

Everything is in the database: the job runs once at start-up (so a reminder that fell due while
the bot was down goes out, once, if still useful) and then every half hour. Planning is
idempotent, so running it often, or twice, sends nothing twice.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from bot.services.container import Services
from bot.services.inspections.reminders import Render
from scheduler.jobs import Job, Work, on_services

log = logging.getLogger(__name__)

INTERVAL_SECONDS = 1800.0

# The reminders as a member reads them, in the member's language (or the default one).
Renderer = Callable[[str], Render]


def planner(renderer: Renderer) -> Callable[[Services], Awaitable[int]]:
    """The job's work with the reminders' renderer: the reminders now due; rows added."""

    async def plan_inspection_reminders(services: Services) -> int:
        render = renderer(services.default_language)
        count = await services.inspection_reminders.plan(render)
        if count:
            log.info("queued %d inspection reminder(s)", count)
        return count

    return plan_inspection_reminders


def job(plan: Work) -> Job:
    return Job("inspection-reminders", on_services(plan), every=INTERVAL_SECONDS, at_start=True)
