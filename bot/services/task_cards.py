"""A task as its card shows it — the task, who reads it, its latest updates, whether its verdict
can be taken back — and the status rules every change from the card goes through."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from bot.domain.errors import NotAllowed, UserError
from bot.domain.model import Identity
from bot.domain.permissions import Access
from bot.domain.tasks import FINISH_KINDS, Task, TaskStatus, TaskUpdate, may_undo_closing
from bot.i18n import N_
from bot.services.ports import UnitOfWork
from bot.services.task_access import LoadedTask, Recipient, recipient

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


async def closing_update(uow: UnitOfWork, task: Task) -> TaskUpdate | None:
    """The update that gave the task its current verdict; None while it has none."""
    kind = FINISH_KINDS.get(task.status)
    return None if kind is None else await uow.tasks.last_update(task.id, [kind])


def check_status(loaded: LoadedTask, actor: Identity, status: TaskStatus) -> None:
    """Whether ``actor`` may move the task to ``status`` now; raises why not."""
    task = loaded.task
    own = loaded.access is Access.OWNER and task.owner_member_id == actor.member.id
    if status is TaskStatus.NOT_ACHIEVED and own:
        raise NotAllowed(N_("Only the cell secretary can mark a task not achieved."))
    if status is TaskStatus.WITHDRAWN and not task.status.is_open:
        # Only an open task is withdrawn: a result stays a result (a forged button otherwise).
        raise UserError(
            N_("This task has been marked already; open it again from /congviec to see it now.")
        )
    # Withdrawing needs no approval: a member may drop a task still waiting.
    waiting = task.status in (TaskStatus.SUBMITTED, TaskStatus.RETURNED)
    if waiting and status is not TaskStatus.WITHDRAWN:
        raise UserError(N_("The task has to be approved first."))
    if status.is_closing and not task.may_close_as(status):
        raise UserError(
            N_("This task has been marked already; open it again from /congviec to see it now.")
        )


async def build_card(
    uow: UnitOfWork,
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
    closing = await closing_update(uow, task) if loaded.access in ACT else None
    can_undo = closing is not None and may_undo_closing(
        task.status, closing.at, now, by_secretary=loaded.access is Access.ON_BEHALF
    )
    return TaskCard(task, loaded.access, loaded.owner_name, area, named, today, notify, can_undo)


async def owner_to_tell(uow: UnitOfWork, task: Task, on_behalf: bool) -> Recipient | None:
    """The owner, when someone else (the cell secretary) changed their task."""
    if not on_behalf or task.owner_member_id is None:
        return None
    owner = await uow.members.get(task.owner_member_id)
    return None if owner is None else await recipient(uow, owner)
