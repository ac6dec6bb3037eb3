"""Words for the domain's names: roles and member kinds, in the member's language."""

from __future__ import annotations

from collections.abc import Iterable

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


def responsibilities(title: str | None, roles: Iterable[Role], t: Translator) -> str:
    """The title as the member list gives it ("Phó Bí thư Đảng ủy"), or else the roles it
    grants, most senior first; empty for a plain member."""
    if title:
        return title
    held = set(roles)
    return ", ".join(t(name) for role, name in ROLE_NAMES.items() if role in held)


def role_label(identity: Identity, t: Translator) -> str:
    """The member's title or responsibilities, or their kind of membership."""
    member = identity.member
    return responsibilities(member.title, identity.role_names, t) or t(KIND_NAMES[member.kind])
