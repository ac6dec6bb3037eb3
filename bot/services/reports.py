"""How far are we: a member, a cell, the organisation; the public registry; nudges."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from zoneinfo import ZoneInfo

from bot.clock import Clock
from bot.domain.errors import NotAllowed, UserError
from bot.domain.model import Identity, Member, Unit, UnitKind
from bot.domain.outbox import ChatKind, OutgoingMessage, Purpose
from bot.domain.permissions import (
    may_see_cell,
    may_see_organisation,
    oversees_everyone,
    secretary_of,
)
from bot.domain.progress import average_progress
from bot.domain.reports import CellProgress, OverdueTask, PublicTask, total
from bot.domain.study_figures import StudyFigures
from bot.domain.tasks import Task, TaskStatus, Year
from bot.domain.text import cell_key
from bot.i18n import N_
from bot.services.cell_names import unknown_cell
from bot.services.delivery import DeliveryService
from bot.services.ports import Database, UnitOfWork
from bot.services.study_figures import year_study_figures
from bot.services.task_access import Recipient, recipient

OVERDUE_SHOWN = 20
NUDGE_KIND = "register"


class ReportScope(StrEnum):
    MEMBER = "member"  # their own tasks
    CELL = "cell"  # a secretary: their cell
    ORGANISATION = "organisation"  # the committee and inspectors: every cell


@dataclass(frozen=True)
class MemberSummary:
    year: Year
    tasks: list[Task]
    today: date

    def count(self, *statuses: TaskStatus) -> int:
        return sum(1 for t in self.tasks if t.status in statuses)

    @property
    def active(self) -> list[Task]:
        return [t for t in self.tasks if t.status is not TaskStatus.WITHDRAWN]

    @property
    def overdue(self) -> int:
        return sum(1 for t in self.tasks if t.is_overdue(self.today))

    @property
    def average(self) -> Decimal:
        return average_progress(t.progress for t in self.active)


@dataclass(frozen=True)
class CellSummary:
    year: Year
    progress: CellProgress
    overdue: list[OverdueTask]
    unregistered: list[Member]
    collective: list[Task]


@dataclass(frozen=True)
class OrganisationSummary:
    year: Year
    cells: list[CellProgress]
    total: CellProgress
    work_items: list[Task]  # the committee's own đầu việc
    study: StudyFigures | None = None  # the year's study participation against the targets


@dataclass(frozen=True)
class Nudged:
    """What one press of "remind those not registered" did, for the secretary to read."""

    reminded: list[Recipient]
    already_today: list[Recipient]  # reminded earlier today: not again before tomorrow
    not_linked: list[Recipient]  # never opened the bot: they need an invite link (/moi)


class ReportService:
    def __init__(
        self, db: Database, clock: Clock, zone: ZoneInfo, delivery: DeliveryService
    ) -> None:
        self._db = db
        self._clock = clock
        self._zone = zone
        self._delivery = delivery

    def today(self) -> date:
        return self._clock.now().astimezone(self._zone).date()

    async def _year(self, uow: UnitOfWork) -> Year:
        year = await uow.years.current()
        if year is None:
            raise UserError(N_("The committee has not set up this year's breakthrough tasks yet."))
        return year

    async def member(self, actor: Identity) -> MemberSummary:
        async with self._db.read() as uow:
            year = await self._year(uow)
            tasks = await uow.tasks.of_member(actor.member.id, year.year)
        return MemberSummary(year, tasks, self.today())

    async def find_cell(self, actor: Identity, name: str) -> Unit:
        """A cell by (part of) its name, among those ``actor`` may see."""
        found = await self.find_public_cell(name)
        if not may_see_cell(actor, found.id):
            raise NotAllowed(N_("You can see the progress of your own cell only."))
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

    async def cell(self, actor: Identity, cell_id: int) -> CellSummary:
        if not may_see_cell(actor, cell_id):
            raise NotAllowed(N_("You can see the progress of your own cell only."))
        today = self.today()
        async with self._db.read() as uow:
            year = await self._year(uow)
            [progress] = await uow.progress.cells(year.year, today, cell_id)
            overdue = await uow.progress.overdue(year.year, today, cell_id, OVERDUE_SHOWN)
            unregistered = await uow.progress.unregistered(year.year, cell_id)
            collective = await uow.tasks.of_units([cell_id], year.year)
        return CellSummary(year, progress, overdue, unregistered, collective)

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
        """Approved tasks, public to every member of the organisation."""
        async with self._db.read() as uow:
            year = await self._year(uow)
            return year, await uow.progress.public_tasks(year.year, cell_id)

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
            raise NotAllowed(N_("You can see the progress of your own cell only."))
        now = self._clock.now()
        async with self._db.write() as uow:
            year = await self._year(uow)
            members = await uow.progress.unregistered(year.year, cell_id)
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
