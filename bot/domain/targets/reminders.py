"""When a target's owner is reminded to record its value: once a period (a month, or a quarter,
as the target's cadence says), from the period's ``REMIND_DAY`` to its end, and only while the
period has no update. A computed target, one set to ``never``, and a year over ask nothing.

A reminder's key names the target, the period and the recipient: the outbox refuses a key twice,
so planning again (every half hour, after a restart) sends nothing twice."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bot.domain.targets.model import Cadence, Target

REMIND_DAY = 20  # of the period's last month
PREFIX = "target-"


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # the day after its last
    label: str  # "2020-06", "2020-q2"


def period_of(cadence: Cadence, day: date) -> Period | None:
    if cadence is Cadence.NEVER:
        return None
    if cadence is Cadence.MONTHLY:
        first_month = last_month = day.month
        label = f"{day.year}-{day.month:02d}"
    else:
        quarter = (day.month - 1) // 3
        first_month, last_month = quarter * 3 + 1, quarter * 3 + 3
        label = f"{day.year}-q{quarter + 1}"
    start = date(day.year, first_month, 1)
    end = date(day.year + 1, 1, 1) if last_month == 12 else date(day.year, last_month + 1, 1)
    return Period(start, end, label)


def due(target: Target, today: date) -> Period | None:
    """The period ``target``'s owner is asked about today, if any (whether it has an update
    is the caller's to know)."""
    if target.source.computed or target.year != today.year:
        return None
    period = period_of(target.cadence, today)
    if period is None:
        return None
    return period if today >= _reminder_day(period) else None


def _reminder_day(period: Period) -> date:
    """``REMIND_DAY`` of the period's last month."""
    month = period.end.month - 1 or 12
    year = period.end.year if period.end.month != 1 else period.end.year - 1
    return date(year, month, REMIND_DAY)


def key(target_id: int, period: Period, member_id: int) -> str:
    return f"{PREFIX}{target_id}-{period.label}-m{member_id}"
