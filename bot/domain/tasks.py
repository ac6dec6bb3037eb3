"""Breakthrough tasks (công việc bứt phá): the year's rules, tasks, their statuses and history."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from enum import StrEnum

MAX_TITLE = 200
MAX_PRODUCT = 500
MAX_NOTE = 1000
# A member may take back their own completion for this long; the cell secretary any time.
UNDO_WINDOW = timedelta(hours=24)
# The year is shown whole in one message, with its areas as buttons: keep it well inside both.
MAX_THEME = 200
MAX_AREA = 100
MAX_AREAS = 10


class TaskStatus(StrEnum):
    SUBMITTED = "submitted"  # waiting for the cell secretary
    RETURNED = "returned"  # sent back with a reason; can be edited and resubmitted
    IN_PROGRESS = "in_progress"  # approved (or no approval needed)
    DONE = "done"
    EXCEEDED = "exceeded"  # vượt: done beyond the committed product
    NOT_ACHIEVED = "not_achieved"
    WITHDRAWN = "withdrawn"

    @property
    def is_open(self) -> bool:
        """Still to be done: counts toward overdue."""
        return self in (TaskStatus.SUBMITTED, TaskStatus.RETURNED, TaskStatus.IN_PROGRESS)

    @property
    def is_public(self) -> bool:
        """Approved tasks are public within the organisation."""
        return self in (
            TaskStatus.IN_PROGRESS,
            TaskStatus.DONE,
            TaskStatus.EXCEEDED,
            TaskStatus.NOT_ACHIEVED,
        )

    @property
    def is_finished(self) -> bool:
        return self in (TaskStatus.DONE, TaskStatus.EXCEEDED)

    @property
    def is_closing(self) -> bool:
        """A verdict on the task (done, exceeded, not achieved): confirmed first, undoable."""
        return self in (TaskStatus.DONE, TaskStatus.EXCEEDED, TaskStatus.NOT_ACHIEVED)


class UpdateKind(StrEnum):
    SUBMITTED = "submitted"
    APPROVED = "approved"
    RETURNED = "returned"
    PROGRESS = "progress"
    NOTE = "note"
    EVIDENCE = "evidence"
    DONE = "done"
    EXCEEDED = "exceeded"
    NOT_ACHIEVED = "not_achieved"
    EDITED = "edited"
    WITHDRAWN = "withdrawn"
    REOPENED = "reopened"  # a completion taken back: the status and progress before it


# The update that records each verdict.
FINISH_KINDS = {
    TaskStatus.DONE: UpdateKind.DONE,
    TaskStatus.EXCEEDED: UpdateKind.EXCEEDED,
    TaskStatus.NOT_ACHIEVED: UpdateKind.NOT_ACHIEVED,
}


@dataclass(frozen=True)
class Area:
    """A breakthrough area (khâu đột phá) of the year."""

    id: int
    name: str


@dataclass(frozen=True)
class Year:
    year: int
    theme: str
    opens: date
    closes: date
    max_tasks: int = 5
    approval_required: bool = True
    areas: tuple[Area, ...] = ()

    def window_open(self, today: date) -> bool:
        return self.opens <= today <= self.closes


@dataclass(frozen=True)
class Task:
    id: int
    year: int
    owner_member_id: int | None  # a personal task
    owner_unit_id: int | None  # a collective task (a cell's, or the committee's work item)
    responsible_member_id: int | None
    title: str
    product: str
    deadline: date
    area_id: int | None
    status: TaskStatus
    progress: int  # 0..100

    @property
    def is_collective(self) -> bool:
        return self.owner_unit_id is not None

    def is_overdue(self, today: date) -> bool:
        """Derived, never stored: past the deadline and not finished."""
        return self.status.is_open and self.deadline < today

    def days_left(self, today: date) -> int:
        return (self.deadline - today).days

    def may_close_as(self, verdict: TaskStatus) -> bool:
        """Done or not achieved from in progress; exceeded also from done."""
        if verdict is TaskStatus.EXCEEDED:
            return self.status in (TaskStatus.IN_PROGRESS, TaskStatus.DONE)
        return verdict.is_closing and self.status is TaskStatus.IN_PROGRESS

    def closed_as(self, verdict: TaskStatus) -> Task:
        """The task with the verdict; done and exceeded mean 100%."""
        return replace(self, status=verdict, progress=100 if verdict.is_finished else self.progress)

    def reopened(self, closing: TaskUpdate, reported: int) -> Task:
        """The task as it was before ``closing``, the update that gave it its verdict.
        ``reported`` (the last progress reported) stands in for verdicts recorded before the
        previous state was kept with them."""
        if closing.previous_status is None or closing.previous_progress is None:
            return replace(self, status=TaskStatus.IN_PROGRESS, progress=reported)
        return replace(self, status=closing.previous_status, progress=closing.previous_progress)


def may_undo_closing(
    verdict: TaskStatus, closed_at: datetime, now: datetime, *, by_secretary: bool
) -> bool:
    """The cell secretary any time; the owner within :data:`UNDO_WINDOW` of the verdict,
    except "not achieved", which only the secretary gives and takes back."""
    if by_secretary:
        return True
    return verdict is not TaskStatus.NOT_ACHIEVED and now - closed_at <= UNDO_WINDOW


@dataclass(frozen=True)
class TaskUpdate:
    """One dated change to a task, with who made it."""

    task_id: int
    at: datetime
    kind: UpdateKind
    actor_member_id: int | None
    on_behalf: bool = False
    progress: int | None = None
    text: str | None = None
    file_id: str | None = None
    file_kind: str | None = None  # "document" or "photo"
    # A verdict or its undo: what the task was before it (so the undo can restore it).
    previous_status: TaskStatus | None = None
    previous_progress: int | None = None


@dataclass(frozen=True)
class TaskDraft:
    """What a member has answered so far while registering."""

    title: str
    product: str
    deadline: date
    area_id: int | None = None


@dataclass(frozen=True)
class OpenTask:
    """A personal task under way (submitted or approved) of an active member, with when it was
    registered and last touched (its latest update, or its registration without one)."""

    task: Task
    registered_at: datetime
    touched_at: datetime


@dataclass(frozen=True)
class WaitingSubmission:
    """A submitted task no digest has announced yet, with its owner's cell."""

    task: Task
    cell_id: int
