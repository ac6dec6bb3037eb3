"""The one place that formats numbers, percentages and dates for users (Babel).

Vietnamese: ``1.668``, ``104,55%``, ``Thứ Sáu, 29/03/2024``, ``14:00``.
English: ``1,668``, ``104.55%``, ``Friday, 29/03/2024``.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from functools import cache

from babel.dates import format_date as _babel_date
from babel.dates import format_time as _babel_time
from babel.numbers import get_decimal_symbol, get_group_symbol

from bot.domain.progress import percentage

_HUNDREDTHS = Decimal("0.01")


@cache
def _symbols(language: str) -> dict[int, str]:
    """The locale's grouping and decimal symbols, from Babel's data, as a str.translate table."""
    return str.maketrans(
        {",": get_group_symbol(locale=language), ".": get_decimal_symbol(locale=language)}
    )


def number(value: int | float | Decimal, language: str) -> str:
    """``1.668`` / ``104,55`` in Vietnamese, ``1,668`` / ``104.55`` in English: at most two
    decimals, rounded half-up, no trailing zeros (Babel's ``#,##0.##``). Reports print
    thousands of these, so the pattern is applied here with Babel's symbols, not per call."""
    if isinstance(value, int):
        text = f"{value:,}"
    else:
        rounded = Decimal(str(value)).quantize(_HUNDREDTHS, rounding=ROUND_HALF_UP)
        text = f"{rounded:,.2f}".rstrip("0").rstrip(".")
    return text.translate(_symbols(language))


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


def month_name(value: date, language: str) -> str:
    """The month as a sentence names it: ``tháng 3``, ``March``."""
    return _babel_date(value, "MMMM", locale=language)


def decimal_number(value: int | Decimal, decimals: int, language: str) -> str:
    """:func:`number` to ``decimals`` places (half up), trailing zeros trimmed: a target's
    figures, whose decimals are a setting (``152,9``, ``104,55``, ``95``)."""
    rounded = Decimal(value).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    text = f"{rounded:,.{decimals}f}"
    if decimals:
        text = text.rstrip("0").rstrip(".")
    return text.translate(_symbols(language))
