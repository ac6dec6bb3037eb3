"""Checking a day and time a member typed (a meeting's start, when a notice goes out), with
the reason when it does not fit; the prompts add their examples. Whether it has passed is
checked where it is used, the same way however the date was written."""

from __future__ import annotations

from datetime import date, datetime

from bot.domain.deadlines import DeadlineError, parse_deadline, parse_moment
from bot.domain.errors import UserError
from bot.i18n import N_

UNREADABLE = N_("I could not read “{text}” as a day and time.")
_MOMENT_MESSAGES = {
    "invalid_date": N_("That date does not exist."),
    "no_time": N_("Please write the time of day too."),
    "invalid_time": N_("That is not a time of day: the hours go from 0 to 23, the minutes to 59."),
}
UNREADABLE_DAY = N_("I could not read “{text}” as a date.")
PAST_DAY = N_("That date ({deadline}) has already passed.")
TOO_FAR = N_("The date must fall between today and the end of next year.")


def check_moment(text: str, now: datetime) -> datetime:
    """The local (naive) day and time ``text`` names, read from ``now`` (local, naive)."""
    try:
        return parse_moment(text, now)
    except DeadlineError as error:
        message = _MOMENT_MESSAGES.get(error.code, UNREADABLE)
        raise UserError(message, text=text.strip()[:40]) from error


def check_due(text: str, today: date) -> date:
    """A due date from today on, written as a deadline is (``30/11/2026``, ``30/11``,
    ``tháng 6``, ``quý 3``, ``cuối năm``, ``thứ Sáu tuần sau``); a day without a year that has
    passed this year is next year's (a remediation set in December runs into the spring)."""
    codes: set[str] = set()
    past: date | None = None
    for year in (today.year, today.year + 1):
        try:
            due = parse_deadline(text, year, today)
        except DeadlineError as refused:
            codes.add(refused.code)
            continue
        if due >= today:
            return due
        past = past or due
    if past is not None:
        raise UserError(PAST_DAY, deadline=past)
    if "invalid_date" in codes:
        raise UserError(_MOMENT_MESSAGES["invalid_date"])
    if "outside_year" in codes:
        raise UserError(TOO_FAR)
    raise UserError(UNREADABLE_DAY, text=text.strip()[:40])
