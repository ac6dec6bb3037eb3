"""Who may see and record whose dues: a member their own months; a cell secretary their cell's
(and records them); the committee every cell (and records them); the inspection commission
every cell, to read."""

from __future__ import annotations

from bot.domain.model import Identity, Member
from bot.domain.permissions import (
    may_see_cell,
    may_see_organisation,
    oversees_everyone,
    secretary_of,
)


def may_record_for(actor: Identity, member: Member) -> bool:
    """Confirm a member's month, mark it paid in cash, exempt, reduced or deferred."""
    return oversees_everyone(actor) or member.cell_id in secretary_of(actor)


def may_see_dues_of_cell(actor: Identity, cell_id: int) -> bool:
    return may_see_cell(actor, cell_id)


def may_see_every_cell(actor: Identity) -> bool:
    return may_see_organisation(actor)
