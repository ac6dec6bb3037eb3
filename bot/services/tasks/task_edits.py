"""Changing one field of a task (title, product, deadline or area): what may be chosen, and the
change itself, which sends an approved task back for approval (see TaskService.edit)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from bot.domain.errors import UserError
from bot.domain.model import Identity
from bot.domain.tasks import Area, TaskDraft, TaskStatus, Year
from bot.i18n import N_
from bot.services.ports import Database
from bot.services.tasks.ports import TasksUnitOfWork
from bot.services.tasks.task_cards import TaskCard
from bot.services.tasks.task_fields import check_product, check_title
from bot.services.tasks.tasks import TaskService


@dataclass(frozen=True)
class EditOptions:
    card: TaskCard
    areas: tuple[Area, ...]  # the task year's breakthrough areas; empty when it has none
    approval_required: bool  # an approved task goes back to the secretary when changed


@dataclass(frozen=True)
class Edited:
    card: TaskCard
    back_to_approval: bool  # the change needs the secretary's approval again


class TaskEditService:
    def __init__(self, db: Database[TasksUnitOfWork], tasks: TaskService) -> None:
        self._db = db
        self._tasks = tasks

    async def _year(self, year: int) -> Year | None:
        async with self._db.read() as uow:
            return await uow.years.get(year)

    async def options(self, actor: Identity, task_id: int) -> EditOptions:
        card = await self._tasks.changeable(actor, task_id)  # a forged id is audited
        year = await self._year(card.task.year)
        return EditOptions(
            card, () if year is None else year.areas, card.task.edits_need_approval(year)
        )

    async def edit_field(
        self,
        actor: Identity,
        task_id: int,
        *,
        title: str | None = None,
        product: str | None = None,
        deadline: date | None = None,
        area_id: int | None = None,
    ) -> Edited:
        """Change the given field(s), keeping the others as they are now."""
        before = (await self._tasks.card(actor, task_id)).task
        draft = TaskDraft(before.title, before.product, before.deadline, before.area_id)
        if title is not None:
            draft = replace(draft, title=check_title(title))
        if product is not None:
            draft = replace(draft, product=check_product(product))
        if deadline is not None:
            if deadline.year != before.year:
                raise UserError(N_("The deadline must fall within {year}."), year=before.year)
            draft = replace(draft, deadline=deadline)
        if area_id is not None:
            year = await self._year(before.year)
            if year is None or area_id not in {a.id for a in year.areas}:
                raise UserError(N_("Please choose one of the breakthrough areas."))
            draft = replace(draft, area_id=area_id)
        card = await self._tasks.edit(actor, task_id, draft)
        back = card.task.status is TaskStatus.SUBMITTED and before.status is not card.task.status
        return Edited(card, back)
