"""The quota arithmetic: how a share of a small number rounds, and the quota line's figures."""

from __future__ import annotations

from decimal import Decimal

import pytest

from bot.domain.inspections.model import ItemKind, Target, TargetKind
from bot.domain.inspections.quotas import (
    Populations,
    QuotaKind,
    QuotaSettings,
    Rounding,
    counts_towards,
    quota_lines,
    required,
    requirements,
    tally,
)

TWENTY = Decimal(20)


@pytest.mark.parametrize(
    ("population", "up", "down", "half_up"),
    [(0, 0, 0, 0), (1, 1, 0, 0), (3, 1, 0, 1), (5, 1, 1, 1), (7, 2, 1, 1), (8, 2, 1, 2),
     (10, 2, 2, 2), (40, 8, 8, 8), (41, 9, 8, 8), (50_000, 10_000, 10_000, 10_000)],
)  # fmt: skip
def test_twenty_percent_rounds_as_set(population: int, up: int, down: int, half_up: int) -> None:
    assert required(TWENTY, population) == up  # up is the default: 20% of 7 cells is 2
    assert required(TWENTY, population, Rounding.UP) == up
    assert required(TWENTY, population, Rounding.DOWN) == down
    assert required(TWENTY, population, Rounding.HALF_UP) == half_up


def test_shares_are_exact_and_never_exceed_the_population() -> None:
    assert required(Decimal("12.5"), 8) == 1  # 1 exactly: no float error rounds it up to 2
    assert required(Decimal(30), 10) == 3
    assert required(Decimal(150), 4) == 4
    assert required(Decimal(0), 40) == 0


def test_the_reports_defaults() -> None:
    settings = QuotaSettings()
    assert settings.rounding is Rounding.UP and settings.late_share == Decimal(40)
    assert requirements(settings, Populations(cells=7, committee=7, members=40)) == {
        QuotaKind.CELLS_INSPECTED: 2,
        QuotaKind.COMMITTEE_INSPECTED: 2,
        QuotaKind.MEMBERS_INSPECTED: 8,
        QuotaKind.CELLS_SUPERVISED: 2,
        QuotaKind.MEMBERS_SUPERVISED: 0,
    }


def test_quota_lines_give_the_figures_of_the_issues_lines() -> None:
    populations = Populations(cells=5, committee=7, members=32)
    done = {QuotaKind.CELLS_INSPECTED: 1, QuotaKind.MEMBERS_INSPECTED: 4}
    lines = {line.kind: line for line in quota_lines(QuotaSettings(), populations, done)}
    # "Kiểm tra chi bộ: 1/5 (20%) — chỉ tiêu 20%: đạt"
    cells = lines[QuotaKind.CELLS_INSPECTED]
    assert (cells.done, cells.of, cells.percentage, cells.target) == (1, 5, Decimal(20), TWENTY)
    assert cells.met and cells.missing == 0
    # "Kiểm tra đảng viên: 4/32 (12,5%) — cần thêm 3" (20% of 32 is 6,4: 7 rounding up)
    members = lines[QuotaKind.MEMBERS_INSPECTED]
    assert (members.done, members.of, members.percentage) == (4, 32, Decimal("12.5"))
    assert not members.met and members.required == 7 and members.missing == 3
    assert QuotaKind.MEMBERS_SUPERVISED not in lines  # 0%: no line
    assert lines[QuotaKind.CELLS_SUPERVISED].missing == 1


def test_an_organisation_without_cells_needs_nothing_and_meets_it() -> None:
    (line, *_) = quota_lines(QuotaSettings(), Populations(0, 0, 0), {})
    assert line.required == 0 and line.met and line.percentage == 0


def test_what_counts_for_which_quota() -> None:
    cell = Target(TargetKind.CELL, 1, 1)
    committee = Target(TargetKind.COMMITTEE_MEMBER, 5, 1)
    member = Target(TargetKind.MEMBER, 6, 1)
    assert counts_towards(ItemKind.INSPECTION, committee) == {
        QuotaKind.COMMITTEE_INSPECTED,
        QuotaKind.MEMBERS_INSPECTED,
    }
    assert counts_towards(ItemKind.VIOLATION_INSPECTION, member) == {QuotaKind.MEMBERS_INSPECTED}
    assert counts_towards(ItemKind.REGULAR_SUPERVISION, cell) == {QuotaKind.CELLS_SUPERVISED}
    # A target counts once however many items it has.
    counted = tally(
        [(ItemKind.INSPECTION, cell), (ItemKind.INSPECTION, cell), (ItemKind.INSPECTION, committee),
         (ItemKind.INSPECTION, member), (ItemKind.THEMATIC_SUPERVISION, cell)]
    )  # fmt: skip
    assert counted[QuotaKind.CELLS_INSPECTED] == 1
    assert counted[QuotaKind.MEMBERS_INSPECTED] == 2
    assert counted[QuotaKind.COMMITTEE_INSPECTED] == 1
    assert counted[QuotaKind.CELLS_SUPERVISED] == 1
