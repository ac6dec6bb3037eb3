"""The period report of inspection and supervision (month, Q1, 6 months, 9 months, the year):
cells and members inspected (of whom committee members), supervised, concluded, remediation
open and done, against the year's quotas (:mod:`bot.domain.inspections.figures`).

The organisation's report counts every adopted programme of the year, its own and its cells'
(a member inspected by their cell is inspected); the committee, the inspection commission and
the operator see it. A cell secretary sees their cell's, from the cell's own programme, once
the cell has one. Figures only: no names, no conclusions.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from bot.clock import Clock
from bot.domain.errors import NotAllowed, UserError
from bot.domain.inspections.figures import (
    PeriodFigures,
    ReportAction,
    ReportItem,
    period_figures,
)
from bot.domain.inspections.periods import ReportPeriod, window
from bot.domain.inspections.quotas import Populations, QuotaSettings
from bot.domain.model import Identity, Role
from bot.domain.permissions import oversees_everyone
from bot.i18n import N_
from bot.services.inspections.ports import InspectionsUnitOfWork
from bot.services.ports import Database

NOT_ALLOWED = N_(
    "The inspection report is for the committee and the inspection commission; a cell "
    "secretary sees their cell's once the cell has its own programme."
)
NO_CELL_PROGRAMME = N_("The cell {cell} has no inspection programme for {year}.")
NO_ORGANISATION = N_('The organisation does not exist yet: run "butpha init" first.')
BAD_YEAR = N_("{year} is not a year the programme can be planned for ({first}–{last}).")
BAD_MONTH = N_("{month} is not a month: give 1 to 12.")
FIRST_YEAR, LAST_YEAR = 2000, 2100


@dataclass(frozen=True)
class PeriodReport:
    name: str  # the organisation's, or the cell's
    is_cell: bool
    figures: PeriodFigures
    today: date


class PeriodReportService:
    def __init__(
        self,
        db: Database[InspectionsUnitOfWork],
        clock: Clock,
        settings: QuotaSettings,
        zone: ZoneInfo,
    ) -> None:
        self._db = db
        self._clock = clock
        self._settings = settings
        self._zone = zone

    def _local(self, moment: datetime | None) -> date | None:
        return None if moment is None else moment.astimezone(self._zone).date()

    async def report(
        self,
        actor: Identity | None,
        period: ReportPeriod,
        year: int | None = None,
        month: int | None = None,
    ) -> PeriodReport:
        """``actor`` None is the operator. The year defaults to this one; a month report to
        this month (December of an earlier year)."""
        today = self._clock.now().astimezone(self._zone).date()
        year = today.year if year is None else year
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise UserError(BAD_YEAR, year=str(year), first=str(FIRST_YEAR), last=str(LAST_YEAR))
        if month is None:
            month = today.month if year == today.year else 12
        if not 1 <= month <= 12:
            raise UserError(BAD_MONTH, month=str(month))
        span = window(period, year, month)
        async with self._db.read() as uow:
            root = await uow.units.root()
            if root is None:
                raise UserError(NO_ORGANISATION)
            cell_id = await self._cell_of(uow, actor, year)
            if cell_id is None:
                name = root.name
                populations = await uow.concerns.populations()
            else:
                cell = await uow.units.get(cell_id)
                name = "" if cell is None else cell.name
                populations = await self._cell_populations(uow, cell_id)
            figures = uow.inspection_figures
            items = await figures.year_items(year, cell_id)
            actions = await figures.year_actions(year, cell_id)
            noted = await figures.noted_targets(
                datetime(span.start.year, span.start.month, 1, tzinfo=self._zone),
                datetime(span.end.year, span.end.month, 1, tzinfo=self._zone),
            )
        report_items = [
            ReportItem(
                kind,
                target,
                item_month,
                state,
                self._local(notified),
                self._local(concluded),
                self._local(closed),
            )
            for kind, target, item_month, state, notified, concluded, closed in items
        ]
        report_actions = [
            ReportAction(
                created.astimezone(self._zone).date(), self._local(done), self._local(verified)
            )
            for created, done, verified in actions
        ]
        return PeriodReport(
            name,
            cell_id is not None,
            period_figures(span, self._settings, populations, report_items, report_actions, noted),
            today,
        )

    async def _cell_of(
        self, uow: InspectionsUnitOfWork, actor: Identity | None, year: int
    ) -> int | None:
        """None for the organisation's report; a cell's id for its secretary's."""
        if actor is None or oversees_everyone(actor) or actor.has(Role.INSPECTOR):
            return None
        cells = sorted(g.unit_id for g in actor.roles if g.role is Role.CELL_SECRETARY)
        if not cells:
            raise NotAllowed(NOT_ALLOWED)
        for cell_id in cells:
            if await uow.inspections.programme(year, cell_id) is not None:
                return cell_id
        cell = await uow.units.get(cells[0])
        raise UserError(NO_CELL_PROGRAMME, cell="" if cell is None else cell.name, year=str(year))

    async def _cell_populations(self, uow: InspectionsUnitOfWork, cell_id: int) -> Populations:
        """A cell's programme is about its own members: no cells, its committee members and
        its active party members."""
        members = [
            m
            for m in await uow.members.all()
            if m.cell_id == cell_id and m.is_active and m.kind.is_party_member
        ]
        committee = set(await uow.roles.holders(Role.COMMITTEE))
        return Populations(0, sum(1 for m in members if m.id in committee), len(members))
