"""/chitieu on Zalo: the targets come as plain text with numbered choices; choosing a target's
number opens its card, choosing «Cập nhật số liệu» asks for the value, and the value typed is
stored with its channel's answer in plain text."""

from __future__ import annotations

from tests.e2e.zalo.conftest import ZaloWorld


async def test_an_owner_reads_and_records_a_target_on_zalo(zalo_world: ZaloWorld) -> None:
    world = zalo_world
    giang = await world.join("B3", "Giang")  # Đảng ủy viên
    added = await world.say(giang, "/chitieu them Lớp đào tạo; ≥ 22; lớp; đào tạo; Phòng Đào tạo")
    assert added.content.startswith("✅ Đã thêm chỉ tiêu №1: Lớp đào tạo.")
    an = await world.join("A1", "An")  # the secretary of Phòng Đào tạo
    listing = "\n".join(m.content for m in await world.answers(an, "/chitieu"))
    assert "№1. Lớp đào tạo: chưa có số liệu — chỉ tiêu 22 lớp" in listing
    assert "<" not in listing  # plain text on Zalo
    assert "1. №1" in listing  # the target's number as a numbered choice
    card = "\n".join(m.content for m in await world.answers(an, "1"))
    assert "Chỉ tiêu №1 — Lớp đào tạo" in card and "1. ✏️ Cập nhật số liệu" in card
    asked = "\n".join(m.content for m in await world.answers(an, "1"))
    assert "Số liệu lũy kế đến nay của «Lớp đào tạo»" in asked
    assert "Minh chứng (tài liệu, ảnh) chỉ gửi được qua Telegram" in asked
    recorded = "\n".join(m.content for m in await world.answers(an, "23 Đã mở thêm 1 lớp"))
    assert "✅ Đã lưu số liệu." in recorded
    assert "Lớp đào tạo: đạt 23/22 lớp (104,55%) — vượt chỉ tiêu" in recorded
    assert world.rows("SELECT value, note FROM target_updates") == [("23", "Đã mở thêm 1 lớp")]
    assert world.rows(
        "SELECT actor_channel FROM audit_log WHERE event = 'target_value_recorded'"
    ) == [("zalo",)]


async def test_a_photo_on_zalo_is_answered_plainly_and_the_question_waits(
    zalo_world: ZaloWorld,
) -> None:
    world = zalo_world
    giang = await world.join("B3", "Giang")
    await world.say(giang, "/chitieu them Lớp đào tạo; ≥ 22; lớp; đào tạo; Phòng Đào tạo")
    an = await world.join("A1", "An")
    await world.answers(an, "/chitieu 1")
    await world.answers(an, "1")  # ✏️ Cập nhật số liệu
    before = world.sandbox.messages(an.id)[-1]
    await world.sandbox.send_image(an, caption="12 Ảnh biên bản khai giảng")
    told = await world.sandbox.wait_for_message(an.id, after=before)
    assert "chỉ đọc được tin nhắn chữ" in told.content
    assert world.rows("SELECT count(*) FROM target_updates") == [(0,)]
    # The question still waits: the value typed is taken.
    saved = "\n".join(m.content for m in await world.answers(an, "12 Biên bản khai giảng"))
    assert "✅ Đã lưu số liệu." in saved
    assert world.rows("SELECT value, note, file_id FROM target_updates") == [
        ("12", "Biên bản khai giảng", None)
    ]
