"""The words /baocao and ``butpha report`` read as a span and its cut-off: forgiving of
accents, spaces and spellings; a date that does not exist, a span that ends before it begins or
a cut-off before the span is refused with its reason."""

from __future__ import annotations

from datetime import date

import pytest

from bot.domain.inspections.periods import ReportPeriod
from bot.domain.period_report import spans
from bot.domain.period_report.spans import ReportSpan, SpanError, parse_words, resolve

TODAY = date(2020, 7, 20)


def span(text: str, cut_off_day: int = 0) -> ReportSpan:
    return resolve(parse_words(text.split(), TODAY), TODAY, cut_off_day)


@pytest.mark.parametrize(
    ("words", "first", "last", "as_of"),
    [
        ("6thang 2020", date(2020, 1, 1), date(2020, 6, 30), date(2020, 6, 30)),
        ("6 tháng", date(2020, 1, 1), date(2020, 6, 30), date(2020, 6, 30)),
        ("q1", date(2020, 1, 1), date(2020, 3, 31), date(2020, 3, 31)),
        ("Quý I 2019", date(2019, 1, 1), date(2019, 3, 31), date(2019, 3, 31)),
        ("thang3", date(2020, 3, 1), date(2020, 3, 31), date(2020, 3, 31)),
        ("tháng 7", date(2020, 7, 1), date(2020, 7, 31), date(2020, 7, 20)),
        ("thang", date(2020, 7, 1), date(2020, 7, 31), date(2020, 7, 20)),
        ("nam", date(2020, 1, 1), date(2020, 12, 31), date(2020, 7, 20)),
        ("", date(2020, 1, 1), date(2020, 12, 31), date(2020, 7, 20)),
        ("9thang 2019", date(2019, 1, 1), date(2019, 9, 30), date(2019, 9, 30)),
        ("01/01/2020-30/06/2020", date(2020, 1, 1), date(2020, 6, 30), date(2020, 6, 30)),
        ("1/3/2020 đến 15/3/2020", date(2020, 3, 1), date(2020, 3, 15), date(2020, 3, 15)),
        ("6thang 2020 đến 15/06/2020", date(2020, 1, 1), date(2020, 6, 30), date(2020, 6, 15)),
        ("6thang den 15/06", date(2020, 1, 1), date(2020, 6, 30), date(2020, 6, 15)),
    ],
)
def test_the_words_name_a_span_and_its_cut_off(
    words: str, first: date, last: date, as_of: date
) -> None:
    found = span(words)
    assert (found.first, found.last, found.as_of) == (first, last, as_of)


def test_the_period_is_kept_for_the_heading_and_a_from_to_has_none() -> None:
    assert span("6thang").period is ReportPeriod.HALF
    assert span("01/01/2020-30/06/2020").period is None


def test_the_level_above_cut_off_day_applies_once_it_has_come() -> None:
    # The six months' figures to 15 June, as the level above asks; the year's not yet.
    assert span("6thang", cut_off_day=15).as_of == date(2020, 6, 15)
    assert span("nam", cut_off_day=15).as_of == TODAY
    # A day the month does not have is its last.
    assert span("thang2", cut_off_day=31).as_of == date(2020, 2, 29)


@pytest.mark.parametrize(
    ("words", "reason"),
    [
        ("hom qua", spans.NOT_UNDERSTOOD),
        ("thang13", spans.BAD_DATE),
        ("31/02/2020-30/06/2020", spans.BAD_DATE),
        ("30/06/2020-01/01/2020", spans.ENDS_BEFORE_START),
        ("01/01/2010-01/01/2020", spans.TOO_LONG),
        ("6thang 2020 den 15/12/2019", spans.CUT_OFF_BEFORE_START),
        ("nam 1900", spans.BAD_YEAR),
    ],
)
def test_words_it_cannot_read_say_why(words: str, reason: str) -> None:
    with pytest.raises(SpanError) as raised:
        span(words)
    assert raised.value.reason == reason


def test_months_and_quarters_due_by_the_cut_off() -> None:
    found = span("6thang den 15/04/2020")
    assert [m.month for m in found.months()] == [1, 2, 3, 4]
    assert [m.month for m in found.months_due()] == [1, 2, 3]
    assert found.quarters_due() == [(2020, 1)]
    assert found.cut_short and found.until == date(2020, 4, 15)
