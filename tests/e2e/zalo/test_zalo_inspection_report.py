"""/kiemtra baocao on Zalo: the period report in plain text (no markup), the same figures as on
Telegram (tests/e2e/test_inspection_report.py)."""

from __future__ import annotations

from bot.domain.inspections.model import ItemState
from tests.e2e.test_inspection_followup import setup_item
from tests.e2e.zalo.conftest import ZaloWorld


async def test_the_committee_reads_the_report_on_zalo(zalo_world: ZaloWorld) -> None:
    year = zalo_world.clock.now().year
    await setup_item(zalo_world.services, zalo_world.database, year, ItemState.CONCLUDED)
    giang = await zalo_world.join("B3", "Giang")
    answers = await zalo_world.answers(giang, "/kiemtra baocao 6thang")
    text = "\n".join(m.content for m in answers)
    assert f"Báo cáo kiểm tra, giám sát 6 tháng đầu năm {year} — Đảng bộ Trường Chính trị" in text
    assert (
        "Kiểm tra đảng viên: 1/8 đảng viên (12,5%), trong đó 0 đảng ủy viên — chỉ tiêu 20% "
        "(cả năm 2): đúng tiến độ, cả năm cần thêm 1"
    ) in text
    assert "<" not in text
