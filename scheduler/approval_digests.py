"""The cell secretary's digest of new submissions: one message per secretary, not one per task.

The database says what is new (``digest_sent_at`` is empty); the job only wakes this code. The
digest goes into the outbox in the same transaction that marks its tasks announced, and the
sender delivers it (retries, blocked members, restarts: the outbox's business).
"""

from __future__ import annotations

import json
import logging
from typing import Any

from telegram.ext import Application, ContextTypes

from bot.approval_list import digest_message
from bot.i18n import translator
from bot.services.approvals import Digest
from bot.services.container import Services

log = logging.getLogger(__name__)


async def enqueue_approval_digests(services: Services) -> int:
    """Put each secretary's digest in the outbox (the sender delivers it); how many."""

    def render(digest: Digest) -> tuple[str, str | None]:
        t = translator(digest.secretary.language, services.default_language)
        text, keyboard = digest_message(digest.items, t)
        return text, None if keyboard is None else json.dumps(keyboard.to_dict())

    return await services.approvals.enqueue_digests(render)


def schedule_approval_digests(
    application: Application[Any, Any, Any, Any, Any, Any], interval_seconds: float
) -> None:
    """Every ``interval_seconds``, send the digests that are due (the first after one interval)."""
    services = application.bot_data.services
    if application.job_queue is None:
        log.warning("no job queue: approval digests will not be sent")
        return

    async def run(context: ContextTypes.DEFAULT_TYPE) -> None:
        count = await enqueue_approval_digests(services)
        if count:
            log.info("queued %d approval digest(s)", count)

    application.job_queue.run_repeating(
        run, interval=interval_seconds, first=interval_seconds, name="approval-digests"
    )
