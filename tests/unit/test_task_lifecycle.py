"""The task's lifecycle rules on the Task itself, without a database: who may take which step
from which status, what the task becomes, and the update that records it."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from bot.domain.errors import NotAllowed, UserError
from bot.domain.task_actors import Capacity, TaskActor
from bot.domain.tasks import Task, TaskDraft, TaskFile, TaskStatus, UpdateKind, Year

OWNER_ID, SECRETARY_ID = 7, 3
OWNER = TaskActor(OWNER_ID, Capacity.OWNER)
SECRETARY = TaskActor(SECRETARY_ID, Capacity.ON_BEHALF)
APPROVER = TaskActor(SECRETARY_ID, Capacity.APPROVER)
AT = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
APPROVING = Year(2026, "Bứt phá về đích", date(2026, 1, 1), date(2026, 12, 31))
NOT_APPROVING = replace(APPROVING, approval_required=False)
DRAFT = TaskDraft("Viết giáo trình mới", "02 giáo trình", date(2026, 10, 31), 2)

WITHDRAWN = "This task was withdrawn; it can no longer change."
MARKED_ALREADY = "This task has been marked already; open it again from /congviec to see it now."
NOT_APPROVED_YET = "The task has to be approved first."
NO_LONGER_WAITING = "This task is no longer waiting for approval."


def task(status: TaskStatus = TaskStatus.IN_PROGRESS, progress: int = 40) -> Task:
    return Task(
        id=11,
        year=2026,
        owner_member_id=OWNER_ID,
        owner_unit_id=None,
        responsible_member_id=None,
        title="Viết giáo trình",
        product="01 giáo trình được nghiệm thu",
        deadline=date(2026, 11, 30),
        area_id=None,
        status=status,
        progress=progress,
    )


def collective(status: TaskStatus = TaskStatus.IN_PROGRESS) -> Task:
    return replace(task(status), owner_member_id=None, owner_unit_id=5, responsible_member_id=9)


def refusal(error: pytest.ExceptionInfo[UserError]) -> str:
    return error.value.message


# --- approving and returning ---------------------------------------------------------------


def test_approving_puts_a_submitted_task_in_progress_recorded_as_the_approvers() -> None:
    change = task(TaskStatus.SUBMITTED, 0).approve(APPROVER, AT)
    assert change.task.status is TaskStatus.IN_PROGRESS
    assert change.before.status is TaskStatus.SUBMITTED
    update = change.update
    assert (update.task_id, update.at, update.kind) == (11, AT, UpdateKind.APPROVED)
    assert (update.actor_member_id, update.on_behalf, update.text) == (SECRETARY_ID, False, None)
    assert not change.resubmitted


def test_sending_back_returns_the_task_with_the_reason() -> None:
    change = task(TaskStatus.SUBMITTED, 0).send_back(APPROVER, AT, "Sản phẩm chưa cụ thể")
    assert change.task.status is TaskStatus.RETURNED
    assert change.update.kind is UpdateKind.RETURNED
    assert change.update.text == "Sản phẩm chưa cụ thể"


def test_nobody_approves_their_own_task() -> None:
    mine = TaskActor(OWNER_ID, Capacity.APPROVER)
    with pytest.raises(NotAllowed) as error:
        task(TaskStatus.SUBMITTED).approve(mine, AT)
    assert refusal(error) == "You cannot approve your own task."
    with pytest.raises(NotAllowed):
        task(TaskStatus.SUBMITTED).send_back(mine, AT, "Tự trả")


def test_only_an_approver_decides_on_a_submission() -> None:
    for by in (OWNER, SECRETARY):
        with pytest.raises(NotAllowed) as error:
            task(TaskStatus.SUBMITTED).approve(by, AT)
        assert refusal(error) == "Only cell secretaries and the committee approve tasks."


@pytest.mark.parametrize(
    "status",
    [s for s in TaskStatus if s is not TaskStatus.SUBMITTED],
)
def test_only_a_task_waiting_for_approval_is_approved_or_returned(status: TaskStatus) -> None:
    with pytest.raises(UserError) as error:
        task(status).approve(APPROVER, AT)
    assert refusal(error) == NO_LONGER_WAITING
    with pytest.raises(UserError) as error:
        task(status).send_back(APPROVER, AT, "Lý do")
    assert refusal(error) == NO_LONGER_WAITING


# --- editing (resubmitting) ----------------------------------------------------------------


def test_editing_a_returned_task_resubmits_it_with_the_new_fields() -> None:
    change = task(TaskStatus.RETURNED).edit(OWNER, AT, DRAFT, APPROVING)
    edited = change.task
    assert edited.status is TaskStatus.SUBMITTED and change.resubmitted
    assert (edited.title, edited.product, edited.deadline, edited.area_id) == (
        "Viết giáo trình mới",
        "02 giáo trình",
        date(2026, 10, 31),
        2,
    )
    assert change.update.kind is UpdateKind.EDITED
    assert change.update.previous_status is None


def test_editing_an_approved_task_sends_it_back_for_approval() -> None:
    change = task(TaskStatus.IN_PROGRESS).edit(SECRETARY, AT, DRAFT, APPROVING)
    assert change.task.status is TaskStatus.SUBMITTED and change.resubmitted
    assert change.update.on_behalf


def test_editing_a_task_still_waiting_keeps_it_waiting_without_a_new_digest() -> None:
    change = task(TaskStatus.SUBMITTED).edit(OWNER, AT, DRAFT, APPROVING)
    assert change.task.status is TaskStatus.SUBMITTED and not change.resubmitted


def test_edits_need_no_approval_without_it_in_the_year_or_for_a_collective_task() -> None:
    assert task().edits_need_approval(APPROVING)
    assert not task().edits_need_approval(NOT_APPROVING)
    assert not task().edits_need_approval(None)
    assert not collective().edits_need_approval(APPROVING)
    change = task().edit(OWNER, AT, DRAFT, NOT_APPROVING)
    assert change.task.status is TaskStatus.IN_PROGRESS and not change.resubmitted
    assert collective().edit(OWNER, AT, DRAFT, APPROVING).task.status is TaskStatus.IN_PROGRESS


# --- progress and notes --------------------------------------------------------------------


def test_progress_is_recorded_with_who_reported_it() -> None:
    change = task(progress=40).record_progress(SECRETARY, AT, 75)
    assert change.task.progress == 75 and change.task.status is TaskStatus.IN_PROGRESS
    assert change.update.kind is UpdateKind.PROGRESS
    assert (change.update.progress, change.update.on_behalf) == (75, True)
    assert not task().record_progress(OWNER, AT, 50).update.on_behalf


def test_a_returned_task_takes_no_progress_until_resubmitted() -> None:
    with pytest.raises(UserError) as error:
        task(TaskStatus.RETURNED).record_progress(OWNER, AT, 50)
    assert refusal(error) == "This task was returned: edit and resubmit it first."


def test_a_note_is_kept_and_a_file_makes_it_evidence() -> None:
    note = task(TaskStatus.RETURNED).add_note(OWNER, AT, "Đã gửi bản thảo")
    assert note.task == note.before
    assert (note.update.kind, note.update.text, note.update.file_id) == (
        UpdateKind.NOTE,
        "Đã gửi bản thảo",
        None,
    )
    evidence = task().add_note(OWNER, AT, None, TaskFile("F1", "photo"))
    assert evidence.update.kind is UpdateKind.EVIDENCE
    assert (evidence.update.file_id, evidence.update.file_kind) == ("F1", "photo")


# --- withdrawing ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "status", [TaskStatus.SUBMITTED, TaskStatus.RETURNED, TaskStatus.IN_PROGRESS]
)
def test_an_open_task_is_withdrawn_with_the_reason(status: TaskStatus) -> None:
    change = task(status, 30).withdraw(OWNER, AT, "Trùng việc")
    assert change.task.status is TaskStatus.WITHDRAWN and change.task.progress == 30
    update = change.update
    assert (update.kind, update.text) == (UpdateKind.WITHDRAWN, "Trùng việc")
    assert (update.previous_status, update.previous_progress) == (status, 30)


@pytest.mark.parametrize("status", [TaskStatus.DONE, TaskStatus.EXCEEDED, TaskStatus.NOT_ACHIEVED])
def test_a_result_is_never_withdrawn(status: TaskStatus) -> None:
    with pytest.raises(UserError) as error:
        task(status).withdraw(SECRETARY, AT, "Nhầm")
    assert refusal(error) == MARKED_ALREADY


def test_withdrawn_is_final() -> None:
    withdrawn = task(TaskStatus.WITHDRAWN)
    steps = [
        lambda: withdrawn.record_progress(OWNER, AT, 50),
        lambda: withdrawn.add_note(OWNER, AT, "Ghi chú"),
        lambda: withdrawn.edit(OWNER, AT, DRAFT, APPROVING),
        lambda: withdrawn.withdraw(OWNER, AT, "Lần nữa"),
        lambda: withdrawn.complete(OWNER, AT),
        lambda: withdrawn.exceed(SECRETARY, AT),
        lambda: withdrawn.mark_not_achieved(SECRETARY, AT),
    ]
    for step in steps:
        with pytest.raises(UserError) as error:
            step()
        assert refusal(error) == WITHDRAWN


# --- verdicts ------------------------------------------------------------------------------


def test_done_means_100_percent_with_the_product_and_the_state_before_kept() -> None:
    change = task(progress=60).complete(OWNER, AT, "Giáo trình đã in", TaskFile("D1", "document"))
    assert (change.task.status, change.task.progress) == (TaskStatus.DONE, 100)
    update = change.update
    assert (update.kind, update.text, update.file_id, update.file_kind) == (
        UpdateKind.DONE,
        "Giáo trình đã in",
        "D1",
        "document",
    )
    assert (update.previous_status, update.previous_progress) == (TaskStatus.IN_PROGRESS, 60)


def test_exceeded_from_in_progress_or_from_done() -> None:
    assert task(progress=60).exceed(OWNER, AT).task.progress == 100
    change = task(TaskStatus.DONE, 100).exceed(OWNER, AT)
    assert change.task.status is TaskStatus.EXCEEDED
    assert change.update.previous_status is TaskStatus.DONE


def test_not_achieved_keeps_the_progress_reached() -> None:
    change = task(progress=60).mark_not_achieved(SECRETARY, AT, "Không kịp")
    assert (change.task.status, change.task.progress) == (TaskStatus.NOT_ACHIEVED, 60)
    assert change.update.kind is UpdateKind.NOT_ACHIEVED and change.update.on_behalf


def test_only_the_cell_secretary_marks_a_members_task_not_achieved() -> None:
    with pytest.raises(NotAllowed) as error:
        task().mark_not_achieved(OWNER, AT)
    assert refusal(error) == "Only the cell secretary can mark a task not achieved."
    with pytest.raises(NotAllowed):
        task().check_verdict(TaskStatus.NOT_ACHIEVED, OWNER)
    task().check_verdict(TaskStatus.NOT_ACHIEVED, SECRETARY)


@pytest.mark.parametrize("status", [TaskStatus.SUBMITTED, TaskStatus.RETURNED])
def test_a_verdict_needs_the_task_approved_first(status: TaskStatus) -> None:
    for verdict in (TaskStatus.DONE, TaskStatus.EXCEEDED, TaskStatus.NOT_ACHIEVED):
        with pytest.raises(UserError) as error:
            task(status).check_verdict(verdict, SECRETARY)
        assert refusal(error) == NOT_APPROVED_YET
    with pytest.raises(UserError) as error:
        task(status).complete(OWNER, AT)
    assert refusal(error) == NOT_APPROVED_YET


@pytest.mark.parametrize(
    ("status", "verdict"),
    [
        (TaskStatus.DONE, TaskStatus.DONE),
        (TaskStatus.DONE, TaskStatus.NOT_ACHIEVED),
        (TaskStatus.EXCEEDED, TaskStatus.EXCEEDED),
        (TaskStatus.EXCEEDED, TaskStatus.DONE),
        (TaskStatus.NOT_ACHIEVED, TaskStatus.DONE),
        (TaskStatus.NOT_ACHIEVED, TaskStatus.EXCEEDED),
    ],
)
def test_a_marked_task_takes_no_other_verdict(status: TaskStatus, verdict: TaskStatus) -> None:
    with pytest.raises(UserError) as error:
        task(status).check_verdict(verdict, SECRETARY)
    assert refusal(error) == MARKED_ALREADY


# --- taking a verdict back -----------------------------------------------------------------


def test_the_owner_undoes_a_verdict_within_24_hours_back_to_where_it_was() -> None:
    closing = task(progress=60).complete(OWNER, AT)
    done, later = closing.task, AT + timedelta(hours=24)
    assert done.may_undo(OWNER, closing.update, later)
    change = done.undo_verdict(OWNER, later, closing.update, reported=10)
    assert (change.task.status, change.task.progress) == (TaskStatus.IN_PROGRESS, 60)
    update = change.update
    assert (update.kind, update.progress) == (UpdateKind.REOPENED, 60)
    assert (update.previous_status, update.previous_progress) == (TaskStatus.DONE, 100)


def test_after_24_hours_only_the_cell_secretary_undoes_it() -> None:
    closing = task(progress=60).exceed(OWNER, AT)
    exceeded, later = closing.task, AT + timedelta(hours=24, seconds=1)
    assert not exceeded.may_undo(OWNER, closing.update, later)
    with pytest.raises(NotAllowed) as error:
        exceeded.undo_verdict(OWNER, later, closing.update, reported=60)
    assert refusal(error) == (
        "A completion can be undone for 24 hours after it was marked; after that, ask your "
        "cell secretary."
    )
    much_later = AT + timedelta(days=200)
    assert exceeded.may_undo(SECRETARY, closing.update, much_later)
    change = exceeded.undo_verdict(SECRETARY, much_later, closing.update, reported=60)
    assert change.task.status is TaskStatus.IN_PROGRESS and change.update.on_behalf


def test_exceeded_from_done_goes_back_to_done() -> None:
    closing = task(TaskStatus.DONE, 100).exceed(OWNER, AT)
    change = closing.task.undo_verdict(OWNER, AT, closing.update, reported=70)
    assert (change.task.status, change.task.progress) == (TaskStatus.DONE, 100)


def test_only_the_cell_secretary_undoes_not_achieved() -> None:
    closing = task(progress=60).mark_not_achieved(SECRETARY, AT)
    not_achieved = closing.task
    assert not not_achieved.may_undo(OWNER, closing.update, AT)
    with pytest.raises(NotAllowed) as error:
        not_achieved.undo_verdict(OWNER, AT, closing.update, reported=60)
    assert refusal(error) == "Only the cell secretary can undo «not achieved»."
    change = not_achieved.undo_verdict(SECRETARY, AT, closing.update, reported=60)
    assert (change.task.status, change.task.progress) == (TaskStatus.IN_PROGRESS, 60)


def test_there_is_nothing_to_undo_without_a_verdict() -> None:
    in_progress = task()
    assert not in_progress.may_undo(SECRETARY, None, AT)
    with pytest.raises(UserError) as error:
        in_progress.undo_verdict(SECRETARY, AT, None, reported=40)
    assert refusal(error) == "There is nothing to undo: the task has not been marked."


def test_a_verdict_recorded_without_the_state_before_goes_back_to_the_progress_reported() -> None:
    closing = replace(
        task().complete(OWNER, AT).update, previous_status=None, previous_progress=None
    )
    change = task(TaskStatus.DONE, 100).undo_verdict(OWNER, AT, closing, reported=35)
    assert (change.task.status, change.task.progress) == (TaskStatus.IN_PROGRESS, 35)


# --- nothing changes in place --------------------------------------------------------------


def test_a_step_leaves_the_task_it_started_from_as_it_was() -> None:
    before = task(progress=20)
    change = before.complete(OWNER, AT)
    assert change.before is before
    assert (before.status, before.progress) == (TaskStatus.IN_PROGRESS, 20)


# --- what an old button must not undo -------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "message"),
    [
        (TaskStatus.DONE, MARKED_ALREADY),
        (TaskStatus.EXCEEDED, MARKED_ALREADY),
        (TaskStatus.NOT_ACHIEVED, MARKED_ALREADY),
        (TaskStatus.SUBMITTED, NOT_APPROVED_YET),
    ],
)
def test_progress_is_taken_only_while_in_progress(status: TaskStatus, message: str) -> None:
    """The card shows 25/50/75/100 % only while the task is in progress; an old "50%" button
    pressed after the task was marked done turned the result back into 50%."""
    with pytest.raises(UserError) as error:
        task(status, progress=100).record_progress(OWNER, AT, 50)
    assert refusal(error) == message


@pytest.mark.parametrize("status", [TaskStatus.DONE, TaskStatus.EXCEEDED, TaskStatus.NOT_ACHIEVED])
def test_a_task_with_a_verdict_is_not_edited(status: TaskStatus) -> None:
    """Edit is offered only while a task is open; an old Edit button on a done task in a year
    with approval sent the result back as a new submission."""
    with pytest.raises(UserError) as error:
        task(status).edit(OWNER, AT, DRAFT, APPROVING)
    assert refusal(error) == MARKED_ALREADY
