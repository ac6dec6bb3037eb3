"""Who sees a target, who records its value, who sets the year's targets.

The committee (and the operator) and the inspection commission see every target; a cell
secretary the targets their cell owns (or a member of it owns) and the organisation's; a member
the ones they own. A value is recorded by the owner: the member, or the owning cell's
secretary; the organisation's by the committee, who may record any entered value. Only the
committee sets targets.
"""

from __future__ import annotations

from bot.domain.model import Identity, Role
from bot.domain.permissions import oversees_everyone, secretary_of
from bot.domain.targets.model import Owner


def sees_every_target(actor: Identity) -> bool:
    return oversees_everyone(actor) or actor.has(Role.INSPECTOR)


def may_set_targets(actor: Identity) -> bool:
    return oversees_everyone(actor)


def is_organisations(owner: Owner, root_id: int) -> bool:
    return owner.member_id is None and owner.unit_id in (None, root_id)


def may_see(actor: Identity, owner: Owner, root_id: int, owner_cell_id: int | None) -> bool:
    """``owner_cell_id``: the owning cell, or the owning member's cell."""
    if sees_every_target(actor) or owner.member_id == actor.member.id:
        return True
    cells = secretary_of(actor)
    return bool(cells) and (is_organisations(owner, root_id) or owner_cell_id in cells)


def may_record(actor: Identity, owner: Owner, owner_cell_id: int | None) -> bool:
    if oversees_everyone(actor) or owner.member_id == actor.member.id:
        return True
    return owner.member_id is None and owner_cell_id in secretary_of(actor)
