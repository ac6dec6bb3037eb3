"""/baocao on Zalo: the summary in plain text after the progress note (Zalo edits nothing: a
new message), the same figures as on Telegram (tests/e2e/test_period_report.py), and a note
of how to get the workbook and the draft, which Zalo cannot carry; no file is attempted."""

from __future__ import annotations

import asyncio

from tests.e2e.zalo.conftest import ZaloWorld
from tests.period_report_seed import seed_year


async def test_the_committee_reads_the_summary_and_how_to_get_the_files(
    zalo_world: ZaloWorld,
) -> None:
    year = zalo_world.clock.now().year
    await asyncio.to_thread(seed_year, zalo_world.database, year)
    giang = await zalo_world.join("B3", "Giang")
    answers = await zalo_world.answers(giang, "/baocao 6thang")
    text = "\n".join(m.content for m in answers)
    assert "⏳ Đang tổng hợp báo cáo…" in text
    assert f"Báo cáo 6 tháng đầu năm {year} — Đảng bộ Trường Chính trị" in text
    assert "• Sinh hoạt chi bộ hằng tháng: 1 chi bộ thiếu tháng (Liên khoa)" in text
    assert "Zalo không gửi được tệp" in text and "butpha report --out bao-cao.docx" in text
    # Nothing was sent as a file: no "Files cannot be sent" notes from the transport.
    assert "📎" not in text
    assert "<" not in text
