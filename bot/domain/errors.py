"""Errors a user can cause. Each carries a message id that the edges translate."""

from __future__ import annotations

from typing import Any

# An error quotes what was typed so the user knows what is meant, never a whole page of it:
# echoed in full, a long paste would make the answer longer than Telegram allows.
MAX_QUOTED = 300


def quoted(value: Any) -> Any:
    """What a user typed, as a message may quote it: at most MAX_QUOTED characters."""
    if isinstance(value, str) and len(value) > MAX_QUOTED:
        return value[: MAX_QUOTED - 1] + "…"
    return value


class UserError(Exception):
    """A refusal or bad input, explained to the user in their language."""

    def __init__(self, message: str, /, **params: Any) -> None:
        super().__init__(message)
        self.message = message
        self.params = {name: quoted(value) for name, value in params.items()}


class NotAllowed(UserError):
    """The actor's roles do not allow this."""


class NotFound(UserError):
    """The thing asked for does not exist (or is not visible to the actor)."""
