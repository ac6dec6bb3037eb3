"""The day before a meeting: nudges to members who have not answered and the cell secretaries'
digests. The database says what is due; this job only wakes the service every few minutes and
the outbox's keys make running it again, or after a restart, queue nothing twice."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from zoneinfo import ZoneInfo

from bot.services.container import Services
from bot.services.meetings.meeting_notices import DigestRender
from scheduler.jobs import Job, Work, on_services
from scheduler.meetings.meeting_reminders import Renderer

log = logging.getLogger(__name__)

INTERVAL_SECONDS = 300.0

# The secretary's digest as they read it, in the organisation's time zone.
DigestRenderer = Callable[[ZoneInfo, str], DigestRender]


def enqueuer(
    reminder: Renderer, digest: DigestRenderer
) -> Callable[[Services], Awaitable[tuple[int, int]]]:
    """The job's work with its renderers: (nudges, digests) queued now."""

    async def enqueue_meeting_notices(services: Services) -> tuple[int, int]:
        zone, language = services.zone, services.default_language
        nudges = await services.meeting_notices.nudge(reminder(zone, language))
        digests = await services.meeting_notices.digests(digest(zone, language))
        if nudges or digests:
            log.info("queued %d meeting nudge(s), %d digest(s)", nudges, digests)
        return nudges, digests

    return enqueue_meeting_notices


def job(enqueue: Work) -> Job:
    return Job("meeting-digests", on_services(enqueue), every=INTERVAL_SECONDS, at_start=True)
