"""After meetings: fill the attendance gaps and alert secretaries, every few minutes.

``finalise_ended`` skips meetings already finalised and every alert has its own outbox key,
so running it often, or twice after a restart, sends nothing twice.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from zoneinfo import ZoneInfo

from bot.services.container import Services
from bot.services.meetings.attendance import Render
from scheduler.jobs import Job, Work, on_services

log = logging.getLogger(__name__)

INTERVAL_SECONDS = 300.0

# The secretary's alert as they read it, in the organisation's time zone.
Renderer = Callable[[ZoneInfo, str], Render]


def finaliser(renderer: Renderer) -> Callable[[Services], Awaitable[int]]:
    """The job's work with the alerts' renderer: alert messages queued."""

    async def finalise_attendance(services: Services) -> int:
        render = renderer(services.zone, services.default_language)
        count = await services.attendance.finalise_ended(render)
        if count:
            log.info("queued %d attendance alert(s)", count)
        return count

    return finalise_attendance


def job(finalise: Work) -> Job:
    return Job("attendance-finalise", on_services(finalise), every=INTERVAL_SECONDS, first=30)
