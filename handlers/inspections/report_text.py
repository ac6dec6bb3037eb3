"""The period report of inspection and supervision as text, in the report's number format
("Kiểm tra chi bộ: 2/5 chi bộ (40%)", "104,55%", "1.668"): what ``/kiemtra baocao`` shows and
``butpha oversight report`` prints. Plain text (the chat escapes it), no Telegram, so that the
command line may read it."""

from __future__ import annotations

from bot import formatting
from bot.domain.inspections.figures import PeriodFigures
from bot.domain.inspections.periods import PeriodWindow, ReportPeriod
from bot.domain.inspections.quotas import QuotaKind, QuotaLine
from bot.i18n import N_, Translator
from bot.i18n.inspection_labels import QUOTA_NAMES
from bot.services.inspections.period_report import PeriodReport

PERIOD_NAMES = {
    ReportPeriod.MONTH: N_("month {month}/{year}"),
    ReportPeriod.Q1: N_("the first quarter of {year}"),
    ReportPeriod.HALF: N_("the first six months of {year}"),
    ReportPeriod.NINE_MONTHS: N_("the first nine months of {year}"),
    ReportPeriod.YEAR: N_("the year {year}"),
}
_CELLS = N_("{done}/{of} cells ({percent})")
_MEMBERS = N_("{done}/{of} party members ({percent})")
FIGURES = {
    QuotaKind.CELLS_INSPECTED: _CELLS,
    QuotaKind.COMMITTEE_INSPECTED: N_("{done}/{of} committee members ({percent})"),
    QuotaKind.MEMBERS_INSPECTED: _MEMBERS,
    QuotaKind.CELLS_SUPERVISED: _CELLS,
    QuotaKind.MEMBERS_SUPERVISED: _MEMBERS,
}


def period_name(span: PeriodWindow, t: Translator) -> str:
    return t(PERIOD_NAMES[span.period], month=span.last_month, year=span.year)


def _number(value: int, t: Translator) -> str:
    return formatting.number(value, t.language)


def _verdict(figures: PeriodFigures, line: QuotaLine, t: Translator) -> str:
    if line.met:
        return t("met")
    if not figures.window.whole_year and figures.on_schedule(line):
        return t("on schedule, {count} more in the year", count=_number(line.missing, t))
    return t("{count} more needed in the year", count=_number(line.missing, t))


def quota_report_line(figures: PeriodFigures, line: QuotaLine, t: Translator) -> str:
    """«Kiểm tra đảng viên: 4/32 đảng viên (12,5%), trong đó 1 đảng ủy viên — chỉ tiêu 20%
    (7 cả năm): cần thêm 3». A month's report gives the figures and the quota, no verdict."""
    text = t(QUOTA_NAMES[line.kind]) + ": "
    text += t(
        FIGURES[line.kind],
        done=_number(line.done, t),
        of=_number(line.of, t),
        percent=formatting.percent(line.done, line.of, t.language),
    )
    if line.kind is QuotaKind.MEMBERS_INSPECTED:
        text += t(
            ", of whom {count} committee members",
            count=_number(figures.committee_among_members, t),
        )
    text += " — " + t(
        "target {target}% ({required} in the year)",
        target=formatting.number(line.target, t.language),
        required=_number(line.required, t),
    )
    if figures.window.period is not ReportPeriod.MONTH:
        text += ": " + _verdict(figures, line, t)
    return text


def report_lines(report: PeriodReport, t: Translator) -> list[str]:
    """The heading, the span and the figures, one line each."""
    figures = report.figures
    span = figures.window
    heading = (
        N_("Inspection and supervision report of the cell {name}, {period}")
        if report.is_cell
        else N_("Inspection and supervision report, {period} — {name}")
    )
    lines = [t(heading, name=report.name, period=period_name(span, t))]
    dates = t(
        "From {start} to {end}",
        start=formatting.short_day(span.start, t.language),
        end=formatting.short_day(span.last_day, t.language),
    )
    if span.last_day > report.today >= span.start:
        dates += " " + t(
            "(figures up to {today})", today=formatting.short_day(report.today, t.language)
        )
    lines += [dates, ""]
    lines += [quota_report_line(figures, line, t) for line in figures.lines if line.of > 0]
    lines.append("")
    lines.append(
        t(
            "Items planned for these months: {planned}; carried out: {carried}; concluded: "
            "{concluded}; closed: {closed}.",
            planned=_number(figures.planned, t),
            carried=_number(figures.carried_out, t),
            concluded=_number(figures.concluded, t),
            closed=_number(figures.closed, t),
        )
    )
    lines.append(
        t(
            "Remediation: {done} actions done ({verified} verified), {open} open.",
            done=_number(figures.remediation_done, t),
            verified=_number(figures.remediation_verified, t),
            open=_number(figures.remediation_open, t),
        )
    )
    return lines
