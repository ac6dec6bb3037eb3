"""What an adopted programme's people are reminded of on a day, pure.

Each reminder has a first day and a day it stops being useful (``until``, exclusive): a job
that runs every half hour finds it due on its day, and one that wakes after the bot was down
still finds it if it is still useful, but never an older one of the same series once the next
is due. Its ``key`` names what it is about and its recipient, with the date it hangs on (a
changed due date gives new keys): it is the "already sent" mark, kept in the outbox.

- The lead (not of an ad hoc inspection of a suspected violation): a month before the planned
  month (prepare the decision, the plan and the outline)
  while nothing is decided, and on the month's first day while the target is not yet notified.
- The target (the member, or the secretary of the cell inspected), once notified and until a
  self-report arrives: the notice itself (what is inspected, the period, the due date), then 3
  days before and on the due date.
- The team (the lead and its members): 3 days before the verification window closes, that many
  days after the self-report arrived.
- A remediation action's owner: 7 days before its due date, on it, then weekly, three times at
  most; a week after the third, the lead is told once (the committee's secretary when the item
  has no lead).
- The committee and the inspection commission: a digest on each month's first day; the
  committee: a warning on the first day of April, July, October and December when fewer items
  are closed than the year's share gone by.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from bot.domain.inspections.model import ItemState
from bot.domain.inspections.records import Item, RemediationAction
from bot.domain.text import fold

PREFIX = "insp-"  # every inspection reminder's key begins so
DEFAULT_VERIFICATION_DAYS = 20  # QĐ 331: at most 20 days at the level above a grassroots one
TARGET_SOON = timedelta(days=3)
TEAM_SOON = timedelta(days=3)
OWNER_SOON = timedelta(days=7)
OVERDUE_EVERY = timedelta(days=7)
MAX_OVERDUE = 3
DIGEST_DAYS = timedelta(days=7)  # a digest or warning missed on the 1st is still sent that week
# The first day of these months, the share of the year gone by (months out of 12) and thus of
# the programme's items that should be closed; December's is a month before the year's end.
CHECKPOINTS: dict[int, int] = {4: 3, 7: 6, 10: 9, 12: 11}
SECRETARY_TITLE = "bi thu dang uy"  # folded: «Bí thư Đảng ủy», not its deputy

# The steps during which the target is waited for, the team verifies, remediation is followed.
VERIFYING = frozenset({ItemState.SELF_REPORT_RECEIVED, ItemState.VERIFYING})
REMEDIABLE = frozenset({ItemState.CONCLUDED, ItemState.CONCLUSION_NOTIFIED, ItemState.REMEDIATING})


class Occasion(StrEnum):
    PREPARE = "prepare"  # the lead, a month before
    START = "start"  # the lead, the planned month's first day
    NOTIFIED = "notified"  # the target, once notified
    REPORT_SOON = "report-soon"  # the target, 3 days before the self-report's due date
    REPORT_DUE = "report-due"  # the target, on it
    VERIFY = "verify"  # the team, 3 days before the verification window closes
    ACTION_SOON = "action-soon"  # an owner, 7 days before the action's due date
    ACTION_DUE = "action-due"  # an owner, on it
    ACTION_OVERDUE = "action-overdue"  # an owner, weekly after it, three times at most
    ESCALATION = "escalation"  # the lead, a week after the third
    DIGEST = "digest"  # the committee and the commission, each month
    BEHIND = "behind"  # the committee, at the quarter's checkpoints


@dataclass(frozen=True)
class Reminder:
    key: str  # what it is about and for whom: the mark that it was sent
    occasion: Occasion
    member_id: int  # the recipient
    until: date | None  # no longer useful from this day on; None: until sent
    item_id: int | None = None
    action_id: int | None = None
    number: int = 0  # which overdue notice (1 to 3)


def _month_start(year: int, month: int) -> date:
    """The first day of ``month`` of ``year``; months beyond 1–12 roll into the next years."""
    years, index = divmod(month - 1, 12)
    return date(year + years, index + 1, 1)


def verification_closes(received: date, days: int) -> date:
    """The day the team's verification window closes: ``days`` after the self-report."""
    return received + timedelta(days=days)


def _each(
    occasion: Occasion,
    people: Iterable[int],
    key: str,
    until: date | None,
    **about: int,
) -> list[Reminder]:
    return [
        Reminder(
            f"{PREFIX}{occasion.value}:{key}:m{member_id}", occasion, member_id, until, **about
        )
        for member_id in dict.fromkeys(people)
    ]


