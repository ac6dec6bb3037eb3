"""The period report's files opened as a secretary would: the workbook (openpyxl) has a sheet
per section with names, numbers and percentages formatted, and no formula from a cell's name;
the document draft (python-docx) has the headings, the report's sentences, a table by cell and
the charts embedded."""

from __future__ import annotations

import sqlite3
from io import BytesIO
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

from bot.i18n import translator
from bot.services.container import Services
from bot.services.period_report.files import ReportFiles, build_files
from tests.period_report_seed import seed_year

YEAR = 2026

PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
async def files(organisation: Services, tmp_path: Path) -> ReportFiles:
    seed_year(tmp_path / "butpha.sqlite3", YEAR)
    service = organisation.period_report
    data = await service.collect(None, service.span(["6thang"]))
    return build_files(data, translator("vi"))


def test_the_workbook_has_a_sheet_per_section_with_the_figures(files: ReportFiles) -> None:
    assert files.workbook is not None
    book = load_workbook(BytesIO(files.workbook))
    assert book.sheetnames == [
        "Tóm tắt",
        "Đảng viên, quần chúng",
        "Sinh hoạt chi bộ",
        "Học tập",
        "Công việc bứt phá",
        "Thông báo",
    ]
    cover = book["Tóm tắt"]
    assert cover["A1"].value == f"Báo cáo 6 tháng đầu năm {YEAR} — Đảng bộ Trường Chính trị"
    meetings = book["Sinh hoạt chi bộ"]
    header = [c.value for c in meetings[3]]
    assert header[:4] == [
        "Chi bộ",
        "Số tháng có sinh hoạt",
        "Số quý có sinh hoạt chuyên đề",
        "Số cuộc",
    ]
    rows = {r[0].value: r for r in meetings.iter_rows(min_row=4)}
    training = rows["Phòng Đào tạo"]
    assert [c.value for c in training[1:6]] == ["2/2", "0/0", 2, 4, 3]
    assert training[6].value == 0.75 and training[6].number_format == "0.00%"
    assert training[4].number_format == "#,##0"
    total = rows["Tổng cộng"]
    assert total[0].font.b and total[5].value == 6
    assert meetings.print_title_rows == "$3:$3"
    tasks = book["Công việc bứt phá"]
    by_cell = {r[0].value: [c.value for c in r] for r in tasks.iter_rows(min_row=4)}
    # Party members, registered, non-party staff, registered, tasks, finished, exceeded, overdue.
    assert by_cell["Phòng Đào tạo"][1:9] == [2, 2, 1, 1, 3, 1, 0, 1]
    assert by_cell["Liên khoa"][1:9] == [3, 1, 0, 0, 1, 1, 1, 0]


async def test_a_cell_named_like_a_formula_stays_text(
    organisation: Services, tmp_path: Path
) -> None:
    seed_year(tmp_path / "butpha.sqlite3", YEAR)
    with sqlite3.connect(tmp_path / "butpha.sqlite3") as conn:
        conn.execute("UPDATE units SET name = '=HYPERLINK(\"http://x\")' WHERE name = 'Liên khoa'")
    service = organisation.period_report
    data = await service.collect(None, service.span(["6thang"]))
    files = build_files(data, translator("vi"))
    assert files.workbook is not None
    book = load_workbook(BytesIO(files.workbook))
    names = [r[0].value for r in book["Đảng viên, quần chúng"].iter_rows(min_row=4)]
    assert '\'=HYPERLINK("http://x")' in names


def test_the_document_draft_reads_as_the_report(files: ReportFiles) -> None:
    assert files.document is not None
    document = Document(BytesIO(files.document))
    headings = [
        p.text
        for p in document.paragraphs
        if p.style is not None and p.style.name.startswith("Heading")
    ]
    assert headings == [
        "1. Đảng viên, quần chúng",
        "2. Sinh hoạt chi bộ",
        "3. Học tập nghị quyết, chuyên đề",
        "4. Công việc bứt phá",
        "5. Thông báo",
    ]
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Tổng số đảng viên: 5 (chính thức 4, dự bị 1); quần chúng: 1." in text
    assert "Đăng ký công việc bứt phá: đảng viên đạt 3/5 (60%), quần chúng đạt 1/1 (100%)." in text
    assert "Tỷ lệ đảng viên dự sinh hoạt: 6/7 (85,71%) lượt, yêu cầu trên 85%" in text
    # A table by cell for each section with one, numbers in Vietnamese format.
    meetings = document.tables[1]
    assert [c.text for c in meetings.rows[0].cells][:2] == ["Chi bộ", "Số tháng có sinh hoạt"]
    assert [c.text for c in meetings.rows[1].cells][6] == "75%"
    # The two charts are embedded, and sent as pictures too.
    images = [r for r in document.part.rels.values() if "image" in r.reltype]
    assert len(images) == 2
    assert [caption for caption, _ in files.charts] == ["Sinh hoạt chi bộ", "Công việc bứt phá"]
    assert all(image.startswith(PNG) for _, image in files.charts)


async def test_the_targets_chart_is_drawn_and_embedded(
    organisation: Services, tmp_path: Path
) -> None:
    seed_year(tmp_path / "butpha.sqlite3", YEAR)
    classes = await organisation.targets.add_line(None, "Lớp đào tạo; ≥ 22; lớp; đào tạo")
    await organisation.targets.add_line(None, "Lớp bồi dưỡng; ≥ 27; lớp; đào tạo")
    await organisation.targets.add_line(None, "Kết nạp đảng viên; 2; đảng viên")  # no value
    await organisation.targets.record(None, classes.id, "13")
    service = organisation.period_report
    data = await service.collect(None, service.span(["6thang"]))
    files = build_files(data, translator("vi"))
    assert [caption for caption, _ in files.charts] == [
        "Sinh hoạt chi bộ",
        "Công việc bứt phá",
        "Chỉ tiêu",
    ]
    assert all(image.startswith(PNG) for _, image in files.charts)
    assert files.document is not None
    document = Document(BytesIO(files.document))
    images = [r for r in document.part.rels.values() if "image" in r.reltype]
    assert len(images) == 3
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Lớp đào tạo: 13/22 lớp (59,09%)" in text
    # Only a count with a value is charted: with none, no targets chart.
    data.targets.pop(0)
    assert [c for c, _ in build_files(data, translator("vi")).charts][-1] != "Chỉ tiêu"
