"""Deadlines are read the way members write them, and anything doubtful is refused."""

from __future__ import annotations

from datetime import date

import pytest

from bot.domain.deadlines import DeadlineError, parse_deadline

YEAR = 2020  # a leap year, so February ends on the 29th

UNDERSTOOD = [
    # Full dates, day first
    ("30/11/2020", date(2020, 11, 30)),
    ("30-11-2020", date(2020, 11, 30)),
    ("30.11.2020", date(2020, 11, 30)),
    ("1/6/2020", date(2020, 6, 1)),
    ("01/06/2020", date(2020, 6, 1)),
    ("30/11/20", date(2020, 11, 30)),
    (" 30 / 11 / 2020 ", date(2020, 11, 30)),
    ("29/02/2020", date(2020, 2, 29)),
    ("2020-11-30", date(2020, 11, 30)),
    ("2020/1/5", date(2020, 1, 5)),
    # Day and month only
    ("30/11", date(2020, 11, 30)),
    ("30-11", date(2020, 11, 30)),
    ("30.11", date(2020, 11, 30)),
    ("1/1", date(2020, 1, 1)),
    ("31/12.", date(2020, 12, 31)),
    ("ngày 30/11", date(2020, 11, 30)),
    ("Trước ngày 30/11/2020", date(2020, 11, 30)),
    ("hạn: 15/5", date(2020, 5, 15)),
    ("30 tháng 11", date(2020, 11, 30)),
    ("ngay 30 thang 11 nam 2020", date(2020, 11, 30)),
    ("30 June", date(2020, 6, 30)),
    ("30th of June 2020", date(2020, 6, 30)),
    ("June 30", date(2020, 6, 30)),
    ("by Nov 15, 2020", date(2020, 11, 15)),
    # A month means its last day
    ("tháng 2", date(2020, 2, 29)),
    ("tháng 6", date(2020, 6, 30)),
    ("thang 6", date(2020, 6, 30)),
    ("THÁNG   6", date(2020, 6, 30)),
    ("Tháng 06", date(2020, 6, 30)),
    ("tháng6", date(2020, 6, 30)),
    ("T6", date(2020, 6, 30)),
    ("t 11", date(2020, 11, 30)),
    ("th6", date(2020, 6, 30)),
    ("thg 9", date(2020, 9, 30)),
    ("tháng sáu", date(2020, 6, 30)),
    ("tháng Tư", date(2020, 4, 30)),
    ("tháng năm", date(2020, 5, 31)),
    ("tháng mười một", date(2020, 11, 30)),
    ("tháng mười hai", date(2020, 12, 31)),
    ("6/2020", date(2020, 6, 30)),
    ("tháng 6/2020", date(2020, 6, 30)),
    ("T6/20", date(2020, 6, 30)),
    ("tháng 6 năm 2020", date(2020, 6, 30)),
    ("2020-04", date(2020, 4, 30)),
    ("cuối tháng 6", date(2020, 6, 30)),
    ("Cuoi thang 2", date(2020, 2, 29)),
    ("trong tháng 9", date(2020, 9, 30)),
    ("June", date(2020, 6, 30)),
    ("jun", date(2020, 6, 30)),
    ("SEPT", date(2020, 9, 30)),
    ("month 6", date(2020, 6, 30)),
    ("end of June", date(2020, 6, 30)),
    ("by the end of February 2020", date(2020, 2, 29)),
    ("in May", date(2020, 5, 31)),
    # A quarter means its last day
    ("quý 3", date(2020, 9, 30)),
    ("quy 3", date(2020, 9, 30)),
    ("Quý III", date(2020, 9, 30)),
    ("quý iv", date(2020, 12, 31)),
    ("quý I", date(2020, 3, 31)),
    ("quý hai", date(2020, 6, 30)),
    ("Q3", date(2020, 9, 30)),
    ("q 1", date(2020, 3, 31)),
    ("Q2/2020", date(2020, 6, 30)),
    ("quý 3 năm 2020", date(2020, 9, 30)),
    ("cuối quý 2", date(2020, 6, 30)),
    ("quarter 3", date(2020, 9, 30)),
    ("3rd quarter", date(2020, 9, 30)),
    ("the fourth quarter", date(2020, 12, 31)),
    ("end of Q1 2020", date(2020, 3, 31)),
    # Milestones of the year
    ("cuối năm", date(2020, 12, 31)),
    ("cuoi nam", date(2020, 12, 31)),
    ("Cuối năm nay", date(2020, 12, 31)),
    ("cuối năm 2020", date(2020, 12, 31)),
    ("hết năm", date(2020, 12, 31)),
    ("end of year", date(2020, 12, 31)),
    ("End of the year", date(2020, 12, 31)),
    ("year end", date(2020, 12, 31)),
    ("year-end", date(2020, 12, 31)),
    ("end of 2020", date(2020, 12, 31)),
    ("giữa năm", date(2020, 6, 30)),
    ("giua nam", date(2020, 6, 30)),
    ("6 tháng đầu năm", date(2020, 6, 30)),
    ("mid-year", date(2020, 6, 30)),
    ("mid year", date(2020, 6, 30)),
    ("mid-2020", date(2020, 6, 30)),
]

