"""A target's line in the report's words, for the chat, the command line and the period report
alike (no Telegram here): «Lớp đào tạo: đạt 23/22 lớp (104,55%) — vượt chỉ tiêu», «Học tập
nghị quyết (đảng viên): 38/40 (95%) — chỉ tiêu 100%: chưa đạt», «Đảng viên bị kỷ luật: không
có — đạt», «Lớp bồi dưỡng: 12/27 lớp (44,44%) — đang thực hiện (theo tiến độ cần 14)», and the
names of the sections and sources."""

from __future__ import annotations

from decimal import Decimal

from bot import formatting
from bot.domain.targets.lines import Status, TargetLine
from bot.domain.targets.model import Comparator, Section, Source
from bot.i18n import N_, Translator

SECTION_NAMES = {
    Section.POLITICS: N_("Political and ideological work"),
    Section.PARTY_BUILDING: N_("Party building"),
    Section.INSPECTION: N_("Inspection and supervision"),
    Section.TRAINING: N_("Training and refresher courses"),
    Section.MASS: N_("Mass mobilisation and organisations"),
    Section.OTHER: N_("Other targets"),
}
SECTION_ORDER = {section.value: position for position, section in enumerate(Section)}

SOURCE_NAMES = {
    Source.ENTERED: N_("entered"),
    Source.STUDY_PARTY: N_("computed: party members' study participation"),
    Source.STUDY_NON_PARTY: N_("computed: non-party staff's study participation"),
    Source.TASKS_DONE: N_("computed: breakthrough tasks done of those registered"),
    Source.CELLS_INSPECTED: N_("computed: cells inspected"),
    Source.MEMBERS_INSPECTED: N_("computed: party members inspected"),
    Source.CELLS_SUPERVISED: N_("computed: cells supervised"),
    Source.MEETINGS_AT_BAR: N_("computed: cell meetings at the attendance quality bar"),
    Source.RATING_GOOD_OR_BETTER: N_("computed: rated good or better (published rating)"),
    Source.RATING_EXCELLENT: N_("computed: rated excellent (published rating)"),
}


def section_name(section: str, t: Translator) -> str:
    """A known section's name in the reader's language; free text as written."""
    try:
        return t(SECTION_NAMES[Section(section)])
    except ValueError:
        return section


def section_key(section: str) -> tuple[int, str]:
    """The report's order: the known sections first, then free text by name."""
    return SECTION_ORDER.get(section, len(SECTION_ORDER) - 1), section


def _number(value: Decimal, line: TargetLine, t: Translator) -> str:
    return formatting.decimal_number(value, line.decimals, t.language)


def quantity(value: Decimal, line: TargetLine, t: Translator) -> str:
    """``95%``, ``1.668 học viên``, ``3``."""
    text = _number(value, line, t)
    if line.is_percent:
        return text + "%"
    return f"{text} {line.unit}".strip()


def planned_text(line: TargetLine, t: Translator) -> str:
    """The target as the report writes it: ``22 lớp``, ``trên 97%``, ``tối đa 2``, ``không có``."""
    planned = quantity(line.planned, line, t)
    if line.comparator is Comparator.MORE_THAN:
        return t("over {planned}", planned=planned)
    if line.comparator is Comparator.AT_MOST:
        return t("at most {planned}", planned=planned)
    if line.comparator is Comparator.ZERO:
        return t("none")
    return planned


def _verdict(line: TargetLine, t: Translator) -> str:
    if line.status in (Status.MET, Status.EXCEEDED):
        return t.pgettext("target", "met")
    if line.status is Status.NOT_MET:
        return t.pgettext("target", "not met")
    return _in_progress(line, t)


def _in_progress(line: TargetLine, t: Translator) -> str:
    if line.expected is None:
        return t.pgettext("target", "in progress")
    return t(
        "in progress (on schedule needs {expected})",
        expected=_number(line.expected, line, t) + ("%" if line.is_percent else ""),
    )


def target_line(line: TargetLine, t: Translator) -> str:
    """The line of one target, in plain text."""
    title = line.title
    if line.actual is None:
        return t(
            "{title}: no data yet — target {planned}", title=title, planned=planned_text(line, t)
        )
    actual = line.actual
    if line.comparator is Comparator.ZERO:
        if actual == 0:
            verdict = (
                t.pgettext("target", "met")
                if line.status is not Status.IN_PROGRESS
                else _in_progress(line, t)
            )
            return t("{title}: none — {verdict}", title=title, verdict=verdict)
        return t(
            "{title}: {actual} — target none: {verdict}",
            title=title,
            actual=quantity(actual, line, t),
            verdict=_verdict(line, t),
        )
    if line.is_percent:
        figures = quantity(actual, line, t)
        if line.share is not None:
            part = formatting.number(line.share.part, t.language)
            whole = formatting.number(line.share.whole, t.language)
            figures = f"{part}/{whole} ({figures})"
        return t(
            "{title}: {figures} — target {planned}: {verdict}",
            title=title,
            figures=figures,
            planned=planned_text(line, t),
            verdict=_verdict(line, t),
        )
    if line.planned == 0 and line.comparator is Comparator.AT_LEAST:
        return f"{title}: {quantity(actual, line, t)}"  # a figure with nothing to meet
    if line.comparator is Comparator.AT_LEAST and line.percent is not None:
        figures = (
            f"{_number(actual, line, t)}/{quantity(line.planned, line, t)}"
            f" ({_number(line.percent, line, t)}%)"
        )
        if line.status is Status.EXCEEDED:
            return t("{title}: achieved {figures} — target exceeded", title=title, figures=figures)
        if line.status is Status.MET:
            return t("{title}: achieved {figures} — target met", title=title, figures=figures)
        return f"{title}: {figures} — {_verdict(line, t)}"
    return t(
        "{title}: {actual} — target {planned}: {verdict}",
        title=title,
        actual=quantity(actual, line, t),
        planned=planned_text(line, t),
        verdict=_verdict(line, t),
    )
