"""Inspection reminders over a real SQLite file with a clock that moves only when told: the
lead before the planned month, the target until the self-report arrives (and a reminder queued
for later skipped when it does), remediation owners weekly and the lead told once after three,
the committee's monthly digest and quarterly warning, quiet hours, and a restart that repeats
nothing."""

from __future__ import annotations

import contextlib
import sqlite3
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from bot.clock import FixedClock
from bot.domain.errors import UserError
from bot.domain.inspections.model import ItemKind, ItemState, Target, TargetKind
from bot.domain.inspections.records import ItemDraft
from bot.domain.model import Channel
from bot.services.container import Services
from handlers.inspections.jobs import plan_inspection_reminders
from storage.database import SqliteDatabase
from tests.conftest import write_csv
from tests.unit.test_inspection_items import ROWS, _root, _who

CONTENT = "Kiểm tra việc thực hiện nhiệm vụ đảng viên"
USERS = {"A4": 104, "B2": 202, "B3": 203, "B4": 204, "A5": 105, "B1": 201}


@pytest.fixture
async def org(services: Services, tmp_path: Path) -> Services:
    await services.organisation.init("Đảng bộ Trường Chính trị")
    await services.member_import.import_file(write_csv(tmp_path / "members.csv", ROWS))
    for code, user in USERS.items():
        [issued] = await services.invites.issue_for_command_line(member_code=code)
        await services.membership.join(Channel.TELEGRAM, str(user), str(user), issued.code)
    return services


def _at(clock: FixedClock, when: datetime) -> None:
    clock.advance(seconds=(when - clock.now()).total_seconds())


def _local_8(day: date) -> datetime:
    """08:00 in Hà Nội on ``day``, in UTC."""
    return datetime(day.year, day.month, day.day, 1, 0, tzinfo=UTC)


def _rows(tmp_path: Path) -> list[tuple[str, str, str, str, str]]:
    """(key, chat, not before, status, text) of the inspection reminders, oldest first."""
    with sqlite3.connect(tmp_path / "butpha.sqlite3") as conn:
        return list(
            conn.execute(
                "SELECT idempotency_key, chat_id, not_before, status, text FROM outbox"
                " WHERE purpose = 'reminder' AND idempotency_key LIKE 'insp-%' ORDER BY id"
            )
        )


async def _item(
    org: Services,
    tmp_path: Path,
    upto: ItemState,
    *,
    due: date | None = None,
    month: int = 4,
    kind: ItemKind = ItemKind.INSPECTION,
    content: str = CONTENT,
) -> int:
    """An item about Hoàng Văn Em (B2) led by Đặng Văn Hùng (A4, UBKT) with Bùi Thị Lan (A5) on
    the team, taken up to ``upto`` by the committee (Võ Thị Giang, B3) and the lead."""
    committee, lead = await _who(org, "B3"), await _who(org, "A4")
    target, team = await _who(org, "B2"), await _who(org, "A5")
    item = await org.inspection_drafts.add(
        committee,
        2026,
        _root(tmp_path),
        ItemDraft(
            kind,
            content,
            Target(TargetKind.MEMBER, target.member.id, target.member.cell_id),
            month=month,
            lead_id=lead.member.id,
            team_ids=(team.member.id,),
            period="Năm 2025",
        ),
    )
    with contextlib.suppress(UserError):  # adopted with the first item
        await org.inspection_drafts.adopt(committee, item.programme_id)
    for who, state in [
        (committee, ItemState.DECIDED),
        (lead, ItemState.NOTIFIED),
        (lead, ItemState.SELF_REPORT_RECEIVED),
        (lead, ItemState.VERIFYING),
        (lead, ItemState.CONCLUDED),
        (committee, ItemState.CONCLUSION_NOTIFIED),
    ]:
        if list(ItemState).index(state) > list(ItemState).index(upto):
            break
        summary = "Còn hạn chế; hồ sơ số 7" if state is ItemState.CONCLUDED else None
        await org.inspection_steps.take(who, item.id, state, summary=summary, due=due)
    return item.id


