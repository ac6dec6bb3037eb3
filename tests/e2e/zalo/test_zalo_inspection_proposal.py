"""/kiemtra on Zalo: the committee's proposed programme in plain text, the quota lines as on
Telegram."""

from __future__ import annotations

from tests.e2e.test_inspection_proposal import QUOTAS
from tests.e2e.zalo.conftest import ZaloWorld


async def test_the_committee_reads_it_on_zalo(zalo_world: ZaloWorld) -> None:
    giang = await zalo_world.join("B3", "Giang")
    answers = await zalo_world.answers(giang, "/kiemtra")
    text = "\n".join(m.content for m in answers)
    assert "Đề xuất chương trình kiểm tra, giám sát năm" in text
    assert QUOTAS in text and "<" not in text
