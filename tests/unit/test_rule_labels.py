"""A series' rule is said as people write it, in their language, never in the compact form
of scripts; and what is said reads back as the same rule."""

from __future__ import annotations

from datetime import datetime

import pytest

from bot.i18n import translator
from bot.i18n.rule_labels import describe_rule
from bot.services.meetings.recurrence import parse_rule

SAID = [
    ("monthly:5@14:00", "ngày 5 hằng tháng lúc 14:00", "monthly on day 5 at 14:00"),
    ("monthly:1st-fri@8:00", "thứ Sáu đầu tiên của tháng lúc 8:00", "first Friday of the month at 8:00"),
    ("monthly:2nd-mon@7:30", "thứ Hai thứ hai của tháng lúc 7:30", "second Monday of the month at 7:30"),
    ("monthly:last-sun@9:00", "Chủ nhật cuối cùng của tháng lúc 9:00", "last Sunday of the month at 9:00"),
    ("quarterly:10@14:00", "quý một lần ngày 10 lúc 14:00", "quarterly on day 10 at 14:00"),
    ("weekly:fri@16:00", "thứ Sáu hằng tuần lúc 16:00", "weekly on Friday at 16:00"),
]  # fmt: skip


def _meaning(fields: dict[str, str]) -> dict[str, str]:
    """Every month is what a trigger without a month means anyway."""
    return {k: v for k, v in fields.items() if (k, v) != ("month", "*")}


@pytest.mark.parametrize(("compact", "vi", "en"), SAID)
def test_a_rule_is_said_in_words_that_read_back(compact: str, vi: str, en: str) -> None:
    fields = parse_rule(compact).fields
    assert describe_rule(fields, translator("vi")) == vi
    assert describe_rule(fields, translator("en")) == en
    assert _meaning(parse_rule(vi).fields) == _meaning(parse_rule(en).fields) == _meaning(fields)


def test_a_quarterly_weekday_reads_back() -> None:
    fields = parse_rule("quý một lần thứ Sáu đầu tiên lúc 8:00", datetime(2026, 1, 2, 8, 0)).fields
    said = describe_rule(fields, translator("vi"))
    assert said == "quý một lần, thứ Sáu đầu tiên lúc 8:00"
    assert parse_rule(said).fields == fields
