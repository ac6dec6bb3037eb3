"""Marking a task done, exceeded or not achieved from its card, and taking that back.

A verdict is asked for in steps (the product or evidence, then a confirmation), so the card's
button first checks here that it may be given at all; :meth:`TaskService.finish` checks again
when it is confirmed. Taking it back restores the status and progress the task had before,
as an update of its own: the owner within 24 hours, the cell secretary any time.
"""

from __future__ import annotations

from dataclasses import replace
from zoneinfo import ZoneInfo

from bot.clock import Clock
from bot.domain.errors import NotAllowed, UserError
from bot.domain.model import Identity
from bot.domain.permissions import Access
from bot.domain.tasks import TaskStatus, TaskUpdate, UpdateKind, may_undo_closing
from bot.i18n import N_
from bot.services.ports import Database, UnitOfWork
from bot.services.task_access import in_task_transaction, load_task
from bot.services.task_cards import (
    ACT,
    TaskCard,
    build_card,
    check_status,
    closing_update,
    owner_to_tell,
)


class TaskVerdictService:
    def __init__(self, db: Database, clock: Clock, zone: ZoneInfo) -> None:
        self._db = db
        self._clock = clock
        self._zone = zone

    async def check(self, actor: Identity, task_id: int, status: TaskStatus) -> TaskCard:
        """The card, if ``actor`` may mark the task ``status`` now; why not otherwise (a
        forged button for someone else's task is refused and audited)."""
        now = self._clock.now()

        async def work(uow: UnitOfWork) -> TaskCard:
            loaded = await load_task(uow, actor, task_id, ACT)
            check_status(loaded, actor, status)
            return await build_card(uow, loaded, now, now.astimezone(self._zone).date())

        return await in_task_transaction(self._db, self._clock, actor, work)

    async def undo(self, actor: Identity, task_id: int) -> TaskCard:
        """Take back the task's verdict; the owner is told when the secretary did it."""
        now = self._clock.now()

        async def work(uow: UnitOfWork) -> TaskCard:
            loaded = await load_task(uow, actor, task_id, ACT)
            task = loaded.task
            closing = await closing_update(uow, task)
            if closing is None:
                raise UserError(N_("There is nothing to undo: the task has not been marked."))
            on_behalf = loaded.access is Access.ON_BEHALF
            if not may_undo_closing(task.status, closing.at, now, by_secretary=on_behalf):
                if task.status is TaskStatus.NOT_ACHIEVED:
                    raise NotAllowed(N_("Only the cell secretary can undo «not achieved»."))
                raise NotAllowed(
                    N_(
                        "A completion can be undone for 24 hours after it was marked; after "
                        "that, ask your cell secretary."
                    )
                )
            reported = await uow.tasks.last_update(task.id, [UpdateKind.PROGRESS])
            task = task.reopened(closing, (reported.progress or 0) if reported else 0)
            await uow.tasks.save(task, at=now)
            await uow.tasks.add_update(
                TaskUpdate(
                    task.id,
                    now,
                    UpdateKind.REOPENED,
                    actor.member.id,
                    on_behalf=on_behalf,
                    progress=task.progress,
                    previous_status=loaded.task.status,
                    previous_progress=loaded.task.progress,
                )
            )
            notify = await owner_to_tell(uow, task, on_behalf)
            today = now.astimezone(self._zone).date()
            return await build_card(uow, replace(loaded, task=task), now, today, notify)

        return await in_task_transaction(self._db, self._clock, actor, work)
