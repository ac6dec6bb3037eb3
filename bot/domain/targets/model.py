"""A target (chỉ tiêu) of a year: what it counts, against what, who owns it and where its value
comes from; and the dated updates that record an entered value."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from enum import StrEnum


class Comparator(StrEnum):
    AT_LEAST = "at_least"  # ≥ 22 classes; 100% of party members
    MORE_THAN = "more_than"  # over 97% of non-party staff
    ZERO = "zero"  # no member disciplined
    AT_MOST = "at_most"  # at most 2 late reports


class Section(StrEnum):
    """The report's parts a target is written under; anything else is free text."""

    POLITICS = "politics"  # công tác chính trị, tư tưởng
    PARTY_BUILDING = "party_building"  # xây dựng Đảng
    INSPECTION = "inspection"  # kiểm tra, giám sát
    TRAINING = "training"  # đào tạo, bồi dưỡng
    MASS = "mass"  # dân vận, đoàn thể
    OTHER = "other"


class Source(StrEnum):
    """Where the value comes from: someone records it, or the bot computes it from what it
    already knows (each computed value is a share: a part of a whole, in percent)."""

    ENTERED = "entered"
    STUDY_PARTY = "study_party"  # party members' study participation
    STUDY_NON_PARTY = "study_non_party"  # non-party staff's
    TASKS_DONE = "tasks_done"  # breakthrough tasks done of those registered
    CELLS_INSPECTED = "cells_inspected"  # the inspection programme's quota lines
    MEMBERS_INSPECTED = "members_inspected"
    CELLS_SUPERVISED = "cells_supervised"
    MEETINGS_AT_BAR = "meetings_at_bar"  # cell meetings that met the attendance quality bar
    # The year's published rating (issue 14): rated "good" or better, or "excellent", of those
    # rated.
    RATING_GOOD_OR_BETTER = "rating_good_or_better"
    RATING_EXCELLENT = "rating_excellent"

    @property
    def computed(self) -> bool:
        return self is not Source.ENTERED


def accrues_by_default(unit: str, source: Source) -> bool:
    """Whether a value only grows over the year (a pro-rata expectation before its end): a count
    entered by hand, and the inspection programme's targets carried out; not a share such as
    study participation, which may fall as well as rise."""
    if source in (Source.CELLS_INSPECTED, Source.MEMBERS_INSPECTED, Source.CELLS_SUPERVISED):
        return True
    return source is Source.ENTERED and unit.strip() != "%"


class Cadence(StrEnum):
    """How often the owner is asked for a value."""

    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    NEVER = "never"


@dataclass(frozen=True)
class Owner:
    """A unit (the organisation, a cell) or a member; neither: the organisation."""

    unit_id: int | None = None
    member_id: int | None = None


@dataclass(frozen=True)
class TargetDraft:
    """What setting a target asks for."""

    title: str
    planned: Decimal
    comparator: Comparator = Comparator.AT_LEAST
    unit: str = ""
    section: str = Section.OTHER.value  # a Section's value, or free text
    owner: Owner = Owner()
    accrues: bool = True  # counts up over the year: a pro-rata expectation before the end
    source: Source = Source.ENTERED
    cadence: Cadence = Cadence.MONTHLY
    decimals: int | None = None  # None: the setting's (BUTPHA_TARGET_DECIMALS)


MAX_DECIMALS = 4


@dataclass(frozen=True)
class Target:
    id: int
    year: int
    title: str
    planned: Decimal
    comparator: Comparator
    unit: str
    section: str
    owner: Owner
    accrues: bool
    source: Source
    cadence: Cadence
    created_at: datetime
    decimals: int | None = None  # None: the setting's (BUTPHA_TARGET_DECIMALS)

    @property
    def is_percent(self) -> bool:
        return self.unit.strip() == "%" or self.source.computed


@dataclass(frozen=True)
class Update:
    """A value recorded for an entered target, dated, by whom, with an optional note or
    evidence (a document or photo's file id)."""

    id: int
    target_id: int
    at: datetime
    member_id: int | None  # None: the command line
    value: Decimal
    note: str | None = None
    file_id: str | None = None
    file_kind: str | None = None  # "document", "photo"
    member_name: str = ""
