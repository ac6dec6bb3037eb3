"""The report's arithmetic: percentages and progress, exact and rounded as the report prints them.

The report rounds half up (``0.125`` → ``0.13``), as people do by hand, not to even as
``round()`` and Decimal's default context do. Locale formatting happens at the edges.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from decimal import Decimal
from fractions import Fraction

_PROGRESS = re.compile(r"(?P<whole>[0-9]+)(?:[.,](?P<fraction>[0-9]+))?\s*%?")


def _half_up(value: Fraction, places: int) -> Decimal:
    # Fractions keep the quotient exact, so a true x.xx5 is never seen as x.xx4999… or the
    # reverse, whatever the size of the operands.
    scaled = abs(value) * 10**places
    digits = math.floor(scaled + Fraction(1, 2))
    negative = value < 0 and digits != 0  # no "-0.00"
    return Decimal((int(negative), tuple(int(c) for c in str(digits)), -places))


def _exact(number: int | Decimal) -> Fraction:
    if isinstance(number, Decimal) and not number.is_finite():
        raise ValueError(f"not a finite number: {number}")
    return Fraction(number)


def percentage(part: int | Decimal, whole: int | Decimal) -> Decimal:
    """``part`` as a percentage of ``whole``, rounded half up to two decimals.

    ``percentage(23, 22) == Decimal("104.55")``, ``percentage(1, 8) == Decimal("12.50")``;
    a ``whole`` of zero gives ``Decimal("0")``, as the report prints 0% for an empty target.
    """
    exact_whole = _exact(whole)
    if exact_whole == 0:
        return Decimal("0")
    return _half_up(_exact(part) * 100 / exact_whole, 2)


def average_progress(values: Iterable[int]) -> Decimal:
    """The mean of progress percentages, taken as given, rounded half up to two decimals;
    ``Decimal("0")`` when there are none."""
    items = list(values)
    if not items:
        return Decimal("0")
    return _half_up(Fraction(sum(items), len(items)), 2)


def clamp_progress(value: int) -> int:
    """A reported progress kept within 0..100.

    Values over 100 become 100, because exceeding a target is a task status, not a
    percentage; a negative value is a mistake and raises ``ValueError``.
    """
    if value < 0:
        raise ValueError(f"progress cannot be negative: {value}")
    return min(value, 100)


def parse_progress(text: str) -> int:
    """The progress a member types: ``50``, ``50%``, `` 75 % ``, ``12,5`` or ``12.5``.

    Decimals are rounded half up to a whole percent (``12,5`` → 13). Raises ``ValueError``
    for anything else, including negative numbers and values over 100.
    """
    match = _PROGRESS.fullmatch(text.strip())
    if match is None:
        raise ValueError(f"not a progress percentage: {text!r}")
    exact = Fraction(int(match["whole"]))
    if (fraction := match["fraction"]) is not None:
        exact += Fraction(int(fraction), 10 ** len(fraction))
    if exact > 100:
        raise ValueError(f"progress over 100%: {text!r}")
    return int(_half_up(exact, 0))
