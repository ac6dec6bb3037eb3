"""``butpha meetings`` as an operator runs it: a real process over a real SQLite file."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from openpyxl import Workbook

from tests.cli.test_cli import butpha
from tests.conftest import MEMBERS, write_csv

# The command uses the real clock: every date here is well in the future.


@pytest.fixture
def org(tmp_path: Path) -> Path:
    assert butpha(tmp_path, "init", "--org", "Đảng bộ Trường Chính trị").returncode == 0
    result = butpha(tmp_path, "import-members", str(write_csv(tmp_path / "m.csv", MEMBERS)))
    assert result.returncode == 0, result.stderr
    return tmp_path


def _rows(org: Path, sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(org / "org.sqlite3") as conn:
        return list(conn.execute(sql))


def test_add_list_cancel(org: Path) -> None:
    one = butpha(
        org, "meetings", "add", "--all", "--kind", "study", "--title", "Quán triệt Nghị quyết",
        "--start", "2099-03-10 08:00", "--end", "2099-03-10 11:00", "--attendees", "all",
        "--remind", "3d,2h",
    )  # fmt: skip
    assert one.returncode == 0, one.stderr
    assert "Đã thêm cuộc họp" in one.stdout
    monthly = butpha(
        org, "meetings", "add", "--cell", "Phòng Đào tạo", "--kind", "cell_meeting",
        "--title", "Sinh hoạt chi bộ", "--start", "2099-03-05 14:00",
        "--repeat", "ngày 5 hằng tháng lúc 14:00", language="en",
    )  # fmt: skip
    assert monthly.returncode == 0, monthly.stderr
    assert "Added series 1" in monthly.stdout
    # 2099-03-10 08:00 in Hanoi is 01:00 UTC.
    assert ("2099-03-10T01:00:00.000000Z",) in _rows(org, "SELECT starts_at FROM meetings")
    # The real clock is decades earlier, so a series materialises nothing yet; the one-off shows.
    listing = butpha(org, "meetings", "list", "--days", "40000", language="en")
    assert listing.returncode == 0, listing.stderr
    assert "Quán triệt Nghị quyết" in listing.stdout and "study session" in listing.stdout
    meeting_id = _rows(org, "SELECT id FROM meetings WHERE series_id IS NULL")[0][0]
    cancelled = butpha(org, "meetings", "cancel", str(meeting_id))
    assert cancelled.returncode == 0, cancelled.stderr
    # Nobody was reminded of a meeting decades away: nobody is told, nobody will be reminded.
    assert "Đã hủy cuộc họp số" in cancelled.stdout
    assert "Chưa ai được nhắc lịch; 6 đồng chí liên quan" in cancelled.stdout
    again = butpha(org, "meetings", "cancel", str(meeting_id))
    assert again.returncode == 1 and "đã bị hủy" in again.stderr


def test_add_refuses_unknown_cell_and_bad_rule(org: Path) -> None:
    result = butpha(
        org, "meetings", "add", "--cell", "Không có", "--kind", "cell_meeting", "--title", "x",
        "--start", "2099-03-05 14:00",
    )  # fmt: skip
    assert result.returncode == 1 and "Không có" in result.stderr
    result = butpha(
        org, "meetings", "add", "--all", "--kind", "study", "--title", "x",
        "--start", "2099-03-05 14:00", "--repeat", "khi nào rảnh",
    )  # fmt: skip
    assert result.returncode == 1 and "khi nào rảnh" in result.stderr
    assert _rows(org, "SELECT count(*) FROM meetings") == [(0,)]


def _plan(path: Path, rows: list[list[str]]) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["Loại", "Chi bộ", "Nội dung", "Bắt đầu", "Kết thúc", "Địa điểm", "Lặp lại",
                  "Nhắc trước", "Thành phần"])  # fmt: skip
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


GOOD = [
    ["Sinh hoạt chi bộ", "Phòng Đào tạo, Liên khoa", "Sinh hoạt thường kỳ", "2099-01-05 14:00",
     "16:00", "Hội trường", "ngày 5 hằng tháng lúc 14:00", "3d,1d,2h", "party"],
    ["Học tập", "tất cả", "Quán triệt Nghị quyết", "10/03/2099 08:00", "", "Hội trường A", "",
     "", "tất cả"],
]  # fmt: skip


def test_import_is_all_or_nothing_with_row_numbers(org: Path) -> None:
    bad = _plan(
        org / "bad.xlsx",
        [*GOOD, ["Họp gì đó", "Liên khoa", "x", "2099-04-01 08:00", "", "", "", "", ""],
         ["Học tập", "Không có", "y", "2099-04-01 08:00", "", "", "", "5x", ""]],
    )  # fmt: skip
    result = butpha(org, "meetings", "import", str(bad))
    assert result.returncode == 1
    assert "Dòng 4" in result.stderr and "Họp gì đó" in result.stderr
    assert "Dòng 5" in result.stderr
    assert _rows(org, "SELECT count(*) FROM meetings") == [(0,)]
    assert _rows(org, "SELECT count(*) FROM meeting_series") == [(0,)]
    good = butpha(org, "meetings", "import", str(_plan(org / "good.xlsx", GOOD)), language="en")
    assert good.returncode == 0, good.stderr
    assert "2 rows, 1 meetings created" in good.stdout
    assert _rows(org, "SELECT count(*) FROM meeting_units WHERE meeting_id = 1") == [(1,)]
    assert _rows(org, "SELECT unit_ids, attendees FROM meeting_series") == [("[2, 3]", "party")]


def test_list_says_whose_meeting_each_line_is(org: Path) -> None:
    for cell in ("Phòng Đào tạo", "Liên khoa"):
        added = butpha(
            org, "meetings", "add", "--cell", cell, "--kind", "cell_meeting",
            "--title", "Sinh hoạt chi bộ định kỳ", "--start", "2099-03-05 14:00",
        )  # fmt: skip
        assert added.returncode == 0, added.stderr
    both = butpha(
        org, "meetings", "add", "--cell", "Phòng Đào tạo", "--cell", "Liên khoa", "--kind",
        "thematic_meeting", "--title", "Chuyên đề", "--start", "2099-03-05 08:00",
    )  # fmt: skip
    assert both.returncode == 0, both.stderr
    everyone = butpha(
        org, "meetings", "add", "--all", "--kind", "study", "--title", "Quán triệt",
        "--start", "2099-03-06 08:00", "--place", "Hội trường",
    )  # fmt: skip
    assert everyone.returncode == 0, everyone.stderr
    listing = butpha(org, "meetings", "list", "--days", "40000")
    assert listing.returncode == 0, listing.stderr
    lines = [" ".join(line.split()) for line in listing.stdout.splitlines()]
    # A header, then by start, the same start by cell the Vietnamese way ("L" before "P").
    assert lines == [
        "Số Bắt đầu Đơn vị Địa điểm Cuộc họp",
        "3 Thứ Năm, 05/03/2099 08:00 Liên khoa, Phòng Đào tạo sinh hoạt chuyên đề: Chuyên đề",
        "2 Thứ Năm, 05/03/2099 14:00 Liên khoa Sinh hoạt chi bộ định kỳ",
        "1 Thứ Năm, 05/03/2099 14:00 Phòng Đào tạo Sinh hoạt chi bộ định kỳ",
        "4 Thứ Sáu, 06/03/2099 08:00 Đảng bộ Trường Chính trị Hội trường học tập chuyên đề: "
        "Quán triệt",
        "4 cuộc họp trong 40.000 ngày tới.",
    ]
