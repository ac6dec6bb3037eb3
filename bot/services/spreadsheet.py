"""Spreadsheets in and out: reading a member list or a meeting plan from ``.xlsx`` or ``.csv``
into rows of text, keeping row numbers, the problems found by row (an import with any is
rejected whole), and making every cell the bot writes safe to open.

Row 1 is the header, as the secretary sees it in their spreadsheet program.
"""

from __future__ import annotations

import csv
import re
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.domain.errors import UserError
from bot.domain.text import fold
from bot.i18n import N_

MB = 1024 * 1024
MAX_COLUMNS = 64  # more than any import has; cells further right are not read
EXCEL_ROWS = 1_048_576  # the most rows a spreadsheet has; a row numbered beyond is not read


@dataclass(frozen=True)
class ImportLimits:
    """How much an import reads: BUTPHA_IMPORT_MAX_MB, _MAX_UNPACKED_MB, _MAX_ROWS."""

    max_mb: int = 20
    max_unpacked_mb: int = 100
    max_rows: int = 100_000


DEFAULT_LIMITS = ImportLimits()


@dataclass(frozen=True)
class Problem:
    row: int  # spreadsheet row number; 1 is the header
    message: str
    params: dict[str, Any] = field(default_factory=dict)


class ImportRejected(UserError):
    """The file has problems; nothing was written."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(
            N_("The import was cancelled; nothing was changed. Problems found: {count}."),
            count=len(problems),
        )
        self.problems = problems


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


def read_sheet(path: Path, limits: ImportLimits = DEFAULT_LIMITS) -> Sheet:
    """The first sheet of an .xlsx, or a .csv. What would exhaust the machine is refused before
    it is read: a file over ``limits.max_mb``, an .xlsx that unpacks to more than
    ``limits.max_unpacked_mb`` (a decompression bomb), more than ``limits.max_rows`` rows."""
    suffix = path.suffix.lower()
    if not path.is_file():
        raise UserError(N_("File not found: {path}"), path=str(path))
    if suffix not in (".csv", ".xlsx", ".xlsm"):
        raise UserError(N_("Unsupported file type {suffix}: use .xlsx or .csv."), suffix=suffix)
    size = path.stat().st_size
    if size > limits.max_mb * MB:
        raise UserError(
            N_("The file is {size} MB; an import reads at most {limit} MB (BUTPHA_IMPORT_MAX_MB)."),
            size=round(size / MB, 1),
            limit=limits.max_mb,
        )
    if suffix == ".csv":
        return _read_csv(path, limits)
    return _read_xlsx(path, limits)


def _read_csv(path: Path, limits: ImportLimits) -> Sheet:
    try:
        # utf-8-sig drops the byte order mark that Excel writes.
        with path.open(encoding="utf-8-sig", newline="") as handle:
            delimiter = _delimiter(handle.readline())
            handle.seek(0)
            return _sheet(csv.reader(handle, delimiter=delimiter), limits)
    except UnicodeDecodeError as exc:
        raise UserError(N_('The CSV file is not UTF-8 text. Save it as "CSV UTF-8".')) from exc
    except csv.Error as exc:
        raise UserError(N_("Cannot read the CSV file: {error}"), error=str(exc)) from exc


def _delimiter(header: str) -> str:
    """Comma, semicolon or tab: whichever the header row uses most. The header alone, since
    names and titles may hold any of them (and quotes) and mislead a guess over the rows."""
    counts = {d: header.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _read_xlsx(path: Path, limits: ImportLimits) -> Sheet:
    try:
        with zipfile.ZipFile(path) as archive:
            # What the archive says it unpacks to bounds what reading it can unpack: Python's
            # zipfile never returns more than an entry's declared size.
            unpacked = sum(entry.file_size for entry in archive.infolist())
    except (zipfile.BadZipFile, OSError) as exc:
        raise UserError(N_("Cannot open the spreadsheet: {error}"), error=str(exc)) from exc
    if unpacked > limits.max_unpacked_mb * MB:
        raise UserError(
            N_(
                "The spreadsheet unpacks to {size} MB, more than the {limit} MB an import reads "
                "(BUTPHA_IMPORT_MAX_UNPACKED_MB): it may be damaged or made to exhaust the "
                "server. Copy the list into a new spreadsheet and save that."
            ),
            size=round(unpacked / MB, 1),
            limit=limits.max_unpacked_mb,
        )
    try:
        from openpyxl import load_workbook  # on first use: ~40 MB the bot need not hold

        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a damaged file
        raise UserError(N_("Cannot open the spreadsheet: {error}"), error=str(exc)) from exc
    try:
        worksheet = workbook.worksheets[0]
        # Streamed row by row, never wider than any import needs nor longer than a spreadsheet
        # can be (a formatted empty cell at XFD1048576 declares 17 billion cells).
        rows = worksheet.iter_rows(max_row=EXCEL_ROWS, max_col=MAX_COLUMNS, values_only=True)
        return _sheet(rows, limits)
    except UserError:
        raise
    except Exception as exc:  # a damaged sheet shows only when it is read
        raise UserError(N_("Cannot open the spreadsheet: {error}"), error=str(exc)) from exc
    finally:
        workbook.close()


def _sheet(lines: Iterable[Sequence[object]], limits: ImportLimits) -> Sheet:
    """Row 1 is the header; the rows with something in them are kept with their numbers."""
    header: list[str] | None = None
    rows: list[tuple[int, list[str]]] = []
    for number, line in enumerate(lines, start=1):
        if header is None:
            header = [_text(c) for c in line[:MAX_COLUMNS]]
            continue
        if not any(c is not None and c != "" for c in line):
            continue  # cheaply: a sheet may hold a million empty rows
        cells = [_text(c) for c in line[:MAX_COLUMNS]]
        if not any(cells):
            continue
        if len(rows) == limits.max_rows:
            raise UserError(
                N_(
                    "The file has more than {limit} rows; an import reads at most {limit} "
                    "(BUTPHA_IMPORT_MAX_ROWS). Split it into smaller files."
                ),
                limit=limits.max_rows,
            )
        rows.append((number, cells))
    if header is None:
        raise UserError(N_("The file is empty."))
    while header and not header[-1]:
        header = header[:-1]
    return Sheet(header, rows)


def map_header(
    header: Sequence[str],
    columns: Mapping[str, Sequence[str]],
    required: Iterable[str],
    *,
    names: Mapping[str, str] | None = None,
    forbidden: Iterable[str] = (),
) -> tuple[dict[str, int], list[Problem]]:
    """Where each known column is in ``header`` (its spellings in ``columns``, folded), and row
    1's problems: a column unknown, twice, missing (named by ``names``, else its first
    spelling), or holding what butpha never stores (a header containing a ``forbidden`` word)."""
    by_spelling = {fold(s): column for column, spellings in columns.items() for s in spellings}
    never = tuple(forbidden)
    positions: dict[str, int] = {}
    problems: list[Problem] = []
    for index, raw in enumerate(header):
        folded = fold(raw)
        if not folded:
            continue
        if any(word in folded for word in never):
            problems.append(
                Problem(
                    1,
                    N_(
                        'Column "{column}" holds identity or party card numbers, which butpha never '
                        "stores: remove it."
                    ),
                    {"column": raw},
                )
            )
            continue
        column = by_spelling.get(folded)
        if column is None:
            problems.append(Problem(1, N_('Unknown column "{column}".'), {"column": raw}))
        elif column in positions:
            problems.append(Problem(1, N_('Column "{column}" appears twice.'), {"column": raw}))
        else:
            positions[column] = index
    for column in required:
        if column not in positions:
            name = names[column] if names is not None else columns[column][0]
            problems.append(Problem(1, N_('Missing column "{column}".'), {"column": name}))
    return positions, problems
