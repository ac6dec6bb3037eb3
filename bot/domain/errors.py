"""Errors a user can cause. Each carries a message id that the edges translate."""

from __future__ import annotations

from typing import Any


class UserError(Exception):
    """A refusal or bad input, explained to the user in their language."""

    def __init__(self, message: str, /, **params: Any) -> None:
        super().__init__(message)
        self.message = message
        self.params = params


class NotAllowed(UserError):
    """The actor's roles do not allow this."""


class NotFound(UserError):
    """The thing asked for does not exist (or is not visible to the actor)."""
