"""Recurrence rules as people type them → APScheduler triggers → occurrences in Hanoi time."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.domain.errors import UserError
from bot.domain.meetings import parse_offsets
from bot.services.meetings.recurrence import Recurrence, parse_rule

ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
START = datetime(2026, 1, 1, tzinfo=ZONE)
UNTIL = datetime(2026, 7, 1, tzinfo=ZONE)

RULES = [
    (
        "ngày 5 hằng tháng lúc 14:00",
        ["2026-01-05 14:00", "2026-02-05 14:00", "2026-03-05 14:00", "2026-04-05 14:00",
         "2026-05-05 14:00", "2026-06-05 14:00"],
    ),
    ("monthly on day 5 at 14:00", None),  # same as the Vietnamese
    ("monthly:5@14:00", None),
    (
        "thứ Sáu đầu tiên của tháng lúc 8:00",
        ["2026-01-02 08:00", "2026-02-06 08:00", "2026-03-06 08:00", "2026-04-03 08:00",
         "2026-05-01 08:00", "2026-06-05 08:00"],
    ),
    ("first Friday of the month at 8:00", "thứ Sáu đầu tiên của tháng lúc 8:00"),
    ("thu sau dau tien cua thang luc 8h", "thứ Sáu đầu tiên của tháng lúc 8:00"),
    ("monthly:1st-fri@08:00", "thứ Sáu đầu tiên của tháng lúc 8:00"),
    (
        "quý một lần ngày 10 lúc 14h30",
        ["2026-01-10 14:30", "2026-04-10 14:30"],
    ),
    ("quarterly on day 10 at 14:30", "quý một lần ngày 10 lúc 14h30"),
    ("quarterly:10@14:30", "quý một lần ngày 10 lúc 14h30"),
    (
        "thứ Hai cuối cùng của tháng lúc 7:30",
        ["2026-01-26 07:30", "2026-02-23 07:30", "2026-03-30 07:30", "2026-04-27 07:30",
         "2026-05-25 07:30", "2026-06-29 07:30"],
    ),
    ("last Monday of the month at 7:30", "thứ Hai cuối cùng của tháng lúc 7:30"),
    ("monthly:last-mon@7:30", "thứ Hai cuối cùng của tháng lúc 7:30"),
]  # fmt: skip


def _local(rule: str) -> list[str]:
    recurrence = parse_rule(rule)
    return [t.strftime("%Y-%m-%d %H:%M") for t in recurrence.occurrences(ZONE, START, UNTIL)]


@pytest.mark.parametrize(("rule", "expected"), RULES)
def test_rule_gives_occurrences_in_local_time(rule: str, expected: list[str] | str | None) -> None:
    if expected is None:
        expected = "ngày 5 hằng tháng lúc 14:00"
    if isinstance(expected, str):
        expected = next(e for r, e in RULES if r == expected)  # type: ignore[misc]
    assert isinstance(expected, list)
    assert _local(rule) == expected


def test_occurrences_are_utc_seven_hours_earlier_and_survive_json() -> None:
    recurrence = Recurrence.from_json(parse_rule("ngày 5 hằng tháng lúc 14:00").to_json())
    first = next(iter(recurrence.occurrences(ZONE, START, UNTIL)))
    assert first.astimezone(UTC) == datetime(2026, 1, 5, 7, 0, tzinfo=UTC)
    assert recurrence.fields == {"day": "5", "hour": "14", "minute": "0"}


def test_missing_parts_come_from_the_first_meeting() -> None:
    recurrence = parse_rule("quý một lần", datetime(2026, 2, 15, 9, 30))
    assert recurrence.fields == {"month": "1,4,7,10", "day": "15", "hour": "9", "minute": "30"}
    assert _local("quarterly:15@9:30") == ["2026-01-15 09:30", "2026-04-15 09:30"]


@pytest.mark.parametrize(
    "rule", ["mỗi khi rảnh", "ngày 5 hằng tháng", "hằng tháng ngày 31 lúc 8:00", "monthly:5@25:00"]
)
def test_rules_that_are_refused(rule: str) -> None:
    with pytest.raises(UserError):
        parse_rule(rule)


@pytest.mark.parametrize(
    "rule", ["thứ Sáu hằng tuần lúc 16:00", "weekly on Friday at 16:00", "weekly:fri@16:00"]
)
def test_weekly(rule: str) -> None:
    until = datetime(2026, 1, 24, tzinfo=ZONE)
    got = [t.strftime("%a %d %H:%M") for t in parse_rule(rule).occurrences(ZONE, START, until)]
    assert got == ["Fri 02 16:00", "Fri 09 16:00", "Fri 16 16:00", "Fri 23 16:00"]


def test_offsets() -> None:
    offsets = parse_offsets("2h, 3d,1d,15m,2h")
    assert [int(o.total_seconds()) for o in offsets] == [259200, 86400, 7200, 900]
    for bad in ("", "3x", "0h", "90d"):
        with pytest.raises(UserError):
            parse_offsets(bad)
