"""The period report's arithmetic: which days each period holds, which items count in Q1, six
months, nine months and the year, the pro-rata share of a yearly quota, and the percentages in
the report's Vietnamese format."""

from __future__ import annotations

from datetime import date

import pytest

from bot.domain.inspections.figures import ReportAction, ReportItem, period_figures
from bot.domain.inspections.model import ItemKind, ItemState, Target, TargetKind
from bot.domain.inspections.periods import ReportPeriod, window
from bot.domain.inspections.quotas import Populations, QuotaKind, QuotaSettings
from bot.i18n import translator
from bot.services.inspections.period_report import PeriodReport
from handlers.inspections.report import parse_period
from handlers.inspections.report_text import quota_report_line, report_lines

CELL_A = Target(TargetKind.CELL, 10, 10)
CELL_B = Target(TargetKind.CELL, 11, 11)
MEMBER = Target(TargetKind.MEMBER, 100, 10)
CHAIR = Target(TargetKind.COMMITTEE_MEMBER, 101, 11)
POPULATIONS = Populations(cells=5, committee=7, members=32)


def item(target: Target, notified: date | None, **kw: object) -> ReportItem:
    kind = kw.pop("kind", ItemKind.INSPECTION)
    return ReportItem(kind, target, kw.pop("month", 1), ItemState.NOTIFIED, notified, **kw)  # type: ignore[arg-type]


def test_each_period_runs_from_january_but_the_month() -> None:
    assert window(ReportPeriod.Q1, 2020).last_day == date(2020, 3, 31)
    assert window(ReportPeriod.HALF, 2020).end == date(2020, 7, 1)
    assert window(ReportPeriod.NINE_MONTHS, 2020).last_day == date(2020, 9, 30)
    year = window(ReportPeriod.YEAR, 2020)
    assert (year.start, year.last_day, year.whole_year) == (
        date(2020, 1, 1),
        date(2020, 12, 31),
        True,
    )
    february = window(ReportPeriod.MONTH, 2020, 2)
    assert (february.start, february.last_day) == (date(2020, 2, 1), date(2020, 2, 29))
    with pytest.raises(ValueError):
        window(ReportPeriod.MONTH, 2020, 13)


def test_an_item_counts_in_the_periods_its_target_was_notified_in() -> None:
    items = [
        item(CELL_A, date(2020, 3, 31)),  # the last day of Q1
        item(MEMBER, date(2020, 4, 1)),  # the first day after it
        item(CHAIR, date(2020, 9, 30)),
        item(CELL_B, None),  # planned, never notified: not carried out
    ]
    settings = QuotaSettings()

    def done(period: ReportPeriod) -> dict[QuotaKind, int]:
        figures = period_figures(window(period, 2020), settings, POPULATIONS, items, [])
        return {line.kind: line.done for line in figures.lines}

    assert done(ReportPeriod.Q1)[QuotaKind.CELLS_INSPECTED] == 1
    assert done(ReportPeriod.Q1)[QuotaKind.MEMBERS_INSPECTED] == 0
    assert done(ReportPeriod.HALF)[QuotaKind.MEMBERS_INSPECTED] == 1
    nine = done(ReportPeriod.NINE_MONTHS)
    # The committee member counts for the committee's quota and the members'.
    assert (nine[QuotaKind.COMMITTEE_INSPECTED], nine[QuotaKind.MEMBERS_INSPECTED]) == (1, 2)
    assert done(ReportPeriod.YEAR)[QuotaKind.CELLS_INSPECTED] == 1
    assert done(ReportPeriod.MONTH) == dict.fromkeys(done(ReportPeriod.YEAR), 0)


