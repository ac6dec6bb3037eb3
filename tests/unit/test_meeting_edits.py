"""The planner's service methods over a real SQLite file: editing one occurrence, documents,
the meetings a secretary may change, refusals audited, and a member's own answers."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

import pytest

from bot.domain.errors import NotAllowed, NotFound, UserError
from bot.domain.meetings import MeetingKind
from bot.domain.model import Identity, Member
from bot.services.container import Services
from bot.services.meetings.meetings import MeetingRequest

# The clock fixture stands at 2026-03-02 08:00 UTC.


async def _member(services: Services, code: str) -> Member:
    return next(
        e.member for e in await services.organisation.directory() if e.member.member_code == code
    )


async def _identity(services: Services, code: str) -> Identity:
    identity = await services.membership.identity_of((await _member(services, code)).id)
    assert identity is not None
    return identity


def _rows(tmp_path: Path, sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(tmp_path / "butpha.sqlite3") as conn:
        return list(conn.execute(sql))


def _request(cell: str, day: int = 5) -> MeetingRequest:
    return MeetingRequest(
        kind=MeetingKind.CELL_MEETING,
        title="Sinh hoạt chi bộ",
        starts=datetime(2026, 3, day, 14, 0),
        cells=(cell,),
        place="Phòng 201",
        agenda="Kiểm điểm",
    )


async def test_edit_changes_one_occurrence_and_bumps_its_sequence(
    organisation: Services,
) -> None:
    meetings = organisation.meetings
    secretary = await _identity(organisation, "A1")
    [meeting_id] = (await meetings.create(secretary, _request("Phòng Đào tạo"))).meeting_ids
    edited = await meetings.edit(secretary, meeting_id, title="  Họp tháng Ba ", agenda="")
    assert (edited.title, edited.place, edited.agenda, edited.sequence) == (
        "Họp tháng Ba",
        "Phòng 201",
        None,
        1,
    )
    edited = await meetings.edit(secretary, meeting_id, online_link="https://meet.vn/x")
    assert (edited.place, edited.online_link, edited.sequence) == (
        "Phòng 201",
        "https://meet.vn/x",
        2,
    )
    with pytest.raises(UserError):
        await meetings.edit(secretary, meeting_id, title=" ")


async def test_a_secretary_changes_only_their_cells_meetings_and_refusals_are_audited(
    organisation: Services, tmp_path: Path
) -> None:
    meetings = organisation.meetings
    mine = (await meetings.create(None, _request("Phòng Đào tạo"))).meeting_ids[0]
    theirs = (await meetings.create(None, _request("Liên khoa", 6))).meeting_ids[0]
    secretary, member = await _identity(organisation, "A1"), await _identity(organisation, "A2")
    committee = await _identity(organisation, "B3")
    assert meetings.may_plan(secretary) and meetings.may_plan(committee)
    assert not meetings.may_plan(member)
    assert not meetings.may_plan_everyone(secretary) and meetings.may_plan_everyone(committee)
    assert [(p.meeting.id, p.scope) for p in await meetings.plannable(secretary)] == [(mine, None)]
    assert [(p.meeting.id, p.scope) for p in await meetings.plannable(committee)] == [
        (mine, "Phòng Đào tạo"),
        (theirs, "Liên khoa"),
    ]
    assert [c.name for c in await meetings.planning_cells(secretary)] == ["Phòng Đào tạo"]
    with pytest.raises(NotAllowed):
        await meetings.plannable(member)
    with pytest.raises(NotAllowed):
        await meetings.edit(secretary, theirs, title="Đổi")
    with pytest.raises(NotAllowed):
        await meetings.add_document(secretary, theirs, "Tệp", file_id="BQAC1")
    with pytest.raises(NotAllowed):
        await meetings.move(secretary, theirs, datetime(2026, 3, 7, 9, 0))
    with pytest.raises(NotFound):
        await meetings.changeable(secretary, 999)
    assert _rows(tmp_path, f"SELECT title, sequence FROM meetings WHERE id = {theirs}") == [
        ("Sinh hoạt chi bộ", 0)
    ]
    audited = _rows(
        tmp_path, "SELECT count(*) FROM audit_log WHERE event = 'meeting_change_refused'"
    )
    assert audited == [(4,)]
    assert (await meetings.edit(committee, theirs, title="Đổi")).title == "Đổi"


async def test_documents_files_and_links(organisation: Services) -> None:
    meetings = organisation.meetings
    secretary = await _identity(organisation, "A1")
    member, stranger = await _identity(organisation, "A2"), await _identity(organisation, "B2")
    meeting_id = (await meetings.create(None, _request("Phòng Đào tạo"))).meeting_ids[0]
    added = await meetings.add_document(secretary, meeting_id, "Nghị  quyết.pdf", file_id="F1")
    await meetings.add_document(secretary, meeting_id, "Văn kiện", url="https://example.vn/vk")
    for bad in ({"url": "ftp://x"}, {}, {"file_id": "F2", "url": "https://x.vn"}):
        with pytest.raises(UserError):
            await meetings.add_document(secretary, meeting_id, "Sai", **bad)
    documents = await meetings.documents(meeting_id)
    assert [(d.title, d.file_id, d.url) for d in documents] == [
        ("Nghị quyết.pdf", "F1", None),
        ("Văn kiện", None, "https://example.vn/vk"),
    ]
    assert (await meetings.document(member, added.id)).file_id == "F1"
    with pytest.raises(NotAllowed):
        await meetings.document(stranger, added.id)  # Liên khoa: not his meeting
    with pytest.raises(NotAllowed):
        await meetings.document(member, 12345)


async def test_my_answers_and_the_checks_of_a_new_meeting(organisation: Services) -> None:
    meetings = organisation.meetings
    member = await _identity(organisation, "A2")
    first = (await meetings.create(None, _request("Phòng Đào tạo"))).meeting_ids[0]
    second = (await meetings.create(None, _request("Phòng Đào tạo", 6))).meeting_ids[0]
    await organisation.reminders.answer(member, first, True)
    answers = await meetings.my_answers(member, [first, second])
    assert list(answers) == [first] and answers[first].answer.value == "attending"
    with pytest.raises(UserError):
        meetings.check_start(datetime(2026, 3, 1, 14, 0))
    meetings.check_start(datetime(2026, 3, 3, 14, 0))
    first_dates = meetings.check_repeat("hằng quý", datetime(2026, 3, 15, 14, 0))
    assert [d.strftime("%d/%m %H:%M") for d in first_dates] == [
        "15/04 14:00",
        "15/07 14:00",
        "15/10 14:00",
    ]
    with pytest.raises(UserError):
        meetings.check_repeat("hằng tháng", datetime(2026, 3, 30, 14, 0))  # no 30 in February


async def test_the_start_is_read_with_or_without_the_year(organisation: Services) -> None:
    meetings = organisation.meetings  # 02/03/2026 15:00 in Hà Nội
    assert meetings.read_start("05/04/2026 14:00") == datetime(2026, 4, 5, 14, 0)
    assert meetings.read_start(" 5/4 14h30 ") == datetime(2026, 4, 5, 14, 30)
    assert meetings.read_start("thứ Năm 9:00") == datetime(2026, 3, 5, 9, 0)
    assert meetings.read_start("mai 8h") == datetime(2026, 3, 3, 8, 0)
    # Without the year, this year's: a day that has passed is refused as with the year written.
    for typed in ("05/01 08:00", "05/01/2026 08:00", "02/03 06:00", "hôm nay 14:00"):
        with pytest.raises(UserError) as passed:
            meetings.read_start(typed)
        assert passed.value.message == "{at} has already passed; choose a later time."
    for bad in ("thứ Năm", "31/02/2026 14:00", "05/04/2026", "05/04 25:00"):
        with pytest.raises(UserError) as unreadable:
            meetings.read_start(bad)
        assert "passed" not in unreadable.value.message
