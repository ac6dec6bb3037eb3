"""The report's sections about work: the year's breakthrough tasks (registered by kind of
member, done, exceeded, overdue, by area and by cell), broadcasts and their reach, and
inspection and supervision (issue 12's period report, its quota lines)."""

from __future__ import annotations

from collections.abc import Mapping

from bot import formatting
from bot.domain.reports import total
from bot.domain.tasks import TaskStatus
from bot.i18n import Translator
from bot.i18n.inspection_labels import QUOTA_NAMES
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
    share,
)
from bot.services.period_report.people_sections import number, ratio


def tasks_section(data: PeriodReportData, t: Translator) -> Section | None:
    if not data.tasks:
        return None
    whole = total(data.tasks, t(labels.TOTAL))
    sentences = [
        t(
            "Registered breakthrough tasks: party members {party}, non-party staff {non_party}.",
            party=ratio(whole.party.registered, whole.party.members, t),
            non_party=ratio(whole.non_party.registered, whole.non_party.members, t),
        ),
        t(
            "{tasks} tasks; finished {finished}, of which {exceeded} exceeded; {overdue} overdue.",
            tasks=number(whole.tasks, t),
            finished=ratio(whole.finished, whole.tasks, t),
            exceeded=number(_exceeded(whole.by_status), t),
            overdue=number(whole.overdue, t),
        ),
    ]
    for area in data.areas:
        if area.name is None:
            continue
        sentences.append(
            t(
                "Area «{area}»: finished {finished}, {overdue} overdue.",
                area=area.name,
                finished=ratio(area.finished, area.tasks, t),
                overdue=number(area.overdue, t),
            )
        )
    findings = []
    unregistered = whole.party.unregistered
    findings.append(
        Finding(State.MET, t("Every party member registered a breakthrough task"))
        if not unregistered
        else Finding(
            State.NOT_MET,
            t(
                "{count} party members have not registered a breakthrough task",
                count=number(unregistered, t),
            ),
        )
    )
    if whole.overdue:
        findings.append(
            Finding(
                State.AT_RISK,
                t("{count} breakthrough tasks are overdue", count=number(whole.overdue, t)),
            )
        )
    rows: list[list[object]] = [
        [
            c.cell_name,
            c.party.members,
            c.party.registered,
            c.non_party.members,
            c.non_party.registered,
            c.tasks,
            c.finished,
            _exceeded(c.by_status),
            c.overdue,
            share(c.finished, c.tasks),
        ]
        for c in data.tasks
    ]
    table = Table(
        [
            Column(t(labels.CELL), ColumnKind.TEXT, 28),
            Column(t(labels.PARTY_MEMBERS)),
            Column(t(labels.REGISTERED)),
            Column(t(labels.NON_PARTY_STAFF)),
            Column(t(labels.REGISTERED)),
            Column(t(labels.TASKS)),
            Column(t(labels.FINISHED)),
            Column(t(labels.EXCEEDED)),
            Column(t(labels.OVERDUE)),
            Column(t(labels.FINISHED), ColumnKind.PERCENT),
        ],
        rows,
        [
            t(labels.TOTAL),
            whole.party.members,
            whole.party.registered,
            whole.non_party.members,
            whole.non_party.registered,
            whole.tasks,
            whole.finished,
            _exceeded(whole.by_status),
            whole.overdue,
            share(whole.finished, whole.tasks),
        ],
    )
    return Section(
        t(labels.BREAKTHROUGH_TASKS),
        t(labels.BREAKTHROUGH_TASKS),
        sentences,
        findings,
        table,
        ChartKind.REGISTRATION,
    )


def _exceeded(by_status: Mapping[TaskStatus, int]) -> int:
    return by_status.get(TaskStatus.EXCEEDED, 0)


def broadcasts_section(data: PeriodReportData, t: Translator) -> Section | None:
    sent = data.broadcasts
    if sent is None:
        return None
    reach = ratio(sent.delivered, sent.deliveries, t)
    sentences = [
        t(
            "{count} notices sent; they reached {reach} of the members they were for.",
            count=number(sent.sent, t),
            reach=reach,
        )
    ]
    findings = []
    missed = sent.deliveries - sent.delivered
    if missed:
        findings.append(
            Finding(
                State.AT_RISK,
                t(
                    "Notices did not reach {count} of the members they were for",
                    count=number(missed, t),
                ),
            )
        )
    table = Table(
        [
            Column(t(labels.NOTICES), width=12),
            Column(t(labels.MEMBERS_TO_REACH), width=16),
            Column(t(labels.REACHED), width=12),
            Column(t(labels.REACH), ColumnKind.PERCENT),
        ],
        [[sent.sent, sent.deliveries, sent.delivered, share(sent.delivered, sent.deliveries)]],
    )
    return Section(t(labels.NOTICES), t(labels.NOTICES), sentences, findings, table)


def inspections_section(data: PeriodReportData, t: Translator) -> Section | None:
    report = data.inspections
    if report is None:
        return None
    figures = report.figures
    lines = [line for line in figures.lines if line.of > 0]
    if not figures.planned and not figures.carried_out and not any(x.done for x in lines):
        return None  # no programme, nothing done: no inspection figures to report
    sentences = []
    findings = []
    rows: list[list[object]] = []
    for line in lines:
        name = t(QUOTA_NAMES[line.kind])
        figure = ratio(line.done, line.of, t)
        sentences.append(
            t(
                "{name}: {figure}, target {target}% ({required} in the year).",
                name=name,
                figure=figure,
                target=formatting.number(line.target, t.language),
                required=number(line.required, t),
            )
        )
        if line.met:
            state = State.MET
        elif data.span.cut_short or not figures.window.whole_year:
            state = State.AT_RISK  # the year still has time to make it
        else:
            state = State.NOT_MET
        findings.append(Finding(state, f"{name}: {figure}"))
        rows.append(
            [
                name,
                line.done,
                line.of,
                share(line.done, line.of),
                float(line.target) / 100,
                line.required,
            ]
        )
    sentences.append(
        t(
            "Items planned for these months: {planned}; carried out: {carried}; concluded: "
            "{concluded}; remediation: {done} actions done, {open} open.",
            planned=number(figures.planned, t),
            carried=number(figures.carried_out, t),
            concluded=number(figures.concluded, t),
            done=number(figures.remediation_done, t),
            open=number(figures.remediation_open, t),
        )
    )
    table = Table(
        [
            Column(t(labels.QUOTA), ColumnKind.TEXT, 32),
            Column(t(labels.DONE)),
            Column(t(labels.OF)),
            Column(t(labels.SHARE), ColumnKind.PERCENT),
            Column(t(labels.TARGET), ColumnKind.PERCENT),
            Column(t(labels.REQUIRED_IN_THE_YEAR), width=16),
        ],
        rows,
    )
    return Section(
        t(labels.INSPECTIONS), t(labels.INSPECTION_AND_SUPERVISION), sentences, findings, table
    )
