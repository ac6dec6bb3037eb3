"""``butpha oversight import|export|report`` as an operator uses them: the programme written in
its usual columns imported all or nothing (every problem listed by row, nothing written), the
programme exported with its steps and remediation and imported back, and the period report's
figures on the demo organisation seeded as of mid-July 2020."""

from __future__ import annotations

import asyncio
import sqlite3
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from openpyxl import Workbook, load_workbook

from bot.demo.seed import seed_database
from bot.settings import load_settings
from tests.cli.test_cli import butpha

ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
SEEDED = datetime(2020, 7, 16, 9, 0, tzinfo=ZONE)
HEADER = [
    "STT", "Loại", "Nội dung", "Đối tượng", "Mốc thời gian", "Thời gian thực hiện",
    "Trưởng đoàn và thành viên", "Phương pháp", "Ghi chú",
]  # fmt: skip
GOOD = [
    [1, "Kiểm tra", "Việc chấp hành Điều lệ Đảng", "Chi bộ Liên khoa", "Năm 2020", "Tháng 3",
     "Hà Văn Trung (trưởng đoàn), Trần Quang Vinh", "Nghe báo cáo, thẩm tra", ""],
    [2, "Kiểm tra", "Thực hiện nhiệm vụ đảng viên", "Đ/c Lê Thị Mai", "2020", "Quý II",
     "Trưởng đoàn: Thái Thị Ngọc Ánh; Thành viên: Hà Văn Trung", "", ""],
    [3, "Giám sát chuyên đề", "Sinh hoạt chi bộ", "Phòng TC – HC – QT", "", "5/2021",
     "Dinh Van Toan, Hồ Thị Diễm", "", "QĐ 12-QĐ/ĐU"],
    [4, "kiem tra", "Nhiệm vụ đảng ủy viên", "PHAN VĂN THÀNH", "", "T9", "XD02", "", ""],
]  # fmt: skip


def _seed(folder: Path, moment: datetime) -> Path:
    asyncio.run(seed_database(load_settings(database=folder / "org.sqlite3"), moment))
    return folder


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    return _seed(tmp_path, SEEDED)


def _xlsx(path: Path, rows: list[list[object]], header: list[str] = HEADER) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def _rows(folder: Path, sql: str, *params: object) -> list[tuple[object, ...]]:
    with sqlite3.connect(folder / "org.sqlite3") as conn:
        return list(conn.execute(sql, params))


def _programme_2021(folder: Path) -> list[tuple[object, ...]]:
    return _rows(
        folder,
        "SELECT i.kind, i.target_kind, i.month, i.review, p.adopted_at IS NOT NULL,"
        " (SELECT full_name FROM members WHERE id = i.lead_id), i.decision_ref"
        " FROM inspection_items i JOIN inspection_programmes p ON p.id = i.programme_id"
        " WHERE p.year = 2021 ORDER BY i.id",
    )


def test_a_good_file_becomes_the_draft_then_the_adopted_programme(demo: Path) -> None:
    path = _xlsx(demo / "ct2021.xlsx", GOOD)
    result = butpha(demo, "oversight", "import", str(path), "--year", "2021")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == (
        "Đã nhập 4 nội dung thành dự thảo chương trình năm 2021: Đảng ủy xem xét và thông qua "
        "trong trò chuyện (/kiemtra)."
    )
    assert lines[1:] == [
        "Chỉ tiêu của chương trình:",
        "Kiểm tra chi bộ: 1/5 (20%) — chỉ tiêu 20%: đạt",
        "Kiểm tra đảng ủy viên: 1/7 (14,29%) — chỉ tiêu 20%: cần thêm 1",
        "Kiểm tra đảng viên: 2/32 (6,25%) — chỉ tiêu 20%: cần thêm 5",
        "Giám sát chi bộ: 1/5 (20%) — chỉ tiêu 20%: đạt",
    ]
    assert _programme_2021(demo) == [
        ("inspection", "cell", 3, "proposed", 0, "Hà Văn Trung", ""),
        ("inspection", "member", 4, "proposed", 0, "Thái Thị Ngọc Ánh", ""),
        ("thematic_supervision", "cell", 5, "proposed", 0, "Đinh Văn Toàn", "QĐ 12-QĐ/ĐU"),
        ("inspection", "committee_member", 9, "proposed", 0, "Hà Văn Trung", ""),
    ]
    # Imported again as adopted at the meeting: the draft is replaced, not doubled.
    adopted = butpha(demo, "oversight", "import", str(path), "--year", "2021", "--adopt")
    assert adopted.returncode == 0, adopted.stderr
    assert adopted.stdout.startswith(
        "Đã nhập 4 nội dung thành chương trình năm 2021, đã thông qua."
    )
    assert [row[3:5] for row in _programme_2021(demo)] == [("accepted", 1)] * 4
    # An adopted programme is changed item by item, not replaced by a file.
    again = butpha(demo, "oversight", "import", str(path), "--year", "2021")
    assert again.returncode == 1
    assert "Chương trình năm 2021 đã được thông qua" in again.stderr
    assert len(_programme_2021(demo)) == 4


