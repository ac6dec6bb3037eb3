"""Inspection reminders on Zalo: the member inspected, on Zalo only, is told of the inspection
through the outbox on Zalo, in plain text (no HTML), once."""

from __future__ import annotations

from datetime import date

from babel.dates import format_date

from bot.domain.inspections.model import ItemState
from handlers.inspections.jobs import plan_inspection_reminders
from tests.e2e.test_inspection_followup import CONTENT, setup_item
from tests.e2e.zalo.conftest import ZaloWorld


def _weekday(year: int, month: int, day: int) -> str:
    """The weekday as the date line writes it ("Thứ Năm"): the clock's year is this one."""
    return format_date(date(year, month, day), "EEEE", locale="vi")


async def test_the_target_on_zalo_is_told_of_the_inspection(zalo_world: ZaloWorld) -> None:
    world = zalo_world
    year = world.clock.now().year
    await setup_item(world.services, world.database, year, ItemState.NOTIFIED)
    em = await world.join("B2", "Em")
    assert await plan_inspection_reminders(world.services) >= 1
    assert await plan_inspection_reminders(world.services) == 0
    await world.delivered()
    [notice] = [m.content for m in world.sandbox.messages(em.id) if "Thông báo" in m.content]
    assert notice.splitlines() == [
        "📢 Thông báo kiểm tra",
        f"Kiểm tra: «{CONTENT}»",
        "Đối tượng: Hoàng Văn Em",
        "Cần chuẩn bị: báo cáo tự kiểm tra về nội dung trên, kèm các tài liệu liên quan.",
        f"📅 Hạn gửi báo cáo tự kiểm tra: {_weekday(year, 3, 12)}, 12/03/{year}",
        "Gửi báo cáo bằng lệnh /tubaocao.",
    ]
    assert world.rows(
        "SELECT channel, status FROM outbox WHERE idempotency_key LIKE 'insp-notified:%'"
    ) == [("zalo", "sent")]
