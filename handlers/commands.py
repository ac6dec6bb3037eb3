"""The command catalogue: names (Vietnamese without diacritics, English alias), who may use them,
and their one-line descriptions. /help and the command menu are both drawn from it."""

from __future__ import annotations

from dataclasses import dataclass

from bot.domain.model import Identity, Role
from bot.domain.permissions import may_invite
from bot.i18n import N_, Translator


@dataclass(frozen=True)
class Command:
    name: str  # the Vietnamese command, shown in the menu
    alias: str  # the English alias
    description: str  # message id
    roles: frozenset[Role] | None = None  # None: every member

    def allowed(self, identity: Identity) -> bool:
        if self.roles is None:
            return True
        if self.name == "moi":
            return may_invite(identity)
        return bool(self.roles & identity.role_names)


COMMANDS = (
    Command("trogiup", "help", N_("What I can do for you")),
    Command("ngonngu", "language", N_("Tiếng Việt / English")),
    Command(
        "moi",
        "invite",
        N_("Invite a member of your cell"),
        frozenset({Role.CELL_SECRETARY, Role.COMMITTEE, Role.ADMIN}),
    ),
)


def commands_for(identity: Identity | None) -> list[Command]:
    """Commands this member may use; a stranger sees only the ones for everyone."""
    return [c for c in COMMANDS if (c.roles is None or (identity and c.allowed(identity)))]


def describe(command: Command, t: Translator) -> str:
    return t(command.description)
