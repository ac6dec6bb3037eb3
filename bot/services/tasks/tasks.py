"""A member's breakthrough tasks: registering, the card, progress, notes, edits, withdrawal."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from bot.clock import Clock
from bot.domain.errors import NotAllowed, UserError
from bot.domain.model import Identity
from bot.domain.permissions import decides_for_everyone, oversees_everyone, secretary_of
from bot.domain.task_actors import TaskActor
from bot.domain.tasks import (
    Change,
    Task,
    TaskDraft,
    TaskFile,
    TaskStatus,
    TaskUpdate,
    UpdateKind,
    Year,
)
from bot.i18n import N_
from bot.services.member_lookup import find_member
from bot.services.ports import Database
from bot.services.tasks.ports import TasksUnitOfWork
from bot.services.tasks.reopening import who_reopens
from bot.services.tasks.task_access import in_task_transaction, load_task
from bot.services.tasks.task_cards import ACT, SEE, TaskCard, build_card, record_change
from bot.services.tasks.task_fields import (
    check_area,
    check_deadline,
    check_note,
    check_product,
    check_title,
)

# One step of a task's life, as the service applies it: the task, who acts and when.
Step = Callable[[Task, TaskActor, datetime], Change]

VERDICTS: dict[
    TaskStatus, Callable[[Task, TaskActor, datetime, str | None, TaskFile | None], Change]
] = {
    TaskStatus.DONE: Task.complete,
    TaskStatus.EXCEEDED: Task.exceed,
    TaskStatus.NOT_ACHIEVED: Task.mark_not_achieved,
}


@dataclass(frozen=True)
class CollectiveAdded:
    task: Task
    unit_name: str
    responsible_name: str


@dataclass(frozen=True)
class Registered:
    task: Task
    year: Year
    needs_approval: bool


async def _registration_closed(uow: TasksUnitOfWork, actor: Identity, year: Year) -> UserError:
    """Why not, and whom to ask: the member's cell secretaries by name, or the committee."""
    secretaries = await who_reopens(uow, actor.member)
    if not secretaries:
        return UserError(
            N_(
                "Registration for {year} is open from {opens} to {closes}. If you need it "
                "reopened, ask the committee."
            ),
            year=year.year,
            opens=year.opens,
            closes=year.closes,
        )
    return UserError(
        N_(
            "Registration for {year} is open from {opens} to {closes}. If you need it "
            "reopened, ask your cell secretary ({names}) or the committee."
        ),
        year=year.year,
        opens=year.opens,
        closes=year.closes,
        names=", ".join(secretaries),
    )


