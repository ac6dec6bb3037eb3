"""Meeting reminders: a job that materialises series and plans reminders into the outbox.

Everything is in the database: the job only wakes the services, once at start-up (so reminders
that fell due while the bot was down go out, once, if their meeting has not begun) and then every
few minutes. Planning is idempotent, so running it often, or twice, sends nothing twice.
"""

from __future__ import annotations

import logging
from typing import Any

from telegram.ext import Application, ContextTypes

from bot.meeting_reminder import renderer
from bot.services.container import Services

log = logging.getLogger(__name__)

INTERVAL_SECONDS = 300.0


async def plan_meeting_reminders(services: Services) -> int:
    """New occurrences of series, then the reminders they and the others need; rows added."""
    await services.meetings.materialise()
    return await services.reminders.plan(renderer(services.zone, services.default_language))


def schedule_meeting_reminders(
    application: Application[Any, Any, Any, Any, Any, Any],
    interval_seconds: float = INTERVAL_SECONDS,
) -> None:
    services = application.bot_data.services
    if application.job_queue is None:
        log.warning("no job queue: meeting reminders will not be planned")
        return

    async def run(context: ContextTypes.DEFAULT_TYPE) -> None:
        count = await plan_meeting_reminders(services)
        if count:
            log.info("queued %d meeting reminder(s)", count)

    application.job_queue.run_repeating(
        run, interval=interval_seconds, first=0, name="meeting-reminders"
    )
