"""Marking a task done, exceeded or not achieved from its card, and taking that back.

A verdict is asked for in steps (the product or evidence, then a confirmation), so the card's
button first checks here that it may be given at all; :meth:`TaskService.finish` checks again
when it is confirmed. Taking it back restores the status and progress the task had before,
as an update of its own: the owner within 24 hours, the cell secretary any time.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from bot.clock import Clock
from bot.domain.model import Identity
from bot.domain.tasks import TaskStatus, UpdateKind
from bot.services.ports import Database
from bot.services.tasks.ports import TasksUnitOfWork
from bot.services.tasks.task_access import in_task_transaction, load_task
from bot.services.tasks.task_cards import ACT, TaskCard, build_card, closing_update, record_change


class TaskVerdictService:
    def __init__(self, db: Database[TasksUnitOfWork], clock: Clock, zone: ZoneInfo) -> None:
        self._db = db
        self._clock = clock
        self._zone = zone

    async def check(self, actor: Identity, task_id: int, status: TaskStatus) -> TaskCard:
        """The card, if ``actor`` may mark the task ``status`` now; why not otherwise (a
        forged button for someone else's task is refused and audited)."""
        now = self._clock.now()

        async def work(uow: TasksUnitOfWork) -> TaskCard:
            loaded = await load_task(uow, actor, task_id, ACT)
            assert loaded.by is not None
            loaded.task.check_verdict(status, loaded.by)
            return await build_card(uow, loaded, now, now.astimezone(self._zone).date())

        return await in_task_transaction(self._db, self._clock, actor, work)

    async def undo(self, actor: Identity, task_id: int) -> TaskCard:
        """Take back the task's verdict; the owner is told when the secretary did it."""
        now = self._clock.now()

        async def work(uow: TasksUnitOfWork) -> TaskCard:
            loaded = await load_task(uow, actor, task_id, ACT)
            assert loaded.by is not None
            task = loaded.task
            closing = await closing_update(uow, task)
            reported = await uow.tasks.last_update(task.id, [UpdateKind.PROGRESS])
            progress = (reported.progress or 0) if reported else 0
            change = task.undo_verdict(loaded.by, now, closing, progress)
            return await record_change(uow, loaded, change, now, now.astimezone(self._zone).date())

        return await in_task_transaction(self._db, self._clock, actor, work)
