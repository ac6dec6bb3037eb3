"""The day before a meeting: nudges to members who have not answered and the cell secretaries'
digests. The database says what is due; this job only wakes the service every few minutes and
the outbox's keys make running it again, or after a restart, queue nothing twice."""

from __future__ import annotations

import logging
from typing import Any

from telegram.ext import Application, ContextTypes

from bot.meeting_notice_text import digest_renderer
from bot.meeting_reminder import renderer
from bot.services.container import Services
from scheduler.jobs import at_start_and_every

log = logging.getLogger(__name__)

INTERVAL_SECONDS = 300.0


async def enqueue_meeting_notices(services: Services) -> tuple[int, int]:
    """(nudges, digests) queued now."""
    zone, language = services.zone, services.default_language
    nudges = await services.meeting_notices.nudge(renderer(zone, language))
    digests = await services.meeting_notices.digests(digest_renderer(zone, language))
    return nudges, digests


def schedule_meeting_digests(
    application: Application[Any, Any, Any, Any, Any, Any],
    interval_seconds: float = INTERVAL_SECONDS,
) -> None:
    services = application.bot_data.services
    if application.job_queue is None:
        log.warning("no job queue: meeting nudges and digests will not be sent")
        return

    async def run(context: ContextTypes.DEFAULT_TYPE) -> None:
        nudges, digests = await enqueue_meeting_notices(services)
        if nudges or digests:
            log.info("queued %d meeting nudge(s), %d digest(s)", nudges, digests)

    at_start_and_every(application.job_queue, run, interval_seconds, "meeting-digests")