async def test_the_lead_is_told_to_prepare_a_month_before(
    org: Services, tmp_path: Path, clock: FixedClock
) -> None:
    _at(clock, datetime(2026, 3, 9, 8, tzinfo=UTC))  # the month's digests are out
    await _item(org, tmp_path, ItemState.PLANNED)
    # 9 March, 15:00 in Hà Nội: April's item is a month away (the 1st passed, still useful).
    assert await plan_inspection_reminders(org) == 1
    [(key, chat, not_before, status, text)] = _rows(tmp_path)
    assert chat == str(USERS["A4"]) and status == "pending"
    assert key.startswith("insp-prepare:")
    assert not_before.startswith("2026-03-09T08:00")  # now: the moment has passed today
    assert text.splitlines() == [
        "🗓 <b>Tháng sau (4/2026) đồng chí làm trưởng đoàn nội dung này: chuẩn bị quyết định,"
        " kế hoạch và đề cương.</b>",
        f"Kiểm tra: «{CONTENT}»",
        "Đối tượng: Hoàng Văn Em",
        "Mốc thời gian: Năm 2025",
        "Ghi nhận từng bước tại /kiemtra.",
    ]
    assert await plan_inspection_reminders(org) == 0  # once
    _at(clock, _local_8(date(2026, 3, 31)))
    assert await plan_inspection_reminders(org) == 0
    _at(clock, _local_8(date(2026, 4, 1)))
    assert await plan_inspection_reminders(org) >= 1
    assert [k.split(":")[0] for k, chat, *_ in _rows(tmp_path) if chat == str(USERS["A4"])] == [
        "insp-prepare",
        "insp-start",
        "insp-digest",  # the lead is on the commission: April's digest too
    ]


async def test_the_targets_reminders_stop_once_the_self_report_arrives(
    org: Services, tmp_path: Path, clock: FixedClock
) -> None:
    _at(clock, datetime(2026, 3, 9, 8, tzinfo=UTC))  # the month's digests are out
    item = await _item(org, tmp_path, ItemState.NOTIFIED, due=date(2026, 3, 20))
    assert await plan_inspection_reminders(org) == 1  # the notice
    [(key, chat, _, _, text)] = _rows(tmp_path)
    assert key == f"insp-notified:{item}:2026-03-20:m{(await _who(org, 'B2')).member.id}"
    assert chat == str(USERS["B2"])
    assert text.splitlines() == [
        "📢 <b>Thông báo kiểm tra</b>",
        f"Kiểm tra: «{CONTENT}»",
        "Đối tượng: Hoàng Văn Em",
        "Mốc thời gian: Năm 2025",
        "Cần chuẩn bị: báo cáo tự kiểm tra về nội dung trên, kèm các tài liệu liên quan.",
        "📅 Hạn gửi báo cáo tự kiểm tra: Thứ Sáu, 20/03/2026",
        "Gửi báo cáo bằng lệnh /tubaocao.",
    ]
    _at(clock, _local_8(date(2026, 3, 16)))
    assert await plan_inspection_reminders(org) == 0
    _at(clock, _local_8(date(2026, 3, 17)))
    assert await plan_inspection_reminders(org) == 1
    assert _rows(tmp_path)[-1][4].splitlines()[0] == (
        "⏳ <b>Còn 3 ngày đến hạn gửi báo cáo tự kiểm tra</b>"
    )
    # Just after midnight on the due date: queued for 08:00 ...
    _at(clock, datetime(2026, 3, 19, 17, 30, tzinfo=UTC))
    assert await plan_inspection_reminders(org) == 1
    due_key, _, not_before, status, _ = _rows(tmp_path)[-1]
    assert due_key.startswith("insp-report-due:") and status == "pending"
    assert not_before.startswith("2026-03-20T01:00")
    # ... and the self-report arrives before then: it will not be sent.
    await org.self_reports.send(await _who(org, "B2"), item, text="Báo cáo tự kiểm tra")
    assert await plan_inspection_reminders(org) == 0
    assert _rows(tmp_path)[-1][3] == "skipped"
    for day in (20, 21, 25):
        _at(clock, _local_8(date(2026, 3, day)))
        assert await plan_inspection_reminders(org) == 0
    assert [row[0].split(":")[0] for row in _rows(tmp_path)] == [
        "insp-notified",
        "insp-report-soon",
        "insp-report-due",
    ]


