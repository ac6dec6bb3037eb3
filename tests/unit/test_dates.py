"""Days relative to today, times of day and moments are read as members write them, with or
without diacritics; and every example a date prompt shows reads back as a date still to come,
on every day of two years, the turn of the year included."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.domain.dates import deadline_example
from bot.domain.deadlines import DeadlineError, parse_deadline, parse_moment
from bot.domain.errors import UserError
from bot.i18n import translator
from bot.services.container import Services
from handlers.kit.date_prompts import deadline_examples
from handlers.meetings.meeting_planning_render import start_examples

# Thursday 31 December 2026, 08:20: tomorrow is next year, next Friday is 8 January.
EVE = datetime(2026, 12, 31, 8, 20)
# Wednesday 4 March 2026.
MARCH = datetime(2026, 3, 4, 8, 20)

MOMENTS = [
    # Written out: a day and month without a year are this year's, even once passed.
    (EVE, "10/04/2027 14:00", datetime(2027, 4, 10, 14, 0)),
    (EVE, "01/12 06:00", datetime(2026, 12, 1, 6, 0)),
    (EVE, "5/4 14h30", datetime(2026, 4, 5, 14, 30)),
    (EVE, "ngày 10/04/2027 lúc 14 giờ", datetime(2027, 4, 10, 14, 0)),
    (EVE, "2027-04-10 14:00", datetime(2027, 4, 10, 14, 0)),
    (EVE, "14 giờ 30 phút ngày 10/04/2027", datetime(2027, 4, 10, 14, 30)),
    # Today and tomorrow
    (EVE, "hôm nay 15:30", datetime(2026, 12, 31, 15, 30)),
    (EVE, "Hôm nay, 14:00", datetime(2026, 12, 31, 14, 0)),
    (EVE, "14:00", datetime(2026, 12, 31, 14, 0)),
    (EVE, "lúc 14h", datetime(2026, 12, 31, 14, 0)),
    (EVE, "7 giờ tối nay", datetime(2026, 12, 31, 19, 0)),
    (EVE, "mai 14h", datetime(2027, 1, 1, 14, 0)),
    (EVE, "ngày mai lúc 7:30.", datetime(2027, 1, 1, 7, 30)),
    (EVE, "ngay mai 7h30", datetime(2027, 1, 1, 7, 30)),
    (EVE, "14h ngày mai", datetime(2027, 1, 1, 14, 0)),
    (EVE, "sáng mai 8h", datetime(2027, 1, 1, 8, 0)),
    (EVE, "2 giờ chiều mai", datetime(2027, 1, 1, 14, 0)),
    (EVE, "chiều mai 2 giờ rưỡi", datetime(2027, 1, 1, 14, 30)),
    (EVE, "ngày kia 9:00", datetime(2027, 1, 2, 9, 0)),
    (EVE, "tomorrow 7:30", datetime(2027, 1, 1, 7, 30)),
    (EVE, "today at 3pm", datetime(2026, 12, 31, 15, 0)),
    # Weekdays: alone the next one (today included), "tuần sau" next week's
    (EVE, "thứ Sáu tuần sau 8:00", datetime(2027, 1, 8, 8, 0)),
    (EVE, "thu sau tuan sau 8:00", datetime(2027, 1, 8, 8, 0)),
    (EVE, "thứ 6 tuần sau, 8:00", datetime(2027, 1, 8, 8, 0)),
    (EVE, "8:00 thứ 6 tuần tới", datetime(2027, 1, 8, 8, 0)),
    (EVE, "thứ 6 14h", datetime(2027, 1, 1, 14, 0)),
    (EVE, "t6 14h", datetime(2027, 1, 1, 14, 0)),
    (EVE, "thứ năm 17:00", datetime(2026, 12, 31, 17, 0)),
    (EVE, "chủ nhật 9:00", datetime(2027, 1, 3, 9, 0)),
    (EVE, "cn tuần sau 7h", datetime(2027, 1, 10, 7, 0)),
    (EVE, "8h sáng thứ 2", datetime(2027, 1, 4, 8, 0)),
    (EVE, "chiều thứ Sáu 2 giờ", datetime(2027, 1, 1, 14, 0)),
    (EVE, "next Friday 2pm", datetime(2027, 1, 8, 14, 0)),
    (EVE, "next friday at 2 p.m.", datetime(2027, 1, 8, 14, 0)),
    (EVE, "Friday 8:00", datetime(2027, 1, 1, 8, 0)),
    (MARCH, "this Friday 8:00", datetime(2026, 3, 6, 8, 0)),
    (MARCH, "thứ Sáu này 8:00", datetime(2026, 3, 6, 8, 0)),
    (MARCH, "thứ Hai tuần này 8:00", datetime(2026, 3, 2, 8, 0)),  # passed: the caller says so
    # Weeks: from their first day still to come
    (EVE, "tuần sau 14:00", datetime(2027, 1, 4, 14, 0)),
    (EVE, "cuối tuần 8h", datetime(2027, 1, 2, 8, 0)),
    (MARCH, "tuần này 14:00", datetime(2026, 3, 4, 14, 0)),
    (MARCH, "next week 9am", datetime(2026, 3, 9, 9, 0)),
    (MARCH, "weekend 9:00", datetime(2026, 3, 7, 9, 0)),
]

MOMENTS_REFUSED = [
    ("", "empty"),
    ("xyz 14:00", "unrecognised"),
    ("tháng 6 14:00", "unrecognised"),  # a month is not a day
    ("quý 3 8:00", "unrecognised"),
    ("31/02 14:00", "invalid_date"),
    ("mai", "no_time"),
    ("10/04/2027", "no_time"),
    ("thứ Sáu tuần sau", "no_time"),
    ("mai 25:00", "invalid_time"),
    ("mai 8:75", "invalid_time"),
    ("mai 14h sáng", "invalid_time"),
]


@pytest.mark.parametrize(("now", "text", "expected"), MOMENTS)
def test_a_moment_is_read_as_members_write_it(now: datetime, text: str, expected: datetime) -> None:
    assert parse_moment(text, now) == expected


@pytest.mark.parametrize(("text", "code"), MOMENTS_REFUSED)
def test_a_doubtful_moment_is_refused_with_a_reason(text: str, code: str) -> None:
    with pytest.raises(DeadlineError) as raised:
        parse_moment(text, EVE)
    assert raised.value.code == code


RELATIVE_DEADLINES = [
    # Wednesday 4 March 2026
    ("hôm nay", date(2026, 3, 4)),
    ("mai", date(2026, 3, 5)),
    ("ngày mai", date(2026, 3, 5)),
    ("tomorrow", date(2026, 3, 5)),
    ("thứ Sáu", date(2026, 3, 6)),
    ("thứ 6", date(2026, 3, 6)),
    ("trước thứ 6", date(2026, 3, 6)),
    ("thứ Sáu tuần sau", date(2026, 3, 13)),
    ("thu sau tuan sau", date(2026, 3, 13)),
    ("by next Friday", date(2026, 3, 13)),
    ("chủ nhật", date(2026, 3, 8)),
    ("Chủ nhật tuần sau", date(2026, 3, 15)),
    # A week means its last day, as a month does
    ("tuần này", date(2026, 3, 8)),
    ("trong tuần này", date(2026, 3, 8)),
    ("cuối tuần", date(2026, 3, 8)),
    ("tuần sau", date(2026, 3, 15)),
    ("tuần tới", date(2026, 3, 15)),
    ("next week", date(2026, 3, 15)),
    ("end of the week", date(2026, 3, 8)),
    # "T6" stays June: a deadline is a month far more often than a Friday
    ("T6", date(2026, 6, 30)),
    ("tháng 6", date(2026, 6, 30)),
    ("quý 3", date(2026, 9, 30)),
    ("cuối năm", date(2026, 12, 31)),
]


@pytest.mark.parametrize(("text", "expected"), RELATIVE_DEADLINES)
def test_a_deadline_can_be_said_from_today(text: str, expected: date) -> None:
    assert parse_deadline(text, 2026, date(2026, 3, 4)) == expected


def test_a_relative_deadline_stays_within_the_task_year() -> None:
    # On 31 December, tomorrow is next year: fine for next year's tasks, not this year's.
    assert parse_deadline("mai", 2027, EVE.date()) == date(2027, 1, 1)
    with pytest.raises(DeadlineError) as raised:
        parse_deadline("mai", 2026, EVE.date())
    assert raised.value.code == "outside_year"


def _codes(html: str) -> list[str]:
    return re.findall(r"<code>(.*?)</code>", html)


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


@pytest.mark.parametrize("language", ["vi", "en"])
def test_every_deadline_example_reads_back_on_every_day(language: str) -> None:
    t = translator(language)
    for today in _days(date(2026, 1, 1), date(2027, 12, 31)):
        # This year's tasks all year; next year's from December, when they are set up.
        for year in (today.year, today.year + 1) if today.month == 12 else (today.year,):
            examples = _codes(deadline_examples(today, year, t))
            assert len(examples) == 5
            for example in examples:
                deadline = parse_deadline(example, year, today)
                assert today <= deadline <= date(year, 12, 31), (today, year, example)


def test_the_deadline_example_is_the_end_of_next_month_within_the_year() -> None:
    assert deadline_example(date(2026, 3, 4), 2026).day == date(2026, 4, 30)
    assert deadline_example(date(2026, 12, 1), 2026).day == date(2026, 12, 31)
    assert deadline_example(date(2026, 12, 1), 2027).day == date(2027, 1, 31)
    rendered = deadline_examples(date(2026, 3, 4), 2026, translator("vi"))
    assert _codes(rendered) == ["30/04/2026", "30/04", "tháng 6", "quý 2", "cuối năm"]
    assert _codes(deadline_examples(date(2026, 3, 4), 2026, translator("en"))) == [
        "30/04/2026",
        "30/04",
        "June",
        "Q2",
        "end of year",
    ]


@pytest.mark.parametrize("language", ["vi", "en"])
def test_every_start_example_reads_back_on_every_day(language: str) -> None:
    t = translator(language)
    for today in _days(date(2026, 1, 1), date(2027, 12, 31)):
        now = datetime.combine(today, datetime.min.time()).replace(hour=23, minute=50)
        examples = _codes(start_examples(now, t))
        assert len(examples) == (3 if examples[0].endswith(f"/{today.year} 14:00") else 2)
        assert {parse_moment(e, now) for e in examples} == {parse_moment(examples[0], now)}
        assert parse_moment(examples[0], now) > now


def test_a_notice_is_scheduled_in_the_organisations_time(services: Services) -> None:
    # The clock fixture: 02/03/2026 08:00 UTC, 15:00 in Hà Nội.
    zone = ZoneInfo("Asia/Ho_Chi_Minh")
    broadcasts = services.broadcasts
    assert broadcasts.read_time("05/03/2026 07:30") == datetime(2026, 3, 5, 7, 30, tzinfo=zone)
    assert broadcasts.read_time(" 5/3 7h30 ") == datetime(2026, 3, 5, 7, 30, tzinfo=zone)
    assert broadcasts.read_time("mai 7h30") == datetime(2026, 3, 3, 7, 30, tzinfo=zone)
    for bad in ("31/02/2026 07:30", "ngày mai", "xyz"):
        with pytest.raises(UserError):
            broadcasts.read_time(bad)


def test_a_long_text_is_refused_at_once() -> None:
    for text in (", " * 2000 + "9", "mai " * 30 + "14h"):
        with pytest.raises(DeadlineError) as raised:
            parse_moment(text, EVE)
        assert raised.value.code == "unrecognised"
        with pytest.raises(DeadlineError):
            parse_deadline(text, 2026, EVE.date())
