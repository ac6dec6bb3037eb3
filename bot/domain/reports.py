"""The figures that answer "how far are we?" for a member, a cell and the organisation."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

from bot.domain.model import Member
from bot.domain.tasks import Task, TaskStatus
from bot.domain.text import name_sort_key


@dataclass(frozen=True)
class OverdueTask:
    task_id: int
    title: str
    owner_name: str
    deadline: date


class CellCount(NamedTuple):
    """A cell's approved (public) tasks of the year, as the public registry counts them."""

    cell_id: int
    tasks: int


@dataclass(frozen=True)
class PublicTask:
    """An approved task as the public registry shows it."""

    task: Task
    owner_name: str
    cell_id: int
    cell_name: str


@dataclass(frozen=True)
class Headcount:
    """Who has registered, out of the active members of one kind: party members (full and
    probationary) or non-party staff. The report gives the two apart, never one sum."""

    members: int = 0
    registered: int = 0  # with at least one task of the year that is not withdrawn

    @property
    def unregistered(self) -> int:
        return self.members - self.registered

    def __add__(self, other: Headcount) -> Headcount:
        return Headcount(self.members + other.members, self.registered + other.registered)


@dataclass(frozen=True)
class CellProgress:
    """One cell's registration and task figures for a year."""

    cell_id: int
    cell_name: str
    party: Headcount = Headcount()
    non_party: Headcount = Headcount()
    by_status: dict[TaskStatus, int] = field(default_factory=dict)
    overdue: int = 0

    @property
    def members(self) -> int:
        """Every active member, party members and non-party staff together."""
        return self.party.members + self.non_party.members

    @property
    def registered(self) -> int:
        return self.party.registered + self.non_party.registered

    @property
    def tasks(self) -> int:
        return sum(n for s, n in self.by_status.items() if s is not TaskStatus.WITHDRAWN)

    @property
    def finished(self) -> int:
        return self.by_status.get(TaskStatus.DONE, 0) + self.by_status.get(TaskStatus.EXCEEDED, 0)


def total(cells: list[CellProgress], name: str) -> CellProgress:
    """The organisation's line: every cell added up."""
    by_status: dict[TaskStatus, int] = {}
    for cell in cells:
        for status, count in cell.by_status.items():
            by_status[status] = by_status.get(status, 0) + count
    return CellProgress(
        cell_id=0,
        cell_name=name,
        party=sum((c.party for c in cells), Headcount()),
        non_party=sum((c.non_party for c in cells), Headcount()),
        by_status=by_status,
        overdue=sum(c.overdue for c in cells),
    )


@dataclass(frozen=True)
class Unregistered:
    """A cell's active members without a task this year, party members and non-party staff
    apart, each list in the Vietnamese order of names."""

    progress: CellProgress
    party: list[Member]
    non_party: list[Member]

    @classmethod
    def of(cls, progress: CellProgress, members: list[Member]) -> Unregistered:
        ordered = sorted(members, key=lambda m: name_sort_key(m.full_name))
        return cls(
            progress,
            [m for m in ordered if m.kind.is_party_member],
            [m for m in ordered if not m.kind.is_party_member],
        )


def registry_order(tasks: list[PublicTask]) -> list[PublicTask]:
    """The public registry's order: cells as given, and in each cell the owners as a
    Vietnamese list of people (given name, then the whole name), each owner's tasks together."""
    cells = {c: i for i, c in enumerate(dict.fromkeys(p.cell_id for p in tasks))}
    # Once per person, not per task: the collation key is the costly part of the sort.
    names = {name: name_sort_key(name) for name in {p.owner_name for p in tasks}}
    return sorted(
        tasks,
        key=lambda p: (
            cells[p.cell_id],
            names[p.owner_name],
            p.task.owner_member_id or 0,
            p.task.id,
        ),
    )