REFUSED = [
    ("", "empty"),
    ("   ", "empty"),
    ("\n\t", "empty"),
    ("abc", "unrecognised"),
    ("ngày mai", "unrecognised"),
    ("tomorrow", "unrecognised"),
    ("đầu năm", "unrecognised"),
    ("cuối tháng", "unrecognised"),
    ("tháng giêng", "unrecognised"),
    ("quý V", "unrecognised"),
    ("30/11-2020", "unrecognised"),
    ("300/11", "unrecognised"),
    ("30/11/202", "unrecognised"),
    ("11/30/2020 9:00", "unrecognised"),
    ("30", "unrecognised"),
    ("2020", "unrecognised"),
    ("tháng 6 2020 abc", "unrecognised"),
    ("mấy", "unrecognised"),  # "which?", not May
    ("mây 30", "unrecognised"),
    ("tháng 13", "invalid_date"),
    ("tháng 0", "invalid_date"),
    ("T13", "invalid_date"),
    ("13/2020", "invalid_date"),
    ("quý 5", "invalid_date"),
    ("Q0", "invalid_date"),
    ("5th quarter", "invalid_date"),
    ("32/1", "invalid_date"),
    ("0/1", "invalid_date"),
    ("31/02/2020", "invalid_date"),
    ("30/2", "invalid_date"),
    ("31/4", "invalid_date"),
    ("11/30/2020", "invalid_date"),
    ("6/20", "invalid_date"),
    ("February 30", "invalid_date"),
    ("30/11/2021", "outside_year"),
    ("31/12/2019", "outside_year"),
    ("30/11/21", "outside_year"),
    ("2021-01-01", "outside_year"),
    ("tháng 6/2021", "outside_year"),
    ("6/2019", "outside_year"),
    ("Q3 2021", "outside_year"),
    ("cuối năm 2021", "outside_year"),
    ("end of 2019", "outside_year"),
]


@pytest.mark.parametrize(("text", "expected"), UNDERSTOOD)
def test_a_deadline_is_read_as_members_write_it(text: str, expected: date) -> None:
    assert parse_deadline(text, YEAR) == expected


@pytest.mark.parametrize(("text", "code"), REFUSED)
def test_a_doubtful_deadline_is_refused_with_a_reason(text: str, code: str) -> None:
    with pytest.raises(DeadlineError) as raised:
        parse_deadline(text, YEAR)
    assert raised.value.code == code


def test_a_day_and_month_fall_in_the_task_year() -> None:
    assert parse_deadline("29/2", 2024) == date(2024, 2, 29)
    assert parse_deadline("tháng 2", 2021) == date(2021, 2, 28)
    with pytest.raises(DeadlineError) as raised:
        parse_deadline("29/2", 2021)
    assert raised.value.code == "invalid_date"


def test_a_deadline_error_is_a_value_error() -> None:
    assert issubclass(DeadlineError, ValueError)
    assert DeadlineError("empty").code == "empty"
