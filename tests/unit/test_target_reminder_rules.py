"""When an owner is asked for a target's value: from the 20th of the month (of the quarter's
last month for a quarterly target), never for a computed target, one set to never, or another
year's; the key names the target, the period and the recipient."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from bot.domain.targets.model import Cadence, Source
from bot.domain.targets.reminders import due, key, period_of
from tests.unit.test_target_lines import target


def test_monthly_from_the_twentieth() -> None:
    monthly = target("22")
    assert due(monthly, date(2020, 6, 19)) is None
    period = due(monthly, date(2020, 6, 20))
    assert period is not None
    assert (period.start, period.end, period.label) == (
        date(2020, 6, 1),
        date(2020, 7, 1),
        "2020-06",
    )
    december = due(monthly, date(2020, 12, 31))
    assert december is not None and december.end == date(2021, 1, 1)
    assert key(7, period, 12) == "target-7-2020-06-m12"


def test_quarterly_in_the_quarters_last_month() -> None:
    quarterly = replace(target("22"), cadence=Cadence.QUARTERLY)
    assert due(quarterly, date(2020, 5, 25)) is None
    period = due(quarterly, date(2020, 6, 20))
    assert period is not None and (period.start, period.label) == (date(2020, 4, 1), "2020-q2")
    last = period_of(Cadence.QUARTERLY, date(2020, 11, 3))
    assert last is not None and (last.start, last.end) == (date(2020, 10, 1), date(2021, 1, 1))


def test_nothing_asked_of_computed_never_or_other_years() -> None:
    assert due(target("100", unit="%", source=Source.STUDY_PARTY), date(2020, 6, 25)) is None
    assert due(replace(target("22"), cadence=Cadence.NEVER), date(2020, 6, 25)) is None
    assert due(target("22"), date(2021, 1, 25)) is None
