"""Reading a year's meeting plan from a spreadsheet, with problems by row number.

Columns (Vietnamese or English header, any order): kind, cells (names separated by commas, or
"all"), title, start, end, place, repeat, remind, attendees. See the README, "Meetings".
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime

from bot.domain.errors import UserError
from bot.domain.meetings import Attendees, MeetingKind, MeetingRequest
from bot.domain.text import fold
from bot.i18n import N_
from bot.services.spreadsheet import Problem, Sheet, map_header

COLUMNS: dict[str, tuple[str, ...]] = {
    "kind": ("loai", "kind"),
    "cells": ("chi bo", "cells", "cell"),
    "title": ("noi dung", "tieu de", "title"),
    "start": ("bat dau", "start"),
    "end": ("ket thuc", "end"),
    "place": ("dia diem", "place"),
    "repeat": ("lap lai", "repeat"),
    "remind": ("nhac truoc", "nhac", "remind"),
    "attendees": ("thanh phan", "attendees"),
}
REQUIRED = ("kind", "cells", "title", "start")
KINDS: dict[str, MeetingKind] = {
    "sinh hoat chi bo": MeetingKind.CELL_MEETING,
    "sinh hoat chuyen de": MeetingKind.THEMATIC_MEETING,
    "hoc tap": MeetingKind.STUDY,
    "hoc tap chuyen de": MeetingKind.STUDY,
    "quan triet nghi quyet": MeetingKind.STUDY,
    "thong tin thoi su": MeetingKind.NEWS_BRIEFING,
    "hoi thao": MeetingKind.SEMINAR,
    "toa dam": MeetingKind.SEMINAR,
    **{fold(k.value): k for k in MeetingKind},
}
ATTENDEES: dict[str, Attendees] = {
    "": Attendees.PARTY,
    "party": Attendees.PARTY,
    "dang vien": Attendees.PARTY,
    "all": Attendees.ALL,
    "tat ca": Attendees.ALL,
    "toan the": Attendees.ALL,
}
EVERYONE = frozenset({"all", "tat ca", "toan dang bo", "everyone"})
_FORMATS = ("%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S")


def parse_local(text: str) -> datetime | None:
    for pattern in _FORMATS:
        try:
            return datetime.strptime(text.strip(), pattern)
        except ValueError:
            continue
    return None


def _end(text: str, start: datetime) -> datetime | None:
    """A full date and time, or just ``HH:MM`` on the day it starts."""
    full = parse_local(text)
    if full is not None:
        return full
    match = re.fullmatch(r"(\d{1,2})[:h](\d{2})", text.strip())
    if match is None or int(match[1]) > 23 or int(match[2]) > 59:
        return None
    return start.replace(hour=int(match[1]), minute=int(match[2]))


def parse_rows(sheet: Sheet) -> tuple[list[tuple[int, MeetingRequest]], list[Problem]]:
    # A missing column is named by its key, as the import's help lists them.
    positions, problems = map_header(
        sheet.header, COLUMNS, REQUIRED, names={column: column for column in REQUIRED}
    )
    if problems:
        return [], problems
    requests = []
    for number, cells in sheet.rows:

        def cell(column: str, cells: list[str] = cells) -> str:
            index = positions.get(column)
            return cells[index].strip() if index is not None and index < len(cells) else ""

        try:
            requests.append((number, _request(cell)))
        except UserError as error:
            problems.append(Problem(number, error.message, error.params))
    return requests, problems


def _request(cell: Callable[[str], str]) -> MeetingRequest:
    kind = KINDS.get(fold(cell("kind")))
    if kind is None:
        raise UserError(
            N_('Unknown meeting kind "{value}": write for example Sinh hoạt chi bộ or Học tập.'),
            value=cell("kind"),
        )
    start = parse_local(cell("start"))
    if start is None:
        raise UserError(
            N_('"{value}" is not a start time: write YYYY-MM-DD HH:MM.'), value=cell("start")
        )
    end = None
    if cell("end"):
        end = _end(cell("end"), start)
        if end is None:
            raise UserError(
                N_('"{value}" is not an end time: write HH:MM or YYYY-MM-DD HH:MM.'),
                value=cell("end"),
            )
    attendees = ATTENDEES.get(fold(cell("attendees")))
    if attendees is None:
        raise UserError(
            N_('Unknown attendees "{value}": write party or all.'), value=cell("attendees")
        )
    names = tuple(n.strip() for n in re.split(r"[,;\n]", cell("cells")) if n.strip())
    everyone = len(names) == 1 and fold(names[0]) in EVERYONE
    return MeetingRequest(
        kind=kind,
        title=cell("title"),
        starts=start,
        ends=end,
        cells=() if everyone else names,
        everyone=everyone,
        place=cell("place") or None,
        attendees=attendees,
        repeat=cell("repeat") or None,
        remind=cell("remind") or None,
    )
