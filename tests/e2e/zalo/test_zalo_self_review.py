"""/tukiemdiem on Zalo: the evidence in plain text, the choice written as a numbered line, the
questions answered one message each, the level chosen by its number, the score typed; and a
photo Zalo does not hand over answered politely, losing nothing. Kept with the channel; the
answers are plain text."""

from __future__ import annotations

import json
from datetime import date

from tests.e2e.zalo.conftest import ZaloWorld


async def _open(world: ZaloWorld) -> int:
    year = world.clock.now().astimezone(world.services.zone).year
    await world.services.rating_cycles.open(
        None,
        year=year,
        quarter=None,
        self_review_due=date(year, 12, 10),
        cells_by=date(year, 12, 20),
        decision_by=date(year, 12, 28),
    )
    return year


async def test_a_self_review_by_questions_on_zalo(zalo_world: ZaloWorld) -> None:
    world = zalo_world
    year = await _open(world)
    em = await world.join("B2", "Em")
    shown = "\n".join(m.content for m in await world.answers(em, "/tukiemdiem"))
    assert f"Tự kiểm điểm năm {year}" in shown
    assert "Sinh hoạt chi bộ: có mặt 0; vắng 0 có lý do, 0 không lý do" in shown
    assert "1. ✍️ Trả lời từng câu hỏi" in shown
    assert "<" not in shown
    first = await world.say(em, "1")
    assert first.content.startswith("1/6 — Ưu điểm")
    for number, answer in enumerate(["Nhiệt tình", "Chậm", "Bận", "Lập kế hoạch", "Rèn luyện"]):
        asked = await world.say(em, answer)
        assert asked.content.startswith(f"{number + 2}/6")
    levels = "\n".join(m.content for m in await world.answers(em, "Đi đầu chuyển đổi số"))
    assert "2. Hoàn thành tốt nhiệm vụ" in levels
    asked = await world.say(em, "2")
    assert "tự chấm bao nhiêu điểm" in asked.content
    saved = await world.say(em, "75")
    assert "✅ Đã lưu bản tự kiểm điểm của đồng chí." in saved.content
    assert "Mức tự xếp loại: Hoàn thành tốt nhiệm vụ (75 điểm)" in saved.content
    assert "<" not in saved.content
    [(answers, channel, level)] = world.rows(
        "SELECT answers, channel, self_level FROM rating_entries e"
        " JOIN members m ON m.id = e.member_id WHERE m.member_code = 'B2'"
    )
    assert json.loads(str(answers))["example"] == "Đi đầu chuyển đổi số"
    assert (channel, level) == ("zalo", "good")


async def test_a_photo_on_zalo_loses_nothing(zalo_world: ZaloWorld) -> None:
    """Zalo hands the bot text only (the channel answers pictures politely): the form stays
    where it was and the questions still start with their number."""
    world = zalo_world
    await _open(world)
    binh = await world.join("A2", "Bình")
    await world.answers(binh, "/tukiemdiem")
    before = len(world.sandbox.messages(binh.id))
    await world.sandbox.send_image(binh, "https://example.com/tu-kiem-diem.jpg")
    got = await world.sandbox.wait_for_message(binh.id, after=before)
    assert "chỉ đọc được tin nhắn chữ" in got.content
    await world.sandbox.wait_until_idle(quiet=0.2)
    first = await world.say(binh, "1")
    assert first.content.startswith("1/6 — Ưu điểm")
    assert world.rows("SELECT count(submitted_at) FROM rating_entries") == [(0,)]
