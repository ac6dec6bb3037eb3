"""Meetings and study sessions, recurring series, and reminder offsets."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from bot.domain.errors import UserError
from bot.domain.model import Member, MemberKind, Unit


def N_(message: str) -> str:
    """Marks a message id for extraction; the domain may not import bot.i18n."""
    return message


class MeetingKind(StrEnum):
    CELL_MEETING = "cell_meeting"  # sinh hoạt chi bộ
    THEMATIC_MEETING = "thematic_meeting"  # sinh hoạt chuyên đề
    STUDY = "study"  # học tập chuyên đề / quán triệt nghị quyết
    NEWS_BRIEFING = "news_briefing"  # thông tin thời sự
    SEMINAR = "seminar"


class Attendees(StrEnum):
    PARTY = "party"  # party members only
    ALL = "all"  # everyone, non-party staff too


class MeetingStatus(StrEnum):
    SCHEDULED = "scheduled"
    CANCELLED = "cancelled"


@dataclass(frozen=True)
class Meeting:
    id: int
    kind: MeetingKind
    title: str
    starts_at: datetime  # aware, UTC
    ends_at: datetime
    place: str | None
    online_link: str | None
    agenda: str | None
    attendees: Attendees
    series_id: int | None
    occurrence_at: datetime | None
    remind: tuple[timedelta, ...]
    status: MeetingStatus
    sequence: int
    unit_ids: frozenset[int]
    created_by: int | None
    created_at: datetime

    @property
    def cancelled(self) -> bool:
        return self.status is MeetingStatus.CANCELLED


@dataclass(frozen=True)
class MeetingDocument:
    """A file forwarded to the bot (its Telegram ``file_id``) or a link, for members to open."""

    id: int
    meeting_id: int
    title: str
    file_id: str | None
    url: str | None
    added_at: datetime


@dataclass(frozen=True)
class NewMeeting:
    kind: MeetingKind
    title: str
    starts_at: datetime
    ends_at: datetime
    attendees: Attendees
    unit_ids: frozenset[int]
    remind: tuple[timedelta, ...]
    place: str | None = None
    online_link: str | None = None
    agenda: str | None = None
    series_id: int | None = None
    occurrence_at: datetime | None = None


@dataclass(frozen=True)
class Series:
    id: int
    kind: MeetingKind
    title: str
    rule: str  # as typed
    trigger: dict[str, Any]  # CronTrigger fields
    duration: timedelta
    place: str | None
    online_link: str | None
    agenda: str | None
    attendees: Attendees
    unit_ids: frozenset[int]
    remind: tuple[timedelta, ...]
    starts_from: datetime
    active: bool
    materialised_until: datetime | None
    created_by: int | None = None
    created_at: datetime | None = field(default=None, compare=False)


DEFAULT_REMINDERS: dict[MeetingKind, tuple[timedelta, ...]] = {
    MeetingKind.CELL_MEETING: (timedelta(days=3), timedelta(days=1), timedelta(hours=2)),
    MeetingKind.THEMATIC_MEETING: (timedelta(days=3), timedelta(days=1), timedelta(hours=2)),
    MeetingKind.STUDY: (timedelta(days=3), timedelta(days=1), timedelta(hours=2)),
    MeetingKind.NEWS_BRIEFING: (timedelta(days=1), timedelta(hours=2)),
    MeetingKind.SEMINAR: (timedelta(days=1), timedelta(hours=2)),
}
DEFAULT_DURATION = timedelta(hours=2)
MAX_OFFSET = timedelta(days=60)

_OFFSET = re.compile(r"^(\d{1,4})\s*([dhm])$")
_UNITS = {"d": "days", "h": "hours", "m": "minutes"}


def parse_offsets(text: str) -> tuple[timedelta, ...]:
    """``"3d,1d,2h,15m"`` → the offsets before the start, longest first, without repeats."""
    found: set[timedelta] = set()
    for raw in re.split(r"[,;\s]+", text.strip().lower()):
        if not raw:
            continue
        match = _OFFSET.match(raw)
        if match is None:
            raise UserError(
                N_(
                    "Reminder {value} is not understood: write days, hours or minutes such as "
                    "3d, 2h or 15m, separated by commas."
                ),
                value=raw,
            )
        offset = timedelta(**{_UNITS[match[2]]: int(match[1])})
        if offset <= timedelta(0) or offset > MAX_OFFSET:
            raise UserError(
                N_("Reminder {value} must be more than 0 and at most 60 days before."), value=raw
            )
        found.add(offset)
    if not found:
        raise UserError(N_("No reminder given: write for example 3d,1d,2h."))
    return tuple(sorted(found, reverse=True))


def parse_defaults(text: str) -> dict[MeetingKind, tuple[timedelta, ...]]:
    """The organisation's reminder defaults: ``"cell_meeting=3d,1d,2h; seminar=1d"`` replaces
    those kinds' defaults and keeps the others. Empty text: the built-in defaults."""
    result = dict(DEFAULT_REMINDERS)
    for part in re.split(r"[;\n]+", text.strip()):
        if not part.strip():
            continue
        kind, sep, offsets = part.partition("=")
        try:
            meeting_kind = MeetingKind(kind.strip().lower())
        except ValueError:
            raise UserError(N_("There is no meeting kind {kind}."), kind=kind.strip()) from None
        if not sep:
            raise UserError(N_("No reminder given: write for example 3d,1d,2h."))
        result[meeting_kind] = parse_offsets(offsets)
    return result


