"""The streaming .xlsx writer: what openpyxl (as a spreadsheet program would) reads back."""

from __future__ import annotations

import warnings
from datetime import date, datetime
from io import BytesIO

from openpyxl import load_workbook

from bot.services.xlsx_stream import DATE, PERCENT, XlsxStream


def test_text_numbers_dates_and_shares_read_back_as_written() -> None:
    book = XlsxStream()
    book.add_sheet("2026", (20, 10, 12, 8))
    book.append(["Họ và tên", "Tiến độ", "Thời hạn", "Tỷ lệ"])
    book.append(['Trần Thị <Bình> & "Mai"', 75, date(2026, 11, 30), 0.5], {2: DATE, 3: PERCENT})
    book.append(["'=1+2", None, None, 1.0])
    book.add_sheet("Tổng hợp", (30,))
    book.append(["Chi bộ Liên khoa"])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        workbook = load_workbook(BytesIO(book.finish()))
    assert workbook.sheetnames == ["2026", "Tổng hợp"]
    sheet = workbook["2026"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1] == ('Trần Thị <Bình> & "Mai"', 75, datetime(2026, 11, 30), 0.5)
    assert rows[2] == ("'=1+2", None, None, 1)
    assert sheet["C2"].number_format == "DD/MM/YYYY"
    assert sheet["D2"].number_format == "0.00%"
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["A"].width == 20
    assert list(workbook["Tổng hợp"].iter_rows(values_only=True)) == [("Chi bộ Liên khoa",)]
