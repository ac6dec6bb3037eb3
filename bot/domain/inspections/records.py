"""What is kept of a programme: its items, their steps and changes, the target's self-report,
the remediation a conclusion asks for, and regular supervision notes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from bot.domain.inspections.model import ItemKind, ItemState, Target
from bot.domain.model import Channel
from bot.domain.outbox import FileKind
from bot.domain.tasks import TaskStatus


class Review(StrEnum):
    """An item of a draft programme as the committee reviews it."""

    PROPOSED = "proposed"
    ACCEPTED = "accepted"
    DROPPED = "dropped"


class Change(StrEnum):
    """What else than a step an item's history records."""

    CREATED = "created"
    MOVED = "moved"
    TARGET = "target"
    TEAM = "team"
    DROPPED = "dropped"
    ACCEPTED = "accepted"
    DETAILS = "details"
    REMEDIATION = "remediation"
    REMEDIATION_DONE = "remediation_done"
    REMEDIATION_VERIFIED = "remediation_verified"
    REMEDIATION_RETURNED = "remediation_returned"
    SELF_REPORT = "self_report"


@dataclass(frozen=True)
class Programme:
    id: int
    year: int
    unit_id: int  # the organisation's root, or a cell
    adopted_at: datetime | None
    adopted_by: int | None

    @property
    def adopted(self) -> bool:
        return self.adopted_at is not None


@dataclass(frozen=True)
class ItemDraft:
    """An item as written: by the planner, a person in the chat, or a spreadsheet row."""

    kind: ItemKind
    content: str
    target: Target
    month: int
    lead_id: int | None = None
    team_ids: tuple[int, ...] = ()
    period: str = ""
    method: str = ""
    decision_ref: str = ""
    reason: str = ""


@dataclass(frozen=True)
class Item:
    id: int
    programme_id: int
    kind: ItemKind
    content: str
    target: Target
    month: int
    lead_id: int | None
    team_ids: tuple[int, ...]
    period: str
    method: str
    decision_ref: str
    reason: str
    state: ItemState
    review: Review
    self_report_due: date | None
    self_report_at: datetime | None
    conclusion: str | None

    @property
    def people(self) -> tuple[int, ...]:
        """Whoever sits on the item: the lead, then the team."""
        return ((self.lead_id,) if self.lead_id is not None else ()) + self.team_ids


@dataclass(frozen=True)
class Event:
    at: datetime
    member_id: int | None  # None: the operator at the command line
    event: str  # an ItemState or a Change
    detail: str


@dataclass(frozen=True)
class SelfReport:
    id: int
    item_id: int
    member_id: int | None
    at: datetime
    text: str | None
    file_id: str | None
    file_kind: FileKind | None
    channel: Channel


@dataclass(frozen=True)
class RemediationAction:
    id: int
    item_id: int
    action: str
    owner_id: int
    due: date
    done_at: datetime | None
    done_note: str | None
    evidence_file_id: str | None
    evidence_kind: FileKind | None
    verified_at: datetime | None
    verified_by: int | None

    @property
    def done(self) -> bool:
        return self.done_at is not None


@dataclass(frozen=True)
class SupervisionNote:
    id: int
    target: Target
    at: datetime
    member_id: int | None
    note: str


@dataclass(frozen=True)
class MemberTask:
    """A target member's breakthrough task, as an item's card shows it."""

    title: str
    status: TaskStatus
    progress: int
    deadline: date

    def overdue(self, today: date) -> bool:
        return self.deadline < today and self.status.is_open
