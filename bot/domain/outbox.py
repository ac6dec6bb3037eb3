"""The outbox: every message the bot sends unprompted, one row per message per recipient chat."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from bot.domain.model import Channel


class DeliveryStatus(StrEnum):
    PENDING = "pending"
    SENDING = "sending"  # claimed by the sender; sent again after a crash (at-least-once)
    SENT = "sent"
    FAILED = "failed"  # gave up after the maximum number of attempts; the reason is kept
    BLOCKED = "blocked"  # 403 or "chat not found": the recipient is unreachable
    SKIPPED = "skipped"  # its moment passed before it could be sent


class Purpose(StrEnum):
    BROADCAST = "broadcast"
    NUDGE = "nudge"
    DIGEST = "digest"
    NOTICE = "notice"  # a one-off notice to one member (approval, a secretary's record)
    REMINDER = "reminder"


class ChatKind(StrEnum):
    PRIVATE = "private"
    GROUP = "group"


class FileKind(StrEnum):
    """How a file goes with a message: sent as a document or as a photo."""

    DOCUMENT = "document"
    PHOTO = "photo"


# Lower sends first: a reminder before a broadcast queued earlier. A channel with a monthly
# quota (Zalo) keeps its last messages for the essential ones (``is_essential``).
PRIORITY_URGENT = 1  # reminders of meetings one must attend; a meeting one was reminded of is off
PRIORITY_TIMELY = 3  # reminders of meetings one may skip (briefings, seminars)
PRIORITY_NORMAL = 5
PRIORITY_BULK = 8

# What spends a quota's reserve: the urgent rows, and the one-off notices about one member
# (their task approved, returned or recorded, registration reopened for them; a secretary told
# of a member's absences), whatever their place in the queue.
ESSENTIAL_PRIORITY = PRIORITY_URGENT
ESSENTIAL_PURPOSES: frozenset[Purpose] = frozenset({Purpose.NOTICE})


def is_essential(priority: int, purpose: Purpose) -> bool:
    """Whether a message still goes out once a channel's monthly quota is down to its
    reserve: reminders of must-attend meetings and decisions about a member."""
    return priority <= ESSENTIAL_PRIORITY or purpose in ESSENTIAL_PURPOSES


@dataclass(frozen=True)
class OutgoingMessage:
    """A message to enqueue. ``key`` makes the same notice to the same chat impossible to
    enqueue twice (for example ``broadcast:12:member:345:part:1``)."""

    key: str
    purpose: Purpose
    chat_id: int
    chat_kind: ChatKind
    text: str  # HTML, already escaped where people's words were inserted
    not_before: datetime
    member_id: int | None = None
    source_id: int | None = None  # the broadcast, reminder or nudge it belongs to
    keyboard: str | None = None  # JSON of an inline keyboard
    file_id: str | None = None
    file_kind: FileKind | None = None
    priority: int = PRIORITY_NORMAL
    expires_at: datetime | None = None  # too late after this: skipped, never sent late
    channel: Channel = Channel.TELEGRAM  # the channel ``chat_id`` is on


@dataclass(frozen=True)
class Delivery:
    """A claimed outbox row, as the sender sees it."""

    id: int
    chat_id: int
    chat_kind: ChatKind
    text: str
    keyboard: str | None
    file_id: str | None
    file_kind: FileKind | None
    attempts: int
    expires_at: datetime | None
    member_id: int | None
    channel: Channel = Channel.TELEGRAM


@dataclass(frozen=True)
class OutboxEntry:
    """A queued row as a planner sees it: which one, how far it got, and when."""

    key: str
    status: DeliveryStatus
    at: datetime  # when it was sent, or else when it is (or was) due


@dataclass(frozen=True)
class DeliveryCounts:
    sent: int = 0
    pending: int = 0  # pending or sending
    blocked: int = 0
    failed: int = 0
    skipped: int = 0

    @property
    def total(self) -> int:
        return self.sent + self.pending + self.blocked + self.failed + self.skipped
