"""Dates as members write them, the one reader behind every prompt that asks for one:
deadlines (a date, a month, a quarter, a milestone of the year, or a day relative to today)
and moments (a day and a time of day: a meeting's start, when a notice goes out).

Dates are day-first, as Vietnamese is written (``1/6/2020`` is 1 June). A month, quarter or
year milestone means its last day. Days relative to today ("mai", "thứ Sáu tuần sau") are read
by :mod:`bot.domain.dates`. Whatever is not understood is refused rather than guessed: a wrong
deadline is worse than a question asked twice. Nothing here says whether a date has passed:
the prompts refuse a past date the same way however it was written.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from datetime import date, datetime, time

from bot.domain.dates import TimeOfDayError, relative_days, split_time
from bot.domain.text import fold

EMPTY = "empty"
UNRECOGNISED = "unrecognised"
INVALID_DATE = "invalid_date"
OUTSIDE_YEAR = "outside_year"
NO_TIME = "no_time"
INVALID_TIME = "invalid_time"
# Longer than any way of writing a date: refused before any pattern is tried on it.
MAX_LENGTH = 80


class DeadlineError(ValueError):
    """Why a date was refused; ``code`` is one of ``"empty"``, ``"unrecognised"``,
    ``"invalid_date"`` (a day, month or quarter that does not exist), ``"outside_year"`` (a
    deadline), ``"no_time"`` or ``"invalid_time"`` (a moment without a time, or with 25:00)."""

    code: str

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


_VI_MONTHS = {
    "mot": 1,
    "hai": 2,
    "ba": 3,
    "tu": 4,
    "bon": 4,
    "nam": 5,
    "sau": 6,
    "bay": 7,
    "tam": 8,
    "chin": 9,
    "muoi": 10,
    "muoi mot": 11,
    "muoi hai": 12,
}
# "Tháng giêng" and "tháng chạp" name lunar months, so they are deliberately not understood.

_EN_MONTHS = {
    "january": 1,
    "jan": 1,
    "february": 2,
    "feb": 2,
    "march": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "may": 5,
    "june": 6,
    "jun": 6,
    "july": 7,
    "jul": 7,
    "august": 8,
    "aug": 8,
    "september": 9,
    "sept": 9,
    "sep": 9,
    "october": 10,
    "oct": 10,
    "november": 11,
    "nov": 11,
    "december": 12,
    "dec": 12,
}

_QUARTER_WORDS = {
    "i": 1,
    "ii": 2,
    "iii": 3,
    "iv": 4,
    "mot": 1,
    "hai": 2,
    "ba": 3,
    "bon": 4,
    "tu": 4,
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
}


def _alternatives(words: dict[str, int]) -> str:
    # Longest first, so "muoi mot" is not read as "muoi" and "june" not as "jun".
    return "|".join(sorted(words, key=len, reverse=True))


# Words around a deadline that do not change it: "hạn: 30/11", "trước ngày 30/11", "by June".
_FILLER = re.compile(
    r"^(?:han chot|han|deadline|truoc ngay|truoc|den ngay|den|vao|trong|ngay|by|in|within"
    r"|on|the)(?:\s*:\s*|\s+)"
)
# "cuối tháng 6" is the same as "tháng 6": a period already means its last day.
_END = r"(?:(?:cuoi|het)\s+|end\s+of\s+(?:the\s+)?)?"
# A year after a month or quarter: "6/2020", "T6/20", "tháng 6 năm 2020", "June, 2020".
_YEAR = r"(?:\s*[/.-]\s*(?P<ys>\d{4}|\d{2})|\s*,?\s+(?:nam\s+|of\s+)?(?P<yw>\d{4}))?"
_VI_MONTH = _alternatives(_VI_MONTHS)
_EN_MONTH = _alternatives(_EN_MONTHS)
_QUARTER = r"\d{1,2}|iv|i{1,3}|mot|hai|ba|bon|tu"
_ORDINAL = r"(?:st|nd|rd|th)?"

_Resolver = Callable[[dict[str, str | None], int], date]


def _year(groups: dict[str, str | None], default: int) -> int:
    for key in ("y", "ys", "yw"):
        value = groups.get(key)
        if value is not None:
            # Two-digit years are this century's: nobody plans tasks for 1920.
            return int(value) + 2000 if len(value) == 2 else int(value)
    return default


def _month(groups: dict[str, str | None]) -> int:
    if (number := groups.get("m")) is not None:
        return int(number)
    if (word := groups.get("vi")) is not None:
        return _VI_MONTHS[word]
    name = groups.get("en")
    assert name is not None  # every month pattern has one of the three groups
    return _EN_MONTHS[name]


def _quarter(groups: dict[str, str | None]) -> int:
    value = groups.get("q")
    assert value is not None  # every quarter pattern has the group
    return int(value) if value.isdecimal() else _QUARTER_WORDS[value]


def _day(year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise DeadlineError(INVALID_DATE) from None


def _month_end(year: int, month: int) -> date:
    if not 1 <= month <= 12:
        raise DeadlineError(INVALID_DATE)
    return _day(year, month, calendar.monthrange(year, month)[1])


def _exact_day(groups: dict[str, str | None], year: int) -> date:
    day = groups.get("d")
    assert day is not None  # every exact-day pattern has the group
    return _day(_year(groups, year), _month(groups), int(day))


def _end_of_month(groups: dict[str, str | None], year: int) -> date:
    return _month_end(_year(groups, year), _month(groups))


def _end_of_quarter(groups: dict[str, str | None], year: int) -> date:
    quarter = _quarter(groups)
    if not 1 <= quarter <= 4:
        raise DeadlineError(INVALID_DATE)
    return _month_end(_year(groups, year), quarter * 3)


def _end_of_year(groups: dict[str, str | None], year: int) -> date:
    return _day(_year(groups, year), 12, 31)


def _mid_year(groups: dict[str, str | None], year: int) -> date:
    return _day(_year(groups, year), 6, 30)


_PATTERNS: list[tuple[re.Pattern[str], _Resolver]] = [
    (re.compile(pattern), resolver)
    for pattern, resolver in [
        # 2020-11-30, 2020/11/30
        (r"(?P<y>\d{4})\s*(?P<s>[/.-])\s*(?P<m>\d{1,2})\s*(?P=s)\s*(?P<d>\d{1,2})", _exact_day),
        # 30/11/2020, 30-11-2020, 30.11.2020, 30/11/20
        (
            r"(?P<d>\d{1,2})\s*(?P<s>[/.-])\s*(?P<m>\d{1,2})\s*(?P=s)\s*(?P<y>\d{4}|\d{2})",
            _exact_day,
        ),
        # 30/11, 30-11, 30.11
        (r"(?P<d>\d{1,2})\s*[/.-]\s*(?P<m>\d{1,2})", _exact_day),
        # 30 tháng 11 (năm 2020)
        (
            r"(?P<d>\d{1,2})\s+(?:thang|thg)\s+(?P<m>\d{1,2})(?:\s*,?\s+nam\s+(?P<y>\d{4}))?",
            _exact_day,
        ),
        # 30 June (2020), 30th of June
        (
            rf"(?P<d>\d{{1,2}}){_ORDINAL}\s+(?:of\s+)?(?P<en>{_EN_MONTH})(?:\s*,?\s+(?P<y>\d{{4}}))?",
            _exact_day,
        ),
        # June 30(th)(, 2020)
        (
            rf"(?P<en>{_EN_MONTH})\s+(?P<d>\d{{1,2}}){_ORDINAL}(?:\s*,?\s+(?P<y>\d{{4}}))?",
            _exact_day,
        ),
        # 6/2020 and ISO 2020-06
        (r"(?P<m>\d{1,2})\s*[/.-]\s*(?P<y>\d{4})", _end_of_month),
        (r"(?P<y>\d{4})\s*-\s*(?P<m>\d{1,2})", _end_of_month),
        # tháng 6, thang 6, T6, th6, thg 6, month 6, cuối tháng 6/2020
        (rf"{_END}(?:thang|thg|th|t|month)\s*\.?\s*(?P<m>\d{{1,2}}){_YEAR}", _end_of_month),
        # tháng sáu, tháng mười hai
        (rf"{_END}thang\s+(?P<vi>{_VI_MONTH}){_YEAR}", _end_of_month),
        # June, jun, end of June 2020
        (rf"{_END}(?P<en>{_EN_MONTH}){_YEAR}", _end_of_month),
        # quý 3, quý III, Q3, quarter 3, cuối quý 3/2020
        (rf"{_END}(?:quy|quarter|q)\s*\.?\s*(?P<q>{_QUARTER}){_YEAR}", _end_of_quarter),
        # 3rd quarter, third quarter (of 2020)
        (
            rf"{_END}(?P<q>\d{{1,2}}|first|second|third|fourth){_ORDINAL}\s+quarter{_YEAR}",
            _end_of_quarter,
        ),
        # cuối năm (nay/2020), end of (the) year, year end, end of 2020
        (rf"(?:cuoi|het)\s+nam(?:\s+nay)?{_YEAR}", _end_of_year),
        (rf"end\s+of\s+(?:the\s+|this\s+)?year{_YEAR}", _end_of_year),
        (rf"year\s*-?\s*end{_YEAR}", _end_of_year),
        (r"end\s+of\s+(?P<y>\d{4})", _end_of_year),
        # giữa năm, mid-year, 6 tháng đầu năm, mid-2020
        (rf"(?:giua\s+nam|6\s+thang\s+dau\s+nam|mid\s*-?\s*year)(?:\s+nay)?{_YEAR}", _mid_year),
        (r"mid\s*-?\s*(?P<y>\d{4})", _mid_year),
    ]
]

_TRAILING_PUNCTUATION = re.compile(r"[\s.,;:!?]+$")


def _normalise(text: str, *, fillers: bool = True) -> str:
    # Dashes from phones and word processors mean the same as a hyphen.
    folded = fold(text.replace("\u2013", "-").replace("\u2014", "-").replace("\u2212", "-"))
    folded = _TRAILING_PUNCTUATION.sub("", folded)
    while fillers and (stripped := _FILLER.sub("", folded, count=1)) != folded:
        folded = stripped
    return folded


def _english_allowed(text: str) -> bool:
    # Folding makes Vietnamese words look English ("mấy" → "may"), so English words count
    # only in text written without Vietnamese letters.
    return all(ord(ch) < 128 or not ch.isalpha() for ch in text)


def _absolute(normalised: str, year: int, english: bool, *, exact: bool = False) -> date | None:
    """The date a pattern of :data:`_PATTERNS` reads, ``year`` where none is written;
    ``exact``: days only, not months, quarters or milestones."""
    for pattern, resolver in _PATTERNS:
        if "en" in pattern.groupindex and not english:
            continue
        if exact and resolver is not _exact_day:
            continue
        match = pattern.fullmatch(normalised)
        if match is not None:
            return resolver(match.groupdict(), year)
    return None


def parse_deadline(text: str, year: int, today: date | None = None) -> date:
    """The deadline a member means by ``text``, within the task year ``year``; with ``today``,
    also a day or week relative to it ("mai", "thứ Sáu tuần sau", "tuần sau": its Sunday).

    Raises :class:`DeadlineError` when the text is empty, not understood, names a date that
    does not exist, or falls outside 1 January–31 December of ``year``.
    """
    if not text.strip():
        raise DeadlineError(EMPTY)
    if len(text) > MAX_LENGTH:
        raise DeadlineError(UNRECOGNISED)
    normalised = _normalise(text)
    english = _english_allowed(text)
    deadline = _absolute(normalised, year, english)
    if deadline is None and today is not None:
        # "T6" stays June here: a deadline is far more often a month than next Friday.
        days = relative_days(normalised, today, english=english, short_weekdays=False)
        deadline = None if days is None else days.last
    if deadline is None:
        raise DeadlineError(UNRECOGNISED)
    if deadline.year != year:
        raise DeadlineError(OUTSIDE_YEAR)
    return deadline


def parse_moment(text: str, now: datetime) -> datetime:
    """The local day and time ``text`` names, read from ``now`` (local, naive): ``10/04/2026
    14:00``, ``10/04 14h`` (this year, even when that has passed), ``mai 14h``, ``14h ngày
    mai``, ``thứ Sáu tuần sau 8:00``, ``next Friday 2pm``; a time alone is today's.

    Raises :class:`DeadlineError`: ``"empty"``, ``"unrecognised"``, ``"invalid_date"``,
    ``"no_time"`` or ``"invalid_time"``. Whether it has passed is for the caller to say.
    """
    if not text.strip():
        raise DeadlineError(EMPTY)
    if len(text) > MAX_LENGTH:
        raise DeadlineError(UNRECOGNISED)
    english = _english_allowed(text)
    try:
        day_text, at = split_time(_normalise(text, fillers=False))
    except TimeOfDayError:
        raise DeadlineError(INVALID_TIME) from None
    today = now.date()
    day_text = _normalise(day_text) if day_text else ""
    day = today if not day_text else _absolute(day_text, today.year, english, exact=True)
    if day is None:
        days = relative_days(day_text, today, english=english)
        if days is None:
            raise DeadlineError(UNRECOGNISED)
        # A week from its first day still to come ("tuần này 14h": today); a day as it is.
        day = days.first if days.first == days.last else max(days.first, today)
    if at is None:
        raise DeadlineError(NO_TIME)
    return datetime.combine(day, time(*at))
