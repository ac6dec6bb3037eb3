"""The monthly dues reminder on Zalo: planned by the job, sent by the Zalo lane with its choice
numbered, answered with "1" («✅ Tôi đã đóng»): the month is recorded as claimed; the
secretary sees it waiting and confirms it by number too."""

from __future__ import annotations

from datetime import UTC, datetime

from handlers.dues.jobs import plan_dues_reminders
from tests.e2e.zalo.conftest import ZaloWorld


async def test_the_dues_reminder_answered_by_number(zalo_world: ZaloWorld) -> None:
    year = zalo_world.clock.now().year
    binh = await zalo_world.join("A2", "Bình")
    an = await zalo_world.join("A1", "An")
    now = zalo_world.clock.now()
    fifth = datetime(year, 3, 5, 1, 0, tzinfo=UTC)  # 08:00 in Hà Nội
    zalo_world.clock.advance(seconds=(fifth - now).total_seconds())
    assert await plan_dues_reminders(zalo_world.services) == 2  # Bình and An
    assert await plan_dues_reminders(zalo_world.services) == 0
    await zalo_world.delivered()
    [reminder] = [
        m.content for m in zalo_world.sandbox.messages(binh.id) if "Đảng phí tháng" in m.content
    ]
    assert reminder == (
        "💰 Đảng phí tháng 3\n"
        "Đóng đảng phí tháng 3 qua Cổng Dịch vụ công hoặc nộp cho chi bộ.\n"
        "Đồng chí đã đóng rồi? Bấm «✅ Tôi đã đóng» để chi bộ xác nhận.\n\n"
        "1. ✅ Tôi đã đóng\nTrả lời bằng số thứ tự để chọn."
    )
    said = await zalo_world.answers(binh, "1")
    assert any(
        f"✅ Đã ghi nhận: đồng chí đã đóng đảng phí tháng 3/{year}." in m.content for m in said
    ), [m.content for m in said]
    assert zalo_world.rows("SELECT state FROM dues_months") == [("claimed",)]

    grid = await zalo_world.answers(an, "/dangphi")
    text = "\n".join(m.content for m in grid)
    assert "⏳ Chờ đồng chí xác nhận (1):" in text
    assert "1. ✅ Bình · tháng 3" in text
    await zalo_world.answers(an, "1")
    assert zalo_world.rows("SELECT state FROM dues_months") == [("paid",)]
