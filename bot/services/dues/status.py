"""Dues as each reader sees them: a member their own months of the year; a cell secretary the
cell's grid (party members × months) and the claims waiting for confirmation; the committee and
the inspection commission every cell's figures, and any cell's grid. Who may see what is decided
here; a cell asked for by id that the reader may not see is refused and audited (a forged
button).

Also what other features read (documented in the README for the year-end review and the period
report): :meth:`DuesStatusService.member_year` and :meth:`DuesStatusService.period_figures`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from zoneinfo import ZoneInfo

from bot.clock import Clock
from bot.domain.dues.access import may_see_dues_of_cell, may_see_every_cell
from bot.domain.dues.model import DuesRecord, DuesState, Month
from bot.domain.dues.rules import DuesSettings, Shown, YearCounts, counts_of, year_row
from bot.domain.errors import NotAllowed, NotFound, UserError
from bot.domain.model import Identity, Member, Unit, UnitKind
from bot.domain.permissions import secretary_of
from bot.domain.text import cell_key, cell_sort_key, name_sort_key
from bot.i18n import N_
from bot.services.cell_names import unknown_cell
from bot.services.dues.ports import DuesUnitOfWork
from bot.services.loop_share import LoopShare
from bot.services.ports import Database

REFUSED_EVENT = "dues_access_refused"
REFUSED = N_("You can see the party dues of your own cell only.")
NOT_PARTY = N_("Party dues concern party members only.")


class DuesView(StrEnum):
    MEMBER = "member"  # their own months
    CELL = "cell"  # a secretary: their cell's grid
    ORGANISATION = "organisation"  # the committee and inspectors: figures by cell


@dataclass(frozen=True)
class MemberMonths:
    member: Member
    year: int
    months: tuple[Shown, ...]  # January to December
    reasons: Mapping[int, str]  # month → why exempt, reduced or deferred
    counts: YearCounts


@dataclass(frozen=True)
class CellGrid:
    cell: Unit
    year: int
    today: date
    rows: tuple[MemberMonths, ...]  # the cell's party members, by name
    claims: tuple[tuple[Member, Month], ...]  # waiting for the secretary's confirmation


@dataclass(frozen=True)
class CellFigures:
    """A cell's months, counted: per month how many paid (or said so) and how many not."""

    cell: Unit
    members: int  # party members
    paid: tuple[int, ...]  # per month: paid, reduced or claimed
    unpaid: tuple[int, ...]  # per month: due and not settled
    behind: int  # members with two unpaid months or more this year
    claims: int


@dataclass(frozen=True)
class PeriodFigures:
    """Dues over months of one year, for the period report: member-months owed (due,
    tracked, not exempt or deferred), paid (confirmed, reduced, or claimed), unpaid; the
    exempt and deferred ones apart; and the members with any unpaid month."""

    members: int
    owed: int
    paid: int
    claimed: int
    unpaid: int
    exempt: int
    deferred: int
    members_unpaid: int


def party_members(members: Sequence[Member], *, ordered: bool = True) -> list[Member]:
    """The active party members among ``members``, by name unless only counted (``ordered``
    False: no need to put tens of thousands of names in order)."""
    found = [m for m in members if m.kind.is_party_member and m.is_active]
    if ordered:
        found.sort(key=lambda m: name_sort_key(m.full_name))
    return found


