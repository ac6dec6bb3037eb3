"""Breakthrough tasks (công việc bứt phá): the year's rules, tasks, their statuses and history,
and the task's lifecycle: each step (approve, send back, record progress, a note, a verdict,
withdraw, edit, undo a verdict) is a method of :class:`Task` that checks its rules and returns
the :class:`Change` to record, or raises why not. Who may reach the task at all (their role and
unit) is the services' question; these rules take the answer as a
:class:`~bot.domain.task_actors.TaskActor`."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from enum import StrEnum

from bot.domain.errors import NotAllowed, UserError
from bot.domain.task_actors import Capacity, TaskActor

MAX_TITLE = 200
MAX_PRODUCT = 500
MAX_NOTE = 1000
# A member may take back their own completion for this long; the cell secretary any time.
UNDO_WINDOW = timedelta(hours=24)
# The year is shown whole in one message, with its areas as buttons: keep it well inside both.
MAX_THEME = 200
MAX_AREA = 100
MAX_AREAS = 10


def N_(message: str) -> str:
    """Marks a message id for extraction; the domain may not import bot.i18n."""
    return message


MARKED_ALREADY = N_(
    "This task has been marked already; open it again from /congviec to see it now."
)


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
class TaskFile:
    """Evidence kept as a Telegram file reference."""

    file_id: str
    kind: str | None  # "document" or "photo"


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

    def edits_need_approval(self, year: Year | None) -> bool:
        """A member's own task goes back to the secretary when changed, if its year approves."""
        return year is not None and year.approval_required and self.owner_member_id is not None

    # --- the lifecycle ------------------------------------------------------------------

    def check_decision(self, by: TaskActor) -> None:
        """Whether ``by`` may approve or return the task now; raises why not."""
        if by.capacity is not Capacity.APPROVER:
            raise NotAllowed(N_("Only cell secretaries and the committee approve tasks."))
        if self.owner_member_id == by.member_id:
            raise NotAllowed(N_("You cannot approve your own task."))
        if self.status is not TaskStatus.SUBMITTED:
            raise UserError(N_("This task is no longer waiting for approval."))

    def approve(self, by: TaskActor, at: datetime) -> Change:
        self.check_decision(by)
        approved = replace(self, status=TaskStatus.IN_PROGRESS)
        return self._step(approved, UpdateKind.APPROVED, by, at)

    def send_back(self, by: TaskActor, at: datetime, reason: str) -> Change:
        """Returned with a reason: the owner edits it, which submits it again."""
        self.check_decision(by)
        returned = replace(self, status=TaskStatus.RETURNED)
        return self._step(returned, UpdateKind.RETURNED, by, at, text=reason)

    def record_progress(self, by: TaskActor, at: datetime, progress: int) -> Change:
        """Only while the task is in progress, as the card offers it: an old "50%" button on a
        card since marked done must not turn a result back into 50%."""
        self._check_not_withdrawn()
        if self.status is TaskStatus.RETURNED:
            raise UserError(N_("This task was returned: edit and resubmit it first."))
        self._check_in_progress()
        after = replace(self, progress=progress)
        return self._step(after, UpdateKind.PROGRESS, by, at, progress=progress)

    def add_note(
        self, by: TaskActor, at: datetime, text: str | None, file: TaskFile | None = None
    ) -> Change:
        """A note, or evidence when a file comes with it; at any time until withdrawn."""
        self._check_not_withdrawn()
        kind = UpdateKind.NOTE if file is None else UpdateKind.EVIDENCE
        return self._step(self, kind, by, at, text=text, file=file)

    def check_verdict(self, verdict: TaskStatus, by: TaskActor) -> None:
        """Whether ``by`` may give the task ``verdict`` now; raises why not. A member does not
        mark their own task not achieved: that is their cell secretary's verdict."""
        if not verdict.is_closing:
            raise ValueError(f"{verdict} is not a verdict")
        if (
            verdict is TaskStatus.NOT_ACHIEVED
            and by.capacity is Capacity.OWNER
            and self.owner_member_id == by.member_id
        ):
            raise NotAllowed(N_("Only the cell secretary can mark a task not achieved."))
        if self.status in (TaskStatus.SUBMITTED, TaskStatus.RETURNED):
            raise UserError(N_("The task has to be approved first."))
        if not self.may_close_as(verdict):
            raise UserError(MARKED_ALREADY)

    def complete(
        self, by: TaskActor, at: datetime, text: str | None = None, file: TaskFile | None = None
    ) -> Change:
        return self._close(TaskStatus.DONE, by, at, text, file)

    def exceed(
        self, by: TaskActor, at: datetime, text: str | None = None, file: TaskFile | None = None
    ) -> Change:
        """Done beyond the committed product: from in progress, or from done."""
        return self._close(TaskStatus.EXCEEDED, by, at, text, file)

    def mark_not_achieved(
        self, by: TaskActor, at: datetime, text: str | None = None, file: TaskFile | None = None
    ) -> Change:
        return self._close(TaskStatus.NOT_ACHIEVED, by, at, text, file)

    def withdraw(self, by: TaskActor, at: datetime, reason: str) -> Change:
        """Only an open task is withdrawn (a waiting one too): a result stays a result."""
        self._check_not_withdrawn()
        if not self.status.is_open:
            raise UserError(MARKED_ALREADY)
        withdrawn = replace(self, status=TaskStatus.WITHDRAWN)
        return self._step(withdrawn, UpdateKind.WITHDRAWN, by, at, text=reason, keeps_before=True)

    def edit(self, by: TaskActor, at: datetime, draft: TaskDraft, year: Year | None) -> Change:
        """New title, product, deadline and area; where :meth:`edits_need_approval`, the task
        is submitted again (a returned one is resubmitted this way). A task with a verdict is
        not edited (undo the verdict first): an old Edit button must not resubmit a result."""
        self._check_not_withdrawn()
        self._check_open()
        edited = replace(
            self,
            title=draft.title,
            product=draft.product,
            deadline=draft.deadline,
            area_id=draft.area_id,
        )
        if self.edits_need_approval(year):
            edited = replace(edited, status=TaskStatus.SUBMITTED)
        return self._step(edited, UpdateKind.EDITED, by, at)

    def may_undo(self, by: TaskActor, closing: TaskUpdate | None, at: datetime) -> bool:
        """Whether ``by`` may take back the verdict ``closing`` gave: the cell secretary any
        time; otherwise within :data:`UNDO_WINDOW`, except "not achieved", which only the
        secretary gives and takes back."""
        if closing is None or not self.status.is_closing:
            return False
        if by.on_behalf:
            return True
        return self.status is not TaskStatus.NOT_ACHIEVED and at - closing.at <= UNDO_WINDOW

    def undo_verdict(
        self, by: TaskActor, at: datetime, closing: TaskUpdate | None, reported: int
    ) -> Change:
        """The task back as it was before ``closing``, the update that gave its verdict.
        ``reported`` (the last progress reported) stands in for verdicts recorded before the
        previous state was kept with them."""
        if closing is None or not self.status.is_closing:
            raise UserError(N_("There is nothing to undo: the task has not been marked."))
        if not self.may_undo(by, closing, at):
            if self.status is TaskStatus.NOT_ACHIEVED:
                raise NotAllowed(N_("Only the cell secretary can undo «not achieved»."))
            raise NotAllowed(
                N_(
                    "A completion can be undone for 24 hours after it was marked; after "
                    "that, ask your cell secretary."
                )
            )
        if closing.previous_status is None or closing.previous_progress is None:
            reopened = replace(self, status=TaskStatus.IN_PROGRESS, progress=reported)
        else:
            reopened = replace(
                self, status=closing.previous_status, progress=closing.previous_progress
            )
        return self._step(
            reopened, UpdateKind.REOPENED, by, at, progress=reopened.progress, keeps_before=True
        )

    def _check_open(self) -> None:
        if not self.status.is_open:
            raise UserError(
                N_("This task has been marked already; open it again from /congviec to see it now.")
            )

    def _check_in_progress(self) -> None:
        self._check_open()
        if self.status is TaskStatus.SUBMITTED:
            raise UserError(N_("The task has to be approved first."))

    def _check_not_withdrawn(self) -> None:
        if self.status is TaskStatus.WITHDRAWN:
            raise UserError(N_("This task was withdrawn; it can no longer change."))

    def _close(
        self,
        verdict: TaskStatus,
        by: TaskActor,
        at: datetime,
        text: str | None,
        file: TaskFile | None,
    ) -> Change:
        """The verdict; done and exceeded mean 100%."""
        self._check_not_withdrawn()
        self.check_verdict(verdict, by)
        closed = replace(
            self, status=verdict, progress=100 if verdict.is_finished else self.progress
        )
        kind = FINISH_KINDS[verdict]
        return self._step(closed, kind, by, at, text=text, file=file, keeps_before=True)

    def _step(
        self,
        after: Task,
        kind: UpdateKind,
        by: TaskActor,
        at: datetime,
        *,
        progress: int | None = None,
        text: str | None = None,
        file: TaskFile | None = None,
        keeps_before: bool = False,
    ) -> Change:
        """The change from this task to ``after``, recorded as ``kind``; ``keeps_before``
        for a step that may be taken back (the update keeps the status and progress before)."""
        update = TaskUpdate(
            self.id,
            at,
            kind,
            by.member_id,
            on_behalf=by.on_behalf,
            progress=progress,
            text=text,
            file_id=None if file is None else file.file_id,
            file_kind=None if file is None else file.kind,
            previous_status=self.status if keeps_before else None,
            previous_progress=self.progress if keeps_before else None,
        )
        return Change(self, after, update)


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
class Change:
    """One step in a task's life: the task before and after it, and the update recording it."""

    before: Task
    task: Task
    update: TaskUpdate

    @property
    def resubmitted(self) -> bool:
        """Back to waiting for approval: it belongs in the secretary's next digest again."""
        return (
            self.task.status is TaskStatus.SUBMITTED
            and self.before.status is not TaskStatus.SUBMITTED
        )


@dataclass(frozen=True)
class TaskDraft:
    """What a member has answered so far while registering."""

    title: str
    product: str
    deadline: date
    area_id: int | None = None
