"""A target's line as the report writes it, in figures: «Lớp đào tạo: đạt 23/22 lớp (104,55%)
— vượt chỉ tiêu». The text is rendered at the edges (:func:`bot.i18n.target_lines.target_line`).

Rounding is the report's: half up (``Decimal``, ``ROUND_HALF_UP``) to ``decimals`` places,
trailing zeros trimmed when printed. A planned value of zero never divides.

Before the year ends a target is "in progress", except what can no longer change: a count that
grows over the year (``accrues``) and already meets its target has met it, and one that must
stay at zero (or at most so many) and has gone over has failed. An accruing target in progress
carries the pro-rata expectation: the planned value times the share of the year gone by.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from bot.domain.targets.model import Comparator, Target


class Status(StrEnum):
    MET = "met"
    EXCEEDED = "exceeded"
    NOT_MET = "not_met"
    IN_PROGRESS = "in_progress"
    NO_DATA = "no_data"


@dataclass(frozen=True)
class Share:
    """A computed value's part of its whole (38 of 40 party members studied)."""

    part: int
    whole: int


@dataclass(frozen=True)
class TargetLine:
    target_id: int
    section: str
    title: str
    unit: str
    planned: Decimal
    actual: Decimal | None  # None: no data yet
    comparator: Comparator
    status: Status
    is_percent: bool  # the value is itself a percentage (95%), not a count (23 classes)
    decimals: int = 2
    percent: Decimal | None = None  # a count's share of its planned value (104.55)
    expected: Decimal | None = None  # in progress: what the share of the year gone asks for
    share: Share | None = None  # a computed value's part and whole


def half_up(value: Decimal, decimals: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def meets(comparator: Comparator, actual: Decimal, planned: Decimal) -> bool:
    if comparator is Comparator.AT_LEAST:
        return actual >= planned
    if comparator is Comparator.MORE_THAN:
        return actual > planned
    if comparator is Comparator.ZERO:
        return actual == 0
    return actual <= planned


def year_gone(year: int, as_of: date) -> Decimal:
    """The share of ``year`` gone by on ``as_of`` (that day included), 0 to 1."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    if as_of < start:
        return Decimal(0)
    if as_of >= end:
        return Decimal(1)
    return Decimal((as_of - start).days + 1) / Decimal((end - start).days + 1)


def status_of(target: Target, actual: Decimal | None, as_of: date) -> Status:
    if actual is None:
        return Status.NO_DATA
    ended = as_of >= date(target.year, 12, 31)
    met = meets(target.comparator, actual, target.planned)
    grows = target.comparator in (Comparator.AT_LEAST, Comparator.MORE_THAN)
    if met and (ended or (target.accrues and grows) or not grows):
        if target.comparator is Comparator.AT_LEAST and actual > target.planned > 0:
            return Status.EXCEEDED
        return Status.MET
    if ended or (target.accrues and not grows):
        return Status.NOT_MET
    return Status.IN_PROGRESS


def evaluate(
    target: Target,
    actual: Decimal | None,
    as_of: date,
    *,
    decimals: int = 2,
    share: Share | None = None,
) -> TargetLine:
    """``target``'s line with ``actual`` (None: no value yet) on ``as_of``."""
    status = status_of(target, actual, as_of)
    percent = None
    if actual is not None and not target.is_percent and target.planned > 0:
        percent = half_up(actual * 100 / target.planned, decimals)
    expected = None
    if status is Status.IN_PROGRESS and target.accrues and target.planned > 0:
        exact = target.planned * year_gone(target.year, as_of)
        expected = half_up(exact, decimals if target.is_percent else 0)
    return TargetLine(
        target_id=target.id,
        section=target.section,
        title=target.title,
        unit=target.unit,
        planned=target.planned,
        actual=actual,
        comparator=target.comparator,
        status=status,
        is_percent=target.is_percent,
        decimals=decimals,
        percent=percent,
        expected=expected,
        share=share,
    )
