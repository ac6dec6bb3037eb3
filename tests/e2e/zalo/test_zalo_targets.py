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
    assert "tài liệu chỉ gửi được qua Telegram" in asked
    recorded = "\n".join(m.content for m in await world.answers(an, "23 Đã mở thêm 1 lớp"))
    assert "✅ Đã lưu số liệu." in recorded
    assert "Lớp đào tạo: đạt 23/22 lớp (104,55%) — vượt chỉ tiêu" in recorded
    assert world.rows("SELECT value, note FROM target_updates") == [("23", "Đã mở thêm 1 lớp")]
    assert world.rows(
        "SELECT actor_channel FROM audit_log WHERE event = 'target_value_recorded'"
    ) == [("zalo",)]