def test_an_import_bunched_at_the_years_end_is_warned_of(demo: Path) -> None:
    """Three of the four items in November and December (75%, more than the 40% allowed):
    imported all the same, with the warning under the quota lines."""
    months = ["T11", "T12", "T12", "T9"]
    late = [[*row[:5], month, *row[6:]] for row, month in zip(GOOD, months, strict=True)]
    path = _xlsx(demo / "late.xlsx", late)
    result = butpha(demo, "oversight", "import", str(path), "--year", "2021")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-2:] == [
        "Tháng nhiều nhất: 50% số nội dung; hai tháng cuối năm: 75%.",
        "⚠ Hơn 40% số nội dung rơi vào tháng 11 và tháng 12: nên chuyển bớt lên sớm hơn.",
    ]
    assert sorted(int(str(row[2])) for row in _programme_2021(demo)) == [9, 11, 12, 12]


def test_a_bad_file_lists_every_problem_by_row_and_writes_nothing(demo: Path) -> None:
    bad = [
        *GOOD[:1],
        [2, "Kiểm tra", "Tự kiểm tra", "Khoa Xây dựng Đảng", "", "Tháng 4", "Hà Văn Trung", "", ""],
        [3, "Kiểm ta", "", "Ai đó", "", "Tháng 13", "", "", ""],
        [4, "Kiểm tra", "Nêu gương", "Trần Minh Hiếu", "", "6/2020", "Trần Minh Hiếu, Nguyễn Văn Bình", "", ""],
        [5, "Giám sát chuyên đề", "Sinh hoạt", "Chi bộ Khoa Sử", "", "Tháng 5", "Hà Văn Trung", "", ""],
        [6, "Kiểm tra", "Nhiệm vụ", "Lê Thị Mai", "", "Tháng 6", "Hà Văn Trung (trưởng đoàn), XD02", "", ""],
    ]  # fmt: skip
    result = butpha(
        demo, "oversight", "import", str(_xlsx(demo / "bad.xlsx", bad)), "--year", "2021"
    )
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "Đã hủy việc nhập, chưa có gì bị thay đổi. Số lỗi: 10.",
        "Dòng 3: Đồng chí Hà Văn Trung không thể tham gia nội dung này: đây là kiểm tra, giám "
        "sát chi bộ của chính đồng chí ấy.",
        'Dòng 4: Không rõ loại "Kiểm ta": ghi Kiểm tra, Giám sát chuyên đề, Giám sát thường '
        "xuyên hoặc Kiểm tra khi có dấu hiệu vi phạm.",
        "Dòng 4: Chưa ghi nội dung.",
        'Dòng 4: "Tháng 13" không phải là tháng: ghi Tháng 3, 3/2020 hoặc Quý II.',
        "Dòng 4: Không có ai có mã hoặc họ tên Ai đó.",  # its target is checked too
        "Dòng 5: Dòng này ghi năm 2020, còn chương trình đang nhập là của năm 2021.",
        "Dòng 5: Nguyễn Văn Bình không phải là đảng viên đang sinh hoạt trong Đảng bộ.",
        "Dòng 5: Đồng chí Trần Minh Hiếu không thể tham gia nội dung này: đây là kiểm tra, "
        "giám sát chính đồng chí ấy.",
        "Dòng 6: Không có chi bộ nào tên Chi bộ Khoa Sử. Các chi bộ: Khoa Lý luận cơ sở, Khoa "
        "Xây dựng Đảng, Liên khoa, Phòng Đào tạo, Phòng TC – HC – QT.",
        "Dòng 7: Trưởng đoàn không thể đồng thời là thành viên đoàn.",
    ]
    assert _rows(demo, "SELECT count(*) FROM inspection_programmes WHERE year = 2021") == [(0,)]


def test_wrong_columns_are_named_before_any_row(demo: Path) -> None:
    header = ["STT", "Loại", "Nội dung", "Người bị kiểm tra", "Thời gian thực hiện"]
    result = butpha(
        demo, "oversight", "import", str(_xlsx(demo / "cols.xlsx", [], header)), "--year", "2021"
    )
    assert result.returncode == 1
    assert result.stderr.splitlines()[1:] == [
        'Dòng 1: Không rõ cột "Người bị kiểm tra".',
        'Dòng 1: Thiếu cột "Đối tượng".',
    ]


