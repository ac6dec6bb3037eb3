"""Importing the organisation's member list: all rows or nothing, matched on re-import.

Rows are matched to existing members by ``Mã`` (member_code) when given, otherwise by name and
cell, then by a name that is unique in the organisation. Re-importing the same file changes
nothing; an edited file updates members in place. Any invalid row aborts the whole import.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from bot.clock import Clock
from bot.domain.errors import UserError
from bot.domain.model import Member, MemberKind, MemberStatus, NewMember, Role, RoleGrant, UnitKind
from bot.domain.text import cell_key, fold, normalise_name
from bot.i18n import N_
from bot.services import member_columns as cols
from bot.services.ports import Database
from bot.services.spreadsheet import Sheet, read_sheet

MAX_NAME = 120
_ROLE_SEPARATORS = re.compile(r"[,;+/\n]")


@dataclass(frozen=True)
class Problem:
    row: int  # spreadsheet row number; 1 is the header
    message: str
    params: dict[str, Any] = field(default_factory=dict)


class ImportRejected(UserError):
    """The file has problems; nothing was written."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(
            N_("The import was cancelled: {count} problem(s); nothing was changed."),
            count=len(problems),
        )
        self.problems = problems


@dataclass(frozen=True)
class ImportSummary:
    created: int
    updated: int
    unchanged: int
    cells_created: int


@dataclass(frozen=True)
class _Row:
    number: int
    full_name: str
    cell_name: str
    kind: MemberKind
    roles: frozenset[Role]
    title: str | None
    member_code: str | None
    status: MemberStatus
    language: str | None


def _map_header(header: list[str]) -> tuple[dict[str, int], list[Problem]]:
    by_spelling = {
        fold(spelling): column
        for column, spellings in cols.COLUMNS.items()
        for spelling in spellings
    }
    positions: dict[str, int] = {}
    problems = []
    for index, raw in enumerate(header):
        folded = fold(raw)
        if not folded:
            continue
        if any(word in folded for word in cols.FORBIDDEN_HEADERS):
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
    for column in cols.REQUIRED:
        if column not in positions:
            problems.append(
                Problem(1, N_('Missing column "{column}".'), {"column": cols.COLUMNS[column][0]})
            )
    return positions, problems


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


def _parse_rows(sheet: Sheet) -> tuple[list[_Row], list[Problem]]:
    positions, problems = _map_header(sheet.header)
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
            _Row(
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


def _duplicates(rows: list[_Row]) -> list[Problem]:
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


class MemberImportService:
    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock

    async def import_file(self, path: Path) -> ImportSummary:
        rows, problems = _parse_rows(read_sheet(path))
        if problems:
            raise ImportRejected(problems)
        return await self._apply(rows, source=path.name)

    async def _apply(self, rows: list[_Row], source: str) -> ImportSummary:
        now = self._clock.now()
        async with self._db.write() as uow:
            root = await uow.units.root()
            if root is None:
                raise UserError(N_('The organisation does not exist yet: run "butpha init" first.'))
            cells = {cell_key(u.name): u for u in await uow.units.all() if u.kind is UnitKind.CELL}
            cells_created = 0
            for row in rows:
                key = cell_key(row.cell_name)
                if key not in cells:
                    cells[key] = await uow.units.add(
                        parent_id=root.id, kind=UnitKind.CELL, name=row.cell_name, key=key
                    )
                    cells_created += 1

            existing = await uow.members.all()
            grants_before = await uow.roles.all()
            by_code = {m.member_code: m for m in existing if m.member_code}
            by_name_cell: dict[tuple[str, int], list[Member]] = {}
            by_name: dict[str, list[Member]] = {}
            for m in existing:
                by_name_cell.setdefault((fold(m.full_name), m.cell_id), []).append(m)
                by_name.setdefault(fold(m.full_name), []).append(m)
            claimed: set[int] = set()

            def match(row: _Row, cell_id: int) -> Member | None:
                if row.member_code is not None and row.member_code in by_code:
                    return by_code[row.member_code]
                for candidates in (
                    by_name_cell.get((fold(row.full_name), cell_id), []),
                    by_name.get(fold(row.full_name), []),
                ):
                    free = [
                        m
                        for m in candidates
                        if m.id not in claimed
                        and (row.member_code is None or m.member_code is None)
                    ]
                    if len(free) == 1:
                        return free[0]
                return None

            to_create: list[tuple[_Row, NewMember]] = []
            to_update: list[Member] = []
            new_grants: dict[int, frozenset[RoleGrant]] = {}
            languages: list[tuple[int, str]] = []
            updated: set[int] = set()
            for row in rows:
                cell = cells[cell_key(row.cell_name)]
                grants = self._grants(row.roles, cell.id, root.id)
                member = match(row, cell.id)
                if member is None:
                    to_create.append(
                        (
                            row,
                            NewMember(
                                row.full_name,
                                cell.id,
                                row.kind,
                                row.status,
                                row.member_code,
                                row.title,
                            ),
                        )
                    )
                    continue
                claimed.add(member.id)
                wanted = replace(
                    member,
                    full_name=row.full_name,
                    cell_id=cell.id,
                    kind=row.kind,
                    status=row.status,
                    member_code=row.member_code or member.member_code,
                    title=row.title,
                )
                changed = False
                if wanted != member:
                    to_update.append(wanted)
                    changed = True
                if grants != grants_before.get(member.id, frozenset()):
                    new_grants[member.id] = grants
                    changed = True
                if row.language is not None and row.language != member.language:
                    languages.append((member.id, row.language))
                    changed = True
                if changed:
                    updated.add(member.id)

            await uow.members.update_many(to_update)
            ids = await uow.members.add_many([new for _, new in to_create])
            for member_id, (row, new) in zip(ids, to_create, strict=True):
                new_grants[member_id] = self._grants(row.roles, new.cell_id, root.id)
                if row.language is not None:
                    languages.append((member_id, row.language))
            await uow.roles.replace_many(new_grants)
            for member_id, language in languages:
                await uow.members.set_language(member_id, language)
            for member_id, grants in new_grants.items():
                before = grants_before.get(member_id, frozenset())
                if _elevated(grants) != _elevated(before):
                    await uow.audit.record(
                        "roles_changed",
                        at=now,
                        subject_member_id=member_id,
                        detail={
                            "before": sorted(g.role.value for g in before),
                            "after": sorted(g.role.value for g in grants),
                            "by": "import",
                        },
                    )
            summary = ImportSummary(
                len(to_create),
                len(updated),
                len(rows) - len(to_create) - len(updated),
                cells_created,
            )
            await uow.audit.record(
                "members_imported",
                at=now,
                detail={
                    "file": source,
                    "created": summary.created,
                    "updated": summary.updated,
                    "unchanged": summary.unchanged,
                    "cells_created": cells_created,
                },
            )
        return summary

    @staticmethod
    def _grants(roles: frozenset[Role], cell_id: int, root_id: int) -> frozenset[RoleGrant]:
        grants = {RoleGrant(Role.MEMBER, cell_id)}
        for role in roles:
            grants.add(RoleGrant(role, cell_id if role is Role.CELL_SECRETARY else root_id))
        return frozenset(grants)


def _elevated(grants: frozenset[RoleGrant]) -> frozenset[RoleGrant]:
    return frozenset(g for g in grants if g.role is not Role.MEMBER)
