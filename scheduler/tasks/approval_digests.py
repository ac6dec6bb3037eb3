"""The cell secretary's digest of new submissions: one message per secretary, not one per task.

The database says what is new (``digest_sent_at`` is empty); the job only wakes this code. The
digest goes into the outbox in the same transaction that marks its tasks announced, and the
sender delivers it (retries, blocked members, restarts: the outbox's business).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable, Sequence

from telegram import InlineKeyboardMarkup

from bot.i18n import Translator, translator
from bot.services.container import Services
from bot.services.tasks.approvals import Digest, Pending
from scheduler.jobs import Job, Work, on_services

log = logging.getLogger(__name__)

# The digest as a secretary reads it: text and buttons, in their language.
DigestMessage = Callable[[Sequence[Pending], Translator], tuple[str, InlineKeyboardMarkup | None]]


def enqueuer(message: DigestMessage) -> Callable[[Services], Awaitable[int]]:
    """The job's work with the digest's renderer: put each secretary's digest in the outbox (the
    sender delivers it); how many."""

    async def enqueue_approval_digests(services: Services) -> int:
        def render(digest: Digest) -> tuple[str, str | None]:
            t = translator(digest.secretary.language, services.default_language)
            text, keyboard = message(digest.items, t)
            return text, None if keyboard is None else json.dumps(keyboard.to_dict())

        count = await services.approvals.enqueue_digests(render)
        if count:
            log.info("queued %d approval digest(s)", count)
        return count

    return enqueue_approval_digests


def job(enqueue: Work) -> Job:
    """Every few minutes (the settings say how many) the digests that are due, the first after
    one interval."""
    return Job(
        "approval-digests",
        on_services(enqueue),
        every=lambda settings: settings.approval_digest_minutes * 60,
    )
