"""The buttons of /xeploai. Each carries ids only: the services decide whether the one who
presses may see or act on them (a forged one is refused and audited)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from bot.domain.ratings.levels import Level
from handlers.kit.callbacks import CallbackData


@dataclass(frozen=True)
class RatingsOverview(CallbackData, prefix="rt:o:"):
    page: int


@dataclass(frozen=True)
class OpenCellRatings(CallbackData, prefix="rt:c:"):
    cell: int


@dataclass(frozen=True)
class NudgeCell(CallbackData, prefix="rt:n:"):
    cell: int


@dataclass(frozen=True)
class OpenRatingEntry(CallbackData, prefix="rt:e:"):
    member: int


@dataclass(frozen=True)
class ProposeLevel(CallbackData, prefix="rt:p:"):
    member: int
    level: Level


@dataclass(frozen=True)
class CellLevel(CallbackData, prefix="rt:cl:"):
    cell: int
    level: Level


@dataclass(frozen=True)
class SubmitCell(CallbackData, prefix="rt:s:"):
    cell: int


@dataclass(frozen=True)
class DecideLevel(CallbackData, prefix="rt:d:"):
    member: int
    level: Level


@dataclass(frozen=True)
class SkipRatingAnswer(CallbackData, prefix="rt:skip"):
    pass


@dataclass(frozen=True)
class PublishRatings(CallbackData, prefix="rt:pub:"):
    confirmed: int  # 0: ask first; 1: publish


@dataclass(frozen=True)
class OpenCycleForm(CallbackData, prefix="rt:open"):
    pass


@dataclass(frozen=True)
class MarkNotRated(CallbackData, prefix="rt:nr:"):
    member: int
    reason: Literal["new_member", "exempted", "none"]  # none: rated again


@dataclass(frozen=True)
class MarkSickLeave(CallbackData, prefix="rt:sl:"):
    member: int
    on: int  # 1: sick leave of three months or more; 0: not


@dataclass(frozen=True)
class ShowReviewFile(CallbackData, prefix="rt:f:"):
    member: int
