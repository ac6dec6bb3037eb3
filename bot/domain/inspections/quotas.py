"""The programme's quotas (chỉ tiêu kiểm tra, giám sát) as settings, and their arithmetic.

The report's defaults: each year inspect 20% of cells, 20% of committee members and 20% of
members, and supervise 20% of cells; a fraction of a target rounds up (20% of 7 cells is 2).
Supervising members has no quota in the report (0%): another organisation's 30–50% is a setting.
A quota line's text is rendered at the edges; here are its figures.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction

from bot.domain.inspections.model import ItemKind, Target, TargetKind
from bot.domain.progress import percentage


class Rounding(StrEnum):
    UP = "up"  # 20% of 7 cells is 2: the report's reading, the default
    DOWN = "down"  # 20% of 7 cells is 1
    HALF_UP = "half_up"  # 20% of 7 cells (1,4) is 1; of 8 cells (1,6) is 2


class QuotaKind(StrEnum):
    CELLS_INSPECTED = "cells_inspected"
    COMMITTEE_INSPECTED = "committee_inspected"
    MEMBERS_INSPECTED = "members_inspected"  # committee members inspected count here too
    CELLS_SUPERVISED = "cells_supervised"
    MEMBERS_SUPERVISED = "members_supervised"


# The report's order, the order of the quota lines.
QUOTA_ORDER: tuple[QuotaKind, ...] = tuple(QuotaKind)


def _report_defaults() -> dict[QuotaKind, Decimal]:
    shares = dict.fromkeys(QuotaKind, Decimal(20))
    shares[QuotaKind.MEMBERS_SUPERVISED] = Decimal(0)
    return shares


@dataclass(frozen=True)
class QuotaSettings:
    """Shares are percentages (``Decimal(20)`` is 20%)."""

    shares: Mapping[QuotaKind, Decimal] = field(default_factory=_report_defaults)
    rounding: Rounding = Rounding.UP
    # Warn when more than this share of the items falls in the last two months.
    late_share: Decimal = Decimal(40)
    # Months (1–12) kept free of items, e.g. the year-end review's; the report names none.
    busy_months: frozenset[int] = frozenset()
    # People on an item, its lead included (đoàn kiểm tra: a lead and two members).
    team_size: int = 3

    def share(self, kind: QuotaKind) -> Decimal:
        return self.shares.get(kind, Decimal(0))


def required(share: Decimal, population: int, rounding: Rounding = Rounding.UP) -> int:
    """How many of ``population`` a ``share`` (in percent) asks for: ``required(20, 7) == 2``,
    with ``Rounding.DOWN`` 1; never more than the population, 0 of nothing."""
    if population <= 0 or share <= 0:
        return 0
    exact = Fraction(share) * population / 100
    if rounding is Rounding.UP:
        count = math.ceil(exact)
    elif rounding is Rounding.DOWN:
        count = math.floor(exact)
    else:
        count = math.floor(exact + Fraction(1, 2))
    return min(count, population)


@dataclass(frozen=True)
class Populations:
    """What each quota is a share of: cells, committee members, (party) members."""

    cells: int
    committee: int
    members: int

    def of(self, kind: QuotaKind) -> int:
        if kind in (QuotaKind.CELLS_INSPECTED, QuotaKind.CELLS_SUPERVISED):
            return self.cells
        if kind is QuotaKind.COMMITTEE_INSPECTED:
            return self.committee
        return self.members


def requirements(settings: QuotaSettings, populations: Populations) -> dict[QuotaKind, int]:
    """Each quota's required count, in the report's order."""
    return {
        kind: required(settings.share(kind), populations.of(kind), settings.rounding)
        for kind in QUOTA_ORDER
    }


def counts_towards(kind: ItemKind, target: Target) -> frozenset[QuotaKind]:
    """The quotas an item counts for: inspecting a committee member counts as inspecting a
    member too; an inspection for a suspected violation is an inspection."""
    if kind.is_inspection:
        if target.kind is TargetKind.CELL:
            return frozenset({QuotaKind.CELLS_INSPECTED})
        if target.kind is TargetKind.COMMITTEE_MEMBER:
            return frozenset({QuotaKind.COMMITTEE_INSPECTED, QuotaKind.MEMBERS_INSPECTED})
        return frozenset({QuotaKind.MEMBERS_INSPECTED})
    if target.kind is TargetKind.CELL:
        return frozenset({QuotaKind.CELLS_SUPERVISED})
    return frozenset({QuotaKind.MEMBERS_SUPERVISED})


def tally(items: Iterable[tuple[ItemKind, Target]]) -> dict[QuotaKind, int]:
    """Distinct targets per quota: a cell inspected twice in a year counts once."""
    seen: dict[QuotaKind, set[tuple[bool, int]]] = {kind: set() for kind in QUOTA_ORDER}
    for kind, target in items:
        for quota in counts_towards(kind, target):
            seen[quota].add((target.kind is TargetKind.CELL, target.id))
    return {kind: len(targets) for kind, targets in seen.items()}


@dataclass(frozen=True)
class QuotaLine:
    """The figures of «Kiểm tra đảng viên: 4/32 (12,5%) — chỉ tiêu 20%: cần thêm 3»."""

    kind: QuotaKind
    done: int
    of: int
    percentage: Decimal  # done of ``of``, half up to two decimals
    target: Decimal  # the quota's share, in percent
    required: int

    @property
    def met(self) -> bool:
        return self.done >= self.required

    @property
    def missing(self) -> int:
        """How many more make the quota: 0 once met."""
        return max(0, self.required - self.done)


def quota_line(
    settings: QuotaSettings, kind: QuotaKind, populations: Populations, done: int
) -> QuotaLine:
    of = populations.of(kind)
    share = settings.share(kind)
    return QuotaLine(
        kind, done, of, percentage(done, of), share, required(share, of, settings.rounding)
    )


def quota_lines(
    settings: QuotaSettings, populations: Populations, done: Mapping[QuotaKind, int]
) -> tuple[QuotaLine, ...]:
    """Every quota's line, in the report's order; quotas set to 0% are left out."""
    return tuple(
        quota_line(settings, kind, populations, done.get(kind, 0))
        for kind in QUOTA_ORDER
        if settings.share(kind) > 0
    )
