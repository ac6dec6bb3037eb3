"""What follows an item's notification, through the sandbox: the target sends the self-report
(text, then a document) and the item moves, the lead is told; a member who is no target is
refused. Remediation: the lead adds an action, its owner is told and marks it done, the lead
verifies it and hears that the item can be closed; a forged action button is refused and
audited. Supervision: an inspector writes a note; a plain member is refused (and audited)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from bot.domain.inspections.model import ItemKind, ItemState, Target, TargetKind
from bot.domain.inspections.records import ItemDraft
from bot.domain.model import Identity
from bot.sandbox.models import SandboxUser
from bot.services.container import Services
from tests.conftest import write_csv
from tests.e2e.conftest import World, eventually, outbox_drained
from tests.unit.test_inspection_items import ROWS

CONTENT = "Kiểm tra việc thực hiện nhiệm vụ đảng viên"


def _query(database: Path, sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(database) as conn:
        return list(conn.execute(sql))


def _rows(world: World, sql: str) -> list[tuple[object, ...]]:
    return _query(world.database, sql)


async def _who(services: Services, database: Path, code: str) -> Identity:
    [(member_id,)] = _query(database, f"SELECT id FROM members WHERE member_code = '{code}'")
    assert isinstance(member_id, int)
    identity = await services.membership.identity_of(member_id)
    assert identity is not None
    return identity


async def _item(world: World, upto: ItemState) -> int:
    return await setup_item(world.services, world.database, world.clock.now().year, upto)


async def setup_item(
    services: Services, database: Path, year: int, upto: ItemState, content: str = CONTENT
) -> int:
    """An inspection of Hoàng Văn Em (B2) led by the inspector Đặng Văn Hùng (A4), taken up
    to ``upto`` by the committee (B3) and the lead."""
    await services.member_import.import_file(write_csv(database.parent / "more.csv", ROWS))
    committee = await _who(services, database, "B3")
    lead = await _who(services, database, "A4")
    target = await _who(services, database, "B2")
    [(root,)] = _query(database, "SELECT id FROM units WHERE parent_id IS NULL")
    assert isinstance(root, int)
    item = await services.inspection_drafts.add(
        committee,
        year,
        root,
        ItemDraft(
            ItemKind.INSPECTION,
            content,
            Target(TargetKind.MEMBER, target.member.id, target.member.cell_id),
            month=4,
            lead_id=lead.member.id,
        ),
    )
    [(adopted,)] = _query(
        database, f"SELECT adopted_at FROM inspection_programmes WHERE id = {item.programme_id}"
    )
    if adopted is None:
        await services.inspection_drafts.adopt(committee, item.programme_id)
    steps = services.inspection_steps
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
        await steps.take(who, item.id, state, summary=summary)
    return item.id


def _state(world: World, item_id: int) -> str:
    [(state,)] = _rows(world, f"SELECT state FROM inspection_items WHERE id = {item_id}")
    return str(state)


def _texts(world: World, user: SandboxUser) -> list[str]:
    return [m.text or "" for m in world.sandbox.messages(user.id)]


async def test_the_target_sends_the_self_report_and_the_item_moves(world: World) -> None:
    item_id = await _item(world, ItemState.NOTIFIED)
    hung = await world.join("A4", "Hùng")  # the lead
    em = await world.join("B2", "Em")
    asked = await world.say(em, "/tubaocao")
    assert f"Đồng chí gửi báo cáo tự kiểm tra cho «{CONTENT}» ngay bây giờ" in (asked.text or "")
    done = await world.say(em, "Báo cáo tự kiểm tra: đã hoàn thành nhiệm vụ được giao")
    assert f"✅ Đã nhận: báo cáo tự kiểm tra của đồng chí cho «{CONTENT}»" in (done.text or "")
    assert _state(world, item_id) == "self_report_received"
    # The lead is told through the outbox.
    await outbox_drained(world)
    assert any(
        "📥 Hoàng Văn Em đã gửi báo cáo tự kiểm tra (viết trong tin nhắn)" in text
        and "đã nhận báo cáo tự kiểm tra" in text
        for text in _texts(world, hung)
    )
    # A document adds to it.
    await world.say(em, "/tubaocao")
    sent = await world.sandbox.send_document_as_user(em, b"%PDF-1.4 bao cao", "Bao-cao.pdf")
    await world.sandbox.wait_for_message(
        em.id, lambda m: "✅ Đã nhận" in (m.text or ""), after=sent["message_id"]
    )
    assert _rows(
        world,
        f"SELECT text IS NULL, file_kind FROM inspection_self_reports WHERE item_id = {item_id} ORDER BY id",
    ) == [(0, None), (1, "document")]
    assert _state(world, item_id) == "self_report_received"
    # The lead on Telegram gets the document with the notice.
    await outbox_drained(world)
    assert any(
        m.document is not None and "📥 Hoàng Văn Em" in (m.caption or "")
        for m in world.sandbox.messages(hung.id)
    )


async def test_with_two_items_waiting_the_target_chooses(world: World) -> None:
    await _item(world, ItemState.NOTIFIED)
    second = await setup_item(
        world.services,
        world.database,
        world.clock.now().year,
        ItemState.SELF_REPORT_RECEIVED,
        "Giám sát việc thực hiện nghị quyết",
    )
    em = await world.join("B2", "Em")
    choose = await world.say(em, "/tubaocao")
    assert choose.text == "Báo cáo tự kiểm tra cho nội dung nào?"
    assert [b.text for b in choose.buttons()] == [CONTENT, "Giám sát việc thực hiện nghị quyết"]
    await world.press(em, choose, "Giám sát việc thực hiện nghị quyết")
    asked = world.sandbox.last_message(em.id)
    assert asked is not None
    assert "cho «Giám sát việc thực hiện nghị quyết» ngay bây giờ" in (asked.text or "")
    await world.say(em, "Báo cáo bổ sung")
    assert _rows(world, "SELECT item_id FROM inspection_self_reports") == [(second,)]


async def test_a_member_who_is_no_target_is_refused(world: World) -> None:
    await _item(world, ItemState.NOTIFIED)
    binh = await world.join("A2", "Bình")
    answer = await world.say(binh, "/tubaocao")
    assert (answer.text or "").startswith(
        "Không có cuộc kiểm tra, giám sát nào đang chờ báo cáo tự kiểm tra của đồng chí."
    )
    # A forged button for the item is refused and audited.
    [(item_id,)] = _rows(world, "SELECT id FROM inspection_items")
    seen = len(world.sandbox.callback_answers)
    await world.sandbox.press_callback(binh, answer.message_id, f"isr:i:{item_id}")
    await eventually(lambda: len(world.sandbox.callback_answers) > seen)
    assert world.sandbox.callback_answers[-1].get("show_alert")
    await eventually(
        lambda: (
            _rows(world, "SELECT count(*) FROM audit_log WHERE event = 'inspection_access_refused'")
            == [(1,)]
        )
    )
    assert _rows(world, "SELECT count(*) FROM inspection_self_reports") == [(0,)]


async def test_remediation_added_done_and_verified(world: World) -> None:
    item_id = await _item(world, ItemState.CONCLUSION_NOTIFIED)
    hung = await world.join("A4", "Hùng")
    em = await world.join("B2", "Em")
    binh = await world.join("A2", "Bình")
    overview = await world.say(hung, "/khacphuc")
    assert "Khắc phục đồng chí theo dõi" in (overview.text or "")
    await world.press(hung, overview, 0)
    card = world.sandbox.last_message(hung.id)
    assert card is not None and f"Khắc phục: {CONTENT}" in (card.text or "")
    await world.press(hung, card, "➕ Thêm việc")
    asked = world.sandbox.last_message(hung.id)
    assert asked is not None and "Cần làm gì?" in (asked.text or "")
    who = await world.say(hung, "Viết bản kiểm điểm bổ sung")
    assert "Ai thực hiện?" in (who.text or "")
    # Someone from another cell may not own it; the member inspected may.
    refused = await world.say(hung, "A2")
    assert "không thuộc chi bộ được kiểm tra" in (refused.text or "")
    when = await world.say(hung, "Hoàng Văn Em")
    assert "Hạn hoàn thành?" in (when.text or "")
    year = world.clock.now().year
    added = await world.say(hung, f"30/06/{year}")
    assert "✅ Đã thêm: Viết bản kiểm điểm bổ sung — Hoàng Văn Em, hạn 30/06" in (added.text or "")
    # The owner is told, and marks it done from /khacphuc with a note.
    await outbox_drained(world)
    assert any("đã giao cho đồng chí việc khắc phục" in t for t in _texts(world, em))
    mine = await world.say(em, "/khacphuc")
    assert "Việc khắc phục của đồng chí" in (mine.text or "")
    [(action_id,)] = _rows(world, "SELECT id FROM remediation_actions")
    # Another member's forged button for it: refused, audited, nothing changes.
    before = _rows(
        world, "SELECT count(*) FROM audit_log WHERE event = 'inspection_access_refused'"
    )
    seen = len(world.sandbox.callback_answers)
    await world.sandbox.press_callback(binh, mine.message_id, f"irm:d:{action_id}")
    await eventually(lambda: len(world.sandbox.callback_answers) > seen)
    assert world.sandbox.callback_answers[-1].get("text") == (
        "Việc khắc phục này không tồn tại hoặc không phải của đồng chí."
    )
    await eventually(
        lambda: (
            _rows(world, "SELECT count(*) FROM audit_log WHERE event = 'inspection_access_refused'")
            != before
        )
    )
    await world.press(em, mine, "✅ Đã xong: 1")
    note = await world.say(em, "Đã viết và nộp chi bộ ngày 10/03")
    assert "✅ Đã báo hoàn thành" in (note.text or "")
    assert _rows(world, "SELECT done_note FROM remediation_actions") == [
        ("Đã viết và nộp chi bộ ngày 10/03",)
    ]
    # The lead is told, opens the item and sends it back with a reason; the owner is told.
    await outbox_drained(world)
    assert any("đã báo hoàn thành việc khắc phục" in t for t in _texts(world, hung))
    overview = await world.say(hung, "/khacphuc")
    await world.press(hung, overview, 0)
    card = world.sandbox.last_message(hung.id)
    assert card is not None and "Ghi chú: Đã viết và nộp chi bộ ngày 10/03" in (card.text or "")
    await world.press(hung, card, "↩️ Trả lại 1")
    why = world.sandbox.last_message(hung.id)
    assert why is not None and "Vì sao trả lại việc «Viết bản kiểm điểm bổ sung»" in (
        why.text or ""
    )
    back = await world.say(hung, "Thiếu chữ ký của bí thư chi bộ")
    assert "↩️ Đã trả lại cho Hoàng Văn Em" in (back.text or "")
    await outbox_drained(world)
    assert any("Lý do: Thiếu chữ ký của bí thư chi bộ" in t for t in _texts(world, em))
    # Done again, with a document as evidence; then verified: every action verified.
    mine = await world.say(em, "/khacphuc")
    await world.press(em, mine, "✅ Đã xong: 1")
    sent = await world.sandbox.send_document_as_user(em, b"%PDF-1.4 ban kiem diem", "KD.pdf")
    await world.sandbox.wait_for_message(
        em.id, lambda m: "✅ Đã báo hoàn thành" in (m.text or ""), after=sent["message_id"]
    )
    # The lead on Telegram gets the evidence with the notice.
    await outbox_drained(world)
    assert any(
        m.document is not None and "đã báo hoàn thành việc khắc phục" in (m.caption or "")
        for m in world.sandbox.messages(hung.id)
    )
    overview = await world.say(hung, "/khacphuc")
    await world.press(hung, overview, 0)
    card = world.sandbox.last_message(hung.id)
    assert card is not None and "Minh chứng: đã gửi tệp." in (card.text or "")
    await world.press(hung, card, "☑️ Xác nhận 1")
    verified = world.sandbox.last_message(hung.id)
    assert verified is not None
    assert "✅ Mọi việc đã được xác nhận: có thể kết thúc nội dung này" in (verified.text or "")
    assert _rows(world, "SELECT verified_at IS NOT NULL FROM remediation_actions") == [(1,)]
    assert _state(world, item_id) == "conclusion_notified"


async def test_supervision_notes_for_inspectors_not_members(world: World) -> None:
    await world.services.member_import.import_file(
        write_csv(world.database.parent / "more.csv", ROWS)
    )
    khoa = await world.join("B4", "Khoa")  # Ủy viên UBKT
    menu = await world.say(khoa, "/giamsat")
    assert "Giám sát thường xuyên: ghi chép về ai?" in (menu.text or "")
    await world.press(khoa, menu, "Liên khoa")
    asked = world.sandbox.last_message(khoa.id)
    assert asked is not None and "Chưa có ghi chép nào." in (asked.text or "")
    kept = await world.say(khoa, "Dự sinh hoạt chi bộ tháng 3: đủ nội dung, đúng giờ")
    assert "✅ Đã lưu ghi chép" in (kept.text or "")
    again = await world.say(khoa, "/giamsat")
    await world.press(khoa, again, "Liên khoa")
    listed = world.sandbox.last_message(khoa.id)
    assert listed is not None
    assert "Lý Văn Khoa ghi: Dự sinh hoạt chi bộ tháng 3: đủ nội dung, đúng giờ" in (
        listed.text or ""
    )
    # A member, by name.
    menu = await world.say(khoa, "/giamsat")
    await world.press(khoa, menu, "👤 Một đảng viên")
    which = world.sandbox.last_message(khoa.id)
    assert which is not None and "Đảng viên nào?" in (which.text or "")
    notes = await world.say(khoa, "Hoàng Văn Em")
    assert "Ghi chép giám sát: Hoàng Văn Em" in (notes.text or "")
    kept = await world.say(khoa, "Chưa nộp báo cáo tháng 2")
    assert "✅ Đã lưu ghi chép" in (kept.text or "")
    assert _rows(world, "SELECT target_kind, note FROM supervision_notes ORDER BY id") == [
        ("cell", "Dự sinh hoạt chi bộ tháng 3: đủ nội dung, đúng giờ"),
        ("member", "Chưa nộp báo cáo tháng 2"),
    ]
    # A plain member of that cell is refused, and never sees the notes.
    em = await world.join("B2", "Em")
    refused = await world.say(em, "/giamsat")
    assert refused.text == "Ghi chép giám sát chỉ dành cho Đảng ủy và Ủy ban Kiểm tra."
    assert not any("Dự sinh hoạt" in t or "báo cáo tháng 2" in t for t in _texts(world, em))
    assert _rows(world, "SELECT count(*) FROM audit_log WHERE event = 'supervision_refused'") == [
        (1,)
    ]


async def test_ten_long_supervision_notes_still_open_in_one_message(world: World) -> None:
    await world.services.member_import.import_file(
        write_csv(world.database.parent / "more.csv", ROWS)
    )
    khoa = await world.join("B4", "Khoa")
    inspector = await _who(world.services, world.database, "B4")
    supervision = world.services.supervision
    [cell] = [c for c in await supervision.cells(inspector) if c.name == "Liên khoa"]
    subject = await supervision.cell(inspector, cell.id)
    for number in range(10):  # each as long as a note may be: 20,000 characters in all
        await supervision.write(inspector, subject, f"Ghi chép {number}: " + "rất dài " * 300)
    menu = await world.say(khoa, "/giamsat")
    await world.press(khoa, menu, "Liên khoa")
    listed = world.sandbox.last_message(khoa.id)
    assert listed is not None
    text = listed.text or ""
    assert "Ghi chép giám sát" in text and len(text) <= 4096
    assert "Ghi chép 9: rất dài" in text and "…" in text
