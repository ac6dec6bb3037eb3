"""What follows an item's notification, over a real SQLite file: the target's self-report
(and who may not send one), remediation actions added, done, verified or sent back (and
forged ids refused and audited), and regular supervision notes (the committee and inspectors
only)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from bot.domain.errors import NotAllowed, UserError
from bot.domain.inspections.model import ItemKind, ItemState, Target, TargetKind
from bot.domain.inspections.records import Item, ItemDraft
from bot.domain.model import Channel
from bot.domain.outbox import FileKind
from bot.services.container import Services
from bot.services.date_fields import check_due
from bot.services.inspections.standing import ItemRefused
from tests.conftest import write_csv
from tests.unit.test_inspection_items import ROWS, _root, _rows, _who

TODAY = date(2026, 3, 2)  # the unit tests' clock


@pytest.fixture
async def org(services: Services, tmp_path: Path) -> Services:
    await services.organisation.init("Đảng bộ Trường Chính trị")
    await services.member_import.import_file(write_csv(tmp_path / "members.csv", ROWS))
    return services


async def _item(org: Services, tmp_path: Path, upto: ItemState) -> Item:
    """An inspection of Hoàng Văn Em (B2, Liên khoa) led by Đặng Văn Hùng (A4), taken up to
    ``upto``."""
    committee, lead = await _who(org, "B3"), await _who(org, "A4")
    target = await _who(org, "B2")
    item = await org.inspection_drafts.add(
        committee,
        2026,
        _root(tmp_path),
        ItemDraft(
            ItemKind.INSPECTION,
            "Kiểm tra việc thực hiện nhiệm vụ đảng viên",
            Target(TargetKind.MEMBER, target.member.id, target.member.cell_id),
            month=4,
            lead_id=lead.member.id,
        ),
    )
    await org.inspection_drafts.adopt(committee, item.programme_id)
    steps = org.inspection_steps
    path = [
        (committee, ItemState.DECIDED),
        (lead, ItemState.NOTIFIED),
        (lead, ItemState.SELF_REPORT_RECEIVED),
        (lead, ItemState.VERIFYING),
        (lead, ItemState.CONCLUDED),
        (committee, ItemState.CONCLUSION_NOTIFIED),
    ]
    for who, state in path:
        if list(ItemState).index(state) > list(ItemState).index(upto):
            break
        summary = "Còn hạn chế; hồ sơ số 7" if state is ItemState.CONCLUDED else None
        await steps.take(who, item.id, state, summary=summary)
    return (await steps.card(committee, item.id)).item


def _refusals(tmp_path: Path) -> int:
    [(count,)] = _rows(
        tmp_path, "SELECT count(*) FROM audit_log WHERE event = 'inspection_access_refused'"
    )
    assert isinstance(count, int)
    return count


async def test_the_first_self_report_moves_the_item(org: Services, tmp_path: Path) -> None:
    item = await _item(org, tmp_path, ItemState.NOTIFIED)
    target, lead = await _who(org, "B2"), await _who(org, "A4")
    reports = org.self_reports
    assert [i.id for i in await reports.awaiting(target)] == [item.id]
    assert await reports.awaiting(lead) == []
    sent = await reports.send(target, item.id, text="Báo cáo tự kiểm tra của đồng chí Em")
    assert sent.first
    card = await org.inspection_steps.card(lead, item.id)
    assert card.item.state is ItemState.SELF_REPORT_RECEIVED
    assert card.item.self_report_at is not None
    # A document later adds to it; the item stays where it is.
    again = await reports.send(
        target, item.id, file_id="BQAC-doc", file_kind=FileKind.DOCUMENT, channel=Channel.ZALO
    )
    assert not again.first
    card = await org.inspection_steps.card(lead, item.id)
    assert card.item.state is ItemState.SELF_REPORT_RECEIVED
    assert [(r.text, r.file_id, r.file_kind, r.channel) for r in card.self_reports] == [
        ("Báo cáo tự kiểm tra của đồng chí Em", None, None, Channel.TELEGRAM),
        (None, "BQAC-doc", FileKind.DOCUMENT, Channel.ZALO),
    ]
    events = _rows(
        tmp_path,
        f"SELECT event, member_id FROM inspection_events WHERE item_id = {item.id}"
        " AND event = 'self_report_received'",
    )
    assert events == [("self_report_received", target.member.id)]
    with pytest.raises(UserError):  # nothing sent
        await reports.send(target, item.id, text="  ")


async def test_who_may_not_send_a_self_report(org: Services, tmp_path: Path) -> None:
    item = await _item(org, tmp_path, ItemState.DECIDED)
    target, lead, other = await _who(org, "B2"), await _who(org, "A4"), await _who(org, "A2")
    # Not notified yet: the target does not even see it (and the attempt is audited).
    with pytest.raises(ItemRefused):
        await org.self_reports.send(target, item.id, text="Báo cáo")
    assert await org.self_reports.awaiting(target) == []
    await org.inspection_steps.take(lead, item.id, ItemState.NOTIFIED)
    # The lead sees the item but is not its target: a polite refusal.
    with pytest.raises(NotAllowed):
        await org.self_reports.send(lead, item.id, text="Báo cáo")
    before = _refusals(tmp_path)
    with pytest.raises(ItemRefused):  # a forged id, someone else's item
        await org.self_reports.send(other, item.id, text="Báo cáo")
    assert _refusals(tmp_path) == before + 1
    assert _rows(tmp_path, "SELECT count(*) FROM inspection_self_reports") == [(0,)]


async def test_remediation_added_done_verified_and_sent_back(org: Services, tmp_path: Path) -> None:
    item = await _item(org, tmp_path, ItemState.CONCLUSION_NOTIFIED)
    lead, target = await _who(org, "A4"), await _who(org, "B2")
    secretary, outsider = await _who(org, "B1"), await _who(org, "A2")
    remediation = org.remediation
    assert [f.item.id for f in await remediation.followed(lead)] == [item.id]
    assert await remediation.followed(outsider) == []
    due = TODAY + timedelta(days=30)
    # Owners: the target or someone in their cell; not someone from another cell.
    assert (await remediation.owner_of(lead, item.id, "B1")).id == secretary.member.id
    with pytest.raises(UserError):
        await remediation.owner_of(lead, item.id, "Trần Thị Bình")
    with pytest.raises(UserError):  # a date passed
        await remediation.add(
            lead, item.id, "Viết bản kiểm điểm", target.member.id, TODAY - timedelta(days=1)
        )
    first = await remediation.add(lead, item.id, "Viết bản kiểm điểm", target.member.id, due)
    second = await remediation.add(lead, item.id, "Bổ sung hồ sơ", secretary.member.id, due)
    # The target may not add actions; another member's forged id is refused and audited.
    with pytest.raises(NotAllowed):
        await remediation.add(target, item.id, "x", target.member.id, due)
    before = _refusals(tmp_path)
    with pytest.raises(ItemRefused):
        await remediation.add(outsider, item.id, "x", outsider.member.id, due)
    assert _refusals(tmp_path) == before + 1
    # Owners see their open actions and mark them done; nobody else may.
    assert [v.action.id for v in await remediation.mine(target)] == [first.action.id]
    with pytest.raises(ItemRefused):
        await remediation.mark_done(outsider, first.action.id, note="Xong")
    assert _refusals(tmp_path) == before + 2
    with pytest.raises(UserError):  # nothing said about it
        await remediation.mark_done(target, first.action.id, note=" ")
    with pytest.raises(UserError):  # not done yet: nothing to verify
        await remediation.verify(lead, first.action.id)
    done = await remediation.mark_done(target, first.action.id, note="Đã viết, nộp chi bộ")
    assert done.action.done and done.action.done_note == "Đã viết, nộp chi bộ"
    # The lead sends it back with a reason: open again; then done again and verified.
    with pytest.raises(NotAllowed):  # the owner does not verify their own
        await remediation.verify(target, first.action.id)
    back = await remediation.send_back(lead, first.action.id, "Thiếu chữ ký")
    assert not back.action.done
    await remediation.mark_done(
        target, first.action.id, evidence_file_id="PHOTO-1", evidence_kind=FileKind.PHOTO
    )
    followed = await remediation.verify(lead, first.action.id)
    assert not followed.all_verified
    await remediation.mark_done(secretary, second.action.id, note="Đã bổ sung")
    followed = await remediation.verify(lead, second.action.id)
    assert followed.all_verified
    assert await remediation.mine(target) == []
    events = [
        e
        for (e,) in _rows(
            tmp_path, f"SELECT event FROM inspection_events WHERE item_id = {item.id}"
        )
        if str(e).startswith("remediation")
    ]
    assert events == [
        "remediation",
        "remediation",
        "remediation_done",
        "remediation_returned",
        "remediation_done",
        "remediation_verified",
        "remediation_done",
        "remediation_verified",
    ]
    # Every action verified: the item moves on and closes.
    steps = org.inspection_steps
    await steps.take(lead, item.id, ItemState.REMEDIATING)
    assert (await steps.take(lead, item.id, ItemState.CLOSED)).item.state is ItemState.CLOSED


async def test_no_remediation_before_the_conclusion(org: Services, tmp_path: Path) -> None:
    item = await _item(org, tmp_path, ItemState.VERIFYING)
    lead, target = await _who(org, "A4"), await _who(org, "B2")
    with pytest.raises(UserError):
        await org.remediation.add(
            lead, item.id, "Viết bản kiểm điểm", target.member.id, TODAY + timedelta(days=9)
        )


async def test_supervision_notes_for_the_committee_and_inspectors_only(
    org: Services, tmp_path: Path
) -> None:
    inspector, committee = await _who(org, "A4"), await _who(org, "B3")
    member, secretary = await _who(org, "B2"), await _who(org, "B1")
    notes = org.supervision
    cells = await notes.cells(inspector)
    assert [c.name for c in cells] == ["Liên khoa", "Phòng Đào tạo"]
    cell = await notes.cell(inspector, cells[0].id)
    await notes.write(inspector, cell, "Dự sinh hoạt chi bộ tháng 3: đủ nội dung")
    person = await notes.member(committee, "Hoàng Văn Em")
    await notes.write(committee, person, "Chưa nộp báo cáo tháng")
    assert [v.note.note for v in await notes.recent(committee, cell)] == [
        "Dự sinh hoạt chi bộ tháng 3: đủ nội dung"
    ]
    [seen] = await notes.recent(inspector, person)
    assert seen.author == "Võ Thị Giang"
    # A plain member and a cell secretary are refused, and the attempts audited.
    with pytest.raises(NotAllowed):
        await notes.cells(member)
    with pytest.raises(NotAllowed):
        await notes.recent(secretary, cell)
    with pytest.raises(NotAllowed):
        await notes.write(member, person, "x")
    assert _rows(
        tmp_path, "SELECT count(*) FROM audit_log WHERE event = 'supervision_refused'"
    ) == [(3,)]
    assert _rows(tmp_path, "SELECT count(*) FROM supervision_notes") == [(2,)]


def test_a_due_date_without_a_year_runs_into_next_year() -> None:
    december = date(2026, 12, 10)
    assert check_due("31/03", december) == date(2027, 3, 31)
    assert check_due("31/12", december) == date(2026, 12, 31)
    with pytest.raises(UserError):
        check_due("01/12/2026", december)
    with pytest.raises(UserError):
        check_due("ngày nào đó", december)


async def test_nobody_is_told_in_a_unit_test_but_nothing_breaks(
    org: Services, tmp_path: Path
) -> None:
    # Members without a linked chat: the notice is not queued, the action is kept.
    item = await _item(org, tmp_path, ItemState.CONCLUDED)
    lead, target = await _who(org, "A4"), await _who(org, "B2")
    await org.remediation.add(
        lead, item.id, "Viết bản kiểm điểm", target.member.id, TODAY, notice=lambda n: "x"
    )
    assert _rows(tmp_path, "SELECT count(*) FROM outbox") == [(0,)]
    assert _rows(tmp_path, "SELECT count(*) FROM remediation_actions") == [(1,)]


async def test_the_secretary_of_a_cell_inspected_sends_its_self_report(
    org: Services, tmp_path: Path
) -> None:
    committee, lead = await _who(org, "B3"), await _who(org, "A4")
    secretary, member = await _who(org, "B1"), await _who(org, "B2")
    cell = secretary.member.cell_id
    item = await org.inspection_drafts.add(
        committee,
        2026,
        _root(tmp_path),
        ItemDraft(
            ItemKind.INSPECTION,
            "Kiểm tra chi bộ",
            Target(TargetKind.CELL, cell, cell),
            month=5,
            lead_id=lead.member.id,
        ),
    )
    await org.inspection_drafts.adopt(committee, item.programme_id)
    await org.inspection_steps.take(committee, item.id, ItemState.DECIDED)
    await org.inspection_steps.take(lead, item.id, ItemState.NOTIFIED)
    assert [i.id for i in await org.self_reports.awaiting(secretary)] == [item.id]
    assert await org.self_reports.awaiting(member) == []
    sent = await org.self_reports.send(
        secretary, item.id, file_id="AgAC-photo", file_kind=FileKind.PHOTO, text="Ảnh biên bản"
    )
    assert sent.first and sent.kind is FileKind.PHOTO
    assert _rows(tmp_path, "SELECT text, file_kind FROM inspection_self_reports") == [
        ("Ảnh biên bản", "photo")
    ]


async def test_an_item_closes_only_once_its_actions_are_verified(
    org: Services, tmp_path: Path
) -> None:
    item = await _item(org, tmp_path, ItemState.CONCLUSION_NOTIFIED)
    lead, target = await _who(org, "A4"), await _who(org, "B2")
    added = await org.remediation.add(
        lead, item.id, "Viết bản kiểm điểm", target.member.id, TODAY + timedelta(days=30)
    )
    steps = org.inspection_steps
    await steps.take(lead, item.id, ItemState.REMEDIATING)
    await org.remediation.mark_done(target, added.action.id, note="Đã viết")
    # Done by its owner but not verified by the lead: the item stays open.
    with pytest.raises(UserError) as refused:
        await steps.take(lead, item.id, ItemState.CLOSED)
    assert "not verified yet" in refused.value.message
    assert (await steps.card(lead, item.id)).item.state is ItemState.REMEDIATING
    await org.remediation.verify(lead, added.action.id)
    assert (await steps.take(lead, item.id, ItemState.CLOSED)).item.state is ItemState.CLOSED
