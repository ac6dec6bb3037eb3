"""The distribution against the cap on "excellent" (both readings) and the targets, and the
conflict between a target and the cap."""

from __future__ import annotations

from decimal import Decimal

from bot.domain.ratings.distribution import (
    Conflict,
    Distribution,
    most_excellent_of_rated,
    target_conflicts,
)
from bot.domain.ratings.levels import Level, RatingRules

RULES = RatingRules()


def dist(excellent: int, good: int, complete: int = 0, not_complete: int = 0) -> Distribution:
    return Distribution(
        {
            Level.EXCELLENT: excellent,
            Level.GOOD: good,
            Level.COMPLETE: complete,
            Level.NOT_COMPLETE: not_complete,
        }
    )


def test_the_issue_example() -> None:
    d = dist(7, 27, 4)
    assert d.rated == 38
    assert d.excellent_of_rated == Decimal("18.42")
    assert d.excellent_of_good == Decimal("25.93")
    assert d.over_cap(RULES)
    assert d.good_or_better == 34
    assert d.good_or_better_of_rated == Decimal("89.47")
    assert not d.meets_good_or_better(RULES)


def test_the_cap_at_its_edge() -> None:
    assert not dist(5, 25).over_cap(RULES)  # exactly 20% of "good"
    assert dist(6, 25).over_cap(RULES)
    assert dist(1, 0).over_cap(RULES)
    assert dist(5, 25).cap_room(RULES) == 5
    assert dist(0, 9).cap_room(RULES) == 1


def test_more_than_ninety_percent_is_strict() -> None:
    assert not dist(0, 9, 1).meets_good_or_better(RULES)  # exactly 90%
    assert dist(0, 10, 1).meets_good_or_better(RULES)  # 90,91%


def test_counting_levels() -> None:
    d = Distribution.of([Level.GOOD, Level.GOOD, Level.NOT_COMPLETE])
    assert (d.good, d.count(Level.NOT_COMPLETE), d.rated) == (2, 1, 3)
    assert not d.none_not_complete
    assert Distribution.of([]).good_or_better_of_rated == 0


def test_the_cap_read_as_a_share_of_everyone() -> None:
    assert most_excellent_of_rated(Decimal(20)) == Decimal("16.67")
    assert most_excellent_of_rated(Decimal(25)) == Decimal(20)


def test_a_target_the_cap_makes_impossible() -> None:
    assert target_conflicts(RULES) == [Conflict.EXCELLENT_TARGET_OVER_CAP]
    assert target_conflicts(RatingRules(target_excellent=Decimal(15))) == []
    # Exactly the most the cap allows is possible.
    assert target_conflicts(RatingRules(excellent_cap=Decimal(25))) == []
    # The best distribution under the cap reaches 16,67% and no more.
    best = dist(1, 5)
    assert not best.over_cap(RULES)
    assert best.excellent_of_rated == Decimal("16.67")
    assert not best.meets_excellent(RULES)
