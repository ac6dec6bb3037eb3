"""The inbox's types (issue 15): a stored update, and the attempt at handling one.

The attempt under way is known to the task that handles it through :data:`current_attempt`, so
that the database marks the update applied in the handler's own write transaction (the first
one that changes something: after a crash it is never handled again), the rate limiter keeps its
answer on the entry before it goes out and marks it done once it is out (after a crash in
between, the kept answer is sent again; without one, the member is told their message was
recorded), and the error handler knows the inbox will try it again or set it aside and tell
the member. Pure: the standard library only."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class InboxStatus(StrEnum):
    PENDING = "pending"
    HANDLING = "handling"
    APPLIED = "applied"
    DONE = "done"
    SET_ASIDE = "set_aside"


@dataclass(frozen=True)
class InboxEntry:
    id: int
    channel: str
    key: str
    update_id: int
    payload: str  # the update as the Bot API gives it (JSON)
    status: InboxStatus
    attempts: int
    last_error: str | None
    received_at: datetime
    # The answer kept while it waited to go out (JSON: the request made again after a crash).
    answer: str | None = None


@dataclass
class Attempt:
    """One attempt at handling an inbox entry. ``applied``: a write of the handler committed,
    and the entry was marked applied with it (the attempt must not be repeated). ``answered``:
    after that, a call of the handler reached the messenger (its answer is out), and the entry
    was marked done. ``answer_kept``: after the changes, the first answering request was
    written to the entry before it went out (made again after a crash). ``error``: what the
    handler raised, if it did."""

    entry: int
    number: int
    applied: bool = False
    answered: bool = False
    answer_kept: bool = False
    error: BaseException | None = None


current_attempt: ContextVar[Attempt | None] = ContextVar("inbox_attempt", default=None)


def failed_attempt(error: BaseException) -> bool:
    """Notes ``error`` on the attempt under way. ``True`` when the inbox takes it from here
    (it tries the update again, or sets it aside and tells the member); ``False`` when there is
    no such attempt, or the handler's changes were already committed."""
    attempt = current_attempt.get()
    if attempt is None or attempt.applied:
        return False
    attempt.error = error
    return True


@contextmanager
def not_the_update_itself() -> Iterator[None]:
    """Writes made inside are bookkeeping every update does (who wrote last), not what the
    update asked for: they do not mark it done."""
    token = current_attempt.set(None)
    try:
        yield
    finally:
        current_attempt.reset(token)
