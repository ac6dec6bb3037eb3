"""Reading a member list from ``.xlsx`` or ``.csv`` into rows of text, keeping row numbers.

Row 1 is the header, as the secretary sees it in their spreadsheet program.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from openpyxl import load_workbook

from bot.domain.errors import UserError
from bot.i18n import N_


@dataclass(frozen=True)
class Sheet:
    header: list[str]
    rows: list[tuple[int, list[str]]]  # (spreadsheet row number, cells)


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # a member code typed as a number comes back as 12.0
    return str(value).strip()


def read_sheet(path: Path) -> Sheet:
    suffix = path.suffix.lower()
    if not path.is_file():
        raise UserError(N_("File not found: {path}"), path=str(path))
    if suffix == ".csv":
        return _read_csv(path)
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(path)
    raise UserError(N_("Unsupported file type {suffix}: use .xlsx or .csv."), suffix=suffix)


def _read_csv(path: Path) -> Sheet:
    try:
        # utf-8-sig drops the byte order mark that Excel writes.
        with path.open(encoding="utf-8-sig", newline="") as handle:
            sample = handle.read(4096)
            handle.seek(0)
            try:
                dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(
                    sample, delimiters=",;\t"
                )
            except csv.Error:
                dialect = csv.excel
            lines = list(csv.reader(handle, dialect))
    except UnicodeDecodeError as exc:
        raise UserError(N_('The CSV file is not UTF-8 text. Save it as "CSV UTF-8".')) from exc
    return _sheet([[_text(c) for c in line] for line in lines])


def _read_xlsx(path: Path) -> Sheet:
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a damaged file
        raise UserError(N_("Cannot open the spreadsheet: {error}"), error=str(exc)) from exc
    try:
        worksheet = workbook.worksheets[0]
        lines = [[_text(c) for c in row] for row in worksheet.iter_rows(values_only=True)]
    finally:
        workbook.close()
    return _sheet(lines)


def _sheet(lines: list[list[str]]) -> Sheet:
    if not lines:
        raise UserError(N_("The file is empty."))
    header = lines[0]
    while header and not header[-1]:
        header = header[:-1]
    rows = []
    for number, cells in enumerate(lines[1:], start=2):
        if any(cells):
            rows.append((number, cells))
    return Sheet(header, rows)
