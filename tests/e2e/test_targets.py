"""/chitieu through the sandbox: the committee sets the year's targets in one line and as a
form (bad input explained, nothing stored), an owner records values in one line and from the
card's button with a document as evidence, the lines shown match what the database holds, a
member is refused a target not theirs, and a forged button is refused and audited."""

from __future__ import annotations

import sqlite3
from decimal import Decimal

from bot.sandbox.models import SandboxUser, SentMessage
from handlers.targets.jobs import plan_target_reminders
from tests.e2e.conftest import World, eventually, outbox_drained


def _rows(world: World, sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(world.database) as conn:
        return list(conn.execute(sql))


async def _answers(world: World, user: SandboxUser, text: str, count: int) -> list[SentMessage]:
    """Send ``text`` and wait for ``count`` answers."""
    sent = await world.sandbox.send_text(user, text)
    await eventually(
        lambda: (
            len([m for m in world.sandbox.messages(user.id) if m.message_id > sent["message_id"]])
            >= count
        )
    )
    await world.sandbox.wait_until_idle(quiet=0.1)
    return [m for m in world.sandbox.messages(user.id) if m.message_id > sent["message_id"]]


async def test_the_committee_sets_targets_in_one_line_and_as_a_form(world: World) -> None:
    year = world.clock.now().year
    giang = await world.join("B3", "Giang")  # Đảng ủy viên
    added = await world.say(giang, "/chitieu them Lớp đào tạo; ≥ 22; lớp; đào tạo; Phòng Đào tạo")
    assert added.text == "✅ Đã thêm chỉ tiêu №1: Lớp đào tạo."
    assert _rows(world, "SELECT year, title, planned, comparator, unit, section FROM targets") == [
        (year, "Lớp đào tạo", "22", "at_least", "lớp", "training")
    ]
    # A line that cannot be read: every problem said, with the grammar; nothing stored.
    bad = await world.say(giang, "/chitieu them ; rất nhiều")
    text = bad.text or ""
    assert text.startswith("Dòng này chưa đọc được thành chỉ tiêu:")
    assert "• thiếu tên chỉ tiêu (ô thứ nhất)" in text
    assert "• thiếu chỉ tiêu (ô thứ hai) hoặc không phải là số" in text
    assert "/chitieu them Lớp đào tạo; ≥ 22; lớp; đào tạo; Phòng Đào tạo" in text
    assert _rows(world, "SELECT count(*) FROM targets") == [(1,)]
    # The form: one question per message.
    explained = await world.say(giang, "/chitieu them")
    assert (explained.text or "").startswith("Thêm chỉ tiêu trong một dòng:")
    await world.press(giang, explained, "📝 Điền từng bước")
    asked = world.sandbox.last_message(giang.id)
    assert asked is not None and (asked.text or "").startswith("Tên chỉ tiêu là gì?")
    planned = await world.say(giang, "Đảng viên bị kỷ luật")
    assert (planned.text or "").startswith("Chỉ tiêu là bao nhiêu")
    wrong = await world.say(giang, "chưa biết")
    assert (wrong.text or "").startswith("Chưa đọc được «chưa biết» thành chỉ tiêu")
    unit = await world.say(giang, "không")
    assert (unit.text or "").startswith("Đơn vị tính là gì?")
    section = await world.say(giang, "đảng viên")
    assert (section.text or "").startswith("Thuộc lĩnh vực nào của báo cáo?")
    await world.press(giang, section, "Xây dựng Đảng")
    owner = world.sandbox.last_message(giang.id)
    assert owner is not None and (owner.text or "").startswith("Ai phụ trách")
    done = await world.say(giang, "bỏ qua")
    assert done.text == "✅ Đã thêm chỉ tiêu №2: Đảng viên bị kỷ luật."
    assert _rows(
        world,
        "SELECT title, planned, comparator, unit, section, owner_unit_id,"
        " owner_member_id FROM targets WHERE id = 2",
    ) == [("Đảng viên bị kỷ luật", "0", "zero", "đảng viên", "party_building", None, None)]
    # A cell secretary may not set targets.
    an = await world.join("A1", "An")
    refused = await world.say(an, "/chitieu them Lớp bồi dưỡng; 27")
    assert refused.text == "Chỉ tiêu của năm do Đảng ủy đặt."
    assert _rows(world, "SELECT count(*) FROM targets") == [(2,)]


async def test_an_owner_records_values_and_the_lines_match_the_database(world: World) -> None:
    giang = await world.join("B3", "Giang")
    await world.say(giang, "/chitieu them Lớp đào tạo; ≥ 22; lớp; đào tạo; Phòng Đào tạo")
    await world.say(giang, "/chitieu them Học viên; 1.627; học viên; đào tạo; Phòng Đào tạo")
    await world.say(giang, "/chitieu them Đảng viên bị kỷ luật; không; đảng viên; xây dựng Đảng")
    an = await world.join("A1", "An")  # the secretary of Phòng Đào tạo
    # One line: the target's number, the value, a note.
    recorded = await _answers(world, an, "/chitieu 1 23 Đã mở thêm 1 lớp", 2)
    assert recorded[0].text == "✅ Đã lưu số liệu."
    card = recorded[1].text or ""
    assert card.startswith("Chỉ tiêu №1 — Lớp đào tạo")
    assert "Lớp đào tạo: đạt 23/22 lớp (104,55%) — vượt chỉ tiêu" in card
    assert "— Nguyễn Văn An: 23 — Đã mở thêm 1 lớp" in card
    # From the card's button, with a document as evidence: its caption is the value and note.
    opened = await world.say(an, "/chitieu 2")
    await world.press(an, opened, "✏️ Cập nhật số liệu")
    asked = world.sandbox.last_message(an.id)
    assert asked is not None and (asked.text or "").startswith(
        "Số liệu lũy kế đến nay của «Học viên»"
    )
    sent = await world.sandbox.send_document_as_user(
        an, b"%PDF-1.4", "danh-sach.pdf", "1.668 Danh sách học viên"
    )
    await eventually(
        lambda: (
            len(world.sandbox.messages(an.id)) >= 2
            and any(
                "1.668/1.627" in (m.text or "")
                for m in world.sandbox.messages(an.id)
                if m.message_id > sent["message_id"]
            )
        )
    )
    [(value, note, file_id, file_kind)] = _rows(
        world, "SELECT value, note, file_id, file_kind FROM target_updates WHERE target_id = 2"
    )
    assert (Decimal(str(value)), note, file_kind) == (
        Decimal(1668),
        "Danh sách học viên",
        "document",
    )
    assert str(file_id).startswith("BQACSandboxUser")
    # The card offers the evidence; pressed, the document comes back.
    card_again = await world.say(an, "/chitieu 2")
    buttons = [b.text for b in card_again.buttons()]
    evidence = [b for b in buttons if b.startswith("📎 ")]
    assert len(evidence) == 1, (card_again.text, buttons)
    await world.press(an, card_again, evidence[0])
    sent_back = world.sandbox.last_message(an.id)
    assert sent_back is not None and sent_back.document is not None
    assert (sent_back.caption or "").startswith("Minh chứng cho số liệu 1.668 cập nhật ngày ")
    # A forged press for it by someone who may not see the target: refused and audited.
    em = await world.join("B2", "Em")  # Liên khoa, a plain member
    await world.say(em, "/chitieu")
    seen = len(world.sandbox.callback_answers)
    last = world.sandbox.messages(em.id)[-1]
    [(update_id,)] = _rows(world, "SELECT id FROM target_updates WHERE target_id = 2")
    await world.sandbox.press_callback(em, last.message_id, f"tgt:e:{update_id}")
    await eventually(lambda: len(world.sandbox.callback_answers) > seen)
    assert world.sandbox.callback_answers[-1].get("text") == (
        "Chỉ tiêu №2 không thuộc phạm vi đồng chí được xem."
    )
    assert all(m.document is None for m in world.sandbox.messages(em.id))
    # A bad value is explained, the question kept; nothing stored.
    await world.press(an, opened, "✏️ Cập nhật số liệu")
    bad = await world.say(an, "nhiều lắm")
    assert (bad.text or "").startswith("«nhiều» không phải là số liệu")
    assert _rows(world, "SELECT count(*) FROM target_updates") == [(2,)]
    await world.say(an, "/huy")
    # The committee sees every target, by section, each line from the database's values.
    listing = (await world.say(giang, "/chitieu")).text or ""
    values = dict(_rows(world, "SELECT target_id, value FROM target_updates"))
    assert values == {1: "23", 2: "1668"}
    assert "Đào tạo, bồi dưỡng" in listing and "Xây dựng Đảng" in listing
    assert "№1. Lớp đào tạo: đạt 23/22 lớp (104,55%) — vượt chỉ tiêu" in listing
    assert "№2. Học viên: đạt 1.668/1.627 học viên (102,52%) — vượt chỉ tiêu" in listing
    assert "№3. Đảng viên bị kỷ luật: chưa có số liệu — chỉ tiêu không có" in listing


async def test_a_member_is_refused_what_is_not_theirs_and_a_forged_button_audited(
    world: World,
) -> None:
    giang = await world.join("B3", "Giang")
    await world.say(giang, "/chitieu them Lớp đào tạo; ≥ 22; lớp; đào tạo; Phòng Đào tạo")
    binh = await world.join("A2", "Bình")  # a plain member of Phòng Đào tạo
    listing = await world.say(binh, "/chitieu")
    assert "Không có chỉ tiêu nào của năm" in (listing.text or "")
    refused = await world.say(binh, "/chitieu 1")
    assert refused.text == "Chỉ tiêu №1 không thuộc phạm vi đồng chí được xem."
    not_recorded = await world.say(binh, "/chitieu 1 30")
    assert not_recorded.text == "Chỉ tiêu №1 không thuộc phạm vi đồng chí được xem."
    # A forged «record» press on the member's last message.
    seen = len(world.sandbox.callback_answers)
    last = world.sandbox.messages(binh.id)[-1]
    await world.sandbox.press_callback(binh, last.message_id, "tgt:r:1")
    await eventually(lambda: len(world.sandbox.callback_answers) > seen)
    await world.sandbox.wait_until_idle(quiet=0.05)
    alert = world.sandbox.callback_answers[-1]
    assert alert.get("text") == "Chỉ tiêu №1 không thuộc phạm vi đồng chí được xem."
    assert _rows(world, "SELECT count(*) FROM target_updates") == [(0,)]
    audited = _rows(world, "SELECT detail FROM audit_log WHERE event = 'target_access_refused'")
    assert len(audited) == 3 and all('"target_id": 1' in str(d) for (d,) in audited)
    # An unknown word is explained.
    unknown = await world.say(binh, "/chitieu xem")
    assert (unknown.text or "").startswith("/chitieu không hiểu «xem».")


async def test_the_owner_is_reminded_in_their_chat_once(world: World) -> None:
    giang = await world.join("B3", "Giang")
    await world.say(giang, "/chitieu them Lớp đào tạo; ≥ 22; lớp; đào tạo; Phòng Đào tạo")
    an = await world.join("A1", "An")
    binh = await world.join("A2", "Bình")
    world.clock.advance(days=18, hours=2)  # 20 March, 10:00 in Hà Nội
    assert await plan_target_reminders(world.services) == 1
    await outbox_drained(world)
    reminder = world.sandbox.last_message(an.id)
    assert reminder is not None and (reminder.text or "").startswith(
        "📊 Chỉ tiêu №1 «Lớp đào tạo» chưa được cập nhật số liệu kỳ này."
    )
    # Planned again: nothing twice; nobody else reminded.
    assert await plan_target_reminders(world.services) == 0
    assert all("Chỉ tiêu №1" not in (m.text or "") for m in world.sandbox.messages(binh.id))
