"""Plain data of the Bot API sandbox: users, the bot's messages, recorded calls, errors.

See :mod:`bot.sandbox.server` for how they are used.
"""

from __future__ import annotations

import asyncio
import math
from dataclasses import dataclass, field
from typing import Any, Literal

FaultKind = Literal["429", "403", "500", "hang"]


class ApiError(Exception):
    """A Telegram-shaped failure: becomes ``{"ok": false, "error_code": ..., ...}``."""

    def __init__(self, status: int, description: str, *, retry_after: int | None = None) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.retry_after = retry_after

    def payload(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "ok": False,
            "error_code": self.status,
            "description": self.description,
        }
        if self.retry_after is not None:
            body["parameters"] = {"retry_after": self.retry_after}
        return body


def bad_request(detail: str) -> ApiError:
    return ApiError(400, f"Bad Request: {detail}")


@dataclass
class SandboxUser:
    id: int
    first_name: str
    last_name: str | None = None
    username: str | None = None
    language_code: str | None = "vi"

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "is_bot": False, "first_name": self.first_name}
        if self.last_name is not None:
            data["last_name"] = self.last_name
        if self.username is not None:
            data["username"] = self.username
        if self.language_code is not None:
            data["language_code"] = self.language_code
        return data


@dataclass(frozen=True)
class InlineButton:
    text: str
    callback_data: str | None
    url: str | None
    row: int
    column: int


@dataclass
class SentMessage:
    """A message the bot sent, as it stands now (edits applied, deletion flagged)."""

    message_id: int
    chat_id: int
    date: int
    text: str | None = None
    html: str | None = None
    parse_mode: str | None = None
    entities: list[dict[str, Any]] = field(default_factory=list)
    reply_markup: dict[str, Any] | None = None
    document: dict[str, Any] | None = None
    photo: list[dict[str, Any]] | None = None
    caption: str | None = None
    caption_entities: list[dict[str, Any]] = field(default_factory=list)
    reply_to_message_id: int | None = None
    disable_notification: bool = False
    edited: int = 0
    edit_date: int | None = None
    deleted: bool = False
    history: list[str] = field(default_factory=list)

    def buttons(self) -> list[InlineButton]:
        """The inline keyboard flattened row by row; empty without an inline keyboard."""
        rows = (self.reply_markup or {}).get("inline_keyboard") or []
        found: list[InlineButton] = []
        for r, row in enumerate(rows):
            for c, button in enumerate(row):
                found.append(
                    InlineButton(
                        text=str(button.get("text", "")),
                        callback_data=button.get("callback_data"),
                        url=button.get("url"),
                        row=r,
                        column=c,
                    )
                )
        return found

    @property
    def content(self) -> str:
        """Text or caption, whichever the message has; handy in predicates."""
        return self.text if self.text is not None else (self.caption or "")

    def describe(self) -> str:
        flags = []
        if self.deleted:
            flags.append("deleted")
        if self.edited:
            flags.append(f"edited x{self.edited}")
        if self.document:
            flags.append(f"document {self.document.get('file_name')!r}")
        if self.photo:
            flags.append("photo")
        head = f"#{self.message_id}" + (f" ({', '.join(flags)})" if flags else "")
        lines = [f"{head}: {self.content!r}"]
        buttons = self.buttons()
        if buttons:
            lines.append(
                "    buttons: "
                + ", ".join(f"[{b.text!r} -> {b.callback_data or b.url!r}]" for b in buttons)
            )
        return "\n".join(lines)


@dataclass
class ApiCall:
    """One bot-side request. ``status`` is None while pending or if the client hung up."""

    method: str
    params: dict[str, Any]
    time: float
    status: int | None = None
    description: str | None = None


@dataclass
class Fault:
    method: str  # lower case, or "*"
    kind: FaultKind
    remaining: int
    retry_after: int = 1
    hang_seconds: float = 30.0

    def matches(self, method: str) -> bool:
        if self.remaining <= 0:
            return False
        if self.method == "*":
            return method != "getupdates"
        return self.method == method


class TokenBucket:
    """Telegram's flood limits modelled as buckets: `capacity` sends at once, then `rate`/s."""

    def __init__(self, capacity: float, rate: float, now: float) -> None:
        self.capacity = capacity
        self.rate = rate
        self.tokens = capacity
        self.stamp = now

    def _refill(self, now: float) -> None:
        elapsed = max(0.0, now - self.stamp)
        self.tokens = min(self.capacity, self.tokens + elapsed * self.rate)
        self.stamp = now

    def wait_needed(self, now: float) -> int:
        """0 if a send may go now, else whole seconds until it may (at least 1)."""
        self._refill(now)
        if self.tokens >= 1.0:
            return 0
        return max(1, math.ceil((1.0 - self.tokens) / self.rate))

    def take(self, now: float) -> None:
        self._refill(now)
        self.tokens -= 1.0


@dataclass(frozen=True)
class Upload:
    """A file part of a multipart request."""

    filename: str | None
    content_type: str | None
    data: bytes


@dataclass
class StoredFile:
    file_id: str
    file_unique_id: str
    data: bytes
    file_name: str | None
    mime_type: str | None
    file_path: str


class Signal:
    """A broadcast wake-up: waiters grab the current event, ``fire`` sets it and starts anew.

    Firing is synchronous, so plain (non-async) code such as ``block_bot`` can wake long
    polls, and a waiter that checked its condition before grabbing the event cannot miss
    a fire because nothing runs in between.
    """

    def __init__(self) -> None:
        self._event = asyncio.Event()

    def fire(self) -> None:
        self._event.set()
        self._event = asyncio.Event()

    async def wait(self, timeout: float | None) -> None:
        event = self._event
        if timeout is not None and timeout <= 0:
            return
        try:
            async with asyncio.timeout(timeout):
                await event.wait()
        except TimeoutError:
            pass


class Signals:
    """What a sandbox's waits listen to (new updates, new messages, any call), and how
    stopping releases them all at once: both sandboxes' states are built on it."""

    def __init__(self) -> None:
        self.updates_changed = Signal()
        self.messages_changed = Signal()
        self.activity = Signal()
        self.stopping = asyncio.Event()
        self.closing = False
        self.in_flight = 0
        self.last_activity = 0.0

    def close(self) -> None:
        """Long polls answer, waits return: the server is going."""
        self.closing = True
        self.stopping.set()
        self.updates_changed.fire()
        self.messages_changed.fire()
        self.activity.fire()
