"""The report's sections, in the order the report gives them, and its heading and summary.

A section is a function of the figures and a translator that returns a :class:`Section` or
None where its data does not exist. Adding one is one line in :data:`SECTION_BUILDERS`: the
chat's summary, the workbook and the document draft all read this list.
"""

from __future__ import annotations

from collections.abc import Callable

from bot import formatting
from bot.domain.inspections.periods import ReportPeriod
from bot.domain.period_report.spans import ReportSpan
from bot.i18n import N_, NP_, Translator
from bot.services.period_report.collect import PeriodReportData
from bot.services.period_report.content import Section, State
from bot.services.period_report.people_sections import (
    meetings_section,
    members_section,
    study_section,
)
from bot.services.period_report.rating_section import ratings_section
from bot.services.period_report.target_section import dues_section, targets_section
from bot.services.period_report.work_sections import (
    broadcasts_section,
    inspections_section,
    tasks_section,
)

SectionBuilder = Callable[[PeriodReportData, Translator], Section | None]

SECTION_BUILDERS: list[SectionBuilder] = [
    members_section,
    meetings_section,
    study_section,
    tasks_section,
    broadcasts_section,
    inspections_section,
    targets_section,
    ratings_section,
    dues_section,
]

PERIOD_NAMES = {
    ReportPeriod.MONTH: NP_("period report", "month {month}/{year}"),
    ReportPeriod.Q1: NP_("period report", "the first quarter of {year}"),
    ReportPeriod.HALF: NP_("period report", "the first six months of {year}"),
    ReportPeriod.NINE_MONTHS: NP_("period report", "the first nine months of {year}"),
    ReportPeriod.YEAR: NP_("period report", "the year {year}"),
}
STATE_HEADINGS = {
    State.MET: N_("✅ Met:"),
    State.NOT_MET: N_("❌ Not met:"),
    State.AT_RISK: N_("⚠️ Needs attention:"),
}


def sections(data: PeriodReportData, t: Translator) -> list[Section]:
    return [s for build in SECTION_BUILDERS if (s := build(data, t)) is not None]


def period_name(span: ReportSpan, t: Translator) -> str:
    if span.period is None:
        return t(
            "{first} to {last}",
            first=formatting.short_day(span.first, t.language),
            last=formatting.short_day(span.last, t.language),
        )
    return t(PERIOD_NAMES[span.period], month=span.last.month, year=span.year)


def heading(data: PeriodReportData, t: Translator) -> str:
    if data.is_cell:
        return t(
            "Report of the cell {name}, {period}", name=data.name, period=period_name(data.span, t)
        )
    return t("Report, {period} — {name}", name=data.name, period=period_name(data.span, t))


def dates_line(data: PeriodReportData, t: Translator) -> str:
    span = data.span
    return t(
        "From {first} to {last}; figures up to {as_of}.",
        first=formatting.short_day(span.first, t.language),
        last=formatting.short_day(span.last, t.language),
        as_of=formatting.short_day(span.until, t.language),
    )


def summary_blocks(data: PeriodReportData, found: list[Section], t: Translator) -> list[str]:
    """The chat's summary as blocks (a block stays on one page): the heading and dates, then
    what met, what did not and what needs attention, one line each; plain text (the chat
    escapes it)."""
    blocks = [heading(data, t), dates_line(data, t)]
    findings = [f for s in found for f in s.findings]
    for state in (State.NOT_MET, State.AT_RISK, State.MET):
        lines = [f"• {f.text}" for f in findings if f.state is state]
        if lines:
            blocks.append("\n".join([t(STATE_HEADINGS[state]), *lines]))
    if not findings:
        blocks.append(t("No figures recorded for this period yet."))
    return blocks


def summary_text(data: PeriodReportData, t: Translator) -> str:
    """The summary and each section's sentences, for the command line."""
    found = sections(data, t)
    lines = ["\n\n".join(summary_blocks(data, found, t)), ""]
    for section in found:
        lines.append(section.heading.upper())
        lines += [f"- {s}" for s in section.sentences]
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"
