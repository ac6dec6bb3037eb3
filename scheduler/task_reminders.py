"""Task reminders: a job that plans deadline reminders, overdue notices and the quarterly
check-in into the outbox.

Everything is in the database: the job runs once at start-up (so a reminder that fell due while
the bot was down goes out, once, if still useful) and then every half hour. Planning is
idempotent, so running it often, or twice, sends nothing twice.
"""

from __future__ import annotations

import logging
from typing import Any

from telegram.ext import Application, ContextTypes

from bot.services.container import Services
from bot.task_reminder import renderer
from scheduler.jobs import at_start_and_every

log = logging.getLogger(__name__)

INTERVAL_SECONDS = 1800.0


async def plan_task_reminders(services: Services) -> int:
    return await services.task_reminders.plan(renderer(services.default_language))


def schedule_task_reminders(
    application: Application[Any, Any, Any, Any, Any, Any],
    interval_seconds: float = INTERVAL_SECONDS,
) -> None:
    services = application.bot_data.services
    if application.job_queue is None:
        log.warning("no job queue: task reminders will not be planned")
        return

    async def run(context: ContextTypes.DEFAULT_TYPE) -> None:
        count = await plan_task_reminders(services)
        if count:
            log.info("queued %d task reminder(s)", count)

    at_start_and_every(application.job_queue, run, interval_seconds, "task-reminders")
