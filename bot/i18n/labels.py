"""Words for the domain's names: roles and member kinds, in the member's language."""

from __future__ import annotations

from bot.domain.model import Identity, MemberKind, Role
from bot.i18n.translator import N_, Translator

# Each language in its own words, whatever the reader's language.
LANGUAGE_NAMES = {"vi": "Tiếng Việt", "en": "English"}

ROLE_NAMES = {
    Role.COMMITTEE: N_("committee member"),
    Role.CELL_SECRETARY: N_("cell secretary"),
    Role.INSPECTOR: N_("inspection commission member"),
    Role.ADMIN: N_("administrator"),
}
KIND_NAMES = {
    MemberKind.FULL: N_("party member"),
    MemberKind.PROBATIONARY: N_("probationary party member"),
    MemberKind.NON_PARTY: N_("staff member"),
}


def role_label(identity: Identity, t: Translator) -> str:
    """The member's responsibilities, most senior first, or their kind of membership."""
    roles = [t(name) for role, name in ROLE_NAMES.items() if identity.has(role)]
    return ", ".join(roles) if roles else t(KIND_NAMES[identity.member.kind])