async def test_a_restart_repeats_nothing(org: Services, tmp_path: Path, clock: FixedClock) -> None:
    """A second process on the same file (the bot started again) finds everything queued."""
    await _item(org, tmp_path, ItemState.NOTIFIED, due=date(2026, 3, 20))
    _at(clock, _local_8(date(2026, 3, 17)))
    assert await plan_inspection_reminders(org) == 1  # the 3-day one, not the notice before it
    reopened = await SqliteDatabase.open(tmp_path / "butpha.sqlite3")
    try:
        again = Services.build(reopened, clock, invite_ttl_days=30, default_language="vi")
        assert await plan_inspection_reminders(again) == 0
        assert await plan_inspection_reminders(again) == 0
    finally:
        await reopened.close()


async def _conclude_with_action(org: Services, tmp_path: Path, due: date) -> tuple[int, int]:
    """An item concluded and remediating, with one action for Hoàng Văn Em due on ``due``."""
    item = await _item(org, tmp_path, ItemState.CONCLUSION_NOTIFIED, due=date(2026, 3, 12))
    lead, owner = await _who(org, "A4"), await _who(org, "B2")
    view = await org.remediation.add(lead, item, "Bổ sung hồ sơ đảng viên", owner.member.id, due)
    await org.inspection_steps.take(lead, item, ItemState.REMEDIATING)
    return item, view.action.id


async def test_remediation_weekly_three_times_then_the_lead_once(
    org: Services, tmp_path: Path, clock: FixedClock
) -> None:
    _at(clock, datetime(2026, 3, 9, 8, tzinfo=UTC))
    _, action = await _conclude_with_action(org, tmp_path, date(2026, 4, 10))
    day = date(2026, 3, 9)
    while day <= date(2026, 5, 31):
        _at(clock, _local_8(day))
        await plan_inspection_reminders(org)
        await plan_inspection_reminders(org)  # twice: nothing more
        day += timedelta(days=1)
    sent = [
        (key.split(":")[0], chat, not_before[:10])
        for key, chat, not_before, *_ in _rows(tmp_path)
        if key.startswith(("insp-action", "insp-escalation"))
    ]
    owner, lead = str(USERS["B2"]), str(USERS["A4"])
    assert sent == [
        ("insp-action-soon", owner, "2026-04-03"),
        ("insp-action-due", owner, "2026-04-10"),
        ("insp-action-overdue", owner, "2026-04-17"),
        ("insp-action-overdue", owner, "2026-04-24"),
        ("insp-action-overdue", owner, "2026-05-01"),
        ("insp-escalation", lead, "2026-05-08"),
    ]
    texts = {key.split(":")[0]: text for key, _, _, _, text in _rows(tmp_path)}
    assert texts["insp-action-soon"].splitlines() == [
        "🛠 <b>Còn 7 ngày đến hạn khắc phục</b>",
        "Việc: Bổ sung hồ sơ đảng viên",
        f"Thuộc nội dung: «{CONTENT}» — Hoàng Văn Em",
        "📅 Hạn: Thứ Sáu, 10/04/2026",
        "Khi hoàn thành, đồng chí báo tại /khacphuc (kèm ghi chú hoặc minh chứng).",
    ]
    assert texts["insp-action-overdue"].splitlines()[0] == (
        "⚠ <b>Việc khắc phục đã quá hạn 21 ngày</b> (nhắc lần 3/3)"
    )
    assert texts["insp-escalation"].splitlines()[:2] == [
        "🚨 <b>Việc khắc phục vẫn chưa hoàn thành sau ba lần nhắc</b>",
        "Người thực hiện: Hoàng Văn Em",
    ]
    assert any(
        key.startswith(f"insp-action-soon:{action}:2026-04-10:") for key, *_ in _rows(tmp_path)
    )