def item_reminders(
    item: Item,
    year: int,
    today: date,
    *,
    targets: Iterable[int],
    received: date | None = None,
    verification_days: int = DEFAULT_VERIFICATION_DAYS,
) -> list[Reminder]:
    """The reminders about an item of an adopted programme of ``year`` useful on ``today``.

    ``targets`` are whom the target's reminders go to (the member, or the cell's secretaries);
    ``received`` the local day the self-report arrived."""
    if not item.kind.has_steps or item.review.value == "dropped":
        return []
    found: list[Reminder] = []
    about = {"item_id": item.id}
    month = _month_start(year, item.month)
    tag = f"{item.id}:{month:%Y-%m}"
    # An inspection for a suspected violation is ad hoc: nothing to prepare a month ahead.
    lead = () if item.lead_id is None or item.kind.is_restricted else (item.lead_id,)
    before = _month_start(year, item.month - 1)
    if item.state is ItemState.PLANNED and before <= today < month:
        found += _each(Occasion.PREPARE, lead, tag, month, **about)
    after = _month_start(year, item.month + 1)
    if item.state in (ItemState.PLANNED, ItemState.DECIDED) and month <= today < after:
        found += _each(Occasion.START, lead, tag, after, **about)
    due = item.self_report_due
    if item.state is ItemState.NOTIFIED and item.self_report_at is None and due is not None:
        tag = f"{item.id}:{due.isoformat()}"
        soon = due - TARGET_SOON
        if today < soon:
            found += _each(Occasion.NOTIFIED, targets, tag, soon, **about)
        elif today < due:
            found += _each(Occasion.REPORT_SOON, targets, tag, due, **about)
        elif today == due:
            found += _each(Occasion.REPORT_DUE, targets, tag, due + timedelta(days=1), **about)
    if item.state in VERIFYING and received is not None:
        closes = verification_closes(received, verification_days)
        if closes - TEAM_SOON <= today < closes:
            found += _each(Occasion.VERIFY, item.people, f"{item.id}:{closes}", closes, **about)
    return found


def action_reminders(
    action: RemediationAction, item: Item, today: date, *, escalate_to: Iterable[int]
) -> list[Reminder]:
    """The reminders about an open remediation action useful on ``today``: to its owner, and
    once to ``escalate_to`` (the lead, else the committee's secretary) a week after the third
    overdue notice."""
    if action.done or item.state not in REMEDIABLE:
        return []
    about = {"item_id": item.id, "action_id": action.id}
    due = action.due
    tag = f"{action.id}:{due.isoformat()}"
    owner = (action.owner_id,)
    if due - OWNER_SOON <= today < due:
        return _each(Occasion.ACTION_SOON, owner, tag, due, **about)
    if due <= today < due + OVERDUE_EVERY:
        return _each(Occasion.ACTION_DUE, owner, tag, due + OVERDUE_EVERY, **about)
    number = (today - due) // OVERDUE_EVERY
    if 1 <= number <= MAX_OVERDUE:
        until = due + OVERDUE_EVERY * (number + 1)
        return _each(
            Occasion.ACTION_OVERDUE, owner, f"{tag}:{number}", until, **about, number=number
        )
    if number > MAX_OVERDUE:
        return _each(Occasion.ESCALATION, escalate_to, tag, None, **about)
    return []


def digest_reminders(today: date, people: Iterable[int]) -> list[Reminder]:
    """The month's digest to ``people``, useful in the month's first week."""
    first = today.replace(day=1)
    if today >= first + DIGEST_DAYS:
        return []
    return _each(Occasion.DIGEST, people, f"{first:%Y-%m}", first + DIGEST_DAYS)


def checkpoint(today: date) -> int | None:
    """The months of the year gone by, when ``today`` falls in a checkpoint's first week."""
    months = CHECKPOINTS.get(today.month)
    if months is None or today >= today.replace(day=1) + DIGEST_DAYS:
        return None
    return months


def required_closed(items: int, months: int) -> int:
    """The year's share of ``items`` that ``months`` months stand for, rounded up."""
    return -(-items * months // 12)


def behind_reminders(
    today: date, people: Iterable[int], *, items: int, closed: int
) -> list[Reminder]:
    """The committee's warning at a checkpoint when fewer than the pro-rata share of the
    year's ``items`` (with steps) are ``closed``."""
    months = checkpoint(today)
    if months is None or items == 0 or closed >= required_closed(items, months):
        return []
    first = today.replace(day=1)
    return _each(Occasion.BEHIND, people, f"{first:%Y-%m}", first + DIGEST_DAYS)


def unsent(reminders: Iterable[Reminder], sent: Iterable[str]) -> list[Reminder]:
    """The reminders not yet sent (nor queued)."""
    done = set(sent)
    return [r for r in reminders if r.key not in done]


def is_committee_secretary(title: str | None) -> bool:
    """Whether a title names the committee's secretary («Bí thư Đảng ủy»), not a deputy."""
    return title is not None and fold(title) == SECRETARY_TITLE
