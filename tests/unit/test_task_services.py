"""Task services over a real database: registering, approval, progress, reports."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from bot.clock import FixedClock
from bot.domain.errors import NotAllowed, UserError
from bot.domain.model import Channel, Identity
from bot.domain.tasks import TaskDraft, TaskStatus
from bot.services.container import Services
from storage.database import SqliteDatabase
from tests.conftest import MEMBERS, write_csv


async def _member(services: Services, code: str, user: int) -> Identity:
    [issued] = await services.invites.issue_for_command_line(member_code=code)
    outcome = await services.membership.join(Channel.TELEGRAM, str(user), str(user), issued.code)
    assert outcome.identity is not None
    return outcome.identity


@pytest.fixture
async def year(organisation: Services) -> Services:
    await organisation.years.set_year(
        None,
        year=2026,
        theme="Bứt phá về đích",
        opens=date(2026, 1, 1),
        closes=date(2026, 12, 31),
        max_tasks=2,
    )
    return organisation


def draft(title: str = "Viết giáo trình", deadline: date = date(2026, 11, 30)) -> TaskDraft:
    return TaskDraft(title, "01 giáo trình được nghiệm thu", deadline)


async def test_register_approve_progress_and_report(year: Services) -> None:
    member = await _member(year, "A2", 1)
    secretary = await _member(year, "A1", 2)
    registered = await year.tasks.register(member, draft())
    assert registered.task.status is TaskStatus.SUBMITTED and registered.needs_approval
    [pending] = await year.approvals.pending(secretary)
    assert pending.owner_name == "Trần Thị Bình"
    [digest] = await year.approvals.waiting_digests()
    assert digest.secretary.full_name == "Nguyễn Văn An" and len(digest.items) == 1
    decision = await year.approvals.approve(secretary, registered.task.id)
    assert decision.task.status is TaskStatus.IN_PROGRESS and decision.owner.chat_id == 1
    card = await year.tasks.set_progress(member, registered.task.id, 50)
    assert card.task.progress == 50 and card.updates[0][1] == "Trần Thị Bình"
    behalf = await year.tasks.set_progress(secretary, registered.task.id, 75)
    assert behalf.notify is not None and behalf.notify.chat_id == 1
    assert behalf.updates[0][0].on_behalf
    summary = await year.reports.cell(secretary, secretary.cell.id)
    assert (summary.progress.members, summary.progress.registered) == (3, 1)
    assert [m.full_name for m in summary.unregistered.party] == ["Nguyễn Văn An"]
    assert [m.full_name for m in summary.unregistered.non_party] == ["Lê Văn Cường"]
    mine = await year.reports.member(member)
    assert mine.average == 75


async def test_limits_window_and_forgery(
    year: Services, clock: FixedClock, db: SqliteDatabase
) -> None:
    member = await _member(year, "A2", 1)
    other = await _member(year, "B2", 3)
    first = await year.tasks.register(member, draft())
    await year.tasks.register(member, draft("Hai"))
    with pytest.raises(UserError, match="most allowed"):
        await year.tasks.register(member, draft("Ba"))
    with pytest.raises(NotAllowed):
        await year.tasks.set_progress(other, first.task.id, 100)
    async with db.read() as uow:
        assert "task_access_refused" in [r.event for r in await uow.audit.recent(5)]
    clock.advance(days=400)
    with pytest.raises(UserError, match="open from"):
        await year.tasks.check_can_register(other)
    await year.reopening.reopen_for(None, other.member.id, clock.now().date() + timedelta(days=1))
    assert (await year.tasks.check_can_register(other)).year == 2026


def _hello(recipient: object) -> str:
    return "Nhắc đăng ký"


async def test_nudges_once_a_day(year: Services, clock: FixedClock) -> None:
    secretary = await _member(year, "A1", 2)
    await _member(year, "A3", 4)
    first = await year.reports.nudge_unregistered(secretary, secretary.cell.id, _hello)
    again = await year.reports.nudge_unregistered(secretary, secretary.cell.id, _hello)
    assert {r.full_name for r in first.reminded} == {"Nguyễn Văn An", "Lê Văn Cường"}
    assert again.reminded == [] and len(again.already_today) == 2
    clock.advance(days=1)
    later = await year.reports.nudge_unregistered(secretary, secretary.cell.id, _hello)
    assert len(later.reminded) == 2


async def test_tasks_follow_their_owner_to_another_cell_and_leave_with_them(
    year: Services, tmp_path: Path
) -> None:
    member = await _member(year, "A2", 1)
    committee = await _member(year, "B3", 5)
    await year.tasks.register(member, draft())

    async def registered() -> dict[str, int]:
        summary = await year.reports.organisation(committee)
        return {c.cell_name: c.registered for c in summary.cells}

    assert await registered() == {"Phòng Đào tạo": 1, "Liên khoa": 0}
    moved = [row[:] for row in MEMBERS]
    moved[1][1] = "Liên khoa"  # Bình moves cell
    await year.member_import.import_file(write_csv(tmp_path / "moved.csv", moved))
    assert await registered() == {"Phòng Đào tạo": 0, "Liên khoa": 1}
    left = [[*row, "Đang sinh hoạt"] for row in moved]
    left[1][5] = "Đã chuyển đi"
    header = ["Họ và tên", "Chi bộ", "Loại", "Chức vụ", "Mã", "Trạng thái"]
    await year.member_import.import_file(write_csv(tmp_path / "left.csv", left, header))
    assert await registered() == {"Phòng Đào tạo": 0, "Liên khoa": 0}


async def test_a_finished_or_withdrawn_task_cannot_be_withdrawn(year: Services) -> None:
    """The card offers "Rút công việc" only while a task is open; a forged press on a done task
    must not turn a result into a withdrawal."""
    member = await _member(year, "A2", 1)
    secretary = await _member(year, "A1", 2)
    registered = await year.tasks.register(member, draft())
    await year.approvals.approve(secretary, registered.task.id)
    await year.tasks.finish(member, registered.task.id, TaskStatus.DONE)
    with pytest.raises(UserError):
        await year.tasks.withdraw(member, registered.task.id, "nhầm")
    assert (await year.tasks.card(member, registered.task.id)).task.status is TaskStatus.DONE
    other = await year.tasks.register(member, draft("Viết bài báo"))
    await year.tasks.withdraw(member, other.task.id, "trùng")
    with pytest.raises(UserError):
        await year.tasks.withdraw(member, other.task.id, "lần nữa")
