"""Rating reminders: a job that plans a review cycle's reminders into the outbox (the
self-review due in 7 and 2 days, the cells' meeting date, the decision date).

It runs at start-up and then every half hour; planning is idempotent (the outbox keeps each
reminder's key), so running it often, or twice, sends nothing twice.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from bot.services.container import Services
from bot.services.ratings.reminders import Render
from scheduler.jobs import Job, Work, on_services

log = logging.getLogger(__name__)

INTERVAL_SECONDS = 1800.0

# The reminders as a member reads them, in the member's language (or the default one).
Renderer = Callable[[str], Render]


def planner(renderer: Renderer) -> Callable[[Services], Awaitable[int]]:
    """The job's work with the reminders' renderer: the reminders now due; rows added."""

    async def plan_rating_reminders(services: Services) -> int:
        count = await services.rating_reminders.plan(renderer(services.default_language))
        if count:
            log.info("queued %d rating reminder(s)", count)
        return count

    return plan_rating_reminders


def job(plan: Work) -> Job:
    return Job("rating-reminders", on_services(plan), every=INTERVAL_SECONDS, at_start=True)