class TaskService:
    def __init__(self, db: Database[TasksUnitOfWork], clock: Clock, zone: ZoneInfo) -> None:
        self._db = db
        self._clock = clock
        self._zone = zone

    def today(self) -> date:
        return self._clock.now().astimezone(self._zone).date()

    async def current_year(self) -> Year:
        async with self._db.read() as uow:
            year = await uow.years.current()
        if year is None:
            raise UserError(N_("The committee has not set up this year's breakthrough tasks yet."))
        return year

    async def check_can_register(self, actor: Identity) -> Year:
        """The current year if ``actor`` may register one more task now; else why not."""
        async with self._db.read() as uow:
            return await self._check(uow, actor)

    async def _check(self, uow: TasksUnitOfWork, actor: Identity) -> Year:
        year = await uow.years.current()
        if year is None:
            raise UserError(N_("The committee has not set up this year's breakthrough tasks yet."))
        today = self.today()
        if not year.window_open(today):
            reopened = await uow.years.reopened_until(year.year, actor.member.id)
            if reopened is None or today > reopened:
                raise await _registration_closed(uow, actor, year)
        count = await uow.tasks.count_registered(actor.member.id, year.year)
        if count >= year.max_tasks:
            raise UserError(
                N_("You have already registered {count} tasks, the most allowed for {year}."),
                count=count,
                year=year.year,
            )
        return year

    async def register(self, actor: Identity, draft: TaskDraft) -> Registered:
        now = self._clock.now()
        async with self._db.write() as uow:
            year = await self._check(uow, actor)
            if draft.deadline.year != year.year:
                raise UserError(N_("The deadline must fall within {year}."), year=year.year)
            if draft.deadline < self.today():
                raise UserError(
                    N_("That date ({deadline}) has already passed."), deadline=draft.deadline
                )
            if year.areas and draft.area_id not in {a.id for a in year.areas}:
                raise UserError(N_("Please choose one of the breakthrough areas."))
            status = TaskStatus.SUBMITTED if year.approval_required else TaskStatus.IN_PROGRESS
            task = await uow.tasks.add(
                year=year.year,
                owner_member_id=actor.member.id,
                owner_unit_id=None,
                responsible_member_id=None,
                draft=draft,
                status=status,
                at=now,
            )
            await uow.tasks.add_update(
                TaskUpdate(task.id, now, UpdateKind.SUBMITTED, actor.member.id)
            )
        return Registered(task, year, year.approval_required)

    async def mine(self, actor: Identity) -> tuple[Year, list[Task]]:
        async with self._db.read() as uow:
            year = await uow.years.current()
            if year is None:
                raise UserError(
                    N_("The committee has not set up this year's breakthrough tasks yet.")
                )
            return year, await uow.tasks.of_member(actor.member.id, year.year)

    async def card(self, actor: Identity, task_id: int) -> TaskCard:
        async def work(uow: TasksUnitOfWork) -> TaskCard:
            loaded = await load_task(uow, actor, task_id, SEE)
            return await build_card(uow, loaded, self._clock.now(), self.today())

        return await in_task_transaction(self._db, self._clock, actor, work)

    async def changeable(self, actor: Identity, task_id: int) -> TaskCard:
        """The card of a task ``actor`` may change (their own, or their cell member's), before
        a question about the change is asked; one they may only see is refused and audited."""

        async def work(uow: TasksUnitOfWork) -> TaskCard:
            loaded = await load_task(uow, actor, task_id, ACT)
            return await build_card(uow, loaded, self._clock.now(), self.today())

        return await in_task_transaction(self._db, self._clock, actor, work)

    async def _apply(self, actor: Identity, task_id: int, step: Step) -> TaskCard:
        """Take one step in the life of a task ``actor`` may change (their own, or as the cell
        secretary on a member's behalf), recorded as a dated update with who made it."""
        now = self._clock.now()

        async def work(uow: TasksUnitOfWork) -> TaskCard:
            loaded = await load_task(uow, actor, task_id, ACT)
            assert loaded.by is not None
            change = step(loaded.task, loaded.by, now)
            return await record_change(uow, loaded, change, now, self.today())

        return await in_task_transaction(self._db, self._clock, actor, work)

    async def set_progress(self, actor: Identity, task_id: int, progress: int) -> TaskCard:
        return await self._apply(
            actor, task_id, lambda task, by, at: task.record_progress(by, at, progress)
        )

    async def add_note(
        self,
        actor: Identity,
        task_id: int,
        text: str,
        file_id: str | None = None,
        file_kind: str | None = None,
    ) -> TaskCard:
        """A note, or evidence: a document or photo kept as a Telegram file reference."""
        note = check_note(text) if text.strip() or not file_id else text.strip()
        file = _file(file_id, file_kind)
        return await self._apply(
            actor, task_id, lambda task, by, at: task.add_note(by, at, note or None, file)
        )

    async def finish(
        self,
        actor: Identity,
        task_id: int,
        status: TaskStatus,
        *,
        text: str | None = None,
        file_id: str | None = None,
        file_kind: str | None = None,
    ) -> TaskCard:
        """The verdict, with the product or evidence if any (a note, a document or a photo)."""
        note = check_note(text) if text and text.strip() else None
        file, verdict = _file(file_id, file_kind), VERDICTS[status]
        return await self._apply(
            actor, task_id, lambda task, by, at: verdict(task, by, at, note, file)
        )

    async def edit(self, actor: Identity, task_id: int, draft: TaskDraft) -> TaskCard:
        """Change title, product, deadline or area; an approved task goes back for approval."""
        now = self._clock.now()

        async def work(uow: TasksUnitOfWork) -> TaskCard:
            loaded = await load_task(uow, actor, task_id, ACT)
            assert loaded.by is not None
            year = await uow.years.get(loaded.task.year)
            change = loaded.task.edit(loaded.by, now, draft, year)
            return await record_change(uow, loaded, change, now, self.today())

        return await in_task_transaction(self._db, self._clock, actor, work)

    async def withdraw(self, actor: Identity, task_id: int, reason: str) -> TaskCard:
        reason = check_note(reason)
        return await self._apply(actor, task_id, lambda task, by, at: task.withdraw(by, at, reason))

    async def secretary_cells(self, actor: Identity) -> frozenset[int] | None:
        return None if oversees_everyone(actor) else secretary_of(actor)

    async def add_collective(
        self, actor: Identity, unit_id: int, responsible_member_id: int, draft: TaskDraft
    ) -> Task:
        """A unit's own task (a cell's collective task, or the committee's work item)."""
        now = self._clock.now()
        async with self._db.write() as uow:
            unit = await uow.units.get(unit_id)
            if unit is None:
                raise UserError(N_("There is no cell named {name}."), name=str(unit_id))
            allowed = (
                decides_for_everyone(actor)
                if unit.parent_id is None
                else (decides_for_everyone(actor) or unit_id in secretary_of(actor))
            )
            if not allowed:
                raise NotAllowed(N_("Only the unit's secretary or the committee adds its tasks."))
            year = await uow.years.current()
            if year is None:
                raise UserError(
                    N_("The committee has not set up this year's breakthrough tasks yet.")
                )
            task = await uow.tasks.add(
                year=year.year,
                owner_member_id=None,
                owner_unit_id=unit_id,
                responsible_member_id=responsible_member_id,
                draft=draft,
                status=TaskStatus.IN_PROGRESS,
                at=now,
            )
            await uow.tasks.add_update(
                TaskUpdate(task.id, now, UpdateKind.SUBMITTED, actor.member.id)
            )
        return task

    async def add_collective_line(
        self,
        actor: Identity,
        title: str,
        product: str,
        deadline: str,
        responsible: str,
        area: str | None = None,
    ) -> CollectiveAdded:
        """The chat's one-line form: the committee adds the organisation's work items, a cell
        secretary their cell's; ``responsible`` is a member code or name."""
        cells = secretary_of(actor)
        if not decides_for_everyone(actor) and not cells:
            raise NotAllowed(N_("Only the unit's secretary or the committee adds its tasks."))
        year = await self.current_year()
        draft = TaskDraft(
            check_title(title),
            check_product(product),
            check_deadline(deadline, year.year, self.today()),
            check_area(area, year.areas).id if area and year.areas else None,
        )
        async with self._db.read() as uow:
            person = await find_member(uow, responsible)
            # The committee's items belong to the organisation; a secretary's to their cell
            # (their own cell first, when they lead several).
            unit = (
                actor.organisation
                if decides_for_everyone(actor)
                else actor.cell
                if actor.cell.id in cells
                else await uow.units.get(min(cells))
            )
        if unit is None:
            raise NotAllowed(N_("Only the unit's secretary or the committee adds its tasks."))
        if unit.parent_id is not None and person.cell_id != unit.id:
            raise UserError(N_("{name} is not a member of this cell."), name=person.full_name)
        task = await self.add_collective(actor, unit.id, person.id, draft)
        return CollectiveAdded(task, unit.name, person.full_name)

    async def collective(self, actor: Identity) -> list[tuple[str, list[Task]]]:
        """The collective tasks of the member's cell and the committee's work items."""
        async with self._db.read() as uow:
            year = await uow.years.current()
            root = await uow.units.root()
            if year is None or root is None:
                return []
            result = []
            for unit in (actor.cell, root):
                tasks = await uow.tasks.of_units([unit.id], year.year)
                if tasks:
                    result.append((unit.name, tasks))
        return result


def _file(file_id: str | None, file_kind: str | None) -> TaskFile | None:
    """The evidence file a note or a verdict came with, if any."""
    return TaskFile(file_id, file_kind) if file_id else None
