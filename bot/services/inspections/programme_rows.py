"""Reading the rows of a programme spreadsheet as written, with problems by row number:
the columns, the kind, the month and that something is to be inspected. Whom a row names
(its target, lead and team) is looked up against the organisation afterwards."""

from __future__ import annotations

from dataclasses import dataclass

from bot.domain.inspections.model import ItemKind
from bot.domain.text import fold, normalise_name
from bot.i18n import N_
from bot.services.inspections import programme_columns as cols
from bot.services.spreadsheet import Problem, Sheet, map_header

MAX_CONTENT = 1000
MAX_FIELD = 200


@dataclass(frozen=True)
class ProgrammeRow:
    number: int
    kind: ItemKind
    content: str
    target: str
    period: str
    month: int
    year: int | None  # when the month was written with its year ("3/2020")
    lead: str | None
    team: tuple[str, ...]
    method: str
    notes: str
    complete: bool = True  # False: the row has problems of its own and is only checked


def split_people(text: str) -> tuple[str | None, tuple[str, ...]]:
    """The lead and the team from "Nguyễn Thị Thu Hà (trưởng đoàn), Hà Văn Trung": the one
    marked lead, else the first named."""
    names: list[tuple[str, bool]] = []
    for part in cols.PEOPLE_SEPARATORS.split(text):
        name = normalise_name(part)
        if not name:
            continue
        folded = fold(name)
        marked = cols.LEAD_MARK.search(folded) is not None
        name = _strip_labels(name)
        if name:
            names.append((name, marked))
    if not names:
        return None, ()
    lead = next((n for n, marked in names if marked), names[0][0])
    return lead, tuple(n for n, _ in names if n != lead)


def _strip_labels(name: str) -> str:
    """Drops "Trưởng đoàn:", "(trưởng đoàn)", "Thành viên:", "Đ/c " around a name, keeping
    the name as written. Folding maps each letter of a Vietnamese name to one letter, so a
    span found in the folded name is the same span of the name."""
    name = normalise_name(name)
    for pattern in (cols.LEAD_MARK, cols.TEAM_LABEL, cols.COMRADE):
        match = pattern.search(fold(name))
        if match is not None and len(fold(name)) == len(name):
            name = normalise_name(name[: match.start()] + name[match.end() :])
    return name


def parse_rows(sheet: Sheet) -> tuple[list[ProgrammeRow], list[Problem]]:
    positions, problems = map_header(
        sheet.header, cols.COLUMNS, cols.REQUIRED, names=cols.HEADERS_VI
    )
    if problems:
        return [], problems
    rows = []
    for number, cells in sheet.rows:

        def cell(column: str, cells: list[str] = cells) -> str:
            index = positions.get(column)
            return cells[index].strip() if index is not None and index < len(cells) else ""

        row_problems = []
        kind = cols.KINDS.get(fold(cell("kind")))
        if kind is None:
            row_problems.append(
                Problem(
                    number,
                    N_(
                        'Unknown kind "{value}": write Kiểm tra, Giám sát chuyên đề, Giám sát '
                        "thường xuyên or Kiểm tra khi có dấu hiệu vi phạm."
                    ),
                    {"value": cell("kind")},
                )
            )
        content = normalise_name(cell("content"))
        if not content:
            row_problems.append(Problem(number, N_("The content is empty.")))
        elif len(content) > MAX_CONTENT:
            row_problems.append(
                Problem(
                    number,
                    N_("The content is longer than {max} characters."),
                    {"max": MAX_CONTENT},
                )
            )
        target = normalise_name(cell("target"))
        if not target:
            row_problems.append(Problem(number, N_("The target is empty.")))
        month, year = cols.parse_month(cell("month"))
        if month is None or not 1 <= month <= 12:
            row_problems.append(
                Problem(
                    number,
                    N_('"{value}" is not a month: write Tháng 3, 3/2020 or Quý II.'),
                    {"value": cell("month")},
                )
            )
        lead, team = split_people(cell("people"))
        for column in ("period", "method", "notes"):
            if len(cell(column)) > MAX_FIELD:
                row_problems.append(
                    Problem(
                        number,
                        N_('"{column}" is longer than {max} characters.'),
                        {"column": cols.HEADERS_VI[column], "max": MAX_FIELD},
                    )
                )
        problems.extend(row_problems)
        # A row with problems is kept for whom it names, which is checked too: one pass
        # through the file lists everything to fix. It never becomes an item.
        rows.append(
            ProgrammeRow(
                number,
                kind or ItemKind.INSPECTION,
                content,
                target,
                normalise_name(cell("period")),
                month if month is not None and 1 <= month <= 12 else 1,
                year,
                lead,
                team,
                normalise_name(cell("method")),
                normalise_name(cell("notes")),
                complete=not row_problems,
            )
        )
    return rows, problems
