"""What a review cycle's people are reminded of on a day, pure.

- Members asked for a self-review who have not submitted one: 7 and 2 days before it is due.
- Cell secretaries: 3 days before the date the cells meet by (their cell's members waiting).
- The committee: 3 days before the decision date.

A reminder is useful from its day until the date it is about (``until``, exclusive): a job that
wakes late still sends it then, never after. Its key names the cycle, the occasion and the
recipient: the outbox keeps it, so none is sent twice.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from bot.domain.ratings.records import Cycle

PREFIX = "rating-"  # every rating reminder's key begins so


class Occasion(StrEnum):
    SELF_REVIEW_WEEK = "self-review-7"
    SELF_REVIEW_SOON = "self-review-2"
    CELL_MEETING = "cell-meeting"
    DECISION = "decision"


# Days before the date each occasion is about.
BEFORE: dict[Occasion, int] = {
    Occasion.SELF_REVIEW_WEEK: 7,
    Occasion.SELF_REVIEW_SOON: 2,
    Occasion.CELL_MEETING: 3,
    Occasion.DECISION: 3,
}


@dataclass(frozen=True)
class Reminder:
    key: str
    occasion: Occasion
    member_id: int
    until: date  # the date it is about: no longer useful from then on


def _about(cycle: Cycle, occasion: Occasion) -> date:
    if occasion in (Occasion.SELF_REVIEW_WEEK, Occasion.SELF_REVIEW_SOON):
        return cycle.self_review_due
    if occasion is Occasion.CELL_MEETING:
        return cycle.cells_by
    return cycle.decision_by


def current(cycle: Cycle, occasion: Occasion, today: date) -> bool:
    """Its day has come and the date it is about has not passed; the week's reminder gives way
    to the one two days before once that one is due."""
    about = _about(cycle, occasion)
    starts = about - timedelta(days=BEFORE[occasion])
    if occasion is Occasion.SELF_REVIEW_WEEK:
        about = about - timedelta(days=BEFORE[Occasion.SELF_REVIEW_SOON])
    return starts <= today < about


def reminders(
    cycle: Cycle,
    today: date,
    *,
    not_submitted: Iterable[int],
    secretaries: Iterable[int],
    committee: Iterable[int],
) -> list[Reminder]:
    """The reminders of ``cycle`` due ``today`` (the caller drops those already queued)."""
    if cycle.published:
        return []
    found: list[Reminder] = []
    waiting = tuple(not_submitted)
    groups = {
        Occasion.SELF_REVIEW_WEEK: waiting,
        Occasion.SELF_REVIEW_SOON: waiting,
        Occasion.CELL_MEETING: secretaries,
        Occasion.DECISION: committee,
    }
    for occasion, members in groups.items():
        if not current(cycle, occasion, today):
            continue
        until = _about(cycle, occasion)
        for member_id in sorted(set(members)):
            key = f"{PREFIX}{cycle.id}:{occasion.value}:{member_id}"
            found.append(Reminder(key, occasion, member_id, until))
    return found
