"""A cycle's reminders: the self-review 7 and 2 days before, the cell meeting and the decision
3 days before, never after the date they are about, none once published."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime
from pathlib import Path

from bot.clock import FixedClock
from bot.domain.model import Channel, Member
from bot.domain.ratings.records import Cycle
from bot.domain.ratings.reminders import PREFIX, Occasion, Reminder, reminders
from bot.services.container import Services

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


# Through the services on a real SQLite file: quiet hours hold for rating reminders too.

CODES = {"A1": 101, "A2": 102, "B1": 201, "B2": 202, "B3": 203}


def _render(member: Member, cycle: Cycle, reminder: Reminder) -> str:
    return f"{reminder.occasion.value}: {member.full_name}"


def _queued(tmp_path: Path) -> dict[str, str]:
    """Chat id → not_before of the self-review reminders queued."""
    with sqlite3.connect(tmp_path / "butpha.sqlite3") as conn:
        return dict(
            conn.execute(
                "SELECT chat_id, not_before FROM outbox WHERE idempotency_key LIKE ?",
                (f"{PREFIX}%:{Occasion.SELF_REVIEW_WEEK.value}:%",),
            ).fetchall()
        )


async def test_quiet_hours_hold_for_rating_reminders(
    organisation: Services, tmp_path: Path, clock: FixedClock
) -> None:
    joined = {}
    for code, user in CODES.items():
        [issued] = await organisation.invites.issue_for_command_line(member_code=code)
        outcome = await organisation.membership.join(
            Channel.TELEGRAM, str(user), str(user), issued.code
        )
        assert outcome.identity is not None
        joined[code] = outcome.identity
    # Bình keeps quiet until 09:00 rather than the organisation's 06:30.
    await organisation.preferences.set_quiet(joined["A2"], "21:00-9:00")
    await organisation.rating_cycles.open(
        None,
        year=2026,
        quarter=None,
        self_review_due=date(2026, 12, 10),
        cells_by=date(2026, 12, 20),
        decision_by=date(2026, 12, 28),
    )
    # 3 December, 22:00 in Hà Nội (15:00 UTC): seven days before, in everyone's quiet hours.
    clock.advance(seconds=(datetime(2026, 12, 3, 15, 0, tzinfo=UTC) - clock.now()).total_seconds())
    await organisation.rating_reminders.plan(_render)
    queued = _queued(tmp_path)
    assert set(queued) == {"101", "102", "201", "202", "203"}
    # Moved to the end of the quiet hours: 06:30 local (23:30 UTC), Bình's own 09:00 (02:00).
    assert {chat: at[:16] for chat, at in queued.items()} == {
        "101": "2026-12-03T23:30",
        "102": "2026-12-04T02:00",
        "201": "2026-12-03T23:30",
        "202": "2026-12-03T23:30",
        "203": "2026-12-03T23:30",
    }
    # Run again (as after a restart): nothing queued twice.
    assert await organisation.rating_reminders.plan(_render) == 0
