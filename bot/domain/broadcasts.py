"""Broadcasts: who a notice is for, what it is, and how a long text is cut for Telegram."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from bot.domain.model import Channel, MemberKind
from bot.domain.outbox import DeliveryCounts, FileKind
from bot.domain.quota import QuotaLeft
from bot.domain.text import collation_key, name_sort_key

MAX_TEXT = 4096  # Telegram's limit for a message, in UTF-16 code units
MAX_CAPTION = 1024  # and for a document's or photo's caption
HEADER_ROOM = 256  # kept free in the first part for the "Notice from …" line


class KindFilter(StrEnum):
    PARTY = "party"  # party members: full and probationary
    NON_PARTY = "non_party"  # staff who are not party members

    @property
    def kinds(self) -> frozenset[MemberKind]:
        if self is KindFilter.PARTY:
            return frozenset({MemberKind.FULL, MemberKind.PROBATIONARY})
        return frozenset({MemberKind.NON_PARTY})


@dataclass(frozen=True)
class Audience:
    """Whom a broadcast is for: some cells (``None``: every cell), optionally one kind."""

    cell_ids: frozenset[int] | None = None
    kind: KindFilter | None = None

    @classmethod
    def organisation(cls) -> Audience:
        return cls()

    @classmethod
    def cells(cls, cell_ids: frozenset[int] | set[int]) -> Audience:
        return cls(frozenset(cell_ids))

    @classmethod
    def of_kind(cls, kind: KindFilter) -> Audience:
        return cls(None, kind)

    @property
    def reaches_groups(self) -> bool:
        """A cell's group holds every kind of member: a notice for one kind stays private."""
        return self.kind is None

    def to_json(self) -> str:
        cells = None if self.cell_ids is None else sorted(self.cell_ids)
        return json.dumps({"cells": cells, "kind": None if self.kind is None else self.kind.value})

    @classmethod
    def from_json(cls, text: str) -> Audience:
        data = json.loads(text)
        cells = data.get("cells")
        kind = data.get("kind")
        return cls(
            None if cells is None else frozenset(int(c) for c in cells),
            None if kind is None else KindFilter(kind),
        )


class BroadcastStatus(StrEnum):
    SCHEDULED = "scheduled"
    SENT = "sent"  # handed to the outbox; the report says how far delivery got
    CANCELLED = "cancelled"


@dataclass(frozen=True)
class Broadcast:
    id: int
    author_member_id: int | None  # None: the operator, from the command line
    audience: Audience
    text: str  # as written; escaped when rendered
    file_id: str | None
    file_kind: FileKind | None
    scheduled_at: datetime
    expires_at: datetime | None
    status: BroadcastStatus
    parts: int
    created_at: datetime
    report_chat_id: int | None = None
    report_message_id: int | None = None

    def status_at(self, now: datetime) -> BroadcastStatus:
        """A scheduled broadcast whose time has come reads as sent: its rows are due."""
        if self.status is BroadcastStatus.SCHEDULED and self.scheduled_at <= now:
            return BroadcastStatus.SENT
        return self.status


@dataclass(frozen=True)
class AudienceMember:
    """A member a broadcast is for, and how to reach them (``chat_id`` None: not linked): on
    one channel, the one ``delivery_address`` picks."""

    member_id: int
    cell_id: int
    language: str | None
    chat_id: int | None
    unreachable: bool  # blocked the bot or deleted their account, as last seen
    channel: Channel = Channel.TELEGRAM  # the channel ``chat_id`` is on


@dataclass(frozen=True)
class GroupLink:
    cell_id: int
    cell_name: str
    chat_id: int


@dataclass(frozen=True)
class StoredGroupLink:
    """A cell's group as kept: the link and who made it when (for the export)."""

    cell_id: int
    cell_name: str
    chat_id: int
    title: str | None  # the group's title when it was linked
    linked_by: int | None  # None once that member is deleted
    linked_at: datetime


class MissReason(StrEnum):
    """Why someone did not get a broadcast."""

    BLOCKED = "blocked"  # blocked the bot, deleted their account, or never opened the chat
    NOT_LINKED = "not_linked"  # has no account (Telegram or Zalo) linked to the bot
    FAILED = "failed"  # the messenger refused the message; can be sent again
    SKIPPED = "skipped"  # cancelled, or too late
    PENDING = "pending"  # not yet


@dataclass(frozen=True)
class Missed:
    name: str  # the member's full name, or the cell whose group it is
    cell_name: str
    reason: MissReason
    is_group: bool = False
    error: str = ""


# The order "who has not got it" lists the reasons in.
MISSED_ORDER = (
    MissReason.BLOCKED,
    MissReason.NOT_LINKED,
    MissReason.FAILED,
    MissReason.SKIPPED,
    MissReason.PENDING,
)


