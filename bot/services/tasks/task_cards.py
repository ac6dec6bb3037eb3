"""A task as its card shows it — the task, who reads it, its latest updates, whether its verdict
can be taken back — and recording a change made from the card."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime

from bot.domain.permissions import Access
from bot.domain.tasks import FINISH_KINDS, Change, Task, TaskUpdate
from bot.services.tasks.ports import TasksUnitOfWork
from bot.services.tasks.task_access import LoadedTask, Recipient, recipient

CARD_UPDATES = 3
ACT = frozenset({Access.OWNER, Access.ON_BEHALF})
SEE = frozenset({Access.OWNER, Access.ON_BEHALF, Access.VIEW})


@dataclass(frozen=True)
class TaskCard:
    task: Task
    access: Access
    owner_name: str
    area_name: str | None
    updates: list[tuple[TaskUpdate, str | None]]  # newest first, with the actor's name
    today: date
    # When a secretary acted on behalf, the owner is told; None otherwise.
    notify: Recipient | None = None
    can_undo: bool = False  # the reader may take back the task's verdict now


async def closing_update(uow: TasksUnitOfWork, task: Task) -> TaskUpdate | None:
    """The update that gave the task its current verdict; None while it has none."""
    kind = FINISH_KINDS.get(task.status)
    return None if kind is None else await uow.tasks.last_update(task.id, [kind])


async def build_card(
    uow: TasksUnitOfWork,
    loaded: LoadedTask,
    now: datetime,
    today: date,
    notify: Recipient | None = None,
) -> TaskCard:
    task = loaded.task
    year = await uow.years.get(task.year)
    area = next((a.name for a in (year.areas if year else ()) if a.id == task.area_id), None)
    named = []
    for update in await uow.tasks.updates(task.id, CARD_UPDATES):
        actor = await uow.members.get(update.actor_member_id) if update.actor_member_id else None
        named.append((update, actor.full_name if actor else None))
    by = loaded.by
    can_undo = by is not None and task.may_undo(by, await closing_update(uow, task), now)
    return TaskCard(task, loaded.access, loaded.owner_name, area, named, today, notify, can_undo)


async def owner_to_tell(uow: TasksUnitOfWork, task: Task, on_behalf: bool) -> Recipient | None:
    """The owner, when someone else (the cell secretary) changed their task."""
    if not on_behalf or task.owner_member_id is None:
        return None
    owner = await uow.members.get(task.owner_member_id)
    return None if owner is None else await recipient(uow, owner)


async def record_change(
    uow: TasksUnitOfWork, loaded: LoadedTask, change: Change, now: datetime, today: date
) -> TaskCard:
    """Store ``change`` to the loaded task with its update; the card after it, naming the
    owner to tell when the cell secretary made it."""
    await uow.tasks.save(change.task, at=now, resubmitted=change.resubmitted)
    await uow.tasks.add_update(change.update)
    notify = await owner_to_tell(uow, change.task, change.update.on_behalf)
    return await build_card(uow, replace(loaded, task=change.task), now, today, notify)
