"""``butpha oversight import FILE.xlsx``: the organisation's yearly programme from the
spreadsheet it is written in, all rows or nothing, every problem listed by row (as the member
import does).

Each row's target is a cell (by name, "Chi bộ …" or not) or a party member (by code or name,
"Đ/c …" or not; a committee member is inspected as one); its lead and team are party members
found the same way. The chat's rules hold: nobody sits on an item about their own cell or
themselves, and the row says who and why. The rows become the organisation's programme for the
year: a draft, to be reviewed and adopted in the chat (``/kiemtra``), replacing an earlier
draft; or, with ``adopt``, the programme as adopted at the meeting. An adopted programme is
not replaced: its items are changed one by one, with the changes recorded.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bot.clock import Clock
from bot.domain.errors import UserError
from bot.domain.inspections.model import (
    OWN_CELL,
    THEMSELVES,
    Conflict,
    Person,
    Target,
    TargetKind,
    conflict,
)
from bot.domain.inspections.months import Spread, spread
from bot.domain.inspections.quotas import QuotaLine
from bot.domain.inspections.records import Change, ItemDraft, Review
from bot.domain.model import Member, Role, Unit, UnitKind
from bot.domain.text import cell_key, fold
from bot.i18n import N_
from bot.services.cell_names import unknown_cell
from bot.services.inspections.ports import InspectionsUnitOfWork
from bot.services.inspections.programme import ProgrammeService
from bot.services.inspections.programme_rows import MAX_FIELD, ProgrammeRow, parse_rows
from bot.services.member_lookup import match_member
from bot.services.ports import Database
from bot.services.spreadsheet import (
    DEFAULT_LIMITS,
    ImportLimits,
    ImportRejected,
    Problem,
    read_sheet,
)

ALREADY_ADOPTED = N_(
    "The programme for {year} is already adopted: change its items in the chat instead."
)
NO_ORGANISATION = N_('The organisation does not exist yet: run "butpha init" first.')
BAD_YEAR = N_("{year} is not a year the programme can be planned for ({first}–{last}).")
NO_ROWS = N_("The file has no items: write one row per item under the header.")
NOT_PARTY = N_("{name} is not an active party member of the organisation.")
OTHER_YEAR = N_("This row is for {written}; the programme being imported is for {year}.")
LEAD_IN_TEAM = N_("The lead cannot also be a member of the team.")
FIRST_YEAR, LAST_YEAR = 2000, 2100

_CELL_WORDS = ("chi bo ",)
_PERSON_WORDS = ("d/c ", "dc ", "dong chi ")


@dataclass(frozen=True)
class ImportedProgramme:
    year: int
    items: int
    adopted: bool
    quotas: tuple[QuotaLine, ...]
    spread: Spread  # how the items fall over the months (warned of when bunched at the end)


@dataclass(frozen=True)
class _Directory:
    """The organisation as the rows are checked against it, read once."""

    cells: dict[str, Unit]  # cell_key → cell
    units: list[Unit]
    active: list[Member]
    committee: frozenset[int]


class ProgrammeImportService:
    def __init__(
        self,
        db: Database[InspectionsUnitOfWork],
        clock: Clock,
        programmes: ProgrammeService,
        limits: ImportLimits = DEFAULT_LIMITS,
    ) -> None:
        self._db = db
        self._clock = clock
        self._programmes = programmes
        self._limits = limits

    async def import_file(self, path: Path, year: int, *, adopt: bool) -> ImportedProgramme:
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise UserError(BAD_YEAR, year=str(year), first=str(FIRST_YEAR), last=str(LAST_YEAR))
        rows, problems = parse_rows(read_sheet(path, self._limits))
        if any(p.row == 1 for p in problems):
            raise ImportRejected(problems)  # the columns are wrong: the rows mean nothing yet
        if not rows:
            raise UserError(NO_ROWS)
        now = self._clock.now()
        async with self._db.write() as uow:
            root = await uow.units.root()
            if root is None:
                raise UserError(NO_ORGANISATION)
            programme = await uow.inspections.programme(year, root.id)
            if programme is not None and programme.adopted:
                raise UserError(ALREADY_ADOPTED, year=str(year))
            directory = await _directory(uow)
            drafts, found = _resolve(rows, directory, year)
            # Every problem of every row, in the file's order: one pass fixes the file.
            problems = sorted([*problems, *found], key=lambda p: p.row)
            if problems:
                raise ImportRejected(problems)
            if programme is None:
                programme_id = await uow.inspections.create_programme(year, root.id, now)
            else:
                programme_id = programme.id
                await uow.inspections.clear_draft(programme_id)
            review = Review.ACCEPTED if adopt else Review.PROPOSED
            ids = await uow.inspections.add_items(programme_id, drafts, review, now)
            await uow.inspections.add_events(ids, now, None, Change.CREATED, path.name)
            if adopt:
                await uow.inspections.adopt(programme_id, now, None)
            await uow.audit.record(
                "inspection_programme_imported",
                at=now,
                detail={"file": path.name, "year": year, "items": len(ids), "adopted": adopt},
            )
            quotas = await self._programmes.quota_lines_in(uow, year)
        months = spread((d.month for d in drafts), self._programmes.settings.late_share)
        return ImportedProgramme(year, len(drafts), adopt, quotas, months)


async def _directory(uow: InspectionsUnitOfWork) -> _Directory:
    units = await uow.units.all()
    cells = {cell_key(u.name): u for u in units if u.kind is UnitKind.CELL}
    active = [m for m in await uow.members.all() if m.is_active]
    committee = frozenset(await uow.roles.holders(Role.COMMITTEE))
    return _Directory(cells, units, active, committee)


def _resolve(
    rows: list[ProgrammeRow], directory: _Directory, year: int
) -> tuple[list[ItemDraft], list[Problem]]:
    drafts: list[ItemDraft] = []
    problems: list[Problem] = []
    for row in rows:
        found: list[Problem] = []

        def refuse(error: UserError, row: ProgrammeRow = row, found: list[Problem] = found) -> None:
            found.append(Problem(row.number, error.message, dict(error.params)))

        if row.year is not None and row.year != year:
            refuse(UserError(OTHER_YEAR, written=str(row.year), year=str(year)))
        target = None
        try:
            if row.target:  # an empty one is the row's own problem
                target = _target(row.target, directory)
        except UserError as error:
            refuse(error)
        lead: Person | None = None
        team: list[Person] = []
        for index, name in enumerate(((row.lead,) if row.lead else ()) + row.team):
            try:
                person = _person(name, directory)
            except UserError as error:
                refuse(error)
                continue
            if index == 0 and row.lead:
                lead = person
            else:
                team.append(person)
        if lead is not None and lead.id in {p.id for p in team}:
            refuse(UserError(LEAD_IN_TEAM))
        people = ([lead] if lead is not None else []) + team
        if target is not None:
            for person in people:
                why = conflict(person, target)
                if why is not None:
                    message = OWN_CELL if why is Conflict.OWN_CELL else THEMSELVES
                    refuse(UserError(message, name=person.name))
        if found or target is None or not row.complete:
            problems.extend(found)
            continue
        team_ids = tuple(dict.fromkeys(p.id for p in team))
        drafts.append(
            ItemDraft(
                kind=row.kind,
                content=row.content,
                target=target,
                month=row.month,
                lead_id=None if lead is None else lead.id,
                team_ids=team_ids,
                period=row.period,
                method=row.method,
                decision_ref=row.notes[:MAX_FIELD],
            )
        )
    return drafts, problems


def _target(text: str, directory: _Directory) -> Target:
    """A cell by its name, else a party member by code or name; "Chi bộ …" is only a cell and
    "Đ/c …" only a person."""
    folded = fold(text)
    person_only = folded.startswith(_PERSON_WORDS)
    cell_only = folded.startswith(_CELL_WORDS)
    if not person_only:
        cell = directory.cells.get(cell_key(text))
        if cell is not None:
            return Target(TargetKind.CELL, cell.id, cell.id)
        if cell_only:
            raise unknown_cell(text, directory.units)
    person = _person(text, directory)
    kind = TargetKind.COMMITTEE_MEMBER if person.id in directory.committee else TargetKind.MEMBER
    return Target(kind, person.id, person.cell_id)


def _person(text: str, directory: _Directory) -> Person:
    folded = fold(text)
    name = text
    for word in _PERSON_WORDS:
        if folded.startswith(word):
            name = text.split(maxsplit=1)[1] if " " in text else text
            break
    member = match_member(directory.active, name)
    if not member.kind.is_party_member or member.cell_id not in {
        c.id for c in directory.cells.values()
    }:
        raise UserError(NOT_PARTY, name=member.full_name)
    return Person(member.id, member.full_name, member.cell_id)
