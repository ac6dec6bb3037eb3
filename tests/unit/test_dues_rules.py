"""Party dues rules: what a month shows, when it counts as unpaid, and the alert thresholds."""

from __future__ import annotations

from datetime import date

import pytest

from bot.domain.dues.model import DuesRecord, DuesState, Month
from bot.domain.dues.rules import (
    AlertLevel,
    DuesSettings,
    Shown,
    alert_levels,
    claimable,
    counts_of,
    reminder_month,
    shown,
    unpaid_from,
    year_counts,
    year_row,
)

JAN = Month(2026, 1)


def _record(month: int, state: DuesState, reason: str = "") -> DuesRecord:
    return DuesRecord(1, 2026, month, state, reason=reason)


def test_a_month_counts_as_unpaid_only_after_it_ends_and_the_grace_days_pass() -> None:
    march = Month(2026, 3)
    assert unpaid_from(march, 10) == date(2026, 4, 11)
    assert unpaid_from(Month(2026, 12), 0) == date(2027, 1, 1)
    during = shown(march, None, date(2026, 3, 31), tracked_from=JAN, grace_days=10)
    in_grace = shown(march, None, date(2026, 4, 10), tracked_from=JAN, grace_days=10)
    after = shown(march, None, date(2026, 4, 11), tracked_from=JAN, grace_days=10)
    assert (during, in_grace, after) == (Shown.OPEN, Shown.OPEN, Shown.UNPAID)


@pytest.mark.parametrize(
    ("state", "expected"),
    [
        (DuesState.PAID, Shown.PAID),
        (DuesState.CLAIMED, Shown.CLAIMED),
        (DuesState.EXEMPT, Shown.EXEMPT),
        (DuesState.REDUCED, Shown.REDUCED),
        (DuesState.DEFERRED, Shown.DEFERRED),
        (DuesState.UNPAID, Shown.UNPAID),
    ],
)
def test_a_recorded_month_shows_its_state_once_due(state: DuesState, expected: Shown) -> None:
    today = date(2026, 6, 1)
    assert (
        shown(Month(2026, 2), _record(2, state), today, tracked_from=JAN, grace_days=10) == expected
    )


def test_months_before_the_member_was_listed_do_not_count_unless_recorded() -> None:
    tracked = Month(2026, 4)
    today = date(2026, 12, 20)
    assert (
        shown(Month(2026, 2), None, today, tracked_from=tracked, grace_days=10) is Shown.UNTRACKED
    )
    assert (
        shown(
            Month(2026, 2), _record(2, DuesState.UNPAID), today, tracked_from=tracked, grace_days=10
        )
        is Shown.UNPAID
    )
    counts = year_counts(2026, {}, today, tracked_from=tracked, grace_days=10)
    assert (counts.untracked, counts.unpaid, counts.open) == (3, 8, 1)


def test_the_year_counts_paid_claimed_unpaid_and_excused_apart() -> None:
    records = {
        1: _record(1, DuesState.PAID),
        2: _record(2, DuesState.REDUCED, "ốm dài ngày"),
        3: _record(3, DuesState.CLAIMED),
        4: _record(4, DuesState.EXEMPT, "hoàn cảnh khó khăn"),
        5: _record(5, DuesState.DEFERRED, "đi học nước ngoài"),
    }
    counts = year_counts(2026, records, date(2026, 9, 15), tracked_from=JAN, grace_days=10)
    # January–July are due on 15 September (August only from 11 September: due too).
    assert counts.paid == 2
    assert counts.claimed == 1
    assert counts.exempt == 1
    assert counts.deferred == 1
    assert counts.unpaid == 3  # June, July, August
    assert counts.open == 4  # September to December
    assert counts.owed == 6


@pytest.mark.parametrize(
    ("unpaid", "levels"),
    [
        (0, ()),
        (1, ()),
        (2, (AlertLevel.SECRETARY,)),
        (3, (AlertLevel.SECRETARY, AlertLevel.COMMITTEE)),
        (5, (AlertLevel.SECRETARY, AlertLevel.COMMITTEE)),
    ],
)
def test_two_unpaid_months_alert_the_secretary_three_the_committee(
    unpaid: int, levels: tuple[AlertLevel, ...]
) -> None:
    assert alert_levels(unpaid, DuesSettings()) == levels


def test_the_secretarys_threshold_is_a_setting_the_committees_is_the_rule() -> None:
    assert alert_levels(1, DuesSettings(secretary_alert_months=1)) == (AlertLevel.SECRETARY,)
    assert alert_levels(2, DuesSettings(secretary_alert_months=3)) == ()
    assert alert_levels(3, DuesSettings(secretary_alert_months=3)) == (
        AlertLevel.SECRETARY,
        AlertLevel.COMMITTEE,
    )


def test_members_are_reminded_from_the_reminder_day_to_the_months_end() -> None:
    assert reminder_month(date(2026, 11, 4), 5) is None
    assert reminder_month(date(2026, 11, 5), 5) == Month(2026, 11)
    assert reminder_month(date(2026, 11, 30), 5) == Month(2026, 11)


def test_a_month_to_come_cannot_be_claimed() -> None:
    assert claimable(Month(2026, 11), date(2026, 11, 5))
    assert claimable(Month(2025, 12), date(2026, 1, 5))
    assert not claimable(Month(2026, 12), date(2026, 11, 30))


def test_months_order_across_years() -> None:
    assert Month(2025, 12).next() == Month(2026, 1)
    assert Month(2025, 12) < Month(2026, 1)
    with pytest.raises(ValueError):
        Month(2026, 13)


@pytest.mark.parametrize("today", [date(2026, 3, 31), date(2026, 6, 11), date(2027, 1, 20)])
@pytest.mark.parametrize("tracked", [Month(2025, 5), Month(2026, 4), Month(2026, 9)])
def test_the_years_row_is_what_each_month_shows(today: date, tracked: Month) -> None:
    states = {2: DuesState.PAID, 4: DuesState.UNPAID, 5: DuesState.CLAIMED, 11: DuesState.EXEMPT}
    records = {m: _record(m, s) for m, s in states.items()}
    row = year_row(2026, states, today, tracked_from=tracked, grace_days=10)
    assert row == tuple(
        shown(Month(2026, m), records.get(m), today, tracked_from=tracked, grace_days=10)
        for m in range(1, 13)
    )
    assert counts_of(row) == year_counts(2026, records, today, tracked_from=tracked, grace_days=10)
