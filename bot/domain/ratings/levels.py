"""The four levels, the bands and conditions that admit each (QĐ 366-QĐ/TW; the numbers are
settings with these defaults) and the check of a self-assessed level against them.

A member assesses themselves; the bot does not decide for them. It says what does not fit:
a score outside the level's band, tasks not all done on time (excellent and good need 100%),
too few tasks exceeding the requirement (excellent needs 30%), or sick leave of three months
or more (at most "complete").
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from bot.domain.progress import percentage


class Level(StrEnum):
    EXCELLENT = "excellent"  # Hoàn thành xuất sắc nhiệm vụ (HTXSNV)
    GOOD = "good"  # Hoàn thành tốt nhiệm vụ (HTTNV)
    COMPLETE = "complete"  # Hoàn thành nhiệm vụ (HTNV)
    NOT_COMPLETE = "not_complete"  # Không hoàn thành nhiệm vụ (KHTNV)

    @property
    def rank(self) -> int:
        """4 for excellent down to 1 for not complete: a higher rank is a better level."""
        return len(LEVELS) - LEVELS.index(self)


LEVELS: tuple[Level, ...] = (Level.EXCELLENT, Level.GOOD, Level.COMPLETE, Level.NOT_COMPLETE)


@dataclass(frozen=True)
class RatingRules:
    """The organisation's reading of the rule (settings; these defaults are QĐ 366's bands,
    the 2019 guidance's cap and exemptions, and the 2020 report's targets)."""

    excellent_min: int = 90
    good_min: int = 70
    complete_min: int = 50
    exceeding_share: Decimal = Decimal(30)  # percent of tasks exceeding, for excellent
    excellent_cap: Decimal = Decimal(20)  # excellent at most this percent of "good"
    target_good_or_better: Decimal = Decimal(90)  # more than this percent of those rated
    target_excellent: Decimal = Decimal(20)  # percent of those rated
    sick_leave_cap: Level = Level.COMPLETE  # sick leave of 3 months or more: at most this
    scores: bool = True  # the organisation scores out of 100
    new_member_months: int = 6  # admitted less than this before the cycle's end: not rated

    def band(self, score: int) -> Level:
        """The level a score's band gives."""
        if score >= self.excellent_min:
            return Level.EXCELLENT
        if score >= self.good_min:
            return Level.GOOD
        if score >= self.complete_min:
            return Level.COMPLETE
        return Level.NOT_COMPLETE

    def lowest_score(self, level: Level) -> int:
        return {
            Level.EXCELLENT: self.excellent_min,
            Level.GOOD: self.good_min,
            Level.COMPLETE: self.complete_min,
            Level.NOT_COMPLETE: 0,
        }[level]


@dataclass(frozen=True)
class TaskEvidence:
    """A member's breakthrough tasks of the year, as the conditions read them: ``total`` tasks
    approved (not withdrawn) that are closed or past their deadline, ``on_time`` of them done
    or exceeded by their deadline, ``exceeded`` of them beyond the committed product,
    ``overdue`` still open past it. ``not_due``: still open and not yet due (a deadline of 31
    December, say, when the self-review is written on the 10th); these count neither for nor
    against the member, and are not in ``total``."""

    total: int = 0
    on_time: int = 0
    exceeded: int = 0
    overdue: int = 0
    not_due: int = 0

    @property
    def all_on_time(self) -> bool:
        return self.on_time >= self.total

    @property
    def exceeding_percent(self) -> Decimal:
        return percentage(self.exceeded, self.total)

    def exceeding_enough(self, rules: RatingRules) -> bool:
        # Compared exactly, not on the rounded figure: 3 of 10 is 30%.
        return self.total > 0 and self.exceeded * 100 >= rules.exceeding_share * self.total


class MismatchKind(StrEnum):
    SCORE_BAND = "score_band"  # the score's band is another level
    NOT_ON_TIME = "not_on_time"  # excellent and good need every task done on time
    TOO_FEW_EXCEEDING = "too_few_exceeding"  # excellent needs 30% exceeding
    SICK_LEAVE = "sick_leave"  # at most the cap


@dataclass(frozen=True)
class Mismatch:
    kind: MismatchKind
    level: Level  # the level assessed
    allowed: Level  # the highest level this condition allows


def check_level(
    level: Level,
    score: int | None,
    tasks: TaskEvidence,
    rules: RatingRules,
    *,
    sick_leave: bool = False,
) -> list[Mismatch]:
    """What does not fit ``level``: empty when the score and the evidence admit it. The task
    conditions are checked only when the member has tasks in the bot (with none, the cell
    judges from the paper record)."""
    found: list[Mismatch] = []
    if score is not None and rules.band(score) is not level:
        found.append(Mismatch(MismatchKind.SCORE_BAND, level, rules.band(score)))
    if tasks.total > 0 and level.rank >= Level.GOOD.rank and not tasks.all_on_time:
        found.append(Mismatch(MismatchKind.NOT_ON_TIME, level, Level.COMPLETE))
    if tasks.total > 0 and level is Level.EXCELLENT and not tasks.exceeding_enough(rules):
        found.append(Mismatch(MismatchKind.TOO_FEW_EXCEEDING, level, Level.GOOD))
    if sick_leave and level.rank > rules.sick_leave_cap.rank:
        found.append(Mismatch(MismatchKind.SICK_LEAVE, level, rules.sick_leave_cap))
    return found


def highest_level(
    score: int | None, tasks: TaskEvidence, rules: RatingRules, *, sick_leave: bool = False
) -> Level:
    """The best level the score and the conditions admit (what the bot suggests)."""
    best = Level.EXCELLENT if score is None else rules.band(score)
    for level in LEVELS:
        if level.rank > best.rank:
            continue
        if not any(
            m.kind is not MismatchKind.SCORE_BAND
            for m in check_level(level, None, tasks, rules, sick_leave=sick_leave)
        ):
            return level
    return Level.NOT_COMPLETE
