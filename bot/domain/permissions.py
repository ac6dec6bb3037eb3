"""Who may do what. The one place that answers it; services enforce it."""

from __future__ import annotations

from bot.domain.model import Identity, Member, Role

ELEVATED_ROLES = (Role.CELL_SECRETARY, Role.COMMITTEE, Role.INSPECTOR, Role.ADMIN)


def oversees_everyone(actor: Identity) -> bool:
    return actor.has(Role.COMMITTEE) or actor.has(Role.ADMIN)


def may_invite(actor: Identity) -> bool:
    """Cell secretaries invite in their cell; the committee and admins anyone."""
    return oversees_everyone(actor) or actor.has(Role.CELL_SECRETARY)


def may_invite_member(actor: Identity, target: Member) -> bool:
    if oversees_everyone(actor):
        return True
    return actor.has(Role.CELL_SECRETARY, target.cell_id)


def invitable_cell_ids(actor: Identity) -> frozenset[int] | None:
    """The cells whose members ``actor`` may invite; ``None`` means every cell."""
    if oversees_everyone(actor):
        return None
    return frozenset(g.unit_id for g in actor.roles if g.role is Role.CELL_SECRETARY)
