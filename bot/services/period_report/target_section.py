"""The report's targets: each of the year's targets as the report writes it (the targets
feature's lines), what is not met or at risk among the findings, a table and a chart."""

from __future__ import annotations

from bot import formatting
from bot.domain.targets.lines import Status, TargetLine
from bot.i18n import Translator
from bot.i18n.target_lines import section_name, target_line
from bot.services.period_report import labels
from bot.services.period_report.collect import PeriodReportData
from bot.services.period_report.content import (
    ChartKind,
    Column,
    ColumnKind,
    Finding,
    Section,
    State,
    Table,
)

_STATES = {
    Status.MET: State.MET,
    Status.EXCEEDED: State.MET,
    Status.NOT_MET: State.NOT_MET,
    Status.NO_DATA: State.AT_RISK,
}


def _state(line: TargetLine) -> State | None:
    if line.status is Status.IN_PROGRESS:
        behind = (
            line.expected is not None
            and line.actual is not None
            and not line.is_percent
            and line.actual < line.expected
        )
        return State.AT_RISK if behind else None
    return _STATES.get(line.status)


def targets_section(data: PeriodReportData, t: Translator) -> Section | None:
    lines: list[TargetLine] = list(data.targets)
    if not lines:
        return None
    sentences = [target_line(line, t) for line in lines]
    findings = [
        Finding(state, target_line(line, t))
        for line in lines
        if (state := _state(line)) is not None
    ]
    table = Table(
        [
            Column(t(labels.SECTION), ColumnKind.TEXT, 18),
            Column(t(labels.TARGET), ColumnKind.TEXT, 36),
            Column(t(labels.PLANNED)),
            Column(t(labels.ACHIEVED)),
            Column(t(labels.OF_PLAN), ColumnKind.PERCENT),
        ],
        [
            [
                section_name(line.section, t),
                line.title,
                float(line.planned),
                None if line.actual is None else float(line.actual),
                None if line.percent is None else float(line.percent) / 100,
            ]
            for line in lines
        ],
    )
    heading = t(labels.TARGETS)
    return Section(heading, heading, sentences, findings, table, ChartKind.TARGETS)


def chartable(lines: list[TargetLine]) -> list[TargetLine]:
    """The targets a bar against their plan can show: counts with a value and a share."""
    return [line for line in lines if line.percent is not None and line.actual is not None]


def dues_section(data: PeriodReportData, t: Translator) -> Section | None:
    """Party dues over the span's months: member-months paid of those owed (claims the
    secretary has not confirmed yet apart), and the members with a month unpaid."""
    dues = data.dues
    if dues is None:
        return None
    sentences = [
        t(
            "Party dues: {paid} of the member-months owed paid ({claimed} more said to be paid, "
            "not confirmed yet); {unpaid} unpaid, by {members} party members.",
            paid=formatting.ratio(dues.paid, dues.owed, t.language),
            claimed=formatting.number(dues.claimed, t.language),
            unpaid=formatting.number(dues.unpaid, t.language),
            members=formatting.number(dues.members_unpaid, t.language),
        )
    ]
    if dues.members_unpaid:
        findings = [
            Finding(
                State.AT_RISK,
                t(
                    "Party dues: {members} party members have a month unpaid",
                    members=formatting.number(dues.members_unpaid, t.language),
                ),
            )
        ]
    else:
        findings = [Finding(State.MET, t("Party dues: every month owed is paid"))]
    table = Table(
        [
            Column(t(labels.MONTHS_OWED), width=16),
            Column(t(labels.PAID)),
            Column(t(labels.CLAIMED), width=16),
            Column(t(labels.UNPAID)),
            Column(t(labels.EXEMPT)),
            Column(t(labels.DEFERRED)),
        ],
        [[dues.owed, dues.paid, dues.claimed, dues.unpaid, dues.exempt, dues.deferred]],
    )
    heading = t(labels.PARTY_DUES)
    return Section(heading, heading, sentences, findings, table)
