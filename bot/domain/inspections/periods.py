"""The periods inspection statistics are reported for, and which dates fall in each.

The inspection commission's statistics forms ask for a month, the first quarter, six months,
nine months and the year (INSPECTIONS.md). All but the month run from the year's first day:
"6 tháng đầu năm" is January to June. A period's end is the first day after it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class ReportPeriod(StrEnum):
    MONTH = "month"  # one month
    Q1 = "q1"  # quý I: January to March
    HALF = "6m"  # sơ kết 6 tháng: January to June
    NINE_MONTHS = "9m"  # January to September
    YEAR = "year"  # tổng kết năm


# The last month of each period that runs from January.
_LAST_MONTH = {
    ReportPeriod.Q1: 3,
    ReportPeriod.HALF: 6,
    ReportPeriod.NINE_MONTHS: 9,
    ReportPeriod.YEAR: 12,
}


@dataclass(frozen=True)
class PeriodWindow:
    period: ReportPeriod
    year: int
    first_month: int
    last_month: int

    @property
    def start(self) -> date:
        return date(self.year, self.first_month, 1)

    @property
    def end(self) -> date:
        """The first day after the period."""
        if self.last_month == 12:
            return date(self.year + 1, 1, 1)
        return date(self.year, self.last_month + 1, 1)

    @property
    def last_day(self) -> date:
        return date.fromordinal(self.end.toordinal() - 1)

    def holds(self, day: date | None) -> bool:
        return day is not None and self.start <= day < self.end

    def pro_rata(self, required: int) -> int:
        """What a yearly quota of ``required`` asks for by the period's end, rounded up (a
        month's report says how far the year should be by then): 5 by June is 3."""
        return min(required, math.ceil(required * self.last_month / 12))

    @property
    def whole_year(self) -> bool:
        return self.first_month == 1 and self.last_month == 12


def window(period: ReportPeriod, year: int, month: int = 1) -> PeriodWindow:
    """The dates ``period`` of ``year`` covers; ``month`` (1–12) says which, for a month."""
    if period is ReportPeriod.MONTH:
        if not 1 <= month <= 12:
            raise ValueError(f"not a month: {month}")
        return PeriodWindow(period, year, month, month)
    return PeriodWindow(period, year, 1, _LAST_MONTH[period])
