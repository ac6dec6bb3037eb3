"""A period's inspection and supervision figures: what was carried out, concluded and closed,
remediation open and done, against the year's quotas (the statistics the commission reports).

What counts, and when:

- an inspection or thematic supervision is *carried out* in a period when its target was
  notified within it (the work starts then: INSPECTIONS.md, step 1);
- a regular supervision has no steps: its target is *supervised* in a period when a
  supervision note about it is dated within it;
- a target counts once per quota however many items it had (:func:`quotas.tally`);
- an item is *concluded* (*closed*) in the period when that step is dated within it;
- a remediation action is *done* in the period when it was marked done within it, *open* when
  it existed by the period's end and was not done by then; *verified* among the done.
"""

from __future__ import annotations

from collections.abc import Iterable, Set
from dataclasses import dataclass
from datetime import date

from bot.domain.inspections.model import ItemKind, ItemState, Target, TargetKind
from bot.domain.inspections.periods import PeriodWindow
from bot.domain.inspections.quotas import (
    Populations,
    QuotaKind,
    QuotaLine,
    QuotaSettings,
    quota_lines,
    tally,
)


@dataclass(frozen=True)
class ReportItem:
    """An item of an adopted programme with the (local) dates of its steps."""

    kind: ItemKind
    target: Target
    month: int
    state: ItemState
    notified: date | None = None
    concluded: date | None = None
    closed: date | None = None


@dataclass(frozen=True)
class ReportAction:
    created: date
    done: date | None = None
    verified: date | None = None


@dataclass(frozen=True)
class PeriodFigures:
    window: PeriodWindow
    lines: tuple[QuotaLine, ...]  # targets carried out in the period, against the quotas
    pro_rata: dict[QuotaKind, int]  # what each yearly quota asks for by the period's end
    planned: int  # the programme's items planned for the period's months
    carried_out: int  # items carried out in the period
    concluded: int
    closed: int
    remediation_done: int
    remediation_verified: int
    remediation_open: int

    @property
    def committee_among_members(self) -> int:
        """Of the members inspected, how many are on the committee ("trong đó ... đảng ủy
        viên"): the committee's own quota line counts them."""
        return next(
            (line.done for line in self.lines if line.kind is QuotaKind.COMMITTEE_INSPECTED), 0
        )

    def on_schedule(self, line: QuotaLine) -> bool:
        """Met for the year, or at least the pro-rata share of it by the period's end."""
        return line.met or line.done >= self.pro_rata.get(line.kind, 0)


def carried_out(item: ReportItem, window: PeriodWindow, noted: Set[tuple[TargetKind, int]]) -> bool:
    if item.kind.has_steps:
        return window.holds(item.notified)
    return (item.target.kind, item.target.id) in noted


def period_figures(
    window: PeriodWindow,
    settings: QuotaSettings,
    populations: Populations,
    items: Iterable[ReportItem],
    actions: Iterable[ReportAction],
    noted: Set[tuple[TargetKind, int]] = frozenset(),
) -> PeriodFigures:
    """The figures of ``window`` from the year's items and remediation actions; ``noted``:
    the targets with a supervision note dated in the period."""
    listed = list(items)
    done = [item for item in listed if carried_out(item, window, noted)]
    lines = quota_lines(settings, populations, tally((i.kind, i.target) for i in done))
    end = window.end
    existing = [a for a in actions if a.created < end]
    finished = [a for a in existing if window.holds(a.done)]
    still_open = [a for a in existing if a.done is None or a.done >= end]
    return PeriodFigures(
        window=window,
        lines=lines,
        pro_rata={line.kind: window.pro_rata(line.required) for line in lines},
        planned=sum(1 for i in listed if window.first_month <= i.month <= window.last_month),
        carried_out=len(done),
        concluded=sum(1 for i in listed if window.holds(i.concluded)),
        closed=sum(1 for i in listed if window.holds(i.closed)),
        remediation_done=len(finished),
        remediation_verified=sum(
            1 for a in finished if a.verified is not None and a.verified < end
        ),
        remediation_open=len(still_open),
    )
