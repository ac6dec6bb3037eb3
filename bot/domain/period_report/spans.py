"""The span a period report covers and its cut-off, and the words that ask for one.

The level above asks for a month, the first quarter, six months, nine months or the year
(:mod:`bot.domain.inspections.periods`), or any from–to; the figures are counted as of a
cut-off day ("số liệu tính đến 15/6"), today by default. The words are forgiving: ``6thang
2020``, ``6 tháng``, ``q1``, ``thang3``, ``nam``, ``01/01/2020-30/06/2020``, and ``đến
15/06/2020`` for the cut-off. Pure: no clock, no I/O.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from bot.domain.inspections.periods import ReportPeriod, window
from bot.domain.text import fold

FIRST_YEAR, LAST_YEAR = 2000, 2100
LONGEST = timedelta(days=3 * 366)  # a from–to longer than this is a typing mistake


class SpanError(ValueError):
    """The words ask for no span the report can cover; ``reason`` says which rule."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


# Reasons, as translations name them in the services.
NOT_UNDERSTOOD = "not_understood"
BAD_DATE = "bad_date"
ENDS_BEFORE_START = "ends_before_start"
TOO_LONG = "too_long"
CUT_OFF_BEFORE_START = "cut_off_before_start"
BAD_YEAR = "bad_year"

_PERIODS = {
    "q1": ReportPeriod.Q1,
    "quy1": ReportPeriod.Q1,
    "quyi": ReportPeriod.Q1,
    "3thang": ReportPeriod.Q1,
    "6thang": ReportPeriod.HALF,
    "6m": ReportPeriod.HALF,
    "sauthang": ReportPeriod.HALF,
    "6thangdaunam": ReportPeriod.HALF,
    "9thang": ReportPeriod.NINE_MONTHS,
    "9m": ReportPeriod.NINE_MONTHS,
    "chinthang": ReportPeriod.NINE_MONTHS,
    "nam": ReportPeriod.YEAR,
    "canam": ReportPeriod.YEAR,
    "year": ReportPeriod.YEAR,
    "y": ReportPeriod.YEAR,
    "": ReportPeriod.YEAR,
}
_MONTH = re.compile(r"^(?:thang|month|t)(\d{1,2})?$")
_YEAR = re.compile(r"^\d{4}$")
_DAY = r"\d{1,2}[/.-]\d{1,2}(?:[/.-]\d{2,4})?"
_RANGE = re.compile(rf"^(?:tu)?({_DAY})(?:-|den|to)({_DAY})$")
_CUT_OFF = re.compile(rf"^(?:den|to|asof|tinhden)({_DAY})$")


