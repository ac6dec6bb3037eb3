"""Whom the programme inspects and supervises: the fewest targets that meet every quota.

Rotation: within a quota, targets never inspected (or supervised) come first, then those
inspected longest ago; names (in Vietnamese order) and ids break ties, so the same input gives
the same programme. Members who give cause for concern (overdue breakthrough tasks, repeated
unexcused absences) come before everyone else in the member quotas: first for supervision when
members are supervised, otherwise first for inspection; the reasons travel with the item.
Committee members inspected also count as members inspected, so the members' quota takes only
what the committee's leaves; a cell or member is not both inspected and supervised in one year
while there are others to choose.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

from bot.domain.inspections.model import ItemKind, Person, Target, TargetKind
from bot.domain.inspections.organisation import Cell, Concern, PlanRequest
from bot.domain.inspections.quotas import QuotaKind, requirements
from bot.domain.text import Collation, cell_sort_key, name_sort_key


@dataclass(frozen=True)
class Choice:
    """A target chosen for an item, with why: when it was last seen to, and any concerns."""

    group: QuotaKind  # the quota the item was chosen for (it may count for more)
    kind: ItemKind
    target: Target
    name: str
    last: date | None
    concerns: tuple[Concern, ...] = ()


RotationKey = tuple[bool, date]
T = TypeVar("T")


def _rotation(last: date | None) -> RotationKey:
    """Never first, then the longest ago."""
    return (last is not None, last or date.min)


def _pick(candidates: Iterable[T], count: int, key: Callable[[T], Any]) -> list[T]:
    return sorted(candidates, key=key)[:count] if count > 0 else []


def choose_targets(request: PlanRequest) -> list[Choice]:
    """The targets of a programme meeting every quota of ``request.settings``, by quota, in the
    report's order (cells inspected, committee members, members, cells supervised, members
    supervised), each quota's targets in the order they should be seen to."""
    org, history = request.organisation, request.history
    need = requirements(request.settings, org.populations)
    concerns: dict[int, list[Concern]] = {}
    for concern in request.concerns:
        concerns.setdefault(concern.member_id, []).append(concern)
    cell_names: dict[int, Collation] = {c.id: cell_sort_key(c.name) for c in org.cells}
    person_names: dict[int, Any] = {m.id: name_sort_key(m.name) for m in org.members}

    def cell_key(seen: Mapping[int, date], avoid: set[int]) -> Callable[[Cell], Any]:
        return lambda c: (c.id in avoid, _rotation(seen.get(c.id)), cell_names[c.id], c.id)

    def member_key(seen: Mapping[int, date], avoid: set[int]) -> Callable[[Person], Any]:
        def key(m: Person) -> Any:
            worry = concerns.get(m.id, [])
            severity = (-len(worry), -sum(c.count for c in worry))
            return (m.id in avoid, severity, _rotation(seen.get(m.id)), person_names[m.id], m.id)

        return key

    def cell_choice(
        group: QuotaKind, kind: ItemKind, cell: Cell, seen: Mapping[int, date]
    ) -> Choice:
        return Choice(
            group, kind, Target(TargetKind.CELL, cell.id, cell.id), cell.name, seen.get(cell.id)
        )

    def member_choice(
        group: QuotaKind, kind: ItemKind, member: Person, seen: Mapping[int, date]
    ) -> Choice:
        target_kind = (
            TargetKind.COMMITTEE_MEMBER if member.id in org.committee else TargetKind.MEMBER
        )
        return Choice(
            group,
            kind,
            Target(target_kind, member.id, member.cell_id),
            member.name,
            seen.get(member.id),
            tuple(concerns.get(member.id, ())),
        )

    inspect, supervise = ItemKind.INSPECTION, ItemKind.THEMATIC_SUPERVISION
    seen_i, seen_s = history.cells_inspected, history.cells_supervised
    cells_i = _pick(org.cells, need[QuotaKind.CELLS_INSPECTED], cell_key(seen_i, set()))
    chosen_cells = {c.id for c in cells_i}
    cells_s = _pick(org.cells, need[QuotaKind.CELLS_SUPERVISED], cell_key(seen_s, chosen_cells))

    m_seen_i, m_seen_s = history.members_inspected, history.members_supervised
    # Supervision of members (when there is a quota) takes the members of concern first.
    members_s = _pick(org.members, need[QuotaKind.MEMBERS_SUPERVISED], member_key(m_seen_s, set()))
    supervised = {m.id for m in members_s}
    committee = [m for m in org.members if m.id in org.committee]
    committee_i = _pick(
        committee, need[QuotaKind.COMMITTEE_INSPECTED], member_key(m_seen_i, supervised)
    )
    done = {m.id for m in committee_i}
    more = max(0, need[QuotaKind.MEMBERS_INSPECTED] - len(committee_i))
    others = (m for m in org.members if m.id not in done)
    members_i = _pick(others, more, member_key(m_seen_i, supervised))

    return [
        *(cell_choice(QuotaKind.CELLS_INSPECTED, inspect, c, seen_i) for c in cells_i),
        *(member_choice(QuotaKind.COMMITTEE_INSPECTED, inspect, m, m_seen_i) for m in committee_i),
        *(member_choice(QuotaKind.MEMBERS_INSPECTED, inspect, m, m_seen_i) for m in members_i),
        *(cell_choice(QuotaKind.CELLS_SUPERVISED, supervise, c, seen_s) for c in cells_s),
        *(member_choice(QuotaKind.MEMBERS_SUPERVISED, supervise, m, m_seen_s) for m in members_s),
    ]