@dataclass(frozen=True)
class MissedGroup:
    """How many did not get a broadcast for one reason, of one cell: members (or the cell's
    group, ``is_group``). What a page of the list is chosen on before any name is read."""

    reason: MissReason
    is_group: bool
    cell_id: int  # 0: a member deleted since, or a group no longer linked
    cell_name: str
    count: int


def missed_group_order(groups: Iterable[MissedGroup]) -> list[MissedGroup]:
    """The list's order: reasons in :data:`MISSED_ORDER`, members before groups, cells in the
    order of a list of names."""
    rank = {reason: n for n, reason in enumerate(MISSED_ORDER)}
    return sorted(
        groups, key=lambda g: (rank[g.reason], g.is_group, collation_key(g.cell_name), g.cell_id)
    )


def missed_order(missed: Iterable[Missed]) -> list[Missed]:
    """Within a reason and a cell: people in the order of a list of names."""
    return sorted(missed, key=lambda m: name_sort_key(m.name))


@dataclass(frozen=True)
class Preview:
    """Who a broadcast would reach, counted before sending."""

    linked: int  # members with an account: they get it
    unreachable: int  # of those, last seen blocked or gone: they will probably not
    not_linked: int  # members without an account: they will not get it
    groups: int  # linked cell groups it is also posted in
    zalo: int = 0  # of the linked members, those it goes to on Zalo
    zalo_quota: QuotaLeft | None = None  # when Zalo has a monthly quota and ``zalo`` > 0


@dataclass(frozen=True)
class RecipientCounts:
    """How far a broadcast got, each recipient counted once whatever the number of parts."""

    members: DeliveryCounts
    groups: DeliveryCounts


@dataclass(frozen=True)
class BroadcastReport:
    broadcast: Broadcast
    status: BroadcastStatus
    members: DeliveryCounts  # per member, not per message part
    groups: DeliveryCounts
    not_linked: int
    cell_names: list[str]  # the audience's cells, empty for the whole organisation
    zalo_quota: QuotaLeft | None = None  # when Zalo has a monthly quota and it goes on Zalo

    @property
    def pending(self) -> int:
        return self.members.pending + self.groups.pending

    @property
    def finished(self) -> bool:
        """Nothing more will change by itself."""
        return self.status is BroadcastStatus.CANCELLED or (
            self.status is BroadcastStatus.SENT and self.pending == 0
        )


# --- splitting ----------------------------------------------------------------------------


def utf16_len(text: str) -> int:
    """Length as Telegram counts it."""
    return len(text.encode("utf-16-le")) // 2


_ENTITY = re.compile(r"&(?:#\d{1,7}|#x[0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{0,31});")
_PARAGRAPH = re.compile(r"\n[ \t]*\n\s*")
_SEPARATORS = (_PARAGRAPH, re.compile(r"\n"), re.compile(r"[ \t]+"))
_JOINERS = ("\n\n", "\n", " ")


def split_text(text: str, limit: int = MAX_TEXT) -> list[str]:
    """``text`` (HTML-escaped already) in parts of at most ``limit`` UTF-16 units: cut between
    paragraphs, else between lines, else between words, and only as a last resort inside a
    word — never inside an HTML entity such as ``&amp;``. Always at least one part."""
    if limit < 16:
        raise ValueError("limit too small")
    text = text.strip()
    if utf16_len(text) <= limit:
        return [text]
    return _split(text, limit, 0) or [""]


def _split(text: str, limit: int, level: int) -> list[str]:
    if utf16_len(text) <= limit:
        return [text] if text else []
    if level == len(_SEPARATORS):
        return _hard_cut(text, limit)
    joiner = _JOINERS[level]
    parts: list[str] = []
    current = ""
    for piece in _SEPARATORS[level].split(text):
        piece = piece.strip()
        if not piece:
            continue
        candidate = f"{current}{joiner}{piece}" if current else piece
        if utf16_len(candidate) <= limit:
            current = candidate
            continue
        if current:
            parts.append(current)
            current = ""
        if utf16_len(piece) <= limit:
            current = piece
        else:
            # Too long on its own: cut it finer; its last bit may share a part with what follows.
            smaller = _split(piece, limit, level + 1)
            parts.extend(smaller[:-1])
            current = smaller[-1] if smaller else ""
    if current:
        parts.append(current)
    return parts


def _hard_cut(text: str, limit: int) -> list[str]:
    """A word longer than a message: cut by length, but not in an entity nor a surrogate pair
    (Python strings hold code points, so only the length needs care)."""
    parts = []
    while text:
        end, used = 0, 0
        while end < len(text):
            width = 2 if ord(text[end]) > 0xFFFF else 1
            if used + width > limit:
                break
            used += width
            end += 1
        if end < len(text):
            for entity in _ENTITY.finditer(text, max(0, end - 40), min(len(text), end + 40)):
                if entity.start() < end < entity.end() and entity.start() > 0:
                    end = entity.start()
                    break
        parts.append(text[:end])
        text = text[end:]
    return parts
