"""Checking what a member types for each field of a task, with the reason and an example when
it does not fit — the registration conversation asks again with these messages."""

from __future__ import annotations

from datetime import date

from bot.domain.deadlines import DeadlineError, parse_deadline
from bot.domain.errors import UserError
from bot.domain.tasks import MAX_NOTE, MAX_PRODUCT, MAX_TITLE, Area
from bot.domain.text import fold, normalise_name
from bot.i18n import N_

_DEADLINE_MESSAGES = {
    "empty": N_("Please write the deadline."),
    "unrecognised": N_("I could not read that date."),
    "invalid_date": N_("That date does not exist."),
    "outside_year": N_("The deadline must fall within {year}."),
}


def check_title(text: str) -> str:
    title = normalise_name(text)
    if not title:
        raise UserError(N_("The title is empty."))
    if len(title) > MAX_TITLE:
        raise UserError(
            N_("The title is too long ({length} characters; at most {max})."),
            length=len(title),
            max=MAX_TITLE,
        )
    return title


def check_product(text: str) -> str:
    product = normalise_name(text)
    if not product:
        raise UserError(N_("Every task needs a concrete product or measure."))
    if len(product) > MAX_PRODUCT:
        raise UserError(
            N_("The product is too long ({length} characters; at most {max})."),
            length=len(product),
            max=MAX_PRODUCT,
        )
    return product


def check_deadline(text: str, year: int, today: date | None = None) -> date:
    """The deadline within ``year``; with ``today``, also a day relative to it ("mai",
    "thứ Sáu tuần sau"), and not already past."""
    try:
        deadline = parse_deadline(text, year, today)
    except DeadlineError as error:
        message = _DEADLINE_MESSAGES.get(error.code, _DEADLINE_MESSAGES["unrecognised"])
        raise UserError(message, year=year) from error
    if today is not None and deadline < today:
        raise UserError(N_("That date ({deadline}) has already passed."), deadline=deadline)
    return deadline


def check_note(text: str) -> str:
    note = text.strip()
    if not note:
        raise UserError(N_("The note is empty."))
    if len(note) > MAX_NOTE:
        raise UserError(
            N_("The note is too long ({length} characters; at most {max})."),
            length=len(note),
            max=MAX_NOTE,
        )
    return note


def check_area(text: str, areas: tuple[Area, ...]) -> Area:
    """An area by its number in the list or by (part of) its name."""
    text = text.strip()
    if text.isdecimal() and 1 <= int(text) <= len(areas):  # not isdigit: int("²") fails
        return areas[int(text) - 1]
    matches = [a for a in areas if fold(text) and fold(text) in fold(a.name)]
    if len(matches) == 1:
        return matches[0]
    raise UserError(N_("Please choose one of the breakthrough areas."))
