"""``butpha oversight propose YEAR`` on the demo organisation, as an operator reads it; and the
planner's input built from a real SQLite database (party members only, committee, commission)."""

from __future__ import annotations

import asyncio
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.clock import FixedClock
from bot.demo.seed import seed_database
from bot.domain.inspections.organisation import ConcernReason, PlanRequest
from bot.services.container import Services
from bot.settings import load_settings
from storage.database import SqliteDatabase
from tests.cli.test_cli import butpha

NOW = datetime.now(ZoneInfo("Asia/Ho_Chi_Minh"))
YEAR = str(NOW.year)


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    if NOW.month == 1 and NOW.day <= 1:
        pytest.skip("the demo's overdue task is not overdue on the year's first day")
    asyncio.run(seed_database(load_settings(database=tmp_path / "org.sqlite3"), NOW))
    return tmp_path


def test_the_demo_programme_meets_every_quota_and_keeps_december_free(demo: Path) -> None:
    result = butpha(demo, "oversight", "propose", YEAR, BUTPHA_INSPECTION_BUSY_MONTHS="12")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    lines = out.splitlines()
    assert lines[0] == (
        f"Đề xuất chương trình kiểm tra, giám sát năm {YEAR} — Đảng bộ Trường Chính trị"
    )
    assert "Tháng 1" in lines and "Tháng 12" not in lines
    quotas = lines[lines.index("Chỉ tiêu:") + 1 :]
    assert quotas[:4] == [
        "Kiểm tra chi bộ: 1/5 (20%) — chỉ tiêu 20%: đạt",
        "Kiểm tra đảng ủy viên: 2/7 (28,57%) — chỉ tiêu 20%: đạt",
        "Kiểm tra đảng viên: 7/32 (21,88%) — chỉ tiêu 20%: đạt",
        "Giám sát chi bộ: 1/5 (20%) — chỉ tiêu 20%: đạt",
    ]
    assert quotas[4].startswith("Tháng nhiều nhất: ") and "hai tháng cuối năm: 0%" in quotas[4]
    assert "⚠" not in out
    # The member with an overdue task comes first, with the reason.
    first = lines[lines.index("Tháng 1") + 1 :][:3]
    assert first[0] == "  • Kiểm tra: đảng viên Lê Thị Mai (Phòng Đào tạo)"
    assert first[1] == "    Đề xuất trước vì: 1 công việc bứt phá quá hạn"
    assert first[2].startswith("    Trưởng đoàn: ") and "; thành viên: " in first[2]
    assert "  • Kiểm tra: đảng ủy viên " in out and "  • Giám sát chuyên đề: chi bộ " in out
    assert "Huỳnh Văn Tâm" not in out  # non-party staff are not inspected as party members


def test_the_late_months_warning_and_english(demo: Path) -> None:
    result = butpha(demo, "oversight", "propose", YEAR, "--from-month", "11", language="en")
    assert result.returncode == 0, result.stderr
    assert "Cells inspected: 1/5 (20%) — target 20%: met" in result.stdout
    assert (
        "⚠ More than 40% of the items fall in November and December: move some earlier."
        in result.stdout
    )


def test_a_bad_year_a_bad_month_and_no_database(
    demo: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    bad = butpha(demo, "oversight", "propose", "1999")
    assert bad.returncode == 1
    assert "Không lập được chương trình cho năm 1999 (chỉ từ 2000 đến 2100)." in bad.stderr
    month = butpha(demo, "oversight", "propose", YEAR, "--from-month", "13")
    assert month.returncode == 1 and "13 không phải là tháng" in month.stderr
    empty = butpha(tmp_path_factory.mktemp("none"), "oversight", "propose", YEAR)
    assert empty.returncode == 1 and "Chưa có cơ sở dữ liệu" in empty.stderr


async def _request(database: Path) -> tuple[str, PlanRequest]:
    db = await SqliteDatabase.open(database)
    try:
        services = Services.build(db, FixedClock(NOW), invite_ttl_days=30, default_language="vi")
        return await services.programme.plan_request(NOW.year)
    finally:
        await db.close()


def test_the_planner_is_told_party_members_the_committee_and_the_commission(demo: Path) -> None:
    name, request = asyncio.run(_request(demo / "org.sqlite3"))
    assert name == "Đảng bộ Trường Chính trị"
    org = request.organisation
    names = {m.id: m.name for m in org.members}
    assert len(org.cells) == 5 and len(org.members) == 32
    assert "Huỳnh Văn Tâm" not in names.values()  # Quần chúng
    assert "Phạm Quốc Bảo" in names.values()  # probationary: a party member
    assert {names[i] for i in org.committee} == {
        "Nguyễn Thị Thu Hà", "Trần Văn Minh", "Ngô Văn Phúc", "Phan Văn Thành",
        "Vương Thị Thanh Xuân", "Trịnh Thị Kim Oanh", "Trần Minh Hiếu",
    }  # fmt: skip
    assert {names[i] for i in org.commission} == {
        "Hà Văn Trung", "Trần Quang Vinh", "Thái Thị Ngọc Ánh",
    }  # fmt: skip
    [concern] = request.concerns
    assert names[concern.member_id] == "Lê Thị Mai"
    assert (concern.reason, concern.count) == (ConcernReason.OVERDUE_TASKS, 1)
    assert request.history.members_inspected == {} and request.year == NOW.year
