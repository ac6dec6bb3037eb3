"""``butpha rating open|status|not-rated|export`` on the demo organisation, as an operator
reads it: the cycle opened with its party members, the table by cell and the distribution with
the cap warning, a member marked not rated, and the spreadsheet of the levels."""

from __future__ import annotations

import asyncio
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook

from bot.demo.seed import seed_database
from bot.settings import load_settings
from tests.cli.test_cli import butpha

NOW = datetime.now(ZoneInfo("Asia/Ho_Chi_Minh"))
YEAR = str(NOW.year + 1)  # the demo has this year's cycle open already


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    asyncio.run(seed_database(load_settings(database=tmp_path / "org.sqlite3"), NOW))
    return tmp_path


def test_open_status_mark_and_export(demo: Path) -> None:
    dates = ["--self-review-due", f"{YEAR}-12-10", "--cells-by", f"{YEAR}-12-20"]
    wrong = butpha(demo, "rating", "open", "--year", YEAR, *dates, "--decision-by", f"{YEAR}-12-01")
    assert wrong.returncode != 0
    assert "Các mốc phải theo thứ tự" in wrong.stdout + wrong.stderr
    opened = butpha(
        demo, "rating", "open", "--year", YEAR, *dates, "--decision-by", "28/12/" + YEAR
    )
    assert opened.returncode == 0, opened.stderr
    assert f"🔓 Đã mở đợt đánh giá năm {YEAR}: " in opened.stdout
    assert "đảng viên ở 5 chi bộ" in opened.stdout
    assert "<" not in opened.stdout

    status = butpha(demo, "rating", "status")
    assert status.returncode == 0, status.stderr
    out = status.stdout
    assert f"Kiểm điểm, xếp loại năm {YEAR}" in out
    assert "Phòng Đào tạo: " in out and "· ⏳ chưa gửi" in out
    assert "HTTNV trở lên 0/0 (0%) — chỉ tiêu trên 90%: chưa đạt" in out
    assert "không xếp loại 0 · ⏳ chưa gửi" in out
    assert "⚠️ Chỉ tiêu 20% «HTXSNV» trên số được xếp loại không thể đạt" in out
    assert "tối đa chỉ được 16,67%" in out

    marked = butpha(
        demo, "rating", "not-rated", "--member-code", "DT03", "--reason", "new_member",
        "--note", "vào Đảng 01/09",
    )  # fmt: skip
    assert marked.returncode == 0, marked.stderr
    after = butpha(demo, "rating", "status").stdout
    assert "không xếp loại 1" in after

    exported = butpha(demo, "rating", "export", str(demo / "xeploai.xlsx"))
    assert exported.returncode == 0, exported.stderr
    assert "Đã xuất kết quả xếp loại ra" in exported.stdout
    sheet = load_workbook(demo / "xeploai.xlsx").active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("cell", "member", "member_code", "not_rated")
    assert any(r[2] == "DT03" and str(r[3]).startswith("new_member: vào Đảng") for r in rows)
