"""Meeting reminders: a job that materialises series and plans reminders into the outbox.

Everything is in the database: the job only wakes the services, once at start-up (so reminders
that fell due while the bot was down go out, once, if their meeting has not begun) and then every
few minutes. Planning is idempotent, so running it often, or twice, sends nothing twice. Only
the reminders due within a day are planned: the outbox holds a day of them, not two months, and
a mute, a move or new quiet hours apply to every reminder not yet due tomorrow.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from telegram.ext import Application, ContextTypes

from bot.meeting_reminder import renderer
from bot.services.container import Services
from scheduler.jobs import at_start_and_every

log = logging.getLogger(__name__)

INTERVAL_SECONDS = 300.0
HORIZON = timedelta(days=1)


async def plan_meeting_reminders(services: Services) -> int:
    """New occurrences of series, then the reminders they and the others need; rows added."""
    await services.meetings.materialise()
    render = renderer(services.zone, services.default_language)
    return await services.reminders.plan(render, horizon=HORIZON)


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

    at_start_and_every(application.job_queue, run, interval_seconds, "meeting-reminders")
