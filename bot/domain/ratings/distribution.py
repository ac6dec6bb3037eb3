"""The distribution of levels against the cap on "excellent" and the organisation's targets.

The cap is a share of those rated "good" (20% by default): 7 excellent against 27 good is
25,93% of "good", over the cap. Read as a share of everyone rated, the most the cap allows is
cap / (100 + cap) — 1/6, about 16,67% — so a target of "20% excellent" of everyone cannot be met
under a 20% cap: :func:`target_conflicts` says so before anyone is rated.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from bot.domain.progress import percentage
from bot.domain.ratings.levels import LEVELS, Level, RatingRules


@dataclass(frozen=True)
class Distribution:
    """How many of those rated are at each level."""

    counts: Mapping[Level, int]

    @classmethod
    def of(cls, levels: Iterable[Level]) -> Distribution:
        counts = dict.fromkeys(LEVELS, 0)
        for level in levels:
            counts[level] += 1
        return cls(counts)

    @classmethod
    def of_counts(
        cls, counts: Mapping[tuple[int, Level], int], cell_id: int | None = None
    ) -> Distribution:
        """Counts per (cell, level), as storage gives them, of the organisation or one cell."""
        return cls(
            {
                level: sum(
                    n
                    for (cell, lv), n in counts.items()
                    if lv is level and (cell_id is None or cell == cell_id)
                )
                for level in LEVELS
            }
        )

    def count(self, level: Level) -> int:
        return self.counts.get(level, 0)

    @property
    def rated(self) -> int:
        return sum(self.counts.values())

    @property
    def excellent(self) -> int:
        return self.count(Level.EXCELLENT)

    @property
    def good(self) -> int:
        return self.count(Level.GOOD)

    @property
    def good_or_better(self) -> int:
        return self.excellent + self.good

    @property
    def excellent_of_rated(self) -> Decimal:
        return percentage(self.excellent, self.rated)

    @property
    def excellent_of_good(self) -> Decimal:
        return percentage(self.excellent, self.good)

    @property
    def good_or_better_of_rated(self) -> Decimal:
        return percentage(self.good_or_better, self.rated)

    def over_cap(self, rules: RatingRules) -> bool:
        """More excellent than the cap allows: more than ``cap``% of those rated good (none
        rated good and some excellent is over any cap below 100%)."""
        return self.excellent * 100 > rules.excellent_cap * self.good

    def cap_room(self, rules: RatingRules) -> int:
        """How many excellent the cap allows with the "good" as they are."""
        return int(rules.excellent_cap * self.good / 100)

    def meets_good_or_better(self, rules: RatingRules) -> bool:
        """The target is "more than" its share: compared exactly."""
        return (
            self.rated > 0 and self.good_or_better * 100 > rules.target_good_or_better * self.rated
        )

    def meets_excellent(self, rules: RatingRules) -> bool:
        return self.rated > 0 and self.excellent * 100 >= rules.target_excellent * self.rated

    @property
    def none_not_complete(self) -> bool:
        return self.count(Level.NOT_COMPLETE) == 0


def most_excellent_of_rated(cap: Decimal) -> Decimal:
    """The largest share of everyone rated the cap allows: E ≤ c·G, so E / (E + G) ≤ c / (1 + c)
    (20% of "good" → 16,67% of everyone)."""
    return percentage(cap, Decimal(100) + cap)


class Conflict(StrEnum):
    # The excellent target, as a share of everyone, is above what the cap allows.
    EXCELLENT_TARGET_OVER_CAP = "excellent_target_over_cap"


def target_conflicts(rules: RatingRules) -> list[Conflict]:
    """The targets that no distribution can meet under the cap."""
    # Exactly: t > 100·c / (100 + c)  ⇔  t·(100 + c) > 100·c.
    if rules.target_excellent * (100 + rules.excellent_cap) > 100 * rules.excellent_cap:
        return [Conflict.EXCELLENT_TARGET_OVER_CAP]
    return []