def test_a_target_inspected_twice_counts_once_and_regular_supervision_by_its_notes() -> None:
    items = [
        item(CELL_A, date(2020, 2, 1)),
        item(CELL_A, date(2020, 5, 1)),
        item(CELL_B, None, kind=ItemKind.REGULAR_SUPERVISION),
        item(CELL_A, None, kind=ItemKind.REGULAR_SUPERVISION),
    ]
    figures = period_figures(
        window(ReportPeriod.YEAR, 2020),
        QuotaSettings(),
        POPULATIONS,
        items,
        [],
        noted={(TargetKind.CELL, 11)},
    )
    lines = {line.kind: line.done for line in figures.lines}
    assert lines[QuotaKind.CELLS_INSPECTED] == 1
    assert lines[QuotaKind.CELLS_SUPERVISED] == 1  # cell B had a note; cell A none
    assert figures.carried_out == 3


def test_steps_planned_months_and_remediation_as_of_the_periods_end() -> None:
    items = [
        ReportItem(ItemKind.INSPECTION, CELL_A, 2, ItemState.CLOSED, date(2020, 2, 3),
                   date(2020, 3, 10), date(2020, 6, 30)),
        ReportItem(ItemKind.INSPECTION, MEMBER, 7, ItemState.CONCLUDED, date(2020, 7, 1),
                   date(2020, 7, 20)),
    ]  # fmt: skip
    actions = [
        ReportAction(date(2020, 3, 11), date(2020, 5, 2), date(2020, 5, 3)),
        ReportAction(date(2020, 3, 11), date(2020, 7, 2)),  # done after June
        ReportAction(date(2020, 7, 21)),  # not there yet in June
    ]
    half = period_figures(
        window(ReportPeriod.HALF, 2020), QuotaSettings(), POPULATIONS, items, actions
    )
    assert (half.planned, half.carried_out, half.concluded, half.closed) == (1, 1, 1, 1)
    assert (half.remediation_done, half.remediation_verified, half.remediation_open) == (1, 1, 1)
    year = period_figures(
        window(ReportPeriod.YEAR, 2020), QuotaSettings(), POPULATIONS, items, actions
    )
    assert (year.planned, year.carried_out, year.concluded, year.closed) == (2, 2, 2, 1)
    assert (year.remediation_done, year.remediation_open) == (2, 1)


def test_pro_rata_rounds_up_and_never_exceeds_the_year() -> None:
    assert window(ReportPeriod.HALF, 2020).pro_rata(5) == 3  # 2,5 → 3
    assert window(ReportPeriod.Q1, 2020).pro_rata(7) == 2  # 1,75 → 2
    assert window(ReportPeriod.NINE_MONTHS, 2020).pro_rata(4) == 3
    assert window(ReportPeriod.YEAR, 2020).pro_rata(7) == 7
    assert window(ReportPeriod.Q1, 2020).pro_rata(0) == 0


def test_the_lines_in_the_reports_vietnamese_format() -> None:
    t = translator("vi")
    members = [Target(TargetKind.MEMBER, 200 + n, 10) for n in range(22)]
    members.append(Target(TargetKind.COMMITTEE_MEMBER, 300, 10))
    items = [item(target, date(2020, 5, 5)) for target in members]
    items += [item(CELL_A, date(2020, 1, 9)), item(CELL_B, date(2020, 6, 9))]
    population = Populations(cells=5, committee=7, members=22 * 76)  # 1.672
    figures = period_figures(
        window(ReportPeriod.HALF, 2020), QuotaSettings(), population, items, []
    )
    lines = {line.kind: line for line in figures.lines}
    assert quota_report_line(figures, lines[QuotaKind.CELLS_INSPECTED], t) == (
        "Kiểm tra chi bộ: 2/5 chi bộ (40%) — chỉ tiêu 20% (cả năm 1): đạt"
    )
    assert quota_report_line(figures, lines[QuotaKind.MEMBERS_INSPECTED], t) == (
        "Kiểm tra đảng viên: 23/1.672 đảng viên (1,38%), trong đó 1 đảng ủy viên — "
        "chỉ tiêu 20% (cả năm 335): cần thêm 312"
    )
    # On schedule for six months, though not yet for the year: 1 of 2 committee members.
    assert quota_report_line(figures, lines[QuotaKind.COMMITTEE_INSPECTED], t) == (
        "Kiểm tra đảng ủy viên: 1/7 đảng ủy viên (14,29%) — chỉ tiêu 20% (cả năm 2): "
        "đúng tiến độ, cả năm cần thêm 1"
    )
    over = Populations(cells=22, committee=7, members=32)
    many = [item(Target(TargetKind.CELL, n, n), date(2020, 2, 2)) for n in range(23)]
    year = period_figures(window(ReportPeriod.YEAR, 2020), QuotaSettings(), over, many, [])
    cells = next(line for line in year.lines if line.kind is QuotaKind.CELLS_INSPECTED)
    assert quota_report_line(year, cells, t).startswith("Kiểm tra chi bộ: 23/22 chi bộ (104,55%)")


