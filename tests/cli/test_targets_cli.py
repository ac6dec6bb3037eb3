"""``butpha targets import|export|list`` as an operator uses them: the committee's spreadsheet
imported all or nothing (every problem listed by row, nothing written), the lines printed as the
report writes them, and the demo's 2020 targets exported with their values and imported back
unchanged, or into another year."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from openpyxl import Workbook, load_workbook

from tests.cli.test_cli import butpha
from tests.cli.test_oversight_files_cli import SEEDED, _seed

HEADER = ["STT", "Lĩnh vực", "Chỉ tiêu", "Kế hoạch", "Đơn vị tính", "Phụ trách", "Nguồn số liệu"]
GOOD = [
    [1, "Đào tạo", "Lớp đào tạo", "≥ 22", "lớp", "Phòng Đào tạo", ""],
    [2, "chinh tri", "Quần chúng học tập", "trên 97%", "", "", "học tập quần chúng"],
    [3, "Xây dựng Đảng", "Đảng viên bị kỷ luật", "không", "đảng viên", "", "nhập"],
]


def _xlsx(path: Path, rows: list[list[object]], header: list[str] = HEADER) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def _rows(folder: Path, sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(folder / "org.sqlite3") as conn:
        return list(conn.execute(sql))


TARGET_COLUMNS = (
    "SELECT section, title, unit, planned, comparator, source, accrues, cadence,"
    " owner_unit_id, owner_member_id FROM targets"
)


def test_a_good_file_is_imported_and_listed(tmp_path: Path) -> None:
    folder = _seed(tmp_path, SEEDED)
    result = butpha(
        folder, "targets", "import", str(_xlsx(folder / "t.xlsx", GOOD)), "--year", "2021"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "Đã nhập chỉ tiêu năm 2021: thêm 3, cập nhật 0."
    [(cell,)] = _rows(folder, "SELECT id FROM units WHERE name = 'Phòng Đào tạo'")
    assert _rows(folder, TARGET_COLUMNS + " WHERE year = 2021 ORDER BY id") == [
        ("training", "Lớp đào tạo", "lớp", "22", "at_least", "entered", 1, "monthly", cell, None),
        ("politics", "Quần chúng học tập", "%", "97", "more_than", "study_non_party", 0,
         "monthly", None, None),
        ("party_building", "Đảng viên bị kỷ luật", "đảng viên", "0", "zero", "entered", 1,
         "monthly", None, None),
    ]  # fmt: skip
    listed = butpha(folder, "targets", "list", "--year", "2021")
    assert listed.returncode == 0, listed.stderr
    assert "  №14. Lớp đào tạo: chưa có số liệu — chỉ tiêu 22 lớp" in listed.stdout
    assert "Xây dựng Đảng\n" in listed.stdout


def test_a_bad_file_lists_every_problem_by_row_and_writes_nothing(tmp_path: Path) -> None:
    folder = _seed(tmp_path, SEEDED)
    before = _rows(folder, "SELECT count(*) FROM targets")
    bad = [
        [1, "Đào tạo", "", "≥ 22", "lớp", "", ""],
        [2, "Đào tạo", "Lớp bồi dưỡng", "nhiều", "lớp", "Không Có Chi Bộ Này", ""],
        [3, "Đào tạo", "Lớp đào tạo", "22", "lớp", "", "tự nghĩ ra"],
        [4, "Đào tạo", "Lớp đào tạo", "23", "lớp", "", ""],
    ]
    result = butpha(
        folder, "targets", "import", str(_xlsx(folder / "bad.xlsx", bad)), "--year", "2021"
    )
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert lines[0] == "Đã hủy việc nhập, chưa có gì bị thay đổi. Số lỗi: 5."
    assert lines[1] == "Dòng 2: Tên chỉ tiêu để trống."
    assert lines[2].startswith("Dòng 3: «nhiều» không phải là chỉ tiêu")
    assert lines[3].startswith("Dòng 3: ") and "Không Có Chi Bộ Này" in lines[3]
    assert lines[4].startswith("Dòng 4: «tự nghĩ ra» không phải là nguồn số liệu")
    assert lines[5] == "Dòng 5: Chỉ tiêu «Lớp đào tạo» đã có ở dòng 4."
    assert _rows(folder, "SELECT count(*) FROM targets") == before
    # Wrong columns: said at once.
    wrong = butpha(
        folder, "targets", "import", str(_xlsx(folder / "w.xlsx", [], ["Tên", "Kế hoạch"]))
    )
    assert wrong.returncode == 1 and 'Dòng 1: Không rõ cột "Tên".' in wrong.stderr


def test_the_demo_targets_export_and_import_back(tmp_path: Path) -> None:
    folder = _seed(tmp_path, SEEDED)
    before = _rows(folder, TARGET_COLUMNS + " WHERE year = 2020 ORDER BY id")
    assert len(before) == 13
    out = folder / "chi-tieu.xlsx"
    exported = butpha(folder, "targets", "export", str(out), "--year", "2020")
    assert exported.returncode == 0, exported.stderr
    updates = _rows(folder, "SELECT count(*) FROM target_updates")[0][0]
    assert exported.stdout.strip() == (
        f"Đã xuất chỉ tiêu năm 2020 ra {out}: 13 chỉ tiêu, {updates} lần cập nhật số liệu."
    )
    book = load_workbook(out)
    sheet = book["Chỉ tiêu"]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0][:4] == ["STT", "Lĩnh vực", "Chỉ tiêu", "Kế hoạch"]
    assert rows[1][:6] == [1, "đào tạo, bồi dưỡng", "Lớp đào tạo", "≥ 22", "lớp", "Phòng Đào tạo"]
    assert len(list(book["Số liệu"].iter_rows())) == updates + 1
    # Back into the same year: every row found by its title, nothing changed.
    again = butpha(folder, "targets", "import", str(out), "--year", "2020")
    assert again.returncode == 0, again.stderr
    assert again.stdout.strip() == "Đã nhập chỉ tiêu năm 2020: thêm 0, cập nhật 13."
    assert _rows(folder, TARGET_COLUMNS + " WHERE year = 2020 ORDER BY id") == before
    # Into the next year: the same targets.
    assert butpha(folder, "targets", "import", str(out), "--year", "2021").returncode == 0
    assert _rows(folder, TARGET_COLUMNS + " WHERE year = 2021 ORDER BY id") == before