def format_offsets(offsets: tuple[timedelta, ...]) -> str:
    parts = []
    for offset in offsets:
        minutes = int(offset.total_seconds()) // 60
        if minutes % 1440 == 0:
            parts.append(f"{minutes // 1440}d")
        elif minutes % 60 == 0:
            parts.append(f"{minutes // 60}h")
        else:
            parts.append(f"{minutes}m")
    return ",".join(parts)


@dataclass(frozen=True)
class NewSeries:
    kind: MeetingKind
    title: str
    rule: str
    trigger: dict[str, str]
    duration: timedelta
    attendees: Attendees
    unit_ids: frozenset[int]
    remind: tuple[timedelta, ...]
    starts_from: datetime
    place: str | None = None
    online_link: str | None = None
    agenda: str | None = None


@dataclass(frozen=True)
class MeetingRequest:
    """What a secretary asks for; times are the organisation's local time (naive)."""

    kind: MeetingKind
    title: str
    starts: datetime
    cells: tuple[str, ...] = ()  # cell names; empty with everyone=True: the whole organisation
    everyone: bool = False
    ends: datetime | None = None
    place: str | None = None
    online_link: str | None = None
    agenda: str | None = None
    attendees: Attendees = Attendees.PARTY
    repeat: str | None = None
    remind: str | None = None


def unit_chains(units: Iterable[Unit]) -> dict[int, frozenset[int]]:
    """For every unit: itself and every unit above it up to the organisation root."""
    by_id = {u.id: u for u in units}
    result: dict[int, frozenset[int]] = {}
    for unit in by_id.values():
        chain: set[int] = set()
        current: int | None = unit.id
        while current is not None and current not in chain and current in by_id:
            chain.add(current)
            current = by_id[current].parent_id
        result[unit.id] = frozenset(chain)
    return result


def concerns(meeting: Meeting, member: Member, chain: frozenset[int]) -> bool:
    """Whether ``member`` (whose cell and the units above it are ``chain``) is expected at
    ``meeting``: active, in its scope, and not non-party staff at a party-only meeting."""
    if meeting.attendees is Attendees.PARTY and member.kind is MemberKind.NON_PARTY:
        return False
    return member.is_active and bool(meeting.unit_ids & chain)