class DuesStatusService:
    def __init__(
        self, db: Database[DuesUnitOfWork], clock: Clock, zone: ZoneInfo, settings: DuesSettings
    ) -> None:
        self._db = db
        self._clock = clock
        self._zone = zone
        self.settings = settings
        self._listed_months: dict[datetime, Month] = {}

    def today(self) -> date:
        return self._clock.now().astimezone(self._zone).date()

    def view(self, actor: Identity) -> DuesView:
        if may_see_every_cell(actor):
            return DuesView.ORGANISATION
        if secretary_of(actor):
            return DuesView.CELL
        return DuesView.MEMBER

    def default_cell(self, actor: Identity) -> int:
        cells = secretary_of(actor)
        return min(cells) if cells else actor.member.cell_id

    def months_of(
        self,
        member: Member,
        year: int,
        states: Mapping[int, DuesState],
        listed: datetime | None,
        today: date,
        reasons: Mapping[int, str] | None = None,
    ) -> MemberMonths:
        """A member's row of ``year`` from their recorded states by month number."""
        tracked = self._tracked(listed, year)
        row = year_row(
            year, states, today, tracked_from=tracked, grace_days=self.settings.grace_days
        )
        return MemberMonths(member, year, row, reasons or {}, counts_of(row))

    def _tracked(self, listed: datetime | None, year: int) -> Month:
        if listed is None:
            return Month(year, 1)
        found = self._listed_months.get(listed)
        if found is None:
            found = self._listed_months[listed] = Month.of(listed.astimezone(self._zone).date())
        return found

    def _from_records(
        self,
        member: Member,
        year: int,
        records: Sequence[DuesRecord],
        listed: datetime | None,
        today: date,
    ) -> MemberMonths:
        states = {r.month: r.state for r in records}
        reasons = {r.month: r.reason for r in records if r.state.needs_reason}
        return self.months_of(member, year, states, listed, today, reasons)

    async def mine(self, actor: Identity, year: int | None = None) -> MemberMonths:
        """The asker's own months of ``year`` (this year's by default)."""
        if not actor.member.kind.is_party_member:
            raise UserError(NOT_PARTY)
        today = self.today()
        year = year or today.year
        async with self._db.read() as uow:
            records = await uow.dues.of_year(year, [actor.member.id])
            listed = (await uow.dues.listed_at([actor.member.id])).get(actor.member.id)
        return self._from_records(actor.member, year, records, listed, today)

    async def member_year(self, member_id: int, year: int) -> YearCounts:
        """A member's dues months of ``year`` counted (paid, claimed, unpaid, exempt, …): the
        evidence the year-end review shows. Not authorised here: the caller is a service that
        has decided who may read the member's review."""
        today = self.today()
        async with self._db.read() as uow:
            member = await uow.members.get(member_id)
            if member is None:
                raise NotFound(N_("No such member."))
            records = await uow.dues.of_year(year, [member_id])
            listed = (await uow.dues.listed_at([member_id])).get(member_id)
        return self._from_records(member, year, records, listed, today).counts

    async def period_figures(
        self, cell_id: int | None, year: int, first_month: int, last_month: int
    ) -> PeriodFigures:
        """A cell's (``cell_id``) or the organisation's (None) dues over the months
        ``first_month``..``last_month`` of ``year``, counted as of today: what the period
        report writes. Not authorised here (the report's service decides who may read it)."""
        today = self.today()
        async with self._db.read() as uow:
            cells = None if cell_id is None else frozenset({cell_id})
            members = party_members(await uow.members.in_cells(cells, unlinked_only=False))
            ids = None if cell_id is None else [m.id for m in members]
            states = await uow.dues.states_of_year(year, ids)
            listed = await uow.dues.listed_at(ids)
        totals = dict.fromkeys(("owed", "paid", "claimed", "unpaid", "exempt", "deferred"), 0)
        behind = 0
        share = LoopShare()  # tens of thousands of members' years: the loop is not held
        for member in members:
            await share()
            row = self.months_of(
                member, year, states.get(member.id, {}), listed.get(member.id), today
            ).months
            counts = counts_of(row[first_month - 1 : last_month])
            for name in totals:
                totals[name] += getattr(counts, name)
            behind += counts.unpaid > 0
        return PeriodFigures(members=len(members), members_unpaid=behind, **totals)

    async def cell_grid(self, actor: Identity, cell_id: int, year: int | None = None) -> CellGrid:
        """A cell's grid by its id (from a button): one the reader may not see is refused and
        audited."""
        async with self.audited(actor, "dues_grid", cell_id=cell_id):
            if not may_see_dues_of_cell(actor, cell_id):
                raise NotAllowed(REFUSED)
            return await self.grid(cell_id, year)

    async def cell_named(self, actor: Identity, name: str, year: int | None = None) -> CellGrid:
        cell = await self.find_cell(name)
        if not may_see_dues_of_cell(actor, cell.id):
            raise NotAllowed(REFUSED)
        return await self.grid(cell.id, year)

    async def find_cell(self, name: str) -> Unit:
        """A cell by (part of) its name; one not found is refused with the cells' names."""
        async with self._db.read() as uow:
            units = [u for u in await uow.units.all() if u.kind is UnitKind.CELL]
        wanted = cell_key(name)
        exact = [u for u in units if cell_key(u.name) == wanted]
        found = exact or [u for u in units if wanted and wanted in cell_key(u.name)]
        if len(found) != 1:
            raise unknown_cell(name, units)
        return found[0]

    async def grid(self, cell_id: int, year: int | None = None) -> CellGrid:
        """A cell's grid, unauthorised: for the callers above and the command line."""
        today = self.today()
        year = year or today.year
        async with self._db.read() as uow:
            cell = await uow.units.get(cell_id)
            if cell is None or cell.kind is not UnitKind.CELL:
                raise NotAllowed(REFUSED)
            members = party_members(
                await uow.members.in_cells(frozenset({cell_id}), unlinked_only=False)
            )
            ids = [m.id for m in members]
            records = await uow.dues.of_year(year, ids)
            claims = await uow.dues.claims(ids)
            listed = await uow.dues.listed_at(ids)
        by_member: dict[int, list[DuesRecord]] = {}
        for record in records:
            by_member.setdefault(record.member_id, []).append(record)
        rows = tuple(
            self._from_records(m, year, by_member.get(m.id, []), listed.get(m.id), today)
            for m in members
        )
        named = {m.id: m for m in members}
        waiting = tuple((named[c.member_id], c.at) for c in claims if c.member_id in named)
        return CellGrid(cell, year, today, rows, waiting)

    async def cells(self, actor: Identity, year: int | None = None) -> list[CellFigures]:
        """Every cell's figures, for the committee and the inspection commission."""
        async with self.audited(actor, "dues_cells"):
            if not may_see_every_cell(actor):
                raise NotAllowed(REFUSED)
        return await self.figures(year)

    async def figures(self, year: int | None = None) -> list[CellFigures]:
        """Every cell's figures, unauthorised (for the committee's view and the command line):
        everything read once, not cell by cell."""
        today = self.today()
        year = year or today.year
        async with self._db.read() as uow:
            units = [u for u in await uow.units.all() if u.kind is UnitKind.CELL]
            members = party_members(
                await uow.members.in_cells(None, unlinked_only=False), ordered=False
            )
            states = await uow.dues.states_of_year(year, None)
            claims = await uow.dues.claims(None)
            listed = await uow.dues.listed_at()
        by_cell: dict[int, list[MemberMonths]] = {}
        share = LoopShare()  # tens of thousands of members' years: the loop is not held
        for m in members:
            await share()
            row = self.months_of(m, year, states.get(m.id, {}), listed.get(m.id), today)
            by_cell.setdefault(m.cell_id, []).append(row)
        cell_of = {m.id: m.cell_id for m in members}
        waiting: dict[int, int] = {}
        for claim in claims:
            cell = cell_of.get(claim.member_id)
            if cell is not None:
                waiting[cell] = waiting.get(cell, 0) + 1
        found = []
        for unit in sorted(units, key=lambda u: cell_sort_key(u.name)):
            rows = by_cell.get(unit.id, [])
            paid = tuple(
                sum(r.months[m] in (Shown.PAID, Shown.REDUCED, Shown.CLAIMED) for r in rows)
                for m in range(12)
            )
            unpaid = tuple(sum(r.months[m] is Shown.UNPAID for r in rows) for m in range(12))
            behind = sum(r.counts.unpaid >= self.settings.secretary_alert_months for r in rows)
            found.append(
                CellFigures(unit, len(rows), paid, unpaid, behind, waiting.get(unit.id, 0))
            )
        return found

    @asynccontextmanager
    async def audited(self, actor: Identity, action: str, **detail: int) -> AsyncIterator[None]:
        """Around an action on someone's dues: a refusal is written to the audit log after
        the refused transaction has rolled back, then raised."""
        try:
            yield
        except (NotAllowed, NotFound):
            async with self._db.write() as uow:
                await uow.audit.record(
                    REFUSED_EVENT,
                    at=self._clock.now(),
                    actor_member_id=actor.member.id,
                    detail={**detail, "action": action},
                )
            raise
