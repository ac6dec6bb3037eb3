"""Recurring meetings: the rules people type, turned into an APScheduler ``CronTrigger``.

The date arithmetic (which day is the first Friday, months without a 31st, the time zone) is
APScheduler's; this module only reads the rule into the trigger's fields, stored as JSON.

Accepted, in Vietnamese (with or without diacritics) and English:

- ``ngày 5 hằng tháng lúc 14:00`` / ``monthly on day 5 at 14:00``
- ``thứ Sáu đầu tiên của tháng lúc 8:00`` / ``first Friday of the month at 8:00``
  (also second/third/fourth/last; ``thứ Hai cuối cùng của tháng``)
- ``quý một lần`` / ``hằng quý`` / ``quarterly``: the first month of each quarter, on the day
  given (``quý một lần ngày 10 lúc 14:00``, ``quarterly on day 10 at 14:00``)
- the compact form for ``--repeat``: ``monthly:5@14:00``, ``monthly:1st-fri@8:00``,
  ``monthly:last-mon@8:00``, ``quarterly:10@14:00``, ``weekly:fri@8:00``

A part left out (the day, the time) is taken from the first meeting's start when one is given.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from apscheduler.triggers.cron import CronTrigger

from bot.domain.errors import UserError
from bot.domain.text import fold
from bot.i18n import N_

QUARTER_MONTHS = "1,4,7,10"
_WEEKDAYS = {
    # Vietnamese (folded) and English names → cron abbreviations
    "thu hai": "mon", "thu ba": "tue", "thu tu": "wed", "thu nam": "thu", "thu sau": "fri",
    "thu bay": "sat", "chu nhat": "sun",
    "monday": "mon", "tuesday": "tue", "wednesday": "wed", "thursday": "thu", "friday": "fri",
    "saturday": "sat", "sunday": "sun",
    "mon": "mon", "tue": "tue", "wed": "wed", "thu": "thu", "fri": "fri", "sat": "sat",
    "sun": "sun",
}  # fmt: skip
_ORDINALS = {
    "dau tien": "1st", "thu nhat": "1st", "thu hai": "2nd", "thu ba": "3rd", "thu tu": "4th",
    "cuoi cung": "last", "cuoi": "last",
    "first": "1st", "second": "2nd", "third": "3rd", "fourth": "4th", "last": "last",
    "1st": "1st", "2nd": "2nd", "3rd": "3rd", "4th": "4th",
}  # fmt: skip
_WEEKDAY_RE = "|".join(sorted(_WEEKDAYS, key=len, reverse=True))
_ORDINAL_RE = "|".join(sorted(_ORDINALS, key=len, reverse=True))
# "thứ Sáu đầu tiên" (weekday, then ordinal) and "first Friday" (ordinal, then weekday)
_VI_NTH = re.compile(rf"\b({_WEEKDAY_RE})\s+({_ORDINAL_RE})\b")
_EN_NTH = re.compile(rf"\b({_ORDINAL_RE})[\s-]+({_WEEKDAY_RE})\b")
# 14:00, 8:30, 14h, 8h30 (and 8g30); "5 hang thang" is not a time
_TIME = re.compile(r"(?<![\d/.-])(\d{1,2})(?:\s*:\s*(\d{2})|[hg](\d{2})?(?![a-z\d]))")
_DAY = re.compile(
    r"\b(?:ngay|day|on the|the)\s+(\d{1,2})(?:st|nd|rd|th)?\b|\b(\d{1,2})(?:st|nd|rd|th)\b"
)
_QUARTERLY = re.compile(r"\bquy mot lan\b|\bhang quy\b|\bmoi quy\b|\bquarter(?:ly)?\b|\bmot quy\b")
_MONTHLY = re.compile(r"\bthang\b|\bmonth(?:ly)?\b")
_WEEKLY = re.compile(r"\bhang tuan\b|\bmoi tuan\b|\bweekly\b|\bevery week\b")
_COMPACT = re.compile(r"^(monthly|quarterly|weekly):([a-z0-9-]+)(?:@(\d{1,2}):(\d{2}))?$")

# The phrases people write, in their language; the compact form is for scripts only.
NOT_UNDERSTOOD = N_(
    'The rule "{rule}" is not understood. Write for example "monthly on day 5 at 14:00", '
    '"first Friday of the month at 8:00" or "quarterly on day 10 at 14:00".'
)
NO_TIME = N_('The rule "{rule}" has no time: add one, for example "at 14:00".')
NO_DAY = N_('The rule "{rule}" has no day: add one, for example "on day 5".')
BAD_DAY = N_(
    "Day {day} does not exist in every month: choose a day from 1 to 28, or the last weekday of "
    "the month."
)
BAD_TIME = N_("{time} is not a time of day.")


@dataclass(frozen=True)
class Recurrence:
    """The fields of a ``CronTrigger``; the organisation's zone is added when it runs."""

    fields: dict[str, str]

    def to_json(self) -> str:
        return json.dumps(self.fields, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> Recurrence:
        return cls(dict(json.loads(text)))

    def trigger(self, zone: ZoneInfo) -> CronTrigger:
        return CronTrigger(timezone=zone, **self.fields)

    def occurrences(self, zone: ZoneInfo, start: datetime, until: datetime) -> Iterator[datetime]:
        """Occurrence starts in ``[start, until)``, in ``zone``; APScheduler does the stepping."""
        trigger = self.trigger(zone)
        previous: datetime | None = None
        now = start
        while True:
            fire: datetime | None = trigger.get_next_fire_time(previous, now)
            if fire is None or fire >= until:
                return
            yield fire
            previous = now = fire


def parse_rule(rule: str, default: datetime | None = None) -> Recurrence:
    """Reads ``rule``; the day or time it leaves out comes from ``default`` (local time)."""
    text = fold(rule).strip()
    compact = _COMPACT.match(text.replace(" ", ""))
    if compact is not None:
        return _compact(rule, compact, default)
    fields: dict[str, Any] = {}
    if _QUARTERLY.search(text):
        fields["month"] = QUARTER_MONTHS
    elif _WEEKLY.search(text):
        fields["month"] = "*"
    elif not _MONTHLY.search(text):
        raise UserError(NOT_UNDERSTOOD, rule=rule)
    time = _TIME.search(text)
    stripped = _TIME.sub(" ", text)
    nth = _VI_NTH.search(stripped) or _EN_NTH.search(stripped)
    weekly = _WEEKLY.search(text) is not None
    if nth is not None and not weekly:
        weekday, ordinal = (nth[1], nth[2]) if nth.re is _VI_NTH else (nth[2], nth[1])
        fields["day"] = f"{_ORDINALS[ordinal]} {_WEEKDAYS[weekday]}"
    elif weekly:
        day_name = re.search(rf"\b({_WEEKDAY_RE})\b", stripped)
        if day_name is None:
            if default is None:
                raise UserError(NO_DAY, rule=rule)
            fields["day_of_week"] = default.strftime("%a").lower()
        else:
            fields["day_of_week"] = _WEEKDAYS[day_name[1]]
    else:
        day = _DAY.search(stripped)
        if day is not None:
            fields["day"] = _day(int(day[1] or day[2]))
        elif default is not None:
            fields["day"] = _day(default.day)
        else:
            raise UserError(NO_DAY, rule=rule)
    minute = (time[2] or time[3]) if time else None
    fields.update(_time(rule, time[1] if time else None, minute, default))
    return Recurrence({k: str(v) for k, v in fields.items()})


def _compact(rule: str, match: re.Match[str], default: datetime | None) -> Recurrence:
    every, day, hour, minute = match[1], match[2], match[3], match[4]
    fields: dict[str, str] = {"month": QUARTER_MONTHS if every == "quarterly" else "*"}
    if every == "weekly":
        if day not in _WEEKDAYS:
            raise UserError(NOT_UNDERSTOOD, rule=rule)
        fields["day_of_week"] = _WEEKDAYS[day]
    elif day.isdecimal():
        fields["day"] = _day(int(day))
    else:
        ordinal, _, weekday = day.partition("-")
        if ordinal not in _ORDINALS or weekday not in _WEEKDAYS:
            raise UserError(NOT_UNDERSTOOD, rule=rule)
        fields["day"] = f"{_ORDINALS[ordinal]} {_WEEKDAYS[weekday]}"
    fields.update(_time(rule, hour, minute, default))
    return Recurrence(fields)


def _day(day: int) -> str:
    if not 1 <= day <= 28:
        raise UserError(BAD_DAY, day=day)
    return str(day)


def _time(
    rule: str, hour: str | None, minute: str | None, default: datetime | None
) -> dict[str, str]:
    if hour is None:
        if default is None:
            raise UserError(NO_TIME, rule=rule)
        return {"hour": str(default.hour), "minute": str(default.minute)}
    h, m = int(hour), int(minute or 0)
    if h > 23 or m > 59:
        raise UserError(BAD_TIME, time=f"{h}:{m:02d}")
    return {"hour": str(h), "minute": str(m)}
