"""When the programme's items happen: spread evenly over the months that are not busy.

"Even" means the months used hold ``floor(n / m)`` or ``ceil(n / m)`` items each (``n`` items,
``m`` months available): no two months differ by more than one. The months that get one more
are the earliest, so the year's end never holds more than its fair share ("không tập trung vào
những tháng cuối năm"). Each quota's items are interleaved before they are dealt out, so each
kind of item is itself spread through the year, and within a kind the first chosen (the longest
unseen, the members of concern) come first.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import TypeVar

from bot.domain.errors import UserError
from bot.domain.inspections.model import N_
from bot.domain.progress import percentage

NO_MONTHS = N_("Every month left in the year is marked busy: free one to plan the programme.")

T = TypeVar("T")


def available_months(busy: frozenset[int], from_month: int = 1) -> tuple[int, ...]:
    """The months (1–12) from ``from_month`` that are not busy; raises if none is left."""
    months = tuple(m for m in range(max(1, from_month), 13) if m not in busy)
    if not months:
        raise UserError(NO_MONTHS)
    return months


def interleave(groups: Sequence[Sequence[T]]) -> list[T]:
    """The groups' items merged so each group is spread along the whole: an item at position
    ``i`` of a group of ``n`` sits at ``(i + ½) / n``; ties go in the groups' order."""
    placed = [
        (Fraction(2 * index + 1, 2 * len(group)), order, index, item)
        for order, group in enumerate(groups)
        for index, item in enumerate(group)
    ]
    placed.sort(key=lambda entry: entry[:3])
    return [entry[3] for entry in placed]


def month_sizes(count: int, months: Sequence[int]) -> dict[int, int]:
    """How many items each month holds: ``count // len(months)`` each, one more for the
    earliest ``count % len(months)``."""
    base, extra = divmod(count, len(months))
    return {month: base + (1 if index < extra else 0) for index, month in enumerate(months)}


def deal(items: Sequence[T], months: Sequence[int]) -> list[tuple[int, T]]:
    """Each item with its month, in order: the first ``sizes[first]`` items in the first month…"""
    sizes = month_sizes(len(items), months)
    dealt: list[tuple[int, T]] = []
    position = 0
    for month in months:
        for item in items[position : position + sizes[month]]:
            dealt.append((month, item))
        position += sizes[month]
    return dealt


def late_share(month_counts: dict[int, int]) -> Decimal:
    """The share (percent) of items in the last two months of the year (November, December)."""
    total = sum(month_counts.values())
    return percentage(month_counts.get(11, 0) + month_counts.get(12, 0), total)


def largest_share(month_counts: dict[int, int]) -> Decimal:
    """The busiest month's share (percent) of the items."""
    total = sum(month_counts.values())
    return percentage(max(month_counts.values(), default=0), total)


@dataclass(frozen=True)
class Spread:
    """How a programme's items fall over the months (percentages of its items)."""

    largest: Decimal  # the busiest month's share
    late: Decimal  # November and December's share
    allowed: Decimal  # the late share allowed (a setting; 40% by default)

    @property
    def warning(self) -> bool:
        """More than the allowed share falls in the last two months."""
        return self.late > self.allowed


def spread(months: Iterable[int], allowed: Decimal) -> Spread:
    """The spread of items planned in ``months`` (one entry per item)."""
    counts = dict.fromkeys(range(1, 13), 0)
    for month in months:
        counts[month] = counts.get(month, 0) + 1
    return Spread(largest_share(counts), late_share(counts), allowed)