async def test_an_action_done_is_reminded_no_more(
    org: Services, tmp_path: Path, clock: FixedClock
) -> None:
    _at(clock, datetime(2026, 3, 9, 8, tzinfo=UTC))
    _, action = await _conclude_with_action(org, tmp_path, date(2026, 4, 10))
    _at(clock, _local_8(date(2026, 4, 10)))
    await plan_inspection_reminders(org)
    await org.remediation.mark_done(await _who(org, "B2"), action, note="Đã bổ sung")
    for day in (17, 24):
        _at(clock, _local_8(date(2026, 4, day)))
        await plan_inspection_reminders(org)
    assert [k.split(":")[0] for k, *_ in _rows(tmp_path) if k.startswith("insp-action")] == [
        "insp-action-due"
    ]


async def test_quiet_hours_move_a_reminder(
    org: Services, tmp_path: Path, clock: FixedClock
) -> None:
    _at(clock, datetime(2026, 3, 9, 8, tzinfo=UTC))
    await _item(org, tmp_path, ItemState.PLANNED)
    await org.preferences.set_quiet(await _who(org, "A4"), "7:00-9:00")
    _at(clock, datetime(2026, 3, 9, 17, 30, tzinfo=UTC))  # 00:30 on the 10th in Hà Nội
    assert await plan_inspection_reminders(org) == 1
    [(_, _, not_before, _, _)] = _rows(tmp_path)
    assert not_before.startswith("2026-03-10T02:00")  # 09:00, when the lead's quiet hours end


async def test_the_monthly_digest_and_the_quarterly_warning(
    org: Services, tmp_path: Path, clock: FixedClock
) -> None:
    _at(clock, datetime(2026, 3, 9, 8, tzinfo=UTC))
    await _item(org, tmp_path, ItemState.NOTIFIED, due=date(2026, 3, 20))
    await _item(
        org,
        tmp_path,
        ItemState.PLANNED,
        kind=ItemKind.THEMATIC_SUPERVISION,
        content="Giám sát việc thực hiện nghị quyết",
        month=5,
    )
    # The commission's own: an inspection for a suspected violation, seen by it alone.
    inspector, target = await _who(org, "A4"), await _who(org, "B2")
    await org.inspection_drafts.add(
        inspector,
        2026,
        _root(tmp_path),
        ItemDraft(
            ItemKind.VIOLATION_INSPECTION,
            "Kiểm tra dấu hiệu vi phạm",
            Target(TargetKind.MEMBER, target.member.id, target.member.cell_id),
            month=4,
            lead_id=inspector.member.id,
        ),
    )
    _at(clock, _local_8(date(2026, 3, 31)))
    await plan_inspection_reminders(org)
    assert not [k for k, *_ in _rows(tmp_path) if k.startswith(("insp-digest", "insp-behind"))]
    _at(clock, _local_8(date(2026, 4, 1)))
    await plan_inspection_reminders(org)
    giang = str(USERS["B3"])  # the committee
    digests = {chat: text for key, chat, _, _, text in _rows(tmp_path) if "digest" in key}
    assert sorted(digests) == sorted(str(USERS[code]) for code in ("A4", "A5", "B3", "B4"))
    lines = digests[giang].splitlines()
    assert lines[:5] == [
        "📋 <b>Kiểm tra, giám sát — tháng 4/2026</b>",
        "Nội dung trong tháng:",
        f"• Kiểm tra: «{CONTENT}» — Hoàng Văn Em",
        "Các bước quá hạn:",
        f"• Chưa nhận báo cáo tự kiểm tra (hạn Thứ Sáu, 20/03/2026): «{CONTENT}» — Hoàng Văn Em",
    ]
    assert "Chỉ tiêu của năm:" in lines
    assert lines[-1] == "Chương trình và từng nội dung: /kiemtra"
    assert "vi phạm" not in digests[giang]  # the committee does not see the commission's own
    assert "• Kiểm tra khi có dấu hiệu vi phạm: «Kiểm tra dấu hiệu vi phạm» — Hoàng Văn Em" in (
        digests[str(USERS["A4"])].splitlines()
    )
    warnings = {chat: text for key, chat, _, _, text in _rows(tmp_path) if "behind" in key}
    assert sorted(warnings) == sorted(str(USERS[code]) for code in ("A5", "B3"))
    assert warnings[giang].splitlines() == [
        "⚠ <b>Chương trình kiểm tra, giám sát đang chậm tiến độ</b>",
        "Đã kết thúc: 0/2 (0%) nội dung của năm; đến hết tháng 3/2026, theo tiến độ năm cần ít"
        " nhất 1 nội dung.",
        "Đồng chí theo dõi, đôn đốc các nội dung tại /kiemtra.",
    ]
    count = len(_rows(tmp_path))
    _at(clock, _local_8(date(2026, 4, 2)))
    await plan_inspection_reminders(org)
    assert len(_rows(tmp_path)) == count  # once a month


