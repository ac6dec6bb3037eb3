"""The distribution and the mismatches as members read them: the report's own phrasing, in
Vietnamese (the numbers as the report writes them) and in English."""

from __future__ import annotations

from decimal import Decimal

from bot.domain.ratings.distribution import Distribution, target_conflicts
from bot.domain.ratings.levels import Level, RatingRules, TaskEvidence, check_level
from bot.i18n import translator
from bot.services.ratings.evidence import Evidence
from bot.services.ratings.self_reviews import Checked
from handlers.ratings.rating_text import checked_text, conflict_lines, distribution_lines

RULES = RatingRules()
VI = translator("vi")


def dist(excellent: int, good: int, complete: int = 0, not_complete: int = 0) -> Distribution:
    return Distribution(
        {
            Level.EXCELLENT: excellent,
            Level.GOOD: good,
            Level.COMPLETE: complete,
            Level.NOT_COMPLETE: not_complete,
        }
    )


def test_the_issue_example_as_the_report_writes_it() -> None:
    lines = distribution_lines(dist(7, 27, 4), RULES, VI)
    assert lines[0] == "HTXSNV 7 (18,42%; bằng 25,93% số HTTNV — vượt mức trần 20%)"
    assert lines[1] == "HTTNV trở lên 34/38 (89,47%) — chỉ tiêu trên 90%: chưa đạt"
    assert lines[2] == "HTXSNV 7/38 (18,42%) — chỉ tiêu 20% số được xếp loại: chưa đạt"
    assert lines[3:] == [
        "HTTNV: 27 người (71,05%)",
        "HTNV: 4 người (10,53%)",
        "KHTNV: 0 người (0%)",
    ]


def test_within_the_cap_and_targets_met() -> None:
    lines = distribution_lines(dist(5, 45, 1), RULES, VI)
    assert lines[0] == "HTXSNV 5 (9,8%; bằng 11,11% số HTTNV — trong mức trần 20%)"
    assert lines[1] == "HTTNV trở lên 50/51 (98,04%) — chỉ tiêu trên 90%: đạt"


def test_the_conflict_of_the_target_with_the_cap() -> None:
    [warning] = conflict_lines(target_conflicts(RULES), RULES, VI)
    assert warning == (
        "⚠️ Chỉ tiêu 20% «HTXSNV» trên số được xếp loại không thể đạt với mức trần 20% số "
        "«HTTNV»: tối đa chỉ được 16,67% số được xếp loại."
    )
    fitting = RatingRules(target_excellent=Decimal(15))
    assert conflict_lines(target_conflicts(fitting), fitting, VI) == []


def test_a_mismatch_explained() -> None:
    tasks = TaskEvidence(total=4, on_time=4, exceeded=1)
    evidence = Evidence(tasks, 0, 0, 0, 0)
    found = check_level(Level.EXCELLENT, 92, tasks, RULES)
    text = checked_text(Checked(Level.EXCELLENT, 92, found, Level.GOOD), RULES, evidence, VI)
    assert text.splitlines() == [
        "Mức tự xếp loại: Hoàn thành xuất sắc nhiệm vụ (92 điểm)",
        "⚠️ Chưa khớp với khung điểm và điều kiện:",
        "• ≥ 90 điểm nhưng chưa đủ 30% công việc vượt yêu cầu (1/4).",
        "Mức phù hợp: Hoàn thành tốt nhiệm vụ.",
    ]


def test_in_english() -> None:
    en = translator("en")
    lines = distribution_lines(dist(7, 27, 4), RULES, en)
    assert lines[0] == "Excellent 7 (18.42%; 25.93% of «Good» — over the cap of 20%)"
    assert lines[1] == "Good or better 34/38 (89.47%) — target above 90%: not met"