def test_the_report_heading_says_how_far_the_figures_go() -> None:
    t = translator("vi")
    figures = period_figures(
        window(ReportPeriod.NINE_MONTHS, 2020), QuotaSettings(), POPULATIONS, [], []
    )
    lines = report_lines(
        PeriodReport("Đảng bộ Trường Chính trị", False, figures, date(2020, 8, 15)), t
    )
    assert lines[0] == "Báo cáo kiểm tra, giám sát 9 tháng đầu năm 2020 — Đảng bộ Trường Chính trị"
    assert lines[1] == "Từ 01/01/2020 đến 30/09/2020 (số liệu đến 15/08/2020)"
    in_cell = period_figures(
        window(ReportPeriod.NINE_MONTHS, 2020), QuotaSettings(), Populations(0, 1, 6), [], []
    )
    cell = report_lines(PeriodReport("Liên khoa", True, in_cell, date(2021, 1, 1)), t)
    assert cell[0] == "Báo cáo kiểm tra, giám sát của Chi bộ Liên khoa, 9 tháng đầu năm 2020"
    assert cell[1] == "Từ 01/01/2020 đến 30/09/2020"
    # A cell's report has no cells to count: those lines are left out.
    assert not any(line.startswith("Kiểm tra chi bộ") for line in cell)


@pytest.mark.parametrize(
    ("words", "asked"),
    [
        ([], (ReportPeriod.YEAR, None, None)),
        (["6thang", "2020"], (ReportPeriod.HALF, 2020, None)),
        (["6", "tháng"], (ReportPeriod.HALF, None, None)),
        (["Quý", "I"], (ReportPeriod.Q1, None, None)),
        (["9m"], (ReportPeriod.NINE_MONTHS, None, None)),
        (["tháng", "3", "2021"], (ReportPeriod.MONTH, 2021, 3)),
        (["thang"], (ReportPeriod.MONTH, None, None)),
        (["năm", "2020"], (ReportPeriod.YEAR, 2020, None)),
        (["tháng", "13"], None),
        (["hôm", "qua"], None),
    ],
)
def test_the_chat_words_for_a_period(words: list[str], asked: object) -> None:
    assert parse_period(words) == asked


def test_a_months_remediation_is_what_was_done_in_it_and_what_is_still_open() -> None:
    actions = [
        ReportAction(date(2020, 1, 20), date(2020, 2, 3), date(2020, 2, 4)),  # done in February
        ReportAction(date(2020, 1, 20), date(2020, 3, 1)),  # open all February
        ReportAction(date(2020, 2, 10)),  # added in February, still open
        ReportAction(date(2020, 3, 5)),  # not there yet
    ]
    february = period_figures(
        window(ReportPeriod.MONTH, 2020, 2), QuotaSettings(), POPULATIONS, [], actions
    )
    assert (february.remediation_done, february.remediation_verified) == (1, 1)
    assert february.remediation_open == 2
    march = period_figures(
        window(ReportPeriod.MONTH, 2020, 3), QuotaSettings(), POPULATIONS, [], actions
    )
    assert (march.remediation_done, march.remediation_verified, march.remediation_open) == (1, 0, 2)
