"""The figures that answer "how far are we?" for a member, a cell and the organisation."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from bot.domain.tasks import Task, TaskStatus
from bot.domain.text import name_sort_key


@dataclass(frozen=True)
class OverdueTask:
    task_id: int
    title: str
    owner_name: str
    deadline: date


@dataclass(frozen=True)
class PublicTask:
    """An approved task as the public registry shows it."""

    task: Task
    owner_name: str
    cell_id: int
    cell_name: str


@dataclass(frozen=True)
class CellProgress:
    """One cell's registration and task figures for a year."""

    cell_id: int
    cell_name: str
    members: int  # active members
    registered: int  # active members with at least one task that is not withdrawn
    by_status: dict[TaskStatus, int] = field(default_factory=dict)
    overdue: int = 0

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
        members=sum(c.members for c in cells),
        registered=sum(c.registered for c in cells),
        by_status=by_status,
        overdue=sum(c.overdue for c in cells),
    )


def registry_order(tasks: list[PublicTask]) -> list[PublicTask]:
    """The public registry's order: cells as given, and in each cell the owners as a
    Vietnamese list of people (given name, then the whole name), each owner's tasks together."""
    cells = {c: i for i, c in enumerate(dict.fromkeys(p.cell_id for p in tasks))}
    return sorted(
        tasks,
        key=lambda p: (
            cells[p.cell_id],
            name_sort_key(p.owner_name),
            p.task.owner_member_id or 0,
            p.task.id,
        ),
    )