@dataclass(frozen=True)
class ReportSpan:
    """``first``..``last`` (both included) counted as of ``as_of``; ``period`` None for a
    from–to the level above chose."""

    period: ReportPeriod | None
    first: date
    last: date
    as_of: date

    @property
    def year(self) -> int:
        return self.last.year

    @property
    def until(self) -> date:
        """The last day counted: the cut-off, or the span's end if that comes first."""
        return min(self.as_of, self.last)

    @property
    def cut_short(self) -> bool:
        """The figures stop before the span ends (a report made during the period)."""
        return self.as_of < self.last

    def months(self) -> list[date]:
        """The first day of every month the span touches up to its cut-off."""
        months = []
        month = self.first.replace(day=1)
        while month <= self.until:
            months.append(month)
            month = (month + timedelta(days=32)).replace(day=1)
        return months

    def months_due(self) -> list[date]:
        """The months that ended by the cut-off (a month's meeting is due by its last day)."""
        return [m for m in self.months() if _month_end(m) <= self.until]

    def quarters_due(self) -> list[tuple[int, int]]:
        """(year, quarter) of the quarters that ended by the cut-off, inside the span."""
        due = []
        for month in self.months_due():
            if month.month % 3 == 0 and month >= self.first.replace(day=1):
                due.append((month.year, month.month // 3))
        return due


def _month_end(month: date) -> date:
    return (month + timedelta(days=32)).replace(day=1) - timedelta(days=1)


@dataclass(frozen=True)
class SpanRequest:
    """What the words asked for, before today fills in the gaps."""

    period: ReportPeriod | None = ReportPeriod.YEAR
    year: int | None = None
    month: int | None = None
    first: date | None = None
    last: date | None = None
    as_of: date | None = None


def _day(text: str, year: int | None) -> date:
    parts = re.split(r"[/.-]", text)
    try:
        day, month = int(parts[0]), int(parts[1])
        if len(parts) > 2:
            year = int(parts[2])
            if year < 100:
                year += 2000
        if year is None:
            raise SpanError(BAD_DATE)
        return date(year, month, day)
    except ValueError:
        raise SpanError(BAD_DATE) from None


def parse_words(words: list[str], today: date) -> SpanRequest:
    """What ``words`` (after the command) ask for; raises :class:`SpanError`. A date without
    its year takes the year asked for, else this one."""
    year: int | None = None
    cut_off_text: str | None = None
    rest: list[str] = []
    folded = [fold(w) for w in words]
    # "đến 15/06/2020" may come as two words or one.
    index = 0
    while index < len(folded):
        word = folded[index]
        following = folded[index + 1] if index + 1 < len(folded) else None
        after_date = bool(rest) and re.fullmatch(_DAY, rest[-1]) is not None
        # "đến 15/06/2020" is the cut-off, but "01/01/2020 đến 30/06/2020" a from–to.
        if (
            word in {"den", "to", "tinh den"}
            and not after_date
            and following is not None
            and re.match(_DAY, following)
        ):
            cut_off_text = following
            index += 2
            continue
        if (match := _CUT_OFF.match(word.replace(" ", ""))) is not None:
            cut_off_text = match.group(1)
        elif _YEAR.match(word) and year is None:
            year = int(word)
        else:
            rest.append(word.replace(" ", ""))
        index += 1
    if year is not None and not FIRST_YEAR <= year <= LAST_YEAR:
        raise SpanError(BAD_YEAR)
    as_of = None if cut_off_text is None else _day(cut_off_text, year or today.year)
    joined = "".join(rest)
    if joined in _PERIODS:
        return SpanRequest(_PERIODS[joined], year, None, None, None, as_of)
    if (month := _MONTH.match(joined)) is not None:
        number = None if month.group(1) is None else int(month.group(1))
        if number is not None and not 1 <= number <= 12:
            raise SpanError(BAD_DATE)
        return SpanRequest(ReportPeriod.MONTH, year, number, None, None, as_of)
    if (span := _RANGE.match(joined)) is not None:
        first = _day(span.group(1), year or today.year)
        last = _day(span.group(2), year or first.year)
        return SpanRequest(None, None, None, first, last, as_of)
    raise SpanError(NOT_UNDERSTOOD)


def resolve(request: SpanRequest, today: date, cut_off_day: int = 0) -> ReportSpan:
    """The span ``request`` names, as of its cut-off: the one asked for, else the level
    above's day of the span's last month (``cut_off_day``, 0 for none) when that has come,
    else today. The year defaults to this one; a month to this month (December of an earlier
    year)."""
    if request.period is None:
        assert request.first is not None and request.last is not None
        first, last = request.first, request.last
        if last < first:
            raise SpanError(ENDS_BEFORE_START)
        if last - first > LONGEST:
            raise SpanError(TOO_LONG)
    else:
        year = today.year if request.year is None else request.year
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise SpanError(BAD_YEAR)
        month = request.month
        if month is None:
            month = today.month if year == today.year else 12
        span = window(request.period, year, month)
        first, last = span.start, span.last_day
    as_of = request.as_of
    if as_of is None:
        as_of = min(today, last)
        if cut_off_day > 0:
            due = last.replace(day=min(cut_off_day, last.day))
            if due <= today:
                as_of = due
    if as_of < first:
        raise SpanError(CUT_OFF_BEFORE_START)
    return ReportSpan(request.period, first, last, as_of)