def test_export_then_import_gives_the_same_programme(
    demo: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    out = demo / "ct2020.xlsx"
    exported = butpha(demo, "oversight", "export", str(out), "--year", "2020")
    assert exported.returncode == 0, exported.stderr
    assert exported.stdout.strip() == (
        f"Đã xuất chương trình năm 2020 ra {out}: 10 nội dung, 52 bước, 3 việc khắc phục."
    )
    book = load_workbook(out)
    assert book.sheetnames == ["Chương trình", "Các bước", "Khắc phục"]
    programme = [list(r) for r in book["Chương trình"].iter_rows(values_only=True)]
    assert programme[0][:9] == HEADER
    states = {row[3]: row[9] for row in programme[1:]}
    assert states["Chi bộ Liên khoa"] == "Đã kết thúc"
    assert states["Chi bộ Khoa Lý luận cơ sở"] == "Dự kiến"
    [mai] = [row for row in programme if row[3] == "Lê Thị Mai"]
    assert mai[9] == "Đang khắc phục"
    assert mai[6] == "Thái Thị Ngọc Ánh (trưởng đoàn), Trần Quang Vinh"
    steps = [list(r) for r in book["Các bước"].iter_rows(values_only=True)]
    closing = [s for s in steps if s[4] == "Đã kết thúc"]
    assert len(closing) == 1 and closing[0][3] == "Hà Văn Trung"
    assert [s[3] for s in steps if s[4] == "Đã có quyết định"] == ["Nguyễn Thị Thu Hà"] * 8
    actions = [list(r) for r in book["Khắc phục"].iter_rows(values_only=True)][1:]
    assert sorted((a[3], bool(a[5]), bool(a[7])) for a in actions) == [
        ("Dương Thị Hồng", True, True),
        ("Lê Thị Mai", False, False),
        ("Lê Thị Mai", True, False),
    ]
    # Into another installation of the same organisation, whose 2020 has no programme yet.
    other = _seed(tmp_path_factory.mktemp("other"), datetime(2021, 3, 1, 9, 0, tzinfo=ZONE))
    imported = butpha(other, "oversight", "import", str(out), "--year", "2020", "--adopt")
    assert imported.returncode == 0, imported.stderr
    back = other / "back.xlsx"
    assert butpha(other, "oversight", "export", str(back), "--year", "2020").returncode == 0
    again = [list(r) for r in load_workbook(back)["Chương trình"].iter_rows(values_only=True)]
    assert [row[:9] for row in again] == [row[:9] for row in programme]
    assert {row[9] for row in again[1:]} == {"Dự kiến"}  # the steps stay where they were taken


def test_the_period_reports_figures(demo: Path) -> None:
    year = butpha(demo, "oversight", "report", "--period", "year", "--year", "2020")
    assert year.returncode == 0, year.stderr
    assert year.stdout.splitlines() == [
        "Báo cáo kiểm tra, giám sát năm 2020 — Đảng bộ Trường Chính trị",
        "Từ 01/01/2020 đến 31/12/2020",
        "",
        "Kiểm tra chi bộ: 1/5 chi bộ (20%) — chỉ tiêu 20% (cả năm 1): đạt",
        "Kiểm tra đảng ủy viên: 2/7 đảng ủy viên (28,57%) — chỉ tiêu 20% (cả năm 2): đạt",
        "Kiểm tra đảng viên: 5/32 đảng viên (15,63%), trong đó 2 đảng ủy viên — chỉ tiêu 20% "
        "(cả năm 7): cần thêm 2",
        "Giám sát chi bộ: 2/5 chi bộ (40%) — chỉ tiêu 20% (cả năm 1): đạt",
        "",
        "Nội dung theo chương trình trong kỳ: 10; đã tiến hành: 8; đã kết luận: 4; đã kết thúc: 1.",
        "Khắc phục: 2 việc đã xong (1 việc đã xác nhận), 1 việc chưa xong.",
    ]
    # By the end of March: the cell Liên khoa's inspection closed (its remediation done and
    # verified), Lê Thị Mai's under way with two actions open; the rest came later.
    q1 = butpha(demo, "oversight", "report", "--period", "q1", "--year", "2020").stdout
    assert "Kiểm tra chi bộ: 1/5 chi bộ (20%) — chỉ tiêu 20% (cả năm 1): đạt" in q1
    assert (
        "Kiểm tra đảng viên: 1/32 đảng viên (3,13%), trong đó 0 đảng ủy viên — chỉ tiêu 20% "
        "(cả năm 7): cần thêm 6" in q1
    )
    assert "Giám sát chi bộ: 0/5 chi bộ (0%) — chỉ tiêu 20% (cả năm 1): cần thêm 1" in q1
    assert (
        "Nội dung theo chương trình trong kỳ: 3; đã tiến hành: 2; đã kết luận: 2; "
        "đã kết thúc: 1." in q1
    )
    assert "Khắc phục: 1 việc đã xong (1 việc đã xác nhận), 2 việc chưa xong." in q1
    june = butpha(
        demo, "oversight", "report", "--period", "month", "--year", "2020", "--month", "6"
    )
    assert june.stdout.splitlines()[:2] == [
        "Báo cáo kiểm tra, giám sát tháng 6/2020 — Đảng bộ Trường Chính trị",
        "Từ 01/06/2020 đến 30/06/2020",
    ]
    english = butpha(demo, "oversight", "report", "--period", "6m", "--year", "2020", language="en")
    assert "Inspection and supervision report, the first six months of 2020" in english.stdout
    bad = butpha(demo, "oversight", "report", "--period", "week")
    assert bad.returncode == 2 and "week" in bad.stderr
