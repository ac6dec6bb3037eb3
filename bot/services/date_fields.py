"""Checking a day and time a member typed (a meeting's start, when a notice goes out), with
the reason when it does not fit; the prompts add their examples. Whether it has passed is
checked where it is used, the same way however the date was written."""

from __future__ import annotations

from datetime import datetime

from bot.domain.deadlines import DeadlineError, parse_moment
from bot.domain.errors import UserError
from bot.i18n import N_

UNREADABLE = N_("I could not read “{text}” as a day and time.")
_MOMENT_MESSAGES = {
    "invalid_date": N_("That date does not exist."),
    "no_time": N_("Please write the time of day too."),
    "invalid_time": N_("That is not a time of day: the hours go from 0 to 23, the minutes to 59."),
}


def check_moment(text: str, now: datetime) -> datetime:
    """The local (naive) day and time ``text`` names, read from ``now`` (local, naive)."""
    try:
        return parse_moment(text, now)
    except DeadlineError as error:
        message = _MOMENT_MESSAGES.get(error.code, UNREADABLE)
        raise UserError(message, text=text.strip()[:40]) from error
