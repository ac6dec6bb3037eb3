"""The levels' bands and conditions (QĐ 366 as settings), the sick-leave cap, and what the bot
suggests from a score and the tasks."""

from __future__ import annotations

from decimal import Decimal

from bot.domain.ratings.levels import (
    Level,
    MismatchKind,
    RatingRules,
    TaskEvidence,
    check_level,
    highest_level,
)

RULES = RatingRules()


def kinds(level: Level, score: int | None, tasks: TaskEvidence, **kw: bool) -> list[MismatchKind]:
    return [m.kind for m in check_level(level, score, tasks, RULES, **kw)]


def test_bands_at_their_edges() -> None:
    assert [RULES.band(s) for s in (100, 90, 89, 70, 69, 50, 49, 0)] == [
        Level.EXCELLENT,
        Level.EXCELLENT,
        Level.GOOD,
        Level.GOOD,
        Level.COMPLETE,
        Level.COMPLETE,
        Level.NOT_COMPLETE,
        Level.NOT_COMPLETE,
    ]


def test_bands_are_settings() -> None:
    rules = RatingRules(excellent_min=95, good_min=80, complete_min=60)
    assert rules.band(94) is Level.GOOD
    assert rules.band(79) is Level.COMPLETE
    assert rules.band(59) is Level.NOT_COMPLETE


def test_excellent_needs_thirty_percent_exceeding_counted_exactly() -> None:
    three_of_ten = TaskEvidence(total=10, on_time=10, exceeded=3)
    two_of_ten = TaskEvidence(total=10, on_time=10, exceeded=2)
    assert kinds(Level.EXCELLENT, 92, three_of_ten) == []
    assert kinds(Level.EXCELLENT, 92, two_of_ten) == [MismatchKind.TOO_FEW_EXCEEDING]
    # The same tasks admit "good".
    assert kinds(Level.GOOD, 85, two_of_ten) == []


def test_excellent_and_good_need_every_task_on_time() -> None:
    late = TaskEvidence(total=4, on_time=3, exceeded=2, overdue=1)
    assert MismatchKind.NOT_ON_TIME in kinds(Level.EXCELLENT, 95, late)
    assert kinds(Level.GOOD, 80, late) == [MismatchKind.NOT_ON_TIME]
    assert kinds(Level.COMPLETE, 60, late) == []


def test_a_score_outside_the_level_band() -> None:
    tasks = TaskEvidence(total=2, on_time=2, exceeded=1)
    assert kinds(Level.EXCELLENT, 85, tasks) == [MismatchKind.SCORE_BAND]
    assert kinds(Level.COMPLETE, 75, tasks) == [MismatchKind.SCORE_BAND]
    # Without scoring only the conditions are checked.
    assert kinds(Level.EXCELLENT, None, tasks) == []


def test_no_tasks_in_the_bot_leaves_the_task_conditions_to_the_cell() -> None:
    assert kinds(Level.EXCELLENT, 95, TaskEvidence()) == []


def test_sick_leave_caps_at_complete() -> None:
    tasks = TaskEvidence(total=1, on_time=1, exceeded=1)
    assert kinds(Level.GOOD, 80, tasks, sick_leave=True) == [MismatchKind.SICK_LEAVE]
    assert kinds(Level.COMPLETE, 60, tasks, sick_leave=True) == []
    capped = RatingRules(sick_leave_cap=Level.GOOD)
    assert check_level(Level.GOOD, 80, tasks, capped, sick_leave=True) == []


def test_the_suggested_level() -> None:
    assert highest_level(95, TaskEvidence(10, 10, 2), RULES) is Level.GOOD
    assert highest_level(95, TaskEvidence(10, 9, 5), RULES) is Level.COMPLETE
    assert highest_level(95, TaskEvidence(10, 10, 5), RULES) is Level.EXCELLENT
    assert highest_level(95, TaskEvidence(10, 10, 5), RULES, sick_leave=True) is Level.COMPLETE
    assert highest_level(40, TaskEvidence(10, 10, 5), RULES) is Level.NOT_COMPLETE


def test_exceeding_share_is_a_setting() -> None:
    rules = RatingRules(exceeding_share=Decimal(50))
    tasks = TaskEvidence(total=10, on_time=10, exceeded=4)
    assert [m.kind for m in check_level(Level.EXCELLENT, 95, tasks, rules)] == [
        MismatchKind.TOO_FEW_EXCEEDING
    ]
