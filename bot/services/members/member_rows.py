"""Reading and checking the rows of a member spreadsheet, with problems by row number."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.domain.model import MemberKind, MemberStatus, Role
from bot.domain.text import cell_key, fold, normalise_name
from bot.i18n import N_
from bot.services.members import member_columns as cols
from bot.services.spreadsheet import Problem, Sheet, map_header

MAX_NAME = 120
_ROLE_SEPARATORS = re.compile(r"[,;+/\n]")


@dataclass(frozen=True)
class MemberRow:
    number: int
    full_name: str
    cell_name: str
    kind: MemberKind
    roles: frozenset[Role]
    title: str | None
    member_code: str | None
    status: MemberStatus
    language: str | None


def _parse_roles(raw: str) -> tuple[frozenset[Role], str | None, bool]:
    roles: set[Role] = set()
    titled = False
    for part in _ROLE_SEPARATORS.split(raw):
        folded = fold(part)
        if not folded:
            continue
        if folded not in cols.ROLES:
            return frozenset(), None, False
        role = cols.ROLES[folded]
        if role is not None:
            roles.add(role)
        titled = titled or folded not in cols.ROLE_IDENTIFIERS
    # Keep what the secretary wrote ("Phó Bí thư Đảng ủy") as the member's title.
    title = normalise_name(raw) if titled and raw.strip() else None
    return frozenset(roles), title, True


def parse_rows(sheet: Sheet) -> tuple[list[MemberRow], list[Problem]]:
    positions, problems = map_header(
        sheet.header, cols.COLUMNS, cols.REQUIRED, forbidden=cols.FORBIDDEN_HEADERS
    )
    if problems:
        return [], problems
    rows = []
    for number, cells in sheet.rows:

        def cell(column: str, cells: list[str] = cells) -> str:
            index = positions.get(column)
            return cells[index].strip() if index is not None and index < len(cells) else ""

        full_name = normalise_name(cell("full_name"))
        cell_name = normalise_name(cell("cell"))
        row_problems = []
        if not full_name:
            row_problems.append(Problem(number, N_("The name is empty.")))
        elif len(full_name) > MAX_NAME:
            row_problems.append(
                Problem(number, N_("The name is longer than {max} characters."), {"max": MAX_NAME})
            )
        if not cell_key(cell_name):
            row_problems.append(Problem(number, N_("The cell is empty.")))
        kind = cols.KINDS.get(fold(cell("kind")))
        if kind is None:
            row_problems.append(
                Problem(
                    number,
                    N_(
                        'Unknown kind "{value}": write Đảng viên chính thức, Đảng viên dự bị or '
                        "Quần chúng."
                    ),
                    {"value": cell("kind")},
                )
            )
        roles, title, roles_ok = _parse_roles(cell("role"))
        if not roles_ok:
            row_problems.append(
                Problem(number, N_('Unknown role "{value}".'), {"value": cell("role")})
            )
        status = cols.STATUSES.get(fold(cell("status")) or "active")
        if status is None:
            row_problems.append(
                Problem(number, N_('Unknown status "{value}".'), {"value": cell("status")})
            )
        language = None
        if cell("language"):
            language = cols.LANGUAGES.get(fold(cell("language")))
            if language is None:
                row_problems.append(
                    Problem(number, N_('Unknown language "{value}".'), {"value": cell("language")})
                )
        if row_problems:
            problems.extend(row_problems)
            continue
        assert kind is not None and status is not None
        rows.append(
            MemberRow(
                number,
                full_name,
                cell_name,
                kind,
                roles,
                title,
                cell("member_code") or None,
                status,
                language,
            )
        )
    problems.extend(_duplicates(rows))
    return rows, problems


def _duplicates(rows: list[MemberRow]) -> list[Problem]:
    problems = []
    seen_codes: dict[str, int] = {}
    seen_names: dict[tuple[str, str], int] = {}
    for row in rows:
        if row.member_code is not None:
            first = seen_codes.setdefault(row.member_code, row.number)
            if first != row.number:
                problems.append(
                    Problem(
                        row.number,
                        N_("The code {code} is already used on row {first}."),
                        {"code": row.member_code, "first": first},
                    )
                )
        else:
            key = (fold(row.full_name), cell_key(row.cell_name))
            first = seen_names.setdefault(key, row.number)
            if first != row.number:
                problems.append(
                    Problem(
                        row.number,
                        N_(
                            'Same name and cell as row {first}: add a "Mã" column to tell them apart.'
                        ),
                        {"first": first},
                    )
                )
    return problems
