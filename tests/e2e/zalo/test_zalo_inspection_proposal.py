"""/kiemtra on Zalo: the committee proposes the programme by answering with a choice's number
and reads the draft in plain text with the quota lines as on Telegram; the lead opens an item
by its number and takes its next step (notifying the target, the due date chosen the same way)."""

from __future__ import annotations

from bot.domain.inspections.model import ItemState
from tests.e2e.test_inspection_followup import CONTENT, setup_item
from tests.e2e.test_inspection_proposal import QUOTAS
from tests.e2e.zalo.conftest import ZaloWorld


async def test_the_committee_proposes_it_on_zalo(zalo_world: ZaloWorld) -> None:
    giang = await zalo_world.join("B3", "Giang")
    empty = "\n".join(m.content for m in await zalo_world.answers(giang, "/kiemtra"))
    assert "1. 📋 Đề xuất chương trình" in empty
    answers = await zalo_world.answers(giang, "1")
    text = "\n".join(m.content for m in answers)
    assert "Dự thảo chương trình kiểm tra, giám sát năm" in text
    assert QUOTAS in text and "<" not in text
    assert zalo_world.rows("SELECT count(*) FROM inspection_items") == [(3,)]


async def test_the_lead_notifies_the_target_on_zalo(zalo_world: ZaloWorld) -> None:
    world = zalo_world
    item_id = await setup_item(
        world.services, world.database, world.clock.now().year, ItemState.DECIDED
    )
    hung = await world.join("A4", "Hùng")  # the lead
    card = "\n".join(m.content for m in await world.answers(hung, f"/kiemtra {item_id}"))
    assert CONTENT in card and "Trạng thái: đã ra quyết định" in card
    assert "1. 📨 Thông báo cho đối tượng" in card
    asked = "\n".join(m.content for m in await world.answers(hung, "1"))
    assert "Hạn nộp báo cáo tự kiểm tra" in asked and "(sau 10 ngày)" in asked
    done = "\n".join(m.content for m in await world.answers(hung, "1"))
    assert "📨 Đã thông báo: hạn báo cáo tự kiểm tra là" in done
    assert world.rows("SELECT state FROM inspection_items WHERE id = ?", item_id) == [("notified",)]
