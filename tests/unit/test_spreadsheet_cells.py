"""Cells the bot writes cannot run as formulas (OWASP's CSV-injection rule), and the
apostrophe that neutralises them is taken off again when a file is imported back."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from openpyxl import Workbook, load_workbook

from bot.services.spreadsheet import read_sheet, safe_cell

ATTACKS = [
    '=HYPERLINK("http://evil.example/?x=1";"Bấm vào đây")',
    "+SUM(1;2)",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(A1:A9)",
    "\t=1+1",
    "\r=1+1",
]


def test_text_that_a_spreadsheet_would_run_gets_a_leading_apostrophe() -> None:
    for attack in ATTACKS:
        assert safe_cell(attack) == "'" + attack
    # Ordinary text, and what a person typed as a number or a date, stay as they are.
    assert safe_cell("Nguyễn Văn An") == "Nguyễn Văn An"
    assert safe_cell("a=b") == "a=b"
    assert safe_cell(-5) == -5 and safe_cell(-2.5) == -2.5
    assert safe_cell(date(2026, 3, 5)) == date(2026, 3, 5)
    assert safe_cell(None) is None and safe_cell(True) is True
    # A name starting with "-" is text, not a number.
    assert safe_cell("-Nguyễn") == "'-Nguyễn"
    # Control characters a spreadsheet file cannot hold (pasted from a word processor) go;
    # what they hid is neutralised all the same.
    assert safe_cell("Dòng một\x0bdòng hai") == "Dòng mộtdòng hai"
    assert safe_cell("\x0b=1+1") == "'=1+1"


def test_a_written_sheet_holds_text_not_formulas_and_reads_back_unchanged(
    tmp_path: Path,
) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Họ và tên", "Số"])
    for attack in ATTACKS[:4]:
        sheet.append([safe_cell(attack), safe_cell(-3)])
    book.save(tmp_path / "out.xlsx")

    written = load_workbook(tmp_path / "out.xlsx")  # formulas as formulas
    cells = [row[0] for row in written.active.iter_rows(min_row=2)]  # type: ignore[union-attr]
    assert all(c.data_type == "s" for c in cells)
    numbers = [row[1] for row in written.active.iter_rows(min_row=2)]  # type: ignore[union-attr]
    assert all(c.data_type == "n" and c.value == -3 for c in numbers)

    read = read_sheet(tmp_path / "out.xlsx")
    assert [cells[0] for _, cells in read.rows] == ATTACKS[:4]
    # An apostrophe a person typed before ordinary text is theirs and stays.
    sheet.append(["'Bình", "1"])
    book.save(tmp_path / "again.xlsx")
    assert read_sheet(tmp_path / "again.xlsx").rows[-1][1][0] == "'Bình"


def test_the_csv_separator_is_the_headers_whatever_the_names_hold(tmp_path: Path) -> None:
    name = '=HYPERLINK("http://evil.example";"Bấm; vào đây")'
    for separator in (",", ";", "\t"):
        path = tmp_path / "m.csv"
        quoted = '"' + name.replace('"', '""') + '"'
        path.write_text(
            separator.join(["Họ và tên", "Chi bộ", "Loại"]) + "\n"
            + separator.join([quoted, "Liên khoa", "Quần chúng"]) + "\n"
            + separator.join(["Lê Văn Cường", "Phòng Đào tạo", "Quần chúng"]) + "\n",
            encoding="utf-8",
        )  # fmt: skip
        sheet = read_sheet(path)
        assert sheet.header == ["Họ và tên", "Chi bộ", "Loại"], separator
        assert [cells for _, cells in sheet.rows] == [
            [name, "Liên khoa", "Quần chúng"],
            ["Lê Văn Cường", "Phòng Đào tạo", "Quần chúng"],
        ], separator
