"""How far are we: a member, a cell, the organisation; the public registry; nudges."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from zoneinfo import ZoneInfo

from bot.clock import Clock
from bot.domain.errors import NotAllowed, UserError
from bot.domain.model import Identity, Member, Unit, UnitKind
from bot.domain.nudges import NudgeKind
from bot.domain.outbox import ChatKind, OutgoingMessage, Purpose
from bot.domain.permissions import (
    may_remind_unregistered,
    may_see_cell,
    may_see_cell_figures,
    may_see_organisation,
    oversees_everyone,
    secretary_of,
)
from bot.domain.reports import (
    CellProgress,
    OverdueTask,
    PublicTask,
    Unregistered,
    registry_order,
    total,
)
from bot.domain.tasks import Year
from bot.domain.text import cell_key, name_sort_key
from bot.i18n import N_
from bot.services.cell_names import unknown_cell
from bot.services.delivery import DeliveryService
from bot.services.meetings.study_figures import year_study_figures
from bot.services.ports import Database
from bot.services.tasks.ports import TasksUnitOfWork
from bot.services.tasks.report_summaries import (
    CellSummary,
    Chosen,
    MemberSummary,
    OrganisationOutline,
    OrganisationPage,
    OrganisationSummary,
    Picked,
    UnregisteredByCell,
    UnregisteredNames,
    UnregisteredOutline,
)
from bot.services.tasks.task_access import Recipient, recipient

OVERDUE_SHOWN = 20
NUDGE_KIND = NudgeKind.REGISTER
OTHER_CELLS = N_(
    "You can see your own cell's progress only; the committee and the inspection commission "
    "see every cell."
)
REMINDING_REFUSED = N_(
    "Only the cell's secretary and the committee remind its members to register; the "
    "inspection commission sees the list."
)
NAMES_REFUSED = N_(
    "Only cell secretaries, the committee and the inspection commission can see this list."
)


class ReportScope(StrEnum):
    MEMBER = "member"  # their own tasks
    CELL = "cell"  # a secretary: their cell
    ORGANISATION = "organisation"  # the committee and inspectors: every cell


@dataclass(frozen=True)
class Nudged:
    """What one press of "remind those not registered" did, for the secretary to read."""

    reminded: list[Recipient]
    already_today: list[Recipient]  # reminded earlier today: not again before tomorrow
    not_linked: list[Recipient]  # never opened the bot: they need an invite link (/moi)


class ReportService:
    def __init__(
        self, db: Database[TasksUnitOfWork], clock: Clock, zone: ZoneInfo, delivery: DeliveryService
    ) -> None:
        self._db = db
        self._clock = clock
        self._zone = zone
        self._delivery = delivery

    def today(self) -> date:
        return self._clock.now().astimezone(self._zone).date()

    async def _year(self, uow: TasksUnitOfWork) -> Year:
        year = await uow.years.current()
        if year is None:
            raise UserError(N_("The committee has not set up this year's breakthrough tasks yet."))
        return year

    async def member(self, actor: Identity) -> MemberSummary:
        today = self.today()
        async with self._db.read() as uow:
            year = await self._year(uow)
            tasks = await uow.tasks.of_member(actor.member.id, year.year)
            cells = await uow.progress.cells(year.year, today, actor.member.cell_id)
        return MemberSummary(year, tasks, today, cells[0] if cells else None)

    async def find_cell(self, actor: Identity, name: str) -> Unit:
        """A cell by (part of) its name, among those ``actor`` may see."""
        found = await self.find_public_cell(name)
        if not may_see_cell_figures(actor, found.id):
            raise NotAllowed(OTHER_CELLS)
        return found

    async def find_public_cell(self, name: str) -> Unit:
        """A cell by (part of) its name, for the public registry: every member sees every
        cell's approved tasks."""
        async with self._db.read() as uow:
            units = [u for u in await uow.units.all() if u.kind is UnitKind.CELL]
        wanted = cell_key(name)
        exact = [u for u in units if cell_key(u.name) == wanted]
        found = exact or [u for u in units if wanted and wanted in cell_key(u.name)]
        if len(found) != 1:
            raise unknown_cell(name, units)
        return found[0]

    def scope(self, actor: Identity) -> ReportScope:
        """What "how far are we?" means for ``actor`` when they name no cell."""
        if may_see_organisation(actor):
            return ReportScope.ORGANISATION
        if self.default_cell(actor) is not None:
            return ReportScope.CELL
        return ReportScope.MEMBER

    def default_cell(self, actor: Identity) -> int | None:
        """The cell a secretary means when they do not name one."""
        cells = secretary_of(actor)
        return min(cells) if cells else None

    def own_cell(self, actor: Identity) -> int:
        """The cell "my cell" means: a secretary's (the first, if several), else their own."""
        return self.default_cell(actor) or actor.member.cell_id

    async def cell(self, actor: Identity, cell_id: int) -> CellSummary:
        """A cell's figures for whoever may see them; the names only for its secretary, the
        committee and the inspection commission."""
        if not may_see_cell_figures(actor, cell_id):
            raise NotAllowed(OTHER_CELLS)
        names_shown = may_see_cell(actor, cell_id)
        today = self.today()
        overdue: list[OverdueTask] = []
        members: list[Member] = []
        async with self._db.read() as uow:
            year = await self._year(uow)
            [progress] = await uow.progress.cells(year.year, today, cell_id)
            if names_shown:
                overdue = await uow.progress.overdue(year.year, today, cell_id, OVERDUE_SHOWN)
                members = await uow.progress.unregistered(year.year, cell_id)
            collective = await uow.tasks.of_units([cell_id], year.year)
        unregistered = Unregistered.of(progress, members)
        return CellSummary(year, progress, overdue, unregistered, collective, names_shown)

    async def unregistered_by_cell(self, actor: Identity) -> UnregisteredByCell:
        """Every cell's members who have not registered, for the committee and inspectors:
        the figures and the names in two queries, whatever the number of cells."""
        if not may_see_organisation(actor):
            raise NotAllowed(NAMES_REFUSED)
        async with self._db.read() as uow:
            year = await self._year(uow)
            cells = await uow.progress.cells(year.year, self.today())
            members = await uow.progress.unregistered(year.year, None)
            root = await uow.units.root()
            assert root is not None
        by_cell: dict[int, list[Member]] = {}
        for member in members:
            by_cell.setdefault(member.cell_id, []).append(member)
        return UnregisteredByCell(
            year,
            total(cells, root.name),
            [Unregistered.of(c, by_cell[c.cell_id]) for c in cells if c.cell_id in by_cell],
            [c for c in cells if c.cell_id not in by_cell],
        )

    async def unregistered_page(
        self, actor: Identity, choose: Callable[[UnregisteredOutline], Picked]
    ) -> UnregisteredNames[Picked]:
        """A page of every cell's members who have not registered, for the committee and
        inspectors, in one read: the figures of every cell in one pass over the members, then
        ``choose`` picks the page's cells and only their names are read."""
        if not may_see_organisation(actor):
            raise NotAllowed(NAMES_REFUSED)
        async with self._db.read() as uow:
            year = await self._year(uow)
            figures = await uow.progress.registration_by_cell(year.year)
            root = await uow.units.root()
            assert root is not None
            cells = [cell for cell, _ in figures]
            outline = UnregisteredOutline(
                year, total(cells, root.name), cells, {c.cell_id: n for c, n in figures}
            )
            picked = choose(outline)
            members = await uow.progress.unregistered_in(year.year, picked.cells)
        by_cell: dict[int, list[Member]] = {cell: [] for cell in picked.cells}
        for member in members:
            by_cell[member.cell_id].append(member)
        shown = [Unregistered.of(c, by_cell[c.cell_id]) for c in cells if c.cell_id in by_cell]
        return UnregisteredNames(outline, picked, shown)

    async def registration(
        self, actor: Identity, cell_id: int | None
    ) -> tuple[list[CellProgress], CellProgress | None]:
        """Registration figures of one cell or of all, as far as ``actor`` may see them: the
        committee and inspectors every cell and the organisation's total; others the cells
        they may see figures of, and no total."""
        async with self._db.read() as uow:
            year = await self._year(uow)
            cells = await uow.progress.cells(year.year, self.today(), cell_id)
            root = await uow.units.root()
            assert root is not None
        if may_see_organisation(actor):
            return cells, total(cells, root.name) if cell_id is None else None
        return [c for c in cells if may_see_cell_figures(actor, c.cell_id)], None

    async def organisation(self, actor: Identity) -> OrganisationSummary:
        if not may_see_organisation(actor):
            raise NotAllowed(N_("Only the committee sees the whole organisation."))
        today = self.today()
        async with self._db.read() as uow:
            year = await self._year(uow)
            cells = await uow.progress.cells(year.year, today)
            root = await uow.units.root()
            assert root is not None
            items = await uow.tasks.of_units([root.id], year.year)
            study = await year_study_figures(uow, year.year, self._clock.now(), self._zone)
        return OrganisationSummary(year, cells, total(cells, root.name), items, study)

    async def organisation_page(
        self, actor: Identity, choose: Callable[[OrganisationOutline], Chosen]
    ) -> OrganisationPage[Chosen]:
        """A page of the committee's overview, in one read: ``choose`` picks the page's cells
        from the outline, and only their figures are counted (the organisation's total and the
        study figures only for the page with the heading), so a page costs the same whichever
        it is and whatever the number of cells."""
        if not may_see_organisation(actor):
            raise NotAllowed(N_("Only the committee sees the whole organisation."))
        today = self.today()
        async with self._db.read() as uow:
            year = await self._year(uow)
            root = await uow.units.root()
            assert root is not None
            items = await uow.tasks.of_units([root.id], year.year)
            outline = OrganisationOutline(year, await uow.progress.cell_names(), items)
            chosen = choose(outline)
            cells = await uow.progress.cells_in(year.year, today, chosen.cells)
            if not chosen.heading:
                return OrganisationPage(outline, chosen, cells)
            whole = await uow.progress.organisation_total(year.year, today, root.name)
            study = await year_study_figures(uow, year.year, self._clock.now(), self._zone)
        return OrganisationPage(outline, chosen, cells, whole, study)

    async def overdue(self, actor: Identity) -> list[OverdueTask]:
        """Overdue tasks the asker may see: their own, their cell's, or everyone's."""
        today = self.today()
        async with self._db.read() as uow:
            year = await self._year(uow)
            if oversees_everyone(actor):
                return await uow.progress.overdue(year.year, today, None, OVERDUE_SHOWN)
            cell = self.default_cell(actor)
            if cell is not None:
                return await uow.progress.overdue(year.year, today, cell, OVERDUE_SHOWN)
            mine = await uow.tasks.of_member(actor.member.id, year.year)
        return [
            OverdueTask(t.id, t.title, actor.member.full_name, t.deadline)
            for t in mine
            if t.is_overdue(today)
        ]

    async def public(self, cell_id: int | None) -> tuple[Year, list[PublicTask]]:
        """Approved tasks, public to every member of the organisation: by cell, then owner
        in the order of a list of people."""
        async with self._db.read() as uow:
            year = await self._year(uow)
            found = await uow.progress.public_tasks(year.year, cell_id)
        return year, registry_order(found)

    async def cells(self) -> list[Unit]:
        async with self._db.read() as uow:
            return [u for u in await uow.units.all() if u.kind is UnitKind.CELL]

    async def nudge_unregistered(
        self, actor: Identity, cell_id: int, render: Callable[[Recipient], str]
    ) -> Nudged:
        """Remind the cell's members without a task who were not reminded today and can be
        reached: recorded and put in the outbox in one transaction, so a second press the same
        day sends nothing. ``render`` writes the reminder in the member's language. Those
        already reminded today and those who never opened the bot come back by name."""
        if not may_see_cell(actor, cell_id):
            # A plain member of the cell may see its figures, not whom to remind.
            refusal = NAMES_REFUSED if may_see_cell_figures(actor, cell_id) else OTHER_CELLS
            raise NotAllowed(refusal)
        if not may_remind_unregistered(actor, cell_id):
            raise NotAllowed(REMINDING_REFUSED)
        now = self._clock.now()
        async with self._db.write() as uow:
            year = await self._year(uow)
            members = _by_name(await uow.progress.unregistered(year.year, cell_id))
            everyone = [await recipient(uow, m) for m in members]
            reachable = [r for r in everyone if r.chat_id is not None]
            day = self.today()
            fresh = set(
                await uow.nudges.record(
                    [r.member_id for r in reachable], day, NUDGE_KIND, actor.member.id, now
                )
            )
            reminded = [r for r in reachable if r.member_id in fresh]
            await uow.outbox.enqueue(
                [
                    OutgoingMessage(
                        key=f"nudge:{NUDGE_KIND}:{day.isoformat()}:{r.member_id}",
                        purpose=Purpose.NUDGE,
                        chat_id=r.chat_id,
                        channel=r.channel,
                        chat_kind=ChatKind.PRIVATE,
                        text=render(r),
                        not_before=now,
                        member_id=r.member_id,
                    )
                    for r in reminded
                    if r.chat_id is not None
                ],
                now,
            )
        if reminded:
            self._delivery.wake()
        return Nudged(
            reminded,
            [r for r in reachable if r.member_id not in fresh],
            [r for r in everyone if r.chat_id is None],
        )


def _by_name(members: list[Member]) -> list[Member]:
    """People in the order of a Vietnamese list: given name, then the whole name."""
    return sorted(members, key=lambda m: name_sort_key(m.full_name))
