"""The targets' services over a real SQLite file: the committee sets targets (one line, its
problems said field by field), owners record values with a note or evidence and the history
keeps them, each reader sees what they may, a forged id is refused and audited, the lines the
period report reads, and owners reminded only while the period has no value, never twice,
whatever restarts."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from bot.clock import FixedClock
from bot.domain.attendance import Status as AttendanceStatus
from bot.domain.errors import NotAllowed, UserError
from bot.domain.meetings import Attendees, MeetingKind, MeetingRequest
from bot.domain.model import Channel, Identity
from bot.domain.targets.lines import Status
from bot.domain.targets.model import Comparator, Owner, Source, TargetDraft
from bot.i18n import translator
from bot.i18n.target_lines import target_line
from bot.services.container import Services
from bot.services.targets.target_input import LineProblems
from handlers.targets.jobs import plan_target_reminders
from storage.database import SqliteDatabase
from tests.conftest import MEMBERS, write_csv

VI = translator("vi")
USERS = {"A1": 101, "A2": 102, "B1": 201, "B2": 202, "B3": 203}


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime(2020, 6, 10, 3, 0, tzinfo=UTC))  # 10/06/2020 10:00 in Hà Nội


@pytest.fixture
async def org(services: Services, tmp_path: Path) -> Services:
    await services.organisation.init("Đảng bộ Trường Chính trị")
    await services.member_import.import_file(write_csv(tmp_path / "members.csv", MEMBERS))
    for code, user in USERS.items():
        [issued] = await services.invites.issue_for_command_line(member_code=code)
        await services.membership.join(Channel.TELEGRAM, str(user), str(user), issued.code)
    return services


async def who(services: Services, code: str) -> Identity:
    member = next(
        e.member for e in await services.organisation.directory() if e.member.member_code == code
    )
    identity = await services.membership.identity_of(member.id)
    assert identity is not None
    return identity


def rows(tmp_path: Path, sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(tmp_path / "butpha.sqlite3") as conn:
        return list(conn.execute(sql))


async def test_the_committee_sets_targets_in_one_line(org: Services, tmp_path: Path) -> None:
    giang = await who(org, "B3")  # Đảng ủy viên
    classes = await org.targets.add_line(giang, "Lớp đào tạo; ≥ 22; lớp; đào tạo; Phòng Đào tạo")
    assert (classes.year, classes.planned, classes.unit, classes.section) == (
        2020,
        Decimal(22),
        "lớp",
        "training",
    )
    cell = (await who(org, "A1")).cell  # Phòng Đào tạo
    assert classes.owner == Owner(unit_id=cell.id)
    staff = await org.targets.add_line(
        giang, "Quần chúng học tập | trên 97% | | chính trị | nguồn: học tập quần chúng"
    )
    assert staff.comparator is Comparator.MORE_THAN and staff.source is Source.STUDY_NON_PARTY
    assert not staff.accrues  # a share does not count up over the year
    with pytest.raises(LineProblems) as refused:  # two targets in one message: neither saved
        await org.targets.add_line(giang, "Lớp bồi dưỡng; ≥ 27; lớp\nLớp tập huấn; ≥ 5; lớp")
    assert refused.value.problems[0].startswith("the message has several lines")
    assert rows(tmp_path, "SELECT count(*) FROM targets") == [(2,)]
    owned = await org.targets.add_line(giang, "Bài viết; 3; bài; chính trị; A2")
    assert owned.owner.member_id is not None
    # Bad input: every problem said, nothing stored.
    with pytest.raises(LineProblems) as bad:
        await org.targets.add_line(giang, " ; nhiều lắm")
    assert len(bad.value.problems) == 2
    with pytest.raises(UserError, match="already has"):
        await org.targets.add_line(giang, "lớp đào tạo; 30")
    with pytest.raises(UserError):
        await org.targets.add_line(giang, "Một; 2; lớp; khác; Không Có Chi Bộ Này")
    assert rows(tmp_path, "SELECT count(*) FROM targets") == [(3,)]
    # Only the committee sets targets.
    an = await who(org, "A1")  # a cell secretary
    with pytest.raises(NotAllowed):
        await org.targets.add_line(an, "Lớp bồi dưỡng; ≥ 27; lớp")
    assert rows(tmp_path, "SELECT count(*) FROM targets") == [(3,)]


async def test_owners_record_values_and_the_history_keeps_them(
    org: Services, clock: FixedClock, tmp_path: Path
) -> None:
    giang, an, binh = await who(org, "B3"), await who(org, "A1"), await who(org, "A2")
    classes = await org.targets.add_line(giang, "Lớp đào tạo; ≥ 22; lớp; đào tạo; Phòng Đào tạo")
    card = await org.targets.record(an, classes.id, "8", note="Đã mở 8 lớp")
    assert card.view.line.status is Status.IN_PROGRESS
    clock.advance(days=2)
    card = await org.targets.record(
        an, classes.id, "23", note="Mở thêm", file_id="F1", file_kind="photo"
    )
    assert target_line(card.view.line, VI) == (
        "Lớp đào tạo: đạt 23/22 lớp (104,55%) — vượt chỉ tiêu"
    )
    assert [(u.value, u.note, u.file_id, u.member_name) for u in card.history] == [
        (Decimal(23), "Mở thêm", "F1", "Nguyễn Văn An"),
        (Decimal(8), "Đã mở 8 lớp", None, "Nguyễn Văn An"),
    ]
    # Bad values are refused, nothing written.
    with pytest.raises(UserError, match="not a value"):
        await org.targets.record(an, classes.id, "nhiều")
    # A plain member of the cell may not record the cell's target: refused and audited.
    with pytest.raises(NotAllowed):
        await org.targets.record(binh, classes.id, "99")
    assert rows(tmp_path, "SELECT count(*) FROM target_updates") == [(2,)]
    audited = rows(tmp_path, "SELECT detail FROM audit_log WHERE event = 'target_access_refused'")
    assert len(audited) == 1 and f'"target_id": {classes.id}' in str(audited[0][0])
    # A computed target has nothing to record.
    study = await org.targets.add_line(
        giang, "Học tập; 100%; %; chính trị; nguồn: hoc tap dang vien"
    )
    with pytest.raises(UserError, match="computed"):
        await org.targets.record(giang, study.id, "100")
    # The committee records the organisation's (and may record any entered one).
    org_target = await org.targets.add_line(giang, "Kết nạp đảng viên; 2; đảng viên; xây dựng Đảng")
    await org.targets.record(giang, org_target.id, "1")
    with pytest.raises(NotAllowed):
        await org.targets.record(an, org_target.id, "2")


async def test_each_reader_sees_what_concerns_them(org: Services) -> None:
    giang = await who(org, "B3")
    in_cell = await org.targets.add_line(giang, "Lớp đào tạo; ≥ 22; lớp; đào tạo; Phòng Đào tạo")
    other_cell = await org.targets.add_line(giang, "Lớp khoa; ≥ 5; lớp; đào tạo; Liên khoa")
    whole = await org.targets.add_line(giang, "Kết nạp đảng viên; 2; đảng viên")
    binhs = await org.targets.add_line(giang, "Bài viết; 3; bài; chính trị; A2")

    async def seen(code: str) -> set[int]:
        return {v.target.id for v in await org.targets.overview(await who(org, code))}

    assert await seen("B3") == {in_cell.id, other_cell.id, whole.id, binhs.id}
    # A cell secretary: the cell's (and its members') and the organisation's.
    assert await seen("A1") == {in_cell.id, whole.id, binhs.id}
    assert await seen("B1") == {other_cell.id, whole.id}
    # A member: their own.
    assert await seen("A2") == {binhs.id}
    assert await seen("B2") == set()
    # Another's card is refused, the attempt audited.
    with pytest.raises(NotAllowed):
        await org.targets.card(await who(org, "B2"), in_cell.id)
    with pytest.raises(UserError, match="no target"):
        await org.targets.card(giang, 999)


async def test_the_lines_the_period_report_reads(org: Services, clock: FixedClock) -> None:
    giang = await who(org, "B3")
    cell = (await who(org, "A1")).cell  # Phòng Đào tạo
    classes = await org.targets.add_line(giang, "Lớp đào tạo; ≥ 22; lớp; đào tạo; Phòng Đào tạo")
    await org.targets.add_line(giang, "Kết nạp đảng viên; 2; đảng viên")
    await org.targets.add(
        giang,
        TargetDraft("Đảng viên bị kỷ luật", Decimal(0), Comparator.ZERO, "đảng viên"),
    )
    await org.targets.add_line(
        giang, "Chi bộ được kiểm tra; 20%; ; kiểm tra; nguồn: kiểm tra chi bộ"
    )
    await org.targets.record(giang, classes.id, "8")
    lines = await org.targets.lines(None, 2020, date(2020, 6, 30), None)
    assert [target_line(line, VI) for line in lines] == [
        "Lớp đào tạo: 8/22 lớp (36,36%) — đang thực hiện (theo tiến độ cần 11)",
        "Kết nạp đảng viên: chưa có số liệu — chỉ tiêu 2 đảng viên",
        "Đảng viên bị kỷ luật: chưa có số liệu — chỉ tiêu không có",
        # No programme carried out: none of the two cells inspected yet.
        "Chi bộ được kiểm tra: 0/2 (0%) — chỉ tiêu 20%: đang thực hiện (theo tiến độ cần 9,95%)",
    ]
    # A value recorded after the day asked for does not count for it.
    clock.advance(days=30)
    await org.targets.record(giang, classes.id, "23")
    before = await org.targets.lines(None, 2020, date(2020, 6, 30), cell.id)
    assert [line.actual for line in before] == [Decimal(8)]
    year_end = await org.targets.lines(None, 2020, date(2020, 12, 31), cell.id)
    assert year_end[0].status is Status.EXCEEDED
    # A cell secretary's lines: their cell's and the organisation's.
    an = await who(org, "A1")
    assert len(await org.targets.lines(an, 2020, date(2020, 12, 31), None)) == 4


def outbox(tmp_path: Path) -> list[tuple[object, ...]]:
    return rows(
        tmp_path,
        "SELECT idempotency_key, chat_id, not_before, status FROM outbox"
        " WHERE idempotency_key LIKE 'target-%' ORDER BY id",
    )


async def test_owners_are_reminded_only_while_the_period_has_no_value(
    org: Services, clock: FixedClock, tmp_path: Path
) -> None:
    giang = await who(org, "B3")
    classes = await org.targets.add_line(giang, "Lớp đào tạo; ≥ 22; lớp; đào tạo; Phòng Đào tạo")
    member = await org.targets.add_line(giang, "Bài viết; 3; bài; chính trị; A2")
    await org.targets.add_line(giang, "Kết nạp đảng viên; 2; đảng viên")
    await org.targets.add_line(giang, "Học tập; 100%; %; chính trị; nguồn: học tập đảng viên")
    # 10 June: before the month's reminder day (the 20th), nothing.
    assert await plan_target_reminders(org) == 0
    await org.targets.record(await who(org, "A2"), member.id, "1")  # June has a value
    clock.advance(days=10)  # 20 June, 10:00 local
    assert await plan_target_reminders(org) == 2
    sent = outbox(tmp_path)
    # The cell's secretary (An, 101) and the committee (Giang, 203) for the organisation's;
    # not Bình, whose target has June's value, nor anyone for the computed one.
    assert sorted((k, c) for k, c, _, _ in sent) == [
        (f"target-{classes.id}-2020-06-m1", "101"),
        (f"target-{classes.id + 2}-2020-06-m6", "203"),
    ]
    # Again, and after a restart (new services over the same file): nothing twice.
    assert await plan_target_reminders(org) == 0
    db = await SqliteDatabase.open(tmp_path / "butpha.sqlite3")
    try:
        again = Services.build(db, clock, invite_ttl_days=30, default_language="vi")
        assert await plan_target_reminders(again) == 0
        # A value arriving before the reminder goes out skips it.
        await again.targets.record(await who(again, "A1"), classes.id, "9")
        assert await plan_target_reminders(again) == 0
    finally:
        await db.close()
    statuses = {k: s for k, _, _, s in outbox(tmp_path)}
    assert statuses[f"target-{classes.id}-2020-06-m1"] == "skipped"
    # July: asked again from its 20th, in the morning out of the quiet hours.
    clock.advance(days=30, hours=-9)  # 20 July, 01:00 local
    assert await plan_target_reminders(org) == 3
    july = [row for row in outbox(tmp_path) if "2020-07" in str(row[0])]
    assert {str(row[2])[:16] for row in july} == {"2020-07-20T01:00"}  # 08:00 local


async def test_a_reminder_waits_for_the_end_of_the_owners_quiet_hours(
    org: Services, clock: FixedClock, tmp_path: Path
) -> None:
    giang, an = await who(org, "B3"), await who(org, "A1")
    await org.targets.add_line(giang, "Lớp đào tạo; ≥ 22; lớp; đào tạo; Phòng Đào tạo")
    await org.preferences.set_quiet(an, "06:00-11:00")
    clock.advance(days=10)  # 20 June, 10:00 in Hà Nội: inside An's quiet hours
    assert await plan_target_reminders(org) == 1
    [(_, chat, not_before, status)] = outbox(tmp_path)
    assert (chat, str(not_before)[:16], status) == ("101", "2020-06-20T04:00", "pending")


async def test_cell_meetings_at_the_quality_bar_are_computed(
    org: Services, clock: FixedClock
) -> None:
    giang, an = await who(org, "B3"), await who(org, "A1")
    bar = await org.targets.add_line(
        giang, "Sinh hoạt chi bộ đạt yêu cầu; ≥ 90%; %; xây dựng Đảng; nguồn: sinh hoạt đạt yêu cầu"
    )
    assert bar.source is Source.MEETINGS_AT_BAR
    meetings = []
    for day in (11, 12):
        created = await org.meetings.create(
            None,
            MeetingRequest(
                kind=MeetingKind.CELL_MEETING,
                title="Sinh hoạt chi bộ",
                starts=datetime(2020, 6, day, 14, 0),
                cells=("Phòng Đào tạo",),
                everyone=False,
                attendees=Attendees.PARTY,
                remind="1d",
            ),
        )
        meetings.append(created.meeting_ids[0])
    [line] = await org.targets.lines(None, 2020, date(2020, 6, 30))
    assert line.actual is None  # none held yet
    clock.advance(days=5)
    binh = (await who(org, "A2")).member.id
    # Both came to the first; Bình missed the second without a word: unexcused.
    for member in (an.member.id, binh):
        await org.attendance.mark(an, meetings[0], member, AttendanceStatus.ATTENDED)
    await org.attendance.mark(an, meetings[1], an.member.id, AttendanceStatus.ATTENDED)
    for meeting in meetings:
        await org.attendance.finalise(meeting, lambda *_: "")
    [line] = await org.targets.lines(None, 2020, date(2020, 6, 30))
    assert target_line(line, VI) == (
        "Sinh hoạt chi bộ đạt yêu cầu: 1/2 (50%) — chỉ tiêu 90%: đang thực hiện"
    )


async def test_a_target_has_its_own_number_of_decimals(org: Services, tmp_path: Path) -> None:
    from openpyxl import Workbook

    giang = await who(org, "B3")
    one = await org.targets.add_line(giang, "Học viên đạt khá; 80%; %; đào tạo; số lẻ: 1")
    default = await org.targets.add_line(giang, "Học viên giỏi; 30%; %; đào tạo")
    assert (one.decimals, default.decimals) == (1, None)
    with pytest.raises(LineProblems):
        await org.targets.add_line(giang, "Học viên xuất sắc; 5%; %; đào tạo; số lẻ: 7")
    await org.targets.record(giang, one.id, "83,456")
    await org.targets.record(giang, default.id, "33,456")
    lines = {line.title: line for line in await org.targets.lines(None, 2020, date(2020, 12, 31))}
    assert target_line(lines["Học viên đạt khá"], VI) == (
        "Học viên đạt khá: 83,5% — chỉ tiêu 80%: đạt"
    )
    assert target_line(lines["Học viên giỏi"], VI) == "Học viên giỏi: 33,46% — chỉ tiêu 30%: đạt"
    assert rows(tmp_path, "SELECT decimals FROM targets ORDER BY id") == [(1,), (None,)]
    # The spreadsheet: a column of its own, read back, and a bad value said by row.
    exported = tmp_path / "targets.xlsx"
    await org.target_sheet.write(exported, 2020)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Chỉ tiêu", "Kế hoạch", "Số lẻ"])
    sheet.append(["Học viên giỏi", "30%", 0])
    book.save(tmp_path / "in.xlsx")
    await org.target_sheet.import_file(tmp_path / "in.xlsx", 2020)
    assert rows(tmp_path, "SELECT decimals FROM targets ORDER BY id") == [(1,), (0,)]
    sheet.append(["Học viên khá", "50%", "nhiều"])
    book.save(tmp_path / "bad.xlsx")
    with pytest.raises(UserError):
        await org.target_sheet.import_file(tmp_path / "bad.xlsx", 2020)
    from openpyxl import load_workbook

    header = [c.value for c in next(load_workbook(exported).active.iter_rows())]  # type: ignore[union-attr]
    assert "Số lẻ" in header
