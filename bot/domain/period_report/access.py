"""Who reads the period report: the committee and admins, the inspection commission (the
whole organisation) and cell secretaries (their cell's)."""

from __future__ import annotations

from bot.domain.model import Identity, Role
from bot.domain.permissions import oversees_everyone, secretary_of


def reads_whole_organisation(actor: Identity) -> bool:
    return oversees_everyone(actor) or actor.has(Role.INSPECTOR)


def may_read_period_report(actor: Identity) -> bool:
    return reads_whole_organisation(actor) or bool(secretary_of(actor))