def _execute(tmp_path: Path, sql: str) -> None:
    with sqlite3.connect(tmp_path / "butpha.sqlite3") as conn:
        conn.execute(sql)


async def test_with_no_lead_the_committees_secretary_is_told(
    org: Services, tmp_path: Path, clock: FixedClock
) -> None:
    _at(clock, datetime(2026, 3, 9, 8, tzinfo=UTC))
    item, _ = await _conclude_with_action(org, tmp_path, date(2026, 4, 10))
    _execute(tmp_path, f"UPDATE inspection_items SET lead_id = NULL WHERE id = {item}")
    _execute(tmp_path, "UPDATE members SET title = 'Bí thư Đảng ủy' WHERE member_code = 'B3'")
    _at(clock, _local_8(date(2026, 5, 8)))  # a week after the third weekly reminder
    await plan_inspection_reminders(org)
    told = [(k.split(":")[0], chat) for k, chat, *_ in _rows(tmp_path) if "escalation" in k]
    assert told == [("insp-escalation", str(USERS["B3"]))]


async def test_a_cell_inspected_hears_through_its_secretary(
    org: Services, tmp_path: Path, clock: FixedClock
) -> None:
    _at(clock, datetime(2026, 3, 9, 8, tzinfo=UTC))
    committee, lead = await _who(org, "B3"), await _who(org, "A4")
    secretary = await _who(org, "B1")  # Phạm Thị Dung, secretary of Liên khoa
    item = await org.inspection_drafts.add(
        committee,
        2026,
        _root(tmp_path),
        ItemDraft(
            ItemKind.INSPECTION,
            "Kiểm tra việc lãnh đạo thực hiện nghị quyết",
            Target(TargetKind.CELL, secretary.member.cell_id, secretary.member.cell_id),
            month=4,
            lead_id=lead.member.id,
        ),
    )
    await org.inspection_drafts.adopt(committee, item.programme_id)
    await org.inspection_steps.take(committee, item.id, ItemState.DECIDED)
    await org.inspection_steps.take(lead, item.id, ItemState.NOTIFIED, due=date(2026, 3, 25))
    assert await plan_inspection_reminders(org) == 1
    [(key, chat, _, _, text)] = _rows(tmp_path)
    assert key.startswith("insp-notified:") and chat == str(USERS["B1"])
    assert "Đối tượng: Liên khoa" in text.splitlines()
