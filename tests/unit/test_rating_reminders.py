"""A cycle's reminders: the self-review 7 and 2 days before, the cell meeting and the decision
3 days before, never after the date they are about, none once published."""

from __future__ import annotations

from datetime import UTC, date, datetime

from bot.domain.ratings.records import Cycle
from bot.domain.ratings.reminders import Occasion, reminders

CYCLE = Cycle(
    id=4,
    year=2026,
    quarter=None,
    self_review_due=date(2026, 12, 10),
    cells_by=date(2026, 12, 20),
    decision_by=date(2026, 12, 28),
    opened_at=datetime(2026, 11, 20, tzinfo=UTC),
)


def due(today: date, cycle: Cycle = CYCLE) -> list[tuple[Occasion, int]]:
    found = reminders(cycle, today, not_submitted=[5, 6], secretaries=[1], committee=[9])
    return [(r.occasion, r.member_id) for r in found]


def test_self_review_a_week_then_two_days_before() -> None:
    assert due(date(2026, 12, 2)) == []
    week = [(Occasion.SELF_REVIEW_WEEK, 5), (Occasion.SELF_REVIEW_WEEK, 6)]
    assert due(date(2026, 12, 3)) == week
    assert due(date(2026, 12, 7)) == week  # a job that woke late
    assert due(date(2026, 12, 8)) == [
        (Occasion.SELF_REVIEW_SOON, 5),
        (Occasion.SELF_REVIEW_SOON, 6),
    ]
    assert due(date(2026, 12, 10)) == []


def test_secretaries_and_the_committee() -> None:
    assert due(date(2026, 12, 17)) == [(Occasion.CELL_MEETING, 1)]
    assert due(date(2026, 12, 25)) == [(Occasion.DECISION, 9)]
    assert due(date(2026, 12, 28)) == []


def test_keys_name_cycle_occasion_and_recipient() -> None:
    [first, _] = reminders(
        CYCLE, date(2026, 12, 3), not_submitted=[5, 6], secretaries=[], committee=[]
    )
    assert first.key == "rating-4:self-review-7:5"


def test_nothing_once_published() -> None:
    published = Cycle(**{**CYCLE.__dict__, "published_at": datetime(2026, 12, 1, tzinfo=UTC)})
    assert due(date(2026, 12, 3), published) == []
