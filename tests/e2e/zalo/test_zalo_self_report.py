"""/tubaocao on Zalo: the member inspected writes the self-report as text; it is kept with its
channel, the item moves, and the answer is plain text."""

from __future__ import annotations

from bot.domain.inspections.model import ItemState
from tests.e2e.test_inspection_followup import CONTENT, setup_item
from tests.e2e.zalo.conftest import ZaloWorld


async def test_the_target_sends_the_self_report_on_zalo(zalo_world: ZaloWorld) -> None:
    world = zalo_world
    item_id = await setup_item(
        world.services, world.database, world.clock.now().year, ItemState.NOTIFIED
    )
    em = await world.join("B2", "Em")
    asked = "\n".join(m.content for m in await world.answers(em, "/tubaocao"))
    assert f"Đồng chí gửi báo cáo tự kiểm tra cho «{CONTENT}» ngay bây giờ" in asked
    done = await world.say(em, "Báo cáo tự kiểm tra: hoàn thành tốt nhiệm vụ")
    assert f"✅ Đã nhận: báo cáo tự kiểm tra của đồng chí cho «{CONTENT}»" in done.content
    assert "<" not in done.content
    assert world.rows(
        "SELECT text, channel FROM inspection_self_reports WHERE item_id = ?", item_id
    ) == [("Báo cáo tự kiểm tra: hoàn thành tốt nhiệm vụ", "zalo")]
    assert world.rows("SELECT state FROM inspection_items WHERE id = ?", item_id) == [
        ("self_report_received",)
    ]
