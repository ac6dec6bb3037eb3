"""What the planner is told: the organisation's cells and party members, who is on the
committee and the inspection commission, when each target was last inspected or supervised,
and which members give cause for concern (with the reason shown to the committee)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from bot.domain.inspections.model import Person
from bot.domain.inspections.quotas import Populations, QuotaSettings


@dataclass(frozen=True)
class Cell:
    id: int
    name: str


class ConcernReason(StrEnum):
    OVERDUE_TASKS = "overdue_tasks"  # breakthrough tasks past their deadline
    UNEXCUSED_ABSENCES = "unexcused_absences"  # repeated unexcused absences from meetings


@dataclass(frozen=True)
class Concern:
    """Why a member is suggested first: ``count`` overdue tasks or unexcused absences."""

    member_id: int
    reason: ConcernReason
    count: int


@dataclass(frozen=True)
class History:
    """When each target was last inspected or supervised; absent: never (as far as known)."""

    cells_inspected: Mapping[int, date] = field(default_factory=dict)
    cells_supervised: Mapping[int, date] = field(default_factory=dict)
    members_inspected: Mapping[int, date] = field(default_factory=dict)
    members_supervised: Mapping[int, date] = field(default_factory=dict)


@dataclass(frozen=True)
class Organisation:
    """``members``: the active party members (full and probationary), each in one of ``cells``;
    ``committee`` and ``commission``: members' ids (the inspection commission may overlap the
    committee). The committee and the commission staff the programme."""

    cells: tuple[Cell, ...]
    members: tuple[Person, ...]
    committee: frozenset[int]
    commission: frozenset[int] = frozenset()

    @property
    def populations(self) -> Populations:
        committee = sum(1 for m in self.members if m.id in self.committee)
        return Populations(len(self.cells), committee, len(self.members))

    @property
    def staff(self) -> tuple[Person, ...]:
        """Who may lead or sit on an item: the committee and the inspection commission, by id
        (ties in staffing go to this order, whatever order the members came in)."""
        staff = (m for m in self.members if m.id in self.committee or m.id in self.commission)
        return tuple(sorted(staff, key=lambda m: m.id))


@dataclass(frozen=True)
class PlanRequest:
    organisation: Organisation
    year: int
    settings: QuotaSettings = field(default_factory=QuotaSettings)
    history: History = field(default_factory=History)
    concerns: tuple[Concern, ...] = ()
    # A programme drafted in March plans from March: the months before are gone.
    from_month: int = 1
