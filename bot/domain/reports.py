"""The figures that answer "how far are we?" for a member, a cell and the organisation."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from bot.domain.tasks import Task, TaskStatus


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
