"""A target's line as the report writes it: every comparator, over 100%, the report's half-up
rounding, a zero planned value, no data yet, and "in progress" with the pro-rata expectation."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from bot.domain.targets.grammar import parse_line, planned
from bot.domain.targets.lines import Share, Status, evaluate, year_gone
from bot.domain.targets.model import Cadence, Comparator, Owner, Source, Target
from bot.i18n import translator
from bot.i18n.target_lines import target_line

VI = translator("vi")
END = date(2020, 12, 31)
MID = date(2020, 6, 30)


def target(
    planned_value: str,
    comparator: Comparator = Comparator.AT_LEAST,
    unit: str = "lớp",
    *,
    title: str = "Lớp đào tạo",
    accrues: bool = True,
    source: Source = Source.ENTERED,
) -> Target:
    return Target(
        1,
        2020,
        title,
        Decimal(planned_value),
        comparator,
        unit,
        "training",
        Owner(),
        accrues,
        source,
        Cadence.MONTHLY,
        datetime(2020, 1, 2, tzinfo=UTC),
    )


def line(t: Target, actual: str | None, as_of: date = END, **kw: object) -> str:
    value = None if actual is None else Decimal(actual)
    return target_line(evaluate(t, value, as_of, **kw), VI)  # type: ignore[arg-type]


def test_at_least_exceeded_over_a_hundred_percent() -> None:
    assert line(target("22"), "23") == "Lớp đào tạo: đạt 23/22 lớp (104,55%) — vượt chỉ tiêu"


def test_at_least_met_exactly_and_not_met() -> None:
    assert line(target("22"), "22") == "Lớp đào tạo: đạt 22/22 lớp (100%) — đạt chỉ tiêu"
    assert line(target("22"), "20") == "Lớp đào tạo: 20/22 lớp (90,91%) — chưa đạt"


def test_half_up_rounding_and_trimmed_zeros() -> None:
    # 1.529/1.000 = 152,9%: the trailing zero trimmed; 1/8 = 12,5%; 2/3 = 66,67% (half up).
    assert "(152,9%)" in line(target("1000", unit="học viên"), "1529")
    assert "(12,5%)" in line(target("8"), "1", MID)
    assert "(66,67%)" in line(target("3"), "2", MID)
    # 0,125 at two decimals is 0,13 half up (banker's rounding would give 0,12).
    assert "(0,13%)" in line(target("800"), "1", MID)
    # The decimals are a setting: 104,545…% is 104,5% to one, 105% to none.
    assert "(104,5%)" in line(target("22"), "23", decimals=1)
    assert "(105%)" in line(target("22"), "23", decimals=0)


def test_percentages_with_their_shares() -> None:
    study = target("100", unit="%", title="Học tập nghị quyết (đảng viên)", accrues=False)
    assert (
        line(study, "95", share=Share(38, 40))
        == "Học tập nghị quyết (đảng viên): 38/40 (95%) — chỉ tiêu 100%: chưa đạt"
    )
    assert line(study, "100", share=Share(40, 40)).endswith("chỉ tiêu 100%: đạt")


def test_more_than_is_strict() -> None:
    staff = target("97", Comparator.MORE_THAN, "%", title="Quần chúng học tập", accrues=False)
    assert line(staff, "97") == "Quần chúng học tập: 97% — chỉ tiêu trên 97%: chưa đạt"
    assert line(staff, "97.5") == "Quần chúng học tập: 97,5% — chỉ tiêu trên 97%: đạt"
    # Exact, not the rounded figure: 97,001% is over 97% though it prints 97%.
    assert line(staff, "97.001").endswith("chỉ tiêu trên 97%: đạt")


def test_exactly_zero_planned_never_divides() -> None:
    discipline = target("0", Comparator.ZERO, "đảng viên", title="Đảng viên bị kỷ luật")
    assert line(discipline, "0") == "Đảng viên bị kỷ luật: không có — đạt"
    assert (
        line(discipline, "1") == "Đảng viên bị kỷ luật: 1 đảng viên — chỉ tiêu không có: chưa đạt"
    )
    # Broken before the year ends: it cannot be mended by December.
    assert line(discipline, "1", MID).endswith("chưa đạt")


def test_at_most() -> None:
    late = target("2", Comparator.AT_MOST, "báo cáo", title="Báo cáo chậm")
    assert line(late, "1") == "Báo cáo chậm: 1 báo cáo — chỉ tiêu tối đa 2 báo cáo: đạt"
    assert line(late, "3") == "Báo cáo chậm: 3 báo cáo — chỉ tiêu tối đa 2 báo cáo: chưa đạt"


def test_a_figure_with_no_planned_value() -> None:
    students = target("0", unit="học viên", title="Học viên")
    assert line(students, "1668") == "Học viên: 1.668 học viên"


def test_no_data_yet() -> None:
    assert line(target("22"), None) == "Lớp đào tạo: chưa có số liệu — chỉ tiêu 22 lớp"
    staff = target("97", Comparator.MORE_THAN, "%", title="Quần chúng học tập", accrues=False)
    assert evaluate(staff, None, END).status is Status.NO_DATA
    assert line(staff, None) == "Quần chúng học tập: chưa có số liệu — chỉ tiêu trên 97%"


def test_in_progress_with_the_pro_rata_expectation() -> None:
    # 30 June 2020: 182 of 366 days; 22 × 182/366 = 10,9 → 11.
    assert (
        line(target("22"), "8", MID)
        == "Lớp đào tạo: 8/22 lớp (36,36%) — đang thực hiện (theo tiến độ cần 11)"
    )
    assert year_gone(2020, MID) == Decimal(182) / Decimal(366)
    # Reached early: a count that only grows has met its target already.
    assert line(target("22"), "23", MID).endswith("vượt chỉ tiêu")
    # A share does not accrue: no expectation, only "in progress", even when met so far.
    study = target("100", unit="%", title="Học tập", accrues=False)
    assert line(study, "100", MID) == "Học tập: 100% — chỉ tiêu 100%: đang thực hiện"
    # After the year: the verdict, never "in progress".
    assert evaluate(target("22"), Decimal(8), date(2021, 1, 5)).status is Status.NOT_MET


def test_english() -> None:
    en = translator("en")
    assert (
        target_line(evaluate(target("22"), Decimal(23), END), en)
        == "Lớp đào tạo: achieved 23/22 lớp (104.55%) — target exceeded"
    )


@pytest.mark.parametrize(
    ("written", "comparator", "value", "unit"),
    [
        ("≥ 22", Comparator.AT_LEAST, "22", ""),
        (">= 22 lớp", Comparator.AT_LEAST, "22", "lớp"),
        ("22", Comparator.AT_LEAST, "22", ""),
        ("ít nhất 1.627 học viên", Comparator.AT_LEAST, "1627", "học viên"),
        ("trên 97%", Comparator.MORE_THAN, "97", "%"),
        ("tren 90 %", Comparator.MORE_THAN, "90", "%"),
        ("> 97", Comparator.MORE_THAN, "97", ""),
        ("100%", Comparator.AT_LEAST, "100", "%"),
        ("tối đa 2", Comparator.AT_MOST, "2", ""),
        ("≤ 2,5", Comparator.AT_MOST, "2.5", ""),
        ("không", Comparator.ZERO, "0", ""),
        ("0", Comparator.ZERO, "0", ""),
    ],
)
def test_the_planned_value_as_written(
    written: str, comparator: Comparator, value: str, unit: str
) -> None:
    read = planned(written)
    assert read is not None
    assert (read.comparator, read.value, read.unit) == (comparator, Decimal(value), unit)


def test_a_line_and_its_problems() -> None:
    parsed = parse_line("Lớp đào tạo; ≥ 22; lớp; chính trị")
    assert parsed.problems == []
    assert parsed.title == "Lớp đào tạo" and parsed.unit == "lớp" and parsed.section == "politics"
    assert parsed.planned is not None and parsed.planned.value == 22
    loose = parse_line("Đảng viên học tập | 100% | | xay dung dang | nguồn: học tập đảng viên")
    assert loose.unit == "%" and loose.section == "party_building"
    assert loose.source is Source.STUDY_PARTY
    bad = parse_line(" ; nhiều lắm")
    assert bad.problems == ["title", "planned"]
    assert parse_line("Một; 2; lớp; khác; Liên khoa; thừa").problems == ["too_many"]
    # Two targets typed in one message are not read as one (the second line in its fields).
    two = parse_line("Lớp đào tạo; ≥ 22; lớp\nLớp bồi dưỡng; ≥ 27")
    assert two.problems == ["lines"]
    assert parse_line("Lớp đào tạo; ≥ 22; lớp\n  \n").problems == []


def test_inspection_targets_accrue_and_expect_their_share() -> None:
    inspected = target(
        "20",
        unit="%",
        title="Đảng viên được kiểm tra",
        accrues=True,
        source=Source.MEMBERS_INSPECTED,
    )
    assert (
        line(inspected, "15.625", date(2020, 7, 16), share=Share(5, 32))
        == "Đảng viên được kiểm tra: 5/32 (15,63%) — chỉ tiêu 20%: đang thực hiện "
        "(theo tiến độ cần 10,82%)"
    )
    # Reached early: a count of targets carried out only grows.
    assert line(inspected, "20", date(2020, 7, 16), share=Share(1, 5)).endswith("chỉ tiêu 20%: đạt")
