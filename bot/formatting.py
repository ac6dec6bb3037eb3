"""The one place that formats numbers, percentages and dates for users (Babel).

Vietnamese: ``1.668``, ``104,55%``, ``Thứ Sáu, 29/03/2024``, ``14:00``.
English: ``1,668``, ``104.55%``, ``Friday, 29/03/2024``.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from babel.dates import format_date as _babel_date
from babel.dates import format_time as _babel_time
from babel.numbers import format_decimal

from bot.domain.progress import percentage


def number(value: int | float | Decimal, language: str) -> str:
    return format_decimal(value, format="#,##0.##", locale=language)


def percent(part: int | Decimal, whole: int | Decimal, language: str) -> str:
    """``part`` out of ``whole`` as a percentage, half-up to two decimals (``104,55%``)."""
    return number(percentage(part, whole), language) + "%"


def ratio(part: int, whole: int, language: str) -> str:
    """The report's form: ``23/22 (104,55%)``."""
    return f"{number(part, language)}/{number(whole, language)} ({percent(part, whole, language)})"


def day(value: date, language: str) -> str:
    """A date with its weekday: ``Thứ Sáu, 29/03/2024``."""
    return _babel_date(value, "EEEE, dd/MM/yyyy", locale=language)


def short_day(value: date, language: str) -> str:
    return _babel_date(value, "dd/MM/yyyy", locale=language)


def moment(value: datetime, language: str) -> str:
    """A local date and time: ``Thứ Sáu, 29/03/2024 14:00``."""
    return f"{day(value.date(), language)} {_babel_time(value, 'HH:mm', locale=language)}"
