"""An actor's standing towards one item, loading it, and refusing (with an audit record) whoever
reaches an item they may not: callback data naming another's item ends here."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TypeVar

from bot.clock import Clock
from bot.domain.errors import NotAllowed
from bot.domain.inspections.access import Standing, may_see_item
from bot.domain.inspections.model import TargetKind
from bot.domain.inspections.records import Item, Programme
from bot.domain.model import Identity, Role
from bot.domain.permissions import may_plan_inspections
from bot.i18n import N_
from bot.services.inspections.ports import InspectionsUnitOfWork
from bot.services.ports import Database

T = TypeVar("T")

NO_ITEM = N_("This item of the inspection programme does not exist or is not yours to see.")


class ItemRefused(NotAllowed):
    """``actor`` reached an item they may not see or act on; audited."""

    def __init__(self, item_id: int, message: str = NO_ITEM, **params: object) -> None:
        super().__init__(message, **params)
        self.item_id = item_id


@dataclass(frozen=True)
class LoadedItem:
    item: Item
    programme: Programme
    is_root: bool  # the organisation's programme (not a cell's)
    standing: Standing


def standing(actor: Identity, item: Item, is_root: bool, programme: Programme) -> Standing:
    me = actor.member.id
    target = item.target
    if item.kind.is_restricted:
        owner = actor.has(Role.INSPECTOR)
    elif is_root:
        owner = may_plan_inspections(actor)
    else:
        owner = actor.has(Role.CELL_SECRETARY, programme.unit_id)
    return Standing(
        owner=owner,
        committee=actor.has(Role.COMMITTEE),
        commission=actor.has(Role.INSPECTOR),
        lead=item.lead_id == me,
        team=me in item.team_ids,
        target=(target.id == me)
        if target.kind.is_person
        else actor.has(Role.CELL_SECRETARY, target.id),
        target_secretary=target.kind is not TargetKind.CELL
        and actor.has(Role.CELL_SECRETARY, target.cell_id),
    )


async def load_item(uow: InspectionsUnitOfWork, actor: Identity | None, item_id: int) -> LoadedItem:
    """The item if ``actor`` may see it (``None``: the operator sees everything)."""
    item = await uow.inspections.item(item_id)
    programme = None if item is None else await uow.inspections.programme_by_id(item.programme_id)
    if item is None or programme is None:
        raise ItemRefused(item_id)
    root = await uow.units.root()
    is_root = root is not None and programme.unit_id == root.id
    if actor is None:
        full = Standing(owner=True, committee=True, commission=True)
        return LoadedItem(item, programme, is_root, full)
    seen = standing(actor, item, is_root, programme)
    if not may_see_item(item.kind, item.state, seen):
        raise ItemRefused(item_id)
    return LoadedItem(item, programme, is_root, seen)


async def in_item_transaction(
    db: Database[InspectionsUnitOfWork],
    clock: Clock,
    actor: Identity | None,
    work: Callable[[InspectionsUnitOfWork], Awaitable[T]],
    *,
    write: bool = True,
) -> T:
    """Run ``work`` in one transaction; a refusal is recorded in the audit log in a transaction
    of its own, since the refused one is rolled back."""
    try:
        async with db.write() if write else db.read() as uow:
            return await work(uow)
    except ItemRefused as refused:
        async with db.write() as uow:
            await uow.audit.record(
                "inspection_access_refused",
                at=clock.now(),
                actor_member_id=None if actor is None else actor.member.id,
                detail={"item_id": refused.item_id, "message": refused.message},
            )
        raise
