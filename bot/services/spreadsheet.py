"""Spreadsheets in and out: reading a member list or a meeting plan from ``.xlsx`` or ``.csv``
into rows of text, keeping row numbers, and making every cell the bot writes safe to open.

Row 1 is the header, as the secretary sees it in their spreadsheet program.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from openpyxl import load_workbook

from bot.domain.errors import UserError
from bot.i18n import N_


@dataclass(frozen=True)
class Sheet:
    header: list[str]
    rows: list[tuple[int, list[str]]]  # (spreadsheet row number, cells)


# Text starting with one of these is run as a formula by spreadsheet programs (OWASP's CSV
# injection rule): "=HYPERLINK(...)", "+SUM(...)", "-2+3+cmd|' /C calc'!A0", "@SUM(...)".
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Control characters an .xlsx cannot hold (openpyxl refuses them); a word processor's line
# break (\x0b) comes with pasted text.
_UNWRITABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def safe_cell(value: object) -> object:
    """``value`` as a cell of a file the bot writes (.xlsx or .csv): text that a spreadsheet
    would run as a formula gets a leading apostrophe, so it is shown as the text it is.
    Numbers, dates and booleans are not text and stay as they are (a negative number is a
    number; a name starting with "-" is text). Every writer of cells uses this."""
    if not isinstance(value, str):
        return value
    text = _UNWRITABLE.sub("", value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # a member code typed as a number comes back as 12.0
    text = str(value)
    if text.startswith("'") and text[1:].startswith(FORMULA_STARTS):
        # What safe_cell wrote: the exported file imports back as it was.
        text = text[1:]
    return text.strip()


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
            delimiter = _delimiter(handle.readline())
            handle.seek(0)
            lines = list(csv.reader(handle, delimiter=delimiter))
    except UnicodeDecodeError as exc:
        raise UserError(N_('The CSV file is not UTF-8 text. Save it as "CSV UTF-8".')) from exc
    return _sheet([[_text(c) for c in line] for line in lines])


def _delimiter(header: str) -> str:
    """Comma, semicolon or tab: whichever the header row uses most. The header alone, since
    names and titles may hold any of them (and quotes) and mislead a guess over the rows."""
    counts = {d: header.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


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
