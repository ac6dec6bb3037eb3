"""The period report as an .xlsx workbook a secretary can print: a cover sheet with the
summary, then one sheet per section with its table (names, never ids), bold headers that
repeat on every printed page, widths that fit, thousands and percentages formatted, a total
row. Text goes through :func:`bot.services.spreadsheet.safe_cell`: a cell's name typed as a
formula stays text."""

from __future__ import annotations

from io import BytesIO
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from bot.i18n import Translator
from bot.services.period_report import labels
from bot.services.period_report.content import ColumnKind, Section, Table
from bot.services.spreadsheet import safe_cell as _safe_cell

NUMBER_FORMAT = "#,##0"
PERCENT_FORMAT = "0.00%"
_BOLD = Font(bold=True)
_TITLE = Font(bold=True, size=14)


def safe_cell(value: object) -> Any:
    """What a cell may hold, never a formula (the shared rule)."""
    return _safe_cell(value)


def _sheet_name(name: str, used: set[str]) -> str:
    # Excel's limits: 31 characters, none of []:*?/\ and unique names.
    clean = "".join(ch for ch in name if ch not in "[]:*?/\\")[:31] or "Sheet"
    candidate, number = clean, 2
    while candidate in used:
        candidate = f"{clean[:28]} {number}"
        number += 1
    used.add(candidate)
    return candidate


def _write_table(sheet: Worksheet, table: Table, first_row: int) -> None:
    for index, column in enumerate(table.columns, start=1):
        cell = sheet.cell(first_row, index, safe_cell(column.title))
        cell.font = _BOLD
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    rows = [*table.rows, *([table.total] if table.total is not None else [])]
    for offset, row in enumerate(rows, start=1):
        for index, (column, value) in enumerate(zip(table.columns, row, strict=False), start=1):
            cell = sheet.cell(first_row + offset, index, safe_cell(value))
            if column.kind is ColumnKind.PERCENT:
                cell.number_format = PERCENT_FORMAT
            elif column.kind is ColumnKind.NUMBER:
                cell.number_format = NUMBER_FORMAT
            if table.total is not None and offset == len(rows):
                cell.font = _BOLD
    sheet.freeze_panes = f"B{first_row + 1}"
    sheet.print_title_rows = f"{first_row}:{first_row}"


def workbook_bytes(
    title: str, dates: str, summary: list[str], found: list[Section], t: Translator
) -> bytes:
    book = Workbook()
    cover = book.active
    assert cover is not None
    used: set[str] = set()
    cover.title = _sheet_name(t(labels.SUMMARY), used)
    cover.column_dimensions["A"].width = 110
    cover.cell(1, 1, safe_cell(title)).font = _TITLE
    cover.cell(2, 1, safe_cell(dates))
    row = 4
    for line in summary:
        cover.cell(row, 1, safe_cell(line)).alignment = Alignment(wrap_text=True)
        row += 1
    for section in found:
        row += 1
        cover.cell(row, 1, safe_cell(section.heading)).font = _BOLD
        for sentence in section.sentences:
            row += 1
            cover.cell(row, 1, safe_cell(sentence)).alignment = Alignment(wrap_text=True)
    for section in found:
        if section.table is None:
            continue
        sheet = book.create_sheet(_sheet_name(section.sheet, used))
        sheet.cell(1, 1, safe_cell(section.heading)).font = _TITLE
        _write_table(sheet, section.table, 3)
        sheet.page_setup.orientation = "landscape"
        sheet.page_setup.fitToWidth = 1
        sheet.page_setup.fitToHeight = 0
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
    out = BytesIO()
    book.save(out)
    return out.getvalue()
