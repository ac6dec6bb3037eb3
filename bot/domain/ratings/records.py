"""A review cycle and what it records per member and per cell."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from bot.domain.ratings.levels import Level


@dataclass(frozen=True)
class Cycle:
    """A review cycle: a year, or a quarter of it, with its three dates."""

    id: int
    year: int
    quarter: int | None  # None: the year
    self_review_due: date
    cells_by: date  # the cells meet and propose by then
    decision_by: date  # the committee decides by then
    opened_at: datetime
    published_at: datetime | None = None

    @property
    def published(self) -> bool:
        return self.published_at is not None

    @property
    def ends(self) -> date:
        """The last day of the period reviewed."""
        month = 12 if self.quarter is None else self.quarter * 3
        return date(self.year, month, calendar.monthrange(self.year, month)[1])


def published_in_time(cycle: Cycle, by: datetime | None) -> bool:
    """Whether a cycle's ratings count as of ``by``: published by then (None: any time,
    published or not)."""
    if by is None:
        return True
    return cycle.published_at is not None and cycle.published_at <= by


class NotRated(StrEnum):
    """Why a member is not rated (still asked for a self-review where the rule says so)."""

    NEW_MEMBER = "new_member"  # admitted less than six months before the cycle's end
    EXEMPTED = "exempted"  # exempted from party work

    @property
    def writes_self_review(self) -> bool:
        return self is NotRated.NEW_MEMBER


class EntryState(StrEnum):
    NOT_SUBMITTED = "not_submitted"
    SUBMITTED = "submitted"
    PROPOSED = "proposed"  # the cell has proposed a level
    DECIDED = "decided"  # the committee has decided


ANSWERS: tuple[str, ...] = (
    "strengths",
    "shortcomings",
    "causes",
    "fixes",
    "commitment",
    "example",
)


@dataclass(frozen=True)
class SelfReview:
    """What the member wrote (answers by question, or a file's reference) and assessed."""

    answers: dict[str, str]
    file_id: str | None
    file_kind: str | None
    level: Level
    score: int | None
    submitted_at: datetime
    channel: str | None = None  # where it was sent: a file's reference is that messenger's


@dataclass(frozen=True)
class Entry:
    """One member in one cycle."""

    cycle_id: int
    member_id: int
    full_name: str
    cell_id: int
    not_rated: NotRated | None = None
    not_rated_note: str = ""
    sick_leave: bool = False
    review: SelfReview | None = None
    proposed: Level | None = None
    votes_for: int | None = None
    votes_total: int | None = None
    decided: Level | None = None
    decision_reason: str = ""

    @property
    def state(self) -> EntryState:
        if self.decided is not None:
            return EntryState.DECIDED
        if self.proposed is not None:
            return EntryState.PROPOSED
        if self.review is not None:
            return EntryState.SUBMITTED
        return EntryState.NOT_SUBMITTED

    @property
    def rated(self) -> bool:
        return self.not_rated is None

    @property
    def level(self) -> Level | None:
        """The level as it stands: the committee's, else the cell's proposal."""
        return self.decided or self.proposed


@dataclass(frozen=True)
class CellReview:
    """The cell's own collective review and when it went to the committee."""

    cycle_id: int
    cell_id: int
    level: Level | None = None
    note: str = ""
    submitted_at: datetime | None = None
