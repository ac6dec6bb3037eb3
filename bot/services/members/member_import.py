"""Importing the organisation's member list: all rows or nothing, matched on re-import.

Rows are matched to existing members by ``Mã`` (member_code) when given, otherwise by name and
cell, then by a name that is unique in the organisation. Re-importing the same file changes
nothing; an edited file updates members in place. Any invalid row aborts the whole import.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from bot.clock import Clock
from bot.domain.errors import UserError
from bot.domain.model import Member, NewMember, Role, RoleGrant, UnitKind
from bot.domain.text import cell_key, fold
from bot.i18n import N_
from bot.services.members.member_rows import MemberRow, parse_rows
from bot.services.members.ports import MembersUnitOfWork
from bot.services.ports import Database
from bot.services.spreadsheet import (
    DEFAULT_LIMITS,
    ImportLimits,
    ImportRejected,
    Problem,
    read_sheet,
)

__all__ = ["ImportRejected", "ImportSummary", "MemberImportService", "Problem", "plan_import"]


@dataclass(frozen=True)
class ImportSummary:
    created: int
    updated: int
    unchanged: int
    cells_created: int


@dataclass
class ImportPlan:
    """What an import will change, decided before anything is written."""

    create: list[tuple[MemberRow, NewMember]] = field(default_factory=list)
    update: list[Member] = field(default_factory=list)
    grants: dict[int, frozenset[RoleGrant]] = field(default_factory=dict)  # existing members
    languages: list[tuple[int, str]] = field(default_factory=list)
    changed: set[int] = field(default_factory=set)


def grants_for(roles: frozenset[Role], cell_id: int, root_id: int) -> frozenset[RoleGrant]:
    """Membership of the cell, a secretary's role in the cell, every other role at the root."""
    grants = {RoleGrant(Role.MEMBER, cell_id)}
    for role in roles:
        grants.add(RoleGrant(role, cell_id if role is Role.CELL_SECRETARY else root_id))
    return frozenset(grants)


def plan_import(
    rows: list[MemberRow],
    cell_ids: dict[str, int],
    root_id: int,
    existing: list[Member],
    grants_before: dict[int, frozenset[RoleGrant]],
) -> ImportPlan:
    """Match each row to an existing member or a new one, and note what differs."""
    by_code = {m.member_code: m for m in existing if m.member_code}
    by_name_cell: dict[tuple[str, int], list[Member]] = {}
    by_name: dict[str, list[Member]] = {}
    for m in existing:
        by_name_cell.setdefault((fold(m.full_name), m.cell_id), []).append(m)
        by_name.setdefault(fold(m.full_name), []).append(m)
    # A code match wins over a name match, whichever row comes first.
    claimed = {by_code[r.member_code].id for r in rows if r.member_code in by_code}

    def match(row: MemberRow, cell_id: int) -> Member | None:
        if row.member_code is not None and row.member_code in by_code:
            return by_code[row.member_code]
        name = fold(row.full_name)
        for candidates in (by_name_cell.get((name, cell_id), []), by_name.get(name, [])):
            free = [
                m
                for m in candidates
                if m.id not in claimed and (row.member_code is None or m.member_code is None)
            ]
            if len(free) == 1:
                claimed.add(free[0].id)
                return free[0]
        return None

    plan = ImportPlan()
    for row in rows:
        cell_id = cell_ids[cell_key(row.cell_name)]
        member = match(row, cell_id)
        if member is None:
            new = NewMember(
                row.full_name, cell_id, row.kind, row.status, row.member_code, row.title
            )
            plan.create.append((row, new))
            continue
        wanted = replace(
            member,
            full_name=row.full_name,
            cell_id=cell_id,
            kind=row.kind,
            status=row.status,
            member_code=row.member_code or member.member_code,
            title=row.title,
        )
        if wanted != member:
            plan.update.append(wanted)
            plan.changed.add(member.id)
        grants = grants_for(row.roles, cell_id, root_id)
        if grants != grants_before.get(member.id, frozenset()):
            plan.grants[member.id] = grants
            plan.changed.add(member.id)
        if row.language is not None and row.language != member.language:
            plan.languages.append((member.id, row.language))
            plan.changed.add(member.id)
    return plan


class MemberImportService:
    def __init__(
        self, db: Database[MembersUnitOfWork], clock: Clock, limits: ImportLimits = DEFAULT_LIMITS
    ) -> None:
        self._db = db
        self._clock = clock
        self._limits = limits

    async def import_file(self, path: Path) -> ImportSummary:
        rows, problems = parse_rows(read_sheet(path, self._limits))
        if problems:
            raise ImportRejected(problems)
        async with self._db.write() as uow:
            return await self._apply(uow, rows, source=path.name)

    async def _apply(
        self, uow: MembersUnitOfWork, rows: list[MemberRow], source: str
    ) -> ImportSummary:
        now = self._clock.now()
        root = await uow.units.root()
        if root is None:
            raise UserError(N_('The organisation does not exist yet: run "butpha init" first.'))
        cells = {cell_key(u.name): u.id for u in await uow.units.all() if u.kind is UnitKind.CELL}
        cells_before = len(cells)
        for row in rows:
            key = cell_key(row.cell_name)
            if key not in cells:
                unit = await uow.units.add(
                    parent_id=root.id, kind=UnitKind.CELL, name=row.cell_name, key=key, at=now
                )
                cells[key] = unit.id

        grants_before = await uow.roles.all()
        plan = plan_import(rows, cells, root.id, await uow.members.all(), grants_before)

        await uow.members.update_many(plan.update, at=now)
        ids = await uow.members.add_many([new for _, new in plan.create], at=now)
        grants = dict(plan.grants)
        languages = list(plan.languages)
        for member_id, (row, new) in zip(ids, plan.create, strict=True):
            grants[member_id] = grants_for(row.roles, new.cell_id, root.id)
            if row.language is not None:
                languages.append((member_id, row.language))
        await uow.roles.replace_many(grants, at=now)
        for member_id, language in languages:
            await uow.members.set_language(member_id, language, at=now)
        for member_id, after in grants.items():
            before = grants_before.get(member_id, frozenset())
            if _elevated(after) != _elevated(before):
                await uow.audit.record(
                    "roles_changed",
                    at=now,
                    subject_member_id=member_id,
                    detail={
                        "before": sorted(g.role.value for g in before),
                        "after": sorted(g.role.value for g in after),
                        "by": "import",
                    },
                )
        summary = ImportSummary(
            created=len(plan.create),
            updated=len(plan.changed),
            unchanged=len(rows) - len(plan.create) - len(plan.changed),
            cells_created=len(cells) - cells_before,
        )
        await uow.audit.record(
            "members_imported",
            at=now,
            detail={"file": source, **summary.__dict__},
        )
        return summary


def _elevated(grants: frozenset[RoleGrant]) -> frozenset[RoleGrant]:
    return frozenset(g for g in grants if g.role is not Role.MEMBER)
