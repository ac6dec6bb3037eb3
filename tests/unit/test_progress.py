"""The report's figures are exact and rounded half up, as the organisation prints them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from bot.domain.progress import average_progress, clamp_progress, parse_progress, percentage
from bot.domain.reports import PublicTask, registry_order
from bot.domain.tasks import Task, TaskStatus


@pytest.mark.parametrize(
    ("part", "whole", "expected"),
    [
        (23, 22, "104.55"),
        (12, 14, "85.71"),
        (1, 8, "12.50"),
        (1, 3, "33.33"),
        (2, 3, "66.67"),
        (1, 2, "50.00"),
        (22, 22, "100.00"),
        (0, 22, "0.00"),
        # Half up, not to even: 0.125 → 0.13 and 0.625 → 0.63 (banker's gives 0.12 and 0.62).
        (1, 800, "0.13"),
        (5, 800, "0.63"),
        (Decimal("0.00125"), 1, "0.13"),
        (Decimal("1.5"), Decimal("2"), "75.00"),
        (-1, 800, "-0.13"),
    ],
)
def test_percentage_rounds_half_up_to_two_decimals(
    part: int | Decimal, whole: int | Decimal, expected: str
) -> None:
    result = percentage(part, whole)
    assert result == Decimal(expected)
    assert str(result) == expected  # the trailing zero of 12.50 is kept


def test_percentage_is_exact_for_large_operands() -> None:
    # A quotient that is x.xx5 only after many digits must not be rounded twice.
    huge = 10**40
    assert percentage(huge + 1, 8 * huge) == Decimal("12.50")
    assert percentage(125 * huge - 1, 100_000 * huge) == Decimal("0.12")


def test_percentage_of_nothing_is_zero() -> None:
    assert percentage(0, 0) == Decimal("0")
    assert percentage(5, 0) == Decimal("0")
    assert percentage(5, Decimal("0.00")) == Decimal("0")


def test_percentage_over_a_hundred_is_kept() -> None:
    assert percentage(30, 20) == Decimal("150.00")


def test_percentage_refuses_numbers_that_are_not_finite() -> None:
    with pytest.raises(ValueError):
        percentage(Decimal("NaN"), 1)
    with pytest.raises(ValueError):
        percentage(1, Decimal("Infinity"))


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([50, 75, 100], "75.00"),
        ([1, 2], "1.50"),
        ([0, 0, 1], "0.33"),
        ([0, 1, 1], "0.67"),
        ([100], "100.00"),
        ([120, 80], "100.00"),
        # 1/200 = 0.005 → 0.01 half up (0.00 to even)
        ([1] + [0] * 199, "0.01"),
    ],
)
def test_average_progress_rounds_half_up(values: list[int], expected: str) -> None:
    result = average_progress(values)
    assert result == Decimal(expected)
    assert str(result) == expected


def test_average_progress_of_nothing_is_zero() -> None:
    assert average_progress([]) == Decimal("0")
    assert average_progress(iter(())) == Decimal("0")


def test_average_progress_takes_any_iterable() -> None:
    assert average_progress(v for v in (10, 20)) == Decimal("15.00")


@pytest.mark.parametrize(
    ("value", "expected"), [(0, 0), (1, 1), (50, 50), (100, 100), (101, 100), (250, 100)]
)
def test_clamp_progress_keeps_progress_within_a_hundred(value: int, expected: int) -> None:
    assert clamp_progress(value) == expected


def test_clamp_progress_refuses_negative_progress() -> None:
    with pytest.raises(ValueError):
        clamp_progress(-1)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("0", 0),
        ("50", 50),
        ("50%", 50),
        (" 75 % ", 75),
        ("100", 100),
        ("100%", 100),
        ("007", 7),
        ("12,5", 13),
        ("12.5", 13),
        ("12.4", 12),
        ("12,49", 12),
        ("0,5", 1),
        ("99.5", 100),
        ("100.0", 100),
        ("33,333%", 33),
    ],
)
def test_parse_progress_reads_what_members_type(text: str, expected: int) -> None:
    assert parse_progress(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "-5",
        "abc",
        "150",
        "101",
        "100.1",
        "%",
        "50%%",
        "5 0",
        "12.",
        ".5",
        "1,2,3",
        "½",
        "٥٠",
    ],
)
def test_parse_progress_refuses_anything_else(text: str) -> None:
    with pytest.raises(ValueError):
        parse_progress(text)


def test_the_public_registry_lists_owners_in_vietnamese_order() -> None:
    """Cells stay in their order; in a cell, owners by given name then the whole name, each
    owner's tasks together — not in the order they joined."""

    def entry(task_id: int, owner: int, name: str, cell: int) -> PublicTask:
        task = Task(task_id, 2026, owner, None, None, f"Việc {task_id}", "x", date(2026, 12, 31), None, TaskStatus.IN_PROGRESS, 0)  # fmt: skip
        return PublicTask(task, name, cell, f"Chi bộ {cell}")

    found = [
        entry(1, 10, "Nguyễn Thị Lan", 2),
        entry(2, 11, "Huỳnh Văn Ánh", 2),
        entry(3, 12, "Ngô Thị Lan", 2),
        entry(4, 10, "Nguyễn Thị Lan", 2),
        entry(5, 13, "Hà Văn Ánh", 2),
        entry(6, 14, "Đỗ Văn Bảo", 1),
        entry(7, 15, "Lê Văn An", 1),
    ]
    assert [(p.owner_name, p.task.id) for p in registry_order(found)] == [
        ("Hà Văn Ánh", 5),
        ("Huỳnh Văn Ánh", 2),
        ("Ngô Thị Lan", 3),
        ("Nguyễn Thị Lan", 1),
        ("Nguyễn Thị Lan", 4),
        ("Lê Văn An", 7),
        ("Đỗ Văn Bảo", 6),
    ]
