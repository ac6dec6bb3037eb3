"""Plain data of the Zalo sandbox: users, the bot's messages, recorded calls and webhook
deliveries, errors. See :mod:`bot.sandbox.zalo.server` for how they are used."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# The statuses the platform's documentation lists, with the descriptions the sandbox gives
# when nothing more precise applies (the documentation shows no error bodies; these are ours).
DEFAULT_DESCRIPTIONS = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    408: "Request timeout",
    409: "Conflict",
    429: "Too Many Requests",
    500: "Internal Server Error",
}


class ZaloApiError(Exception):
    """A failure: ``{"ok": false, "error_code": status, "description": ...}`` with that HTTP
    status."""

    def __init__(self, status: int, description: str | None = None) -> None:
        self.status = status
        self.description = description or DEFAULT_DESCRIPTIONS.get(status, "Error")
        super().__init__(self.description)

    def payload(self) -> dict[str, Any]:
        return {"ok": False, "error_code": self.status, "description": self.description}


def bad_request(detail: str) -> ZaloApiError:
    return ZaloApiError(400, f"Bad Request: {detail}")


@dataclass(frozen=True)
class ZaloUser:
    """A Zalo account: ``id`` is a string of 20 hex digits, never a number."""

    id: str
    display_name: str


@dataclass
class ZaloSent:
    """What the bot sent to a chat: a text, a photo (URL and caption) or a sticker.

    ``number`` counts the bot's messages in that chat from 1; ``wait_for_message(after=n)``
    and ``messages(chat)[n:]`` use it. ``seq`` orders both sides of every chat.
    """

    chat_id: str
    message_id: str
    date: int  # milliseconds
    number: int
    seq: int
    kind: str = "text"  # "text" | "photo" | "sticker"
    text: str | None = None
    photo: str | None = None
    caption: str | None = None
    sticker: str | None = None
    parse_mode: str | None = None
    text_styles: Any = None

    @property
    def content(self) -> str:
        """Text or caption, whichever the message has; handy in predicates."""
        return self.text if self.text is not None else (self.caption or "")

    def describe(self) -> str:
        if self.kind == "photo":
            return f"#{self.number} (photo {self.photo}): {self.content!r}"
        if self.kind == "sticker":
            return f"#{self.number} (sticker {self.sticker})"
        return f"#{self.number}: {self.content!r}"


@dataclass
class ZaloCall:
    """One bot-side request. ``status`` is None while pending or if the client hung up."""

    method: str
    params: dict[str, Any]
    time: float
    status: int | None = None
    description: str | None = None


@dataclass
class WebhookDelivery:
    """One attempt to POST an update to the bot's webhook. ``status`` is None when the
    request failed before an answer (refused connection, timeout); ``error`` says why."""

    url: str
    event_name: str
    message_id: str | None
    attempt: int
    status: int | None
    error: str | None = None


@dataclass
class Fault:
    method: str  # lower case, or "*" for any method but getUpdates
    status: int
    remaining: int
    description: str | None = None

    def matches(self, method: str) -> bool:
        if self.remaining <= 0:
            return False
        if self.method == "*":
            return method != "getupdates"
        return self.method == method


@dataclass
class Queued:
    """An update waiting for the bot; ``replay`` marks the second copy of a replayed one."""

    update: dict[str, Any]
    replay: bool = False
