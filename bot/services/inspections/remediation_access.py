"""Who follows an item's remediation up and whose an action is: the checks every remediation
step starts with, and the messages they refuse with.

Kept apart from :mod:`bot.services.inspections.remediation` so the service reads as the steps
themselves. A forged item or action id is refused with :class:`ItemRefused`, which the caller's
:func:`bot.services.inspections.standing.in_item_transaction` audits.
"""

from __future__ import annotations

from bot.domain.errors import NotAllowed, UserError
from bot.domain.inspections.access import Standing
from bot.domain.inspections.model import ItemKind, ItemState
from bot.domain.inspections.records import Item, RemediationAction
from bot.domain.model import Identity, Member
from bot.i18n import N_
from bot.services.inspections.ports import InspectionsUnitOfWork
from bot.services.inspections.standing import ItemRefused, load_item

NO_ACTION = N_("This remediation action does not exist or is not yours.")
NOT_FOLLOWER = N_(
    "Only the item's lead, the committee or the inspection commission follow up its remediation."
)
NOT_REMEDIABLE = N_(
    "Remediation actions are added once the item is concluded, and until it is closed."
)
BAD_OWNER = N_(
    "{name} is not the member inspected nor in the cell inspected: choose someone there."
)
NOT_DONE = N_("This action is not marked done yet.")
ALREADY_VERIFIED = N_("This action is verified already.")

# The states in which a conclusion's remediation is written and followed.
REMEDIABLE = frozenset({ItemState.CONCLUDED, ItemState.CONCLUSION_NOTIFIED, ItemState.REMEDIATING})


def may_follow(kind: ItemKind, seen: Standing) -> bool:
    """The lead, the commission, and the committee but for a restricted inspection."""
    return seen.lead or seen.commission or (seen.committee and not kind.is_restricted)


async def following(uow: InspectionsUnitOfWork, actor: Identity, item_id: int) -> Item:
    loaded = await load_item(uow, actor, item_id)
    if not may_follow(loaded.item.kind, loaded.standing):
        raise NotAllowed(NOT_FOLLOWER)
    if loaded.item.state not in REMEDIABLE:
        raise UserError(NOT_REMEDIABLE)
    return loaded.item


async def owned_action(
    uow: InspectionsUnitOfWork, actor: Identity, action_id: int
) -> tuple[RemediationAction, Item]:
    """The owner's action, open or done, not verified; anyone else's is refused and audited."""
    action = await uow.inspections.action(action_id)
    if action is None or action.owner_id != actor.member.id:
        raise ItemRefused(0 if action is None else action.item_id, NO_ACTION)
    item = await uow.inspections.item(action.item_id)
    if item is None:
        raise ItemRefused(action.item_id, NO_ACTION)
    if action.verified_at is not None:
        raise UserError(ALREADY_VERIFIED)
    return action, item


async def followed_action(
    uow: InspectionsUnitOfWork, actor: Identity, action_id: int
) -> tuple[RemediationAction, Item]:
    """A done, unverified action of an item ``actor`` follows up; a forged id is audited."""
    action = await uow.inspections.action(action_id)
    if action is None:
        raise ItemRefused(0, NO_ACTION)
    item = await following(uow, actor, action.item_id)
    if action.verified_at is not None:
        raise UserError(ALREADY_VERIFIED)
    if not action.done:
        raise UserError(NOT_DONE)
    return action, item


def check_owner(item: Item, owner: Member) -> None:
    if item.target.kind.is_person:
        fits = owner.id == item.target.id or owner.cell_id == item.target.cell_id
    else:
        fits = owner.cell_id == item.target.id
    if not fits:
        raise UserError(BAD_OWNER, name=owner.full_name)
