"""When a month counts as unpaid, and when a member's unpaid months call for an alert.

A month is *due* once it has ended and the grace days of the next month have passed (the
setting ``BUTPHA_DUES_GRACE_DAYS``, 10 by default: time to pay late in the month and for the
secretary to confirm). A due month counts as unpaid when nothing settles it: no payment, no
claim waiting for confirmation (the member's word counts until the secretary says otherwise),
no exemption, reduction or deferral. Months before the member was on the bot's list do not
count unless something was recorded for them: the bot cannot know them.

Two unpaid months in a year (a local choice, ``BUTPHA_DUES_SECRETARY_ALERT_MONTHS``) → a private
note to the cell secretary; three (the rule, Quy định 01-QĐ/TW) → to the committee. Each alert
at most once per member per year.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from functools import lru_cache

from bot.domain.dues.model import DuesRecord, DuesState, Month

DEFAULT_REMINDER_DAY = 5
DEFAULT_GRACE_DAYS = 10
DEFAULT_SECRETARY_ALERT_MONTHS = 2
REMOVAL_MONTHS = 3  # Quy định 01-QĐ/TW: three months in a year without good reason


@dataclass(frozen=True)
class DuesSettings:
    reminder_day: int = DEFAULT_REMINDER_DAY  # the day of the month members are reminded
    grace_days: int = DEFAULT_GRACE_DAYS  # days into the next month before a month is unpaid
    secretary_alert_months: int = DEFAULT_SECRETARY_ALERT_MONTHS


class Shown(StrEnum):
    """A month as the grid shows it."""

    PAID = "paid"
    CLAIMED = "claimed"
    UNPAID = "unpaid"  # due and not settled
    OPEN = "open"  # not due yet, nothing recorded
    EXEMPT = "exempt"
    REDUCED = "reduced"
    DEFERRED = "deferred"
    UNTRACKED = "untracked"  # before the member was on the list, nothing recorded


def unpaid_from(month: Month, grace_days: int) -> date:
    """The first day ``month`` counts as unpaid if nothing settles it."""
    return month.next().first_day + timedelta(days=grace_days)


def is_due(month: Month, today: date, grace_days: int) -> bool:
    return today >= unpaid_from(month, grace_days)


def shown(
    month: Month,
    record: DuesRecord | None,
    today: date,
    *,
    tracked_from: Month,
    grace_days: int,
) -> Shown:
    """What a member's ``month`` shows on ``today``."""
    if record is not None and record.state is not DuesState.UNPAID:
        return Shown(record.state.value)
    if record is None and month < tracked_from:
        return Shown.UNTRACKED
    if is_due(month, today, grace_days):
        return Shown.UNPAID
    return Shown.OPEN


def year_row(
    year: int,
    states: Mapping[int, DuesState],
    today: date,
    *,
    tracked_from: Month,
    grace_days: int,
) -> tuple[Shown, ...]:
    """What each month of ``year`` shows (January first), from the recorded states by month
    number: :func:`shown` twelve times, with what is the same for every member (which months
    are due) worked out once, for the organisation's tens of thousands of members."""
    due = last_due_month(year, today, grace_days)
    first = (
        1 if tracked_from.year < year else (13 if tracked_from.year > year else tracked_from.month)
    )
    row = []
    for number in range(1, 13):
        state = states.get(number)
        if state is not None and state is not DuesState.UNPAID:
            row.append(_SHOWN[state])
        elif state is None and number < first:
            row.append(Shown.UNTRACKED)
        else:
            row.append(Shown.UNPAID if number <= due else Shown.OPEN)
    return tuple(row)


@lru_cache(maxsize=64)
def last_due_month(year: int, today: date, grace_days: int) -> int:
    """The last month of ``year`` that is due on ``today`` (0: none, 12: all). Remembered: the
    same for every member, asked for each of the organisation's tens of thousands."""
    due = 0
    for number in range(1, 13):
        if is_due(Month(year, number), today, grace_days):
            due = number
    return due


def counts_of(row: Iterable[Shown]) -> YearCounts:
    """A row's months counted as the review and the report read them."""
    tally = dict.fromkeys(Shown, 0)
    for state in row:
        tally[state] += 1
    return YearCounts(
        paid=tally[Shown.PAID] + tally[Shown.REDUCED],
        claimed=tally[Shown.CLAIMED],
        unpaid=tally[Shown.UNPAID],
        exempt=tally[Shown.EXEMPT],
        deferred=tally[Shown.DEFERRED],
        open=tally[Shown.OPEN],
        untracked=tally[Shown.UNTRACKED],
    )


@dataclass(frozen=True)
class YearCounts:
    """A member's months of a year, as the review and the report read them."""

    paid: int = 0  # confirmed, in cash or through the portal, and reduced (paid at a lower rate)
    claimed: int = 0  # said to be paid, not confirmed yet
    unpaid: int = 0  # due and not settled
    exempt: int = 0
    deferred: int = 0
    open: int = 0  # not due yet
    untracked: int = 0

    @property
    def owed(self) -> int:
        """The months that counted: due, tracked, not exempt or deferred."""
        return self.paid + self.claimed + self.unpaid


def year_counts(
    year: int,
    records: Mapping[int, DuesRecord],
    today: date,
    *,
    tracked_from: Month,
    grace_days: int,
    months: Iterable[int] = range(1, 13),
) -> YearCounts:
    """``records`` by month number; ``months``: which months of ``year`` to count."""
    tally = dict.fromkeys(Shown, 0)
    for number in months:
        state = shown(
            Month(year, number),
            records.get(number),
            today,
            tracked_from=tracked_from,
            grace_days=grace_days,
        )
        tally[state] += 1
    return YearCounts(
        paid=tally[Shown.PAID] + tally[Shown.REDUCED],
        claimed=tally[Shown.CLAIMED],
        unpaid=tally[Shown.UNPAID],
        exempt=tally[Shown.EXEMPT],
        deferred=tally[Shown.DEFERRED],
        open=tally[Shown.OPEN],
        untracked=tally[Shown.UNTRACKED],
    )


_SHOWN = {state: Shown(state.value) for state in DuesState if state is not DuesState.UNPAID}


class AlertLevel(StrEnum):
    SECRETARY = "secretary"  # the cell secretary is told privately
    COMMITTEE = "committee"  # the committee is told, with the rule named


def alert_levels(unpaid: int, settings: DuesSettings) -> tuple[AlertLevel, ...]:
    """The alerts ``unpaid`` months in a year call for (each is sent once a year)."""
    levels = []
    if unpaid >= settings.secretary_alert_months:
        levels.append(AlertLevel.SECRETARY)
    if unpaid >= REMOVAL_MONTHS:
        levels.append(AlertLevel.COMMITTEE)
    return tuple(levels)


def reminder_month(today: date, reminder_day: int) -> Month | None:
    """The month members are reminded of on ``today``: this month, from its reminder day on
    (a reminder missed while the bot was down goes out later in the month, once)."""
    return Month.of(today) if today.day >= reminder_day else None


def claimable(month: Month, today: date) -> bool:
    """A member may say they paid this month or an earlier one, not a month to come."""
    return month <= Month.of(today)


def reminder_key(month: Month, member_id: int) -> str:
    return f"dues:remind:{month.year}-{month.month:02d}:{member_id}"


def alert_key(level: AlertLevel, year: int, member_id: int, recipient_id: int) -> str:
    return f"dues:alert:{level.value}:{year}:{member_id}:{recipient_id}"


PREFIX = "dues:"
