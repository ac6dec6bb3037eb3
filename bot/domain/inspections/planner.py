"""The proposed yearly programme (đề xuất chương trình kiểm tra, giám sát năm).

:func:`propose` chooses the fewest targets that meet every quota (:mod:`.targets`), spreads
them evenly over the months that are not busy (:mod:`.months`) and staffs each item without
conflicts, sharing the load (:mod:`.teams`). The committee then reviews it item by item.
Everything is decided by the input alone: the same request gives the same programme.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from bot.domain.inspections.model import ItemKind, Target
from bot.domain.inspections.months import (
    available_months,
    deal,
    interleave,
    largest_share,
    late_share,
)
from bot.domain.inspections.organisation import Concern, PlanRequest
from bot.domain.inspections.quotas import (
    QUOTA_ORDER,
    QuotaKind,
    QuotaLine,
    QuotaSettings,
    counts_towards,
    quota_lines,
    tally,
)
from bot.domain.inspections.targets import Choice, choose_targets
from bot.domain.inspections.teams import staff_items


@dataclass(frozen=True)
class ProposedItem:
    kind: ItemKind
    target: Target
    target_name: str
    month: int  # 1–12 of the programme's year
    lead_id: int | None  # None: nobody on the committee or commission may lead it
    team_ids: tuple[int, ...]
    counts_for: frozenset[QuotaKind]
    last: date | None  # when the target was last inspected (supervised); None: never
    concerns: tuple[Concern, ...]  # why a member was suggested first


@dataclass(frozen=True)
class Proposal:
    year: int
    months: tuple[int, ...]  # the months items may fall in
    items: tuple[ProposedItem, ...]  # by month, then in the order they were chosen
    quotas: tuple[QuotaLine, ...]
    settings: QuotaSettings

    @property
    def month_counts(self) -> dict[int, int]:
        counts = Counter(item.month for item in self.items)
        return {month: counts.get(month, 0) for month in range(1, 13)}

    @property
    def late_share(self) -> Decimal:
        """The share (percent) of items in November and December."""
        return late_share(self.month_counts)

    @property
    def late_warning(self) -> bool:
        """More than the allowed share in the last two months (only when the months left
        leave no choice: a programme drafted in November, or a year of busy months)."""
        return self.late_share > self.settings.late_share

    @property
    def largest_month_share(self) -> Decimal:
        return largest_share(self.month_counts)

    @property
    def quotas_met(self) -> bool:
        return all(line.met for line in self.quotas)

    @property
    def unstaffed(self) -> tuple[ProposedItem, ...]:
        """Items nobody may lead (every person of the committee and commission conflicts)."""
        return tuple(item for item in self.items if item.lead_id is None)

    def load(self) -> dict[int, int]:
        """Items per person (lead or team)."""
        counts: Counter[int] = Counter()
        for item in self.items:
            counts.update(([item.lead_id] if item.lead_id is not None else []) + [*item.team_ids])
        return dict(counts)


def propose(request: PlanRequest) -> Proposal:
    """A programme for ``request.year`` meeting every quota with the fewest items."""
    settings = request.settings
    months = available_months(settings.busy_months, request.from_month)
    chosen = choose_targets(request)
    groups = [[c for c in chosen if c.group is quota] for quota in QUOTA_ORDER]
    dealt: list[tuple[int, Choice]] = deal(interleave([g for g in groups if g]), months)
    staffing = staff_items(
        [choice.target for _, choice in dealt], request.organisation.staff, settings.team_size
    )
    items = tuple(
        ProposedItem(
            kind=choice.kind,
            target=choice.target,
            target_name=choice.name,
            month=month,
            lead_id=staffed.lead,
            team_ids=staffed.team,
            counts_for=counts_towards(choice.kind, choice.target),
            last=choice.last,
            concerns=choice.concerns,
        )
        for (month, choice), staffed in zip(dealt, staffing, strict=True)
    )
    done = tally((item.kind, item.target) for item in items)
    lines = quota_lines(settings, request.organisation.populations, done)
    return Proposal(request.year, months, items, lines, settings)
