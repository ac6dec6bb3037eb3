"""Meeting reminders: a job that materialises series and plans reminders into the outbox.

Everything is in the database: the job only wakes the services, once at start-up (so reminders
that fell due while the bot was down go out, once, if their meeting has not begun) and then every
few minutes. Planning is idempotent, so running it often, or twice, sends nothing twice. Only
the reminders due within a day are planned: the outbox holds a day of them, not two months, and
a mute, a move or new quiet hours apply to every reminder not yet due tomorrow.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import timedelta
from zoneinfo import ZoneInfo

from bot.services.container import Services
from bot.services.meetings.reminders import Render
from scheduler.jobs import Job, Work, on_services

log = logging.getLogger(__name__)

INTERVAL_SECONDS = 300.0
HORIZON = timedelta(days=1)

# A reminder as a member reads it, with its answer buttons: in the organisation's time zone and
# the member's language (or the default one).
Renderer = Callable[[ZoneInfo, str], Render]


def planner(renderer: Renderer) -> Callable[[Services], Awaitable[int]]:
    """The job's work with the reminders' renderer: new occurrences of series, then the
    reminders they and the others need; rows added."""

    async def plan_meeting_reminders(services: Services) -> int:
        await services.meetings.materialise()
        render = renderer(services.zone, services.default_language)
        count = await services.reminders.plan(render, horizon=HORIZON)
        if count:
            log.info("queued %d meeting reminder(s)", count)
        return count

    return plan_meeting_reminders


def job(plan: Work) -> Job:
    return Job("meeting-reminders", on_services(plan), every=INTERVAL_SECONDS, at_start=True)
