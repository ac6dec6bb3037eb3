"""A party member's dues month and what it counts as.

Quy định 01-QĐ/TW: every party member, probationary included, pays each month (on the National
Public Service Portal or in cash to the cell); three months unpaid in a year without good
reason and the cell considers removal. The bot keeps only the state of each month, never an
amount or an income, and a reason where the state needs one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum


class DuesState(StrEnum):
    PAID = "paid"  # confirmed by the secretary (or recorded as paid in cash)
    CLAIMED = "claimed"  # the member said "I paid"; the secretary has not confirmed it yet
    UNPAID = "unpaid"  # recorded as not paid (a confirmation undone); no record means the same
    EXEMPT = "exempt"  # miễn, with a reason
    REDUCED = "reduced"  # giảm, with a reason: paid at a reduced rate
    DEFERRED = "deferred"  # tạm hoãn, with a reason: not owed while deferred

    @property
    def needs_reason(self) -> bool:
        return self in REASONED

    @property
    def settled(self) -> bool:
        """Whether the month is not owed: paid (or said to be), or excused with a reason."""
        return self is not DuesState.UNPAID


REASONED = frozenset({DuesState.EXEMPT, DuesState.REDUCED, DuesState.DEFERRED})
MAX_REASON = 200


@dataclass(frozen=True)
class Month:
    """A calendar month of a year."""

    year: int
    month: int

    def __post_init__(self) -> None:
        if not 1 <= self.month <= 12:
            raise ValueError(f"no month {self.month}")

    @classmethod
    def of(cls, day: date) -> Month:
        return cls(day.year, day.month)

    @property
    def index(self) -> int:
        """Months since year 0: what orders and subtracts months."""
        return self.year * 12 + self.month - 1

    @property
    def first_day(self) -> date:
        return date(self.year, self.month, 1)

    def next(self) -> Month:
        return Month(self.year + self.month // 12, self.month % 12 + 1)

    def __lt__(self, other: Month) -> bool:
        return self.index < other.index

    def __le__(self, other: Month) -> bool:
        return self.index <= other.index


@dataclass(frozen=True)
class DuesRecord:
    """A month as recorded; a month with no record is unpaid once it is due."""

    member_id: int
    year: int
    month: int
    state: DuesState
    reason: str = ""
    in_cash: bool = False
    recorded_by: int | None = None  # who last changed it (the member for a claim)
    recorded_at: datetime | None = None

    @property
    def at(self) -> Month:
        return Month(self.year, self.month)
