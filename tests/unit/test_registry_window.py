"""The public registry a page at a time: which cells a page reads, and where it starts."""

from __future__ import annotations

from bot.services.tasks.public_registry import window

# Cells 2, 3 and 5 with 4, 3 and 5 tasks: 12 in all, in cell order.
COUNTS = [(2, 4), (3, 3), (5, 5)]


def test_a_page_inside_one_cell_reads_only_that_cell() -> None:
    assert window(COUNTS, 0, 3) == ([2], 0)
    assert window(COUNTS, 8, 11) == ([5], 1)


def test_a_page_across_cells_reads_each_of_them_from_its_offset() -> None:
    assert window(COUNTS, 3, 6) == ([2, 3], 3)
    assert window(COUNTS, 2, 10) == ([2, 3, 5], 2)


def test_a_page_that_starts_where_a_cell_starts_has_offset_zero() -> None:
    assert window(COUNTS, 4, 7) == ([3], 0)
    assert window(COUNTS, 7, 10) == ([5], 0)


def test_past_the_end_reads_nothing() -> None:
    assert window(COUNTS, 12, 15) == ([], 0)
    assert window([], 0, 10) == ([], 0)
