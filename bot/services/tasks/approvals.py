"""The cell secretary's side of registration: pending tasks, approve, return, the digest."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from bot.clock import Clock
from bot.domain.errors import NotAllowed
from bot.domain.model import Identity, Role
from bot.domain.outbox import ChatKind, OutgoingMessage, Purpose
from bot.domain.permissions import Access, approvable_cell_ids, may_approve_in
from bot.domain.task_actors import Capacity, TaskActor
from bot.domain.tasks import Change, Task, TaskStatus
from bot.domain.text import cell_sort_key, name_sort_key
from bot.i18n import N_
from bot.services.delivery import DeliveryService
from bot.services.ports import Database
from bot.services.tasks.ports import TasksUnitOfWork
from bot.services.tasks.task_access import Recipient, in_task_transaction, load_task, recipient
from bot.services.tasks.task_fields import check_note

APPROVERS = frozenset({Access.ON_BEHALF, Access.OWNER, Access.VIEW})


@dataclass(frozen=True)
class Pending:
    task: Task
    owner_name: str
    cell_name: str = ""


@dataclass(frozen=True)
class Decision:
    task: Task
    owner: Recipient  # to be told either way


@dataclass(frozen=True)
class Approved:
    """Approving several at once: those approved, and those no longer waiting by then."""

    decisions: list[Decision]
    no_longer_waiting: int


Notice = Callable[[Decision], str]
# Approving or returning, as the service applies it: the task, who decides and when.
Decide = Callable[[Task, TaskActor, datetime], Change]


@dataclass(frozen=True)
class Digest:
    """One message for one secretary: the new submissions of their cell."""

    secretary: Recipient
    items: list[Pending]


class ApprovalService:
    def __init__(
        self, db: Database[TasksUnitOfWork], clock: Clock, delivery: DeliveryService
    ) -> None:
        self._db = db
        self._clock = clock
        self._delivery = delivery

    async def pending(self, actor: Identity) -> list[Pending]:
        cells = approvable_cell_ids(actor)
        if cells is not None and not cells:
            raise NotAllowed(N_("Only cell secretaries and the committee approve tasks."))
        async with self._db.read() as uow:
            year = await uow.years.current()
            if year is None:
                return []
            tasks = await uow.tasks.submitted(year.year, cells)
            return _in_order([await _pending(uow, t) for t in tasks])

    async def _decide_in(
        self,
        uow: TasksUnitOfWork,
        actor: Identity,
        task_id: int,
        decide: Decide,
        notice: Notice | None,
    ) -> Decision:
        now = self._clock.now()
        task, approver = await _decidable(uow, actor, task_id)
        change = decide(task, approver, now)
        task, kind = change.task, change.update.kind
        await uow.tasks.save(task, at=now, resubmitted=change.resubmitted)
        await uow.tasks.add_update(change.update)
        assert task.owner_member_id is not None
        owner = await uow.members.get(task.owner_member_id)
        assert owner is not None
        decision = Decision(task, await recipient(uow, owner))
        if notice is not None and decision.owner.chat_id is not None:
            # The member hears of it through the outbox, queued with the decision itself.
            await uow.outbox.enqueue(
                [
                    OutgoingMessage(
                        key=f"notice:task:{task.id}:{kind.value}:{now.isoformat()}",
                        purpose=Purpose.NOTICE,
                        chat_id=decision.owner.chat_id,
                        channel=decision.owner.channel,
                        chat_kind=ChatKind.PRIVATE,
                        text=notice(decision),
                        not_before=now,
                        member_id=owner.id,
                    )
                ],
                now,
            )
        return decision

    async def decidable(self, actor: Identity, task_id: int) -> Pending:
        """A task waiting for ``actor``'s decision, before the reason to return it is asked:
        refused (a forged id audited) as the decision itself would be."""

        async def work(uow: TasksUnitOfWork) -> Pending:
            task, _approver = await _decidable(uow, actor, task_id)
            return await _pending(uow, task)

        return await in_task_transaction(self._db, self._clock, actor, work)

    async def _decide(
        self, actor: Identity, task_id: int, decide: Decide, notice: Notice | None
    ) -> Decision:
        async def work(uow: TasksUnitOfWork) -> Decision:
            return await self._decide_in(uow, actor, task_id, decide, notice)

        decision = await in_task_transaction(self._db, self._clock, actor, work)
        if notice is not None:
            self._delivery.wake()
        return decision

    async def approve(
        self, actor: Identity, task_id: int, notice: Notice | None = None
    ) -> Decision:
        """Approve; ``notice`` writes what the owner is told, in their language."""
        return await self._decide(actor, task_id, Task.approve, notice)

    async def approve_all(
        self, actor: Identity, task_ids: list[int], notice: Notice | None = None
    ) -> Approved:
        """Approve the tasks the approver was shown, in one transaction: each checked as if
        approved alone, each owner told in a message of their own; a task decided meanwhile
        is left alone and counted."""

        async def work(uow: TasksUnitOfWork) -> Approved:
            decisions, gone = [], 0
            for task_id in task_ids:
                task = await uow.tasks.get(task_id)
                if task is not None and task.status is not TaskStatus.SUBMITTED:
                    gone += 1
                    continue
                decisions.append(await self._decide_in(uow, actor, task_id, Task.approve, notice))
            return Approved(decisions, gone)

        approved = await in_task_transaction(self._db, self._clock, actor, work)
        if notice is not None and approved.decisions:
            self._delivery.wake()
        return approved

    async def send_back(
        self, actor: Identity, task_id: int, reason: str, notice: Notice | None = None
    ) -> Decision:
        reason = check_note(reason)
        return await self._decide(
            actor, task_id, lambda task, by, at: task.send_back(by, at, reason), notice
        )

    async def waiting_digests(self) -> list[Digest]:
        """New submissions grouped for each cell secretary who can be reached."""
        async with self._db.read() as uow:
            return await self._digests(uow)

    async def enqueue_digests(self, render: Callable[[Digest], tuple[str, str | None]]) -> int:
        """Put each secretary's digest in the outbox and mark its tasks announced, in one
        transaction: a digest is never lost or sent twice. ``render`` gives the HTML text
        and the inline keyboard (JSON) in the secretary's language. Returns digests queued.

        Who gets what is read and rendered first, outside the writer (a query or four per
        secretary); the write checks which submissions are still unannounced (one indexed
        query) and leaves out any approved or announced meanwhile."""
        now = self._clock.now()
        async with self._db.read() as uow:
            digests = [d for d in await self._digests(uow) if d.secretary.chat_id is not None]
        if not digests:
            return 0
        rendered = [(digest, render(digest)) for digest in digests]
        async with self._db.write() as uow:
            year = await uow.years.current()
            waiting = [] if year is None else await uow.tasks.waiting_digest(year.year)
            still = {w.task.id for w in waiting}
            messages = []
            announced: set[int] = set()
            for digest, (text, keyboard) in rendered:
                items = [p for p in digest.items if p.task.id in still]
                if not items:
                    continue
                if len(items) != len(digest.items):
                    digest = Digest(digest.secretary, items)
                    text, keyboard = render(digest)
                messages.append(_digest_message(digest, text, keyboard, now))
                announced.update(p.task.id for p in items)
            await uow.outbox.enqueue(messages, now)
            await uow.tasks.mark_digested(sorted(announced), now)
        if messages:
            self._delivery.wake()
        return len(messages)

    async def _digests(self, uow: TasksUnitOfWork) -> list[Digest]:
        year = await uow.years.current()
        if year is None or not year.approval_required:
            return []
        by_cell: dict[int, list[Pending]] = defaultdict(list)
        for waiting in await uow.tasks.waiting_digest(year.year):
            by_cell[waiting.cell_id].append(await _pending(uow, waiting.task))
        if not by_cell:
            return []
        secretaries = await uow.roles.holders(Role.CELL_SECRETARY)
        digests = []
        for member_id in secretaries:
            member = await uow.members.get(member_id)
            if member is None or not member.is_active:
                continue
            if member_id not in await uow.outbox.addresses_of([member_id]):
                continue
            cells = {
                g.unit_id
                for g in await uow.roles.of_member(member_id)
                if g.role is Role.CELL_SECRETARY
            }
            items = _in_order(
                [
                    p
                    for cell in cells
                    for p in by_cell.get(cell, [])
                    if p.task.owner_member_id != member_id  # nobody approves their own
                ]
            )
            if items:
                digests.append(Digest(await recipient(uow, member), items))
        return digests

    async def mark_digested(self, tasks: list[Task]) -> None:
        async with self._db.write() as uow:
            await uow.tasks.mark_digested([t.id for t in tasks], self._clock.now())


def _digest_message(
    digest: Digest, text: str, keyboard: str | None, now: datetime
) -> OutgoingMessage:
    secretary = digest.secretary
    assert secretary.chat_id is not None
    ids = ",".join(str(p.task.id) for p in digest.items)
    return OutgoingMessage(
        key=f"digest:{secretary.member_id}:" + hashlib.sha256(ids.encode()).hexdigest()[:16],
        purpose=Purpose.DIGEST,
        chat_id=secretary.chat_id,
        channel=secretary.channel,
        chat_kind=ChatKind.PRIVATE,
        text=text,
        keyboard=keyboard,
        not_before=now,
        member_id=secretary.member_id,
    )


def approvable(pending: list[Pending], actor: Identity) -> list[Pending]:
    """What ``actor`` may approve of ``pending``: everything but their own tasks."""
    return [p for p in pending if p.task.owner_member_id != actor.member.id]


def _in_order(pending: list[Pending]) -> list[Pending]:
    """By cell, then by person the Vietnamese way, then in the order registered."""
    return sorted(
        pending,
        key=lambda p: (cell_sort_key(p.cell_name), name_sort_key(p.owner_name), p.task.id),
    )


async def _decidable(uow: TasksUnitOfWork, actor: Identity, task_id: int) -> tuple[Task, TaskActor]:
    """The submitted task ``actor`` may approve or return, with them as its approver;
    otherwise why not."""
    loaded = await load_task(uow, actor, task_id, APPROVERS)
    if loaded.cell_id is None or not may_approve_in(actor, loaded.cell_id):
        raise NotAllowed(N_("Only cell secretaries and the committee approve tasks."))
    approver = TaskActor(actor.member.id, Capacity.APPROVER)
    loaded.task.check_decision(approver)
    return loaded.task, approver


async def _pending(uow: TasksUnitOfWork, task: Task) -> Pending:
    if task.owner_member_id is None:
        return Pending(task, "")
    owner = await uow.members.get(task.owner_member_id)
    if owner is None:
        return Pending(task, "")
    cell = await uow.units.get(owner.cell_id)
    return Pending(task, owner.full_name, "" if cell is None else cell.name)
