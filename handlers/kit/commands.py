"""A command in the catalogue: its name (Vietnamese without diacritics), English alias, who may
use it and its one-line description. Each feature lists its own (``Feature.commands``); the
wiring puts them together in the features' order, and /help and the command menu are both
drawn from that catalogue (``BotData.commands``)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from bot.domain.model import Identity
from bot.i18n import Translator


@dataclass(frozen=True)
class Command:
    name: str  # the Vietnamese command, shown in the menu
    alias: str  # the English alias
    description: str  # message id
    # Who sees it (the same rule the service enforces); None: every member.
    allowed: Callable[[Identity], bool] | None = None


def for_everyone(catalogue: Sequence[Command]) -> list[Command]:
    """The commands every member may use."""
    return [c for c in catalogue if c.allowed is None]


def commands_for(identity: Identity, catalogue: Sequence[Command]) -> list[Command]:
    """The commands this member's roles allow."""
    return [c for c in catalogue if c.allowed is None or c.allowed(identity)]


def describe(command: Command, t: Translator) -> str:
    return t(command.description)
