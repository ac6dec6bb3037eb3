"""Who sees and does what in a review cycle, and the one refusal path: reaching an entry or a
cell one may not (a forged button) is refused and recorded in the audit log.

- A member sees their own entry, never a level before it is published.
- A cell secretary sees and proposes for their cell's members.
- The committee (and admins) sees every cell, decides, and publishes.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TypeVar

from bot.clock import Clock
from bot.domain.errors import NotAllowed
from bot.domain.model import Identity, Role
from bot.i18n import N_
from bot.services.ports import Database
from bot.services.ratings.ports import RatingsUnitOfWork

T = TypeVar("T")

NOT_YOURS = N_("This member's review is not yours to see.")
COMMITTEE_ONLY = N_("Only the party committee decides and publishes the ratings.")


class RatingRefused(NotAllowed):
    """``actor`` reached a member or cell of a cycle they may not; audited."""

    def __init__(self, subject: str, message: str = NOT_YOURS) -> None:
        super().__init__(message)
        self.subject = subject


def is_committee(actor: Identity) -> bool:
    return actor.has(Role.COMMITTEE) or actor.has(Role.ADMIN)


def secretary_cells(actor: Identity) -> frozenset[int]:
    return frozenset(g.unit_id for g in actor.roles if g.role is Role.CELL_SECRETARY)


def may_rate(actor: Identity) -> bool:
    """Whether /xeploai has anything for ``actor``: the committee, or a cell's secretary."""
    return is_committee(actor) or bool(secretary_cells(actor))


def may_see_cell(actor: Identity, cell_id: int) -> bool:
    return is_committee(actor) or cell_id in secretary_cells(actor)


def may_see_entry(actor: Identity, member_id: int, cell_id: int) -> bool:
    return actor.member.id == member_id or may_see_cell(actor, cell_id)


async def in_rating_transaction(
    db: Database[RatingsUnitOfWork],
    clock: Clock,
    actor: Identity | None,
    work: Callable[[RatingsUnitOfWork], Awaitable[T]],
    *,
    write: bool = True,
) -> T:
    """Run ``work`` in one transaction; a refusal is recorded in a transaction of its own, as
    the refused one is rolled back."""
    try:
        async with db.write() if write else db.read() as uow:
            return await work(uow)
    except RatingRefused as refused:
        async with db.write() as uow:
            await uow.audit.record(
                "rating_access_refused",
                at=clock.now(),
                actor_member_id=None if actor is None else actor.member.id,
                detail={"subject": refused.subject, "message": refused.message},
            )
        raise
