"""After meetings: fill the attendance gaps and alert secretaries, every few minutes.

``finalise_ended`` skips meetings already finalised and every alert has its own outbox key,
so running it often, or twice after a restart, sends nothing twice.
"""

from __future__ import annotations

import logging
from typing import Any

from telegram.ext import Application, ContextTypes

from bot.attendance_alert import alert_renderer
from bot.services.container import Services

log = logging.getLogger(__name__)

INTERVAL_SECONDS = 300.0


async def finalise_attendance(services: Services) -> int:
    """Alert messages queued."""
    render = alert_renderer(services.zone, services.default_language)
    return await services.attendance.finalise_ended(render)


def schedule_attendance_finalise(
    application: Application[Any, Any, Any, Any, Any, Any],
    interval_seconds: float = INTERVAL_SECONDS,
) -> None:
    services = application.bot_data.services
    if application.job_queue is None:
        log.warning("no job queue: attendance will not be finalised")
        return

    async def run(context: ContextTypes.DEFAULT_TYPE) -> None:
        count = await finalise_attendance(services)
        if count:
            log.info("queued %d attendance alert(s)", count)

    application.job_queue.run_repeating(
        run, interval=interval_seconds, first=30, name="attendance-finalise"
    )
