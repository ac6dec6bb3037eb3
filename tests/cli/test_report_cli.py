"""``butpha report`` as an operator runs it on the demo organisation (seeded as of mid-July
2020): the summary printed, the draft (.docx) and the workbook (.xlsx) written and opened,
one cell's report, and bad arguments answered in one line without a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

from tests.cli.test_cli import butpha
from tests.cli.test_oversight_files_cli import SEEDED, _seed


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    return _seed(tmp_path, SEEDED)


def test_the_summary_is_printed_without_out(demo: Path) -> None:
    result = butpha(demo, "report", "--period", "6m", "--year", "2020")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "Báo cáo 6 tháng đầu năm 2020 — Đảng bộ Trường Chính trị"
    assert "Từ 01/01/2020 đến 30/06/2020; số liệu tính đến 30/06/2020." in lines
    assert "- Tổng số đảng viên: 32 (chính thức 27, dự bị 5); quần chúng: 8." in lines
    assert "- Kiểm tra đảng viên: đạt 5/32 (15,63%), chỉ tiêu 20% (cả năm 7)." in lines
    # The year's targets (/chitieu) as the report writes them, in a section of their own.
    assert "CHỈ TIÊU" in lines
    assert "- Lớp đào tạo: 11/22 lớp (50%) — đang thực hiện (theo tiến độ cần 11)" in lines
    assert "- Đảng viên bị kỷ luật: không có — đạt" in lines
    # Party dues (/dangphi) over the six months, as the demo seeds them.
    assert "ĐẢNG PHÍ" in lines
    assert "• Đảng phí: 2 đảng viên còn tháng chưa đóng" in lines
    cut = butpha(demo, "report", "--period", "6m", "--year", "2020", "--as-of", "15/06/2020")
    assert "Từ 01/01/2020 đến 30/06/2020; số liệu tính đến 15/06/2020." in cut.stdout


def test_the_draft_and_the_workbook_are_written(demo: Path) -> None:
    out = demo / "bao-cao.docx"
    result = butpha(demo, "report", "--year", "2020", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"Đã ghi báo cáo ra {out}."
    document = Document(str(out))
    assert document.paragraphs[0].text == "Báo cáo năm 2020 — Đảng bộ Trường Chính trị"
    headings = [
        p.text for p in document.paragraphs if p.style is not None and p.style.name == "Heading 1"
    ]
    assert "4. Công việc bứt phá" in headings
    assert any(h.endswith("Chỉ tiêu") for h in headings)
    assert any(r for r in document.part.rels.values() if "image" in r.reltype)
    workbook = demo / "bao-cao.xlsx"
    result = butpha(demo, "report", "--year", "2020", "--cell", "Liên khoa", "--out", str(workbook))
    assert result.returncode == 0, result.stderr
    book = load_workbook(workbook)
    assert book["Tóm tắt"]["A1"].value == "Báo cáo của Chi bộ Liên khoa, năm 2020"
    names = [r[0].value for r in book["Công việc bứt phá"].iter_rows(min_row=4)]
    assert names == ["Liên khoa", "Tổng cộng"]


def test_bad_arguments_get_one_line(demo: Path) -> None:
    pdf = butpha(demo, "report", "--out", "x.pdf")
    assert pdf.returncode == 1
    assert pdf.stderr.strip() == "Báo cáo chỉ ghi ra tệp .docx hoặc .xlsx, không ghi ra «x.pdf»."
    half = butpha(demo, "report", "--from", "01/01/2020")
    assert half.stderr.strip() == "Báo cáo theo khoảng thời gian cần cả --from và --to."
    backwards = butpha(demo, "report", "--from", "30/06/2020", "--to", "2020-01-01")
    assert "kết thúc trước khi bắt đầu" in backwards.stderr and "Traceback" not in backwards.stderr
    unknown = butpha(demo, "report", "--cell", "Không có")
    assert unknown.stderr.startswith("Không có chi bộ nào tên Không có.")
