"""Loading a task together with who may do what with it — the one gate every task action uses."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TypeVar

from bot.clock import Clock
from bot.domain.errors import NotAllowed
from bot.domain.model import Channel, Identity, Member
from bot.domain.permissions import Access, task_access
from bot.domain.task_actors import Capacity, TaskActor
from bot.domain.tasks import Task
from bot.i18n import N_
from bot.services.ports import Database
from bot.services.tasks.ports import TasksUnitOfWork


@dataclass(frozen=True)
class Recipient:
    """Someone to tell: where their notices go (None when not linked; one channel, the one
    ``delivery_address`` picks) and their language."""

    member_id: int
    full_name: str
    chat_id: int | None
    language: str | None
    channel: Channel = Channel.TELEGRAM  # the channel ``chat_id`` is on


@dataclass(frozen=True)
class LoadedTask:
    task: Task
    access: Access
    owner_name: str  # the member, or the unit for a collective task
    cell_id: int | None
    by: TaskActor | None  # the reader as the one changing it; None when they may only see it


# The capacity each access to a task gives to change it.
CAPACITIES = {Access.OWNER: Capacity.OWNER, Access.ON_BEHALF: Capacity.ON_BEHALF}


async def recipient(uow: TasksUnitOfWork, member: Member) -> Recipient:
    address = (await uow.outbox.addresses_of([member.id])).get(member.id)
    return Recipient(
        member.id,
        member.full_name,
        None if address is None else address.chat_id,
        member.language,
        Channel.TELEGRAM if address is None else address.channel,
    )


class TaskRefused(NotAllowed):
    """Raised inside a transaction; :func:`in_task_transaction` audits it after the rollback."""

    def __init__(self, task_id: int) -> None:
        super().__init__(N_("You cannot open this task."))
        self.task_id = task_id


T = TypeVar("T")


async def in_task_transaction(
    db: Database[TasksUnitOfWork],
    clock: Clock,
    actor: Identity,
    work: Callable[[TasksUnitOfWork], Awaitable[T]],
) -> T:
    """Run ``work`` in one write transaction; a refusal is recorded in the audit log in a
    transaction of its own, since the refused one is rolled back."""
    try:
        async with db.write() as uow:
            return await work(uow)
    except TaskRefused as refused:
        async with db.write() as uow:
            await uow.audit.record(
                "task_access_refused",
                at=clock.now(),
                actor_member_id=actor.member.id,
                detail={"task_id": refused.task_id},
            )
        raise


async def load_task(
    uow: TasksUnitOfWork, actor: Identity, task_id: int, need: frozenset[Access]
) -> LoadedTask:
    """The task if ``actor`` has one of the ``need`` accesses; otherwise :class:`TaskRefused` —
    callback data naming someone else's task ends here."""
    task = await uow.tasks.get(task_id)
    access, owner_name, cell_id = Access.NONE, "", None
    if task is not None:
        if task.owner_member_id is not None:
            owner = await uow.members.get(task.owner_member_id)
            owner_name = owner.full_name if owner else ""
            cell_id = owner.cell_id if owner else None
            unit_is_root = False
        else:
            assert task.owner_unit_id is not None
            unit = await uow.units.get(task.owner_unit_id)
            owner_name = unit.name if unit else ""
            unit_is_root = unit is not None and unit.parent_id is None
            cell_id = None if unit_is_root else task.owner_unit_id
        access = task_access(
            actor,
            owner_member_id=task.owner_member_id,
            responsible_member_id=task.responsible_member_id,
            cell_id=cell_id,
            unit_is_root=unit_is_root,
        )
    if task is None or access not in need:
        raise TaskRefused(task_id)
    capacity = CAPACITIES.get(access)
    by = None if capacity is None else TaskActor(actor.member.id, capacity)
    return LoadedTask(task, access, owner_name, cell_id, by)
