"""Days said relative to today and times of day, as members write them, and the examples the
bot shows, built from today so that pasting one back always works.

Relative days: "hôm nay", "(ngày) mai", "ngày kia", a weekday ("thứ Sáu", "thứ 6", "t6",
"chủ nhật", "cn") alone (the next one, today included), with "này" / "tuần này" (this week's)
or "tuần sau" / "tuần tới" (next week's), "tuần này", "tuần sau", "cuối tuần"; in English
"today", "tomorrow", "Friday", "this Friday", "next Friday", "this week", "next week",
"weekend". Weeks run Monday to Sunday, as Vietnamese calendars have them: "thứ Sáu tuần sau"
and "next Friday" are the Friday of the week after this one.

A week is a run of days: a deadline means its last day ("tuần sau": next Sunday, as "tháng 6"
means 30 June), a start its first day still to come. Everything here reads text already folded
(:func:`bot.domain.text.fold`: lowercase, no diacritics), so "thu sau tuan sau" is the same as
"thứ Sáu tuần sau".
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

MONDAY, FRIDAY, SATURDAY, SUNDAY = 0, 4, 5, 6


class TimeOfDayError(ValueError):
    """A time of day that does not exist: 25:00, 8:75, "14h sáng"."""


@dataclass(frozen=True)
class Days:
    """A day, or a run of days ("tuần sau", "cuối tuần")."""

    first: date
    last: date


_VI_WEEKDAYS = {
    "thu hai": 0, "thu 2": 0, "thu ba": 1, "thu 3": 1, "thu tu": 2, "thu 4": 2,
    "thu nam": 3, "thu 5": 3, "thu sau": 4, "thu 6": 4, "thu bay": 5, "thu 7": 5,
    "chu nhat": 6, "cn": 6,
}  # fmt: skip
# "T6" is also "tháng 6" (June): a deadline reads it as the month, a start as Friday.
_SHORT_WEEKDAYS = {"t2": 0, "t3": 1, "t4": 2, "t5": 3, "t6": 4, "t7": 5}
_EN_WEEKDAYS = {
    "monday": 0, "mon": 0, "tuesday": 1, "tues": 1, "tue": 1, "wednesday": 2, "wed": 2,
    "thursday": 3, "thurs": 3, "thu": 3, "friday": 4, "fri": 4, "saturday": 5, "sat": 5,
    "sunday": 6, "sun": 6,
}  # fmt: skip


def _squeezed(word: str) -> str:
    return word.replace(" ", "")


def _alternatives(words: dict[str, int]) -> str:
    # Longest first ("thu sau" before "thu"); "thu6" and "thu  6" are "thu 6".
    spaced = (re.escape(w).replace(r"\ ", r"\s*") for w in sorted(words, key=len, reverse=True))
    return "|".join(spaced)


_ONE_DAY = [
    (re.compile(r"(?:(?:hom|bua)\s+)?nay"), 0, False),
    (re.compile(r"(?:ngay\s+)?mai"), 1, False),
    (re.compile(r"(?:ngay\s+)?kia"), 2, False),
    (re.compile(r"today"), 0, True),
    (re.compile(r"tomorrow"), 1, True),
    (re.compile(r"(?:the\s+)?day\s+after\s+tomorrow"), 2, True),
]
_VI_WEEK = re.compile(r"(?P<end>cuoi\s+)?tuan(?:\s+(?P<which>nay|sau|toi|ke(?:\s+tiep)?))?")
_EN_WEEK = re.compile(
    r"(?:(?P<which>this|next)\s+)?(?:(?P<end>week\s*-?\s*end)|week)"
    r"|end\s+of\s+(?:the\s+|this\s+|(?P<next_end>next)\s+)?week"
)
_VI_WEEKDAY = {
    short: re.compile(
        rf"(?P<day>{_alternatives({**_VI_WEEKDAYS, **(_SHORT_WEEKDAYS if short else {})})})"
        r"(?:\s+(?:(?P<this>(?:tuan\s+)?nay)|(?P<next>tuan\s+(?:sau|toi|ke(?:\s+tiep)?))))?"
    )
    for short in (False, True)
}
_EN_WEEKDAY = re.compile(
    rf"(?:(?P<which>this|next|coming)\s+)?(?P<day>{_alternatives(_EN_WEEKDAYS)})"
    r"(?:\s+(?P<week>this|next)\s+week)?"
)
_ALL_WEEKDAYS = {_squeezed(w): n for w, n in {**_VI_WEEKDAYS, **_SHORT_WEEKDAYS}.items()}


def _monday(today: date, weeks_ahead: int = 0) -> date:
    return today - timedelta(days=today.weekday()) + timedelta(weeks=weeks_ahead)


def next_week_day(today: date, weekday: int) -> date:
    """That weekday in the week after this one ("thứ Sáu tuần sau", "next Friday")."""
    return _monday(today, 1) + timedelta(days=weekday)


def _weekday(today: date, weekday: int, which: str | None) -> date:
    if which == "this":
        return _monday(today) + timedelta(days=weekday)
    if which == "next":
        return next_week_day(today, weekday)
    return today + timedelta(days=(weekday - today.weekday()) % 7)


def _week(today: date, *, ahead: bool, weekend: bool) -> Days:
    monday = _monday(today, 1 if ahead else 0)
    first = monday + timedelta(days=SATURDAY if weekend else MONDAY)
    return Days(first, monday + timedelta(days=SUNDAY))


def relative_days(
    folded: str, today: date, *, english: bool = True, short_weekdays: bool = True
) -> Days | None:
    """The day or days ``folded`` names relative to ``today``, or None if it names none.

    ``english``: English words count (not in text with Vietnamese letters, where folding
    makes "môn" look like "mon"); ``short_weekdays``: "t6" is Friday rather than June.
    """
    for pattern, ahead, is_english in _ONE_DAY:
        if (english or not is_english) and pattern.fullmatch(folded):
            day = today + timedelta(days=ahead)
            return Days(day, day)
    if (match := _VI_WEEKDAY[short_weekdays].fullmatch(folded)) is not None:
        which = "this" if match["this"] else "next" if match["next"] else None
        day = _weekday(today, _ALL_WEEKDAYS[_squeezed(match["day"])], which)
        return Days(day, day)
    if (match := _VI_WEEK.fullmatch(folded)) is not None and (match["end"] or match["which"]):
        return _week(today, ahead=match["which"] not in (None, "nay"), weekend=bool(match["end"]))
    if not english:
        return None
    if (match := _EN_WEEKDAY.fullmatch(folded)) is not None:
        which = match["week"] or match["which"]
        weekday = _EN_WEEKDAYS[match["day"]]
        day = _weekday(today, weekday, None if which == "coming" else which)
        return Days(day, day)
    if (match := _EN_WEEK.fullmatch(folded)) is not None:
        if match["end"] is None and match["which"] is None and "end" not in folded:
            return None  # "week" alone says nothing
        ahead = match["which"] == "next" or match["next_end"] is not None
        return _week(today, ahead=ahead, weekend="end" in folded)
    return None


# --- times of day ---------------------------------------------------------------------------

TIME = (
    r"(?P<hour>\d{1,2})\s*(?:"
    r":\s*(?P<minute>\d{2})"  # 14:00, 8:30
    r"|[hg](?:\s*(?P<minute_h>\d{2})|\s*(?P<half_h>ruoi))?"  # 14h, 14h30, 8g, 8h rưỡi
    r"|\s*gio(?:\s*(?P<minute_w>\d{1,2})(?:\s*phut)?|\s*(?P<half_w>ruoi))?"  # 2 giờ (30 phút)
    r"|(?=\s*[ap]\.?m\b))"  # 2pm, 2 p.m.
    r"(?:\s*(?P<part>sang|trua|chieu|toi|dem|[ap]\.?m\b\.?))?"
)
_AFTERNOON = {"chieu", "toi", "pm"}
_MORNING = {"sang", "am"}


def time_of_day(match: re.Match[str], part_of_day: str | None = None) -> tuple[int, int]:
    """Hour and minute from a match of :data:`TIME`; "2 giờ chiều" is 14:00, "12am" 0:00.
    ``part_of_day``: "chiều" written apart from the time ("chiều mai 2 giờ")."""
    hour = int(match["hour"])
    half = match["half_h"] or match["half_w"]
    minute = 30 if half else int(match["minute"] or match["minute_h"] or match["minute_w"] or 0)
    part = (match["part"] or part_of_day or "").replace(".", "")
    if part in _MORNING and hour > 12:
        raise TimeOfDayError(f"{hour}:{minute:02d}")
    if hour == 12 and part in ("dem", "am"):
        hour = 0
    elif (
        (part in _AFTERNOON and 1 <= hour < 12)
        or (part == "trua" and 1 <= hour < 6)  # "1 giờ trưa" is 13:00, "11 giờ trưa" 11:00
        or (part == "dem" and 6 <= hour < 12)  # "11 giờ đêm" is 23:00, "2 giờ đêm" 2:00
    ):
        hour += 12
    if hour > 23 or minute > 59:
        raise TimeOfDayError(f"{hour}:{minute:02d}")
    return hour, minute


_TIME_FIRST = re.compile(rf"(?:luc\s+|at\s+)?{TIME}(?:(?:\s*,\s*|\s+)(?P<day>.+))?")
_TIME_LAST = re.compile(rf"(?P<day>.*?)(?:\s*,\s*|\s+)(?:(?:vao\s+)?luc\s+|at\s+|vao\s+)?{TIME}")
# "sáng mai 8h", "chiều thứ Sáu 2 giờ", "7 giờ tối nay": the part of the day beside the day.
_PART_BEFORE = re.compile(r"(?P<part>sang|trua|chieu|toi|dem)\s+(?P<day>.+)")
_PART_AFTER = re.compile(r"(?P<day>.+?)(?<!tuan)\s+(?P<part>sang|trua|chieu|toi|dem)")  # tuần tới


def split_time(folded: str) -> tuple[str, tuple[int, int] | None]:
    """The day part of ``folded`` and the time of day written before or after it ("mai 14h",
    "14h ngày mai", "thứ Sáu tuần sau lúc 8:00", "sáng mai 8h"); without a time,
    ``(folded, None)``. Raises :class:`TimeOfDayError` for a time that does not exist."""
    for pattern in (_TIME_FIRST, _TIME_LAST):
        match = pattern.fullmatch(folded)
        if match is None:
            continue
        day, part = (match["day"] or "").strip(), None
        beside = _PART_BEFORE.fullmatch(day) or _PART_AFTER.fullmatch(day)
        if beside is not None:
            day, part = beside["day"], beside["part"]
        return day, time_of_day(match, part)
    return folded, None


# --- examples -------------------------------------------------------------------------------


@dataclass(frozen=True)
class DeadlineExample:
    """What a deadline prompt shows: a day (written as a date, and as day and month), a month
    and a quarter, all within the task year and, when the year allows, not yet past."""

    day: date
    month: date  # its first day, for the month's name
    quarter: int


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def deadline_example(today: date, year: int) -> DeadlineExample:
    """The end of next month, kept within ``year``: on 31 December for this year's tasks, the
    end of the year; in December for next year's, the end of January."""
    after = _month_end(today.year + today.month // 12, today.month % 12 + 1)
    if after.year < year:
        after = _month_end(year, 1)
    elif after.year > year:
        after = date(year, 12, 31)
    month = min(after.month + 2, 12)
    return DeadlineExample(after, date(year, month, 1), (after.month - 1) // 3 + 1)
