"""The report's sections about people: members and their changes, cell meetings and their
attendance, study participation; in the organisation's report's phrasing ("đạt 23/22 lớp
(104,55%)")."""

from __future__ import annotations

from bot import formatting
from bot.domain.study_figures import NON_PARTY_TARGET, PARTY_TARGET
from bot.i18n import Translator
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

NAMES_LISTED = 5  # cells named in a finding; more are counted
NAME_AT_MOST = 80


def number(value: int, t: Translator) -> str:
    return formatting.number(value, t.language)


def ratio(part: int, whole: int, t: Translator) -> str:
    return formatting.ratio(part, whole, t.language)


def some_names(names: list[str]) -> str:
    """The first few names, each kept short enough that a finding stays one line."""
    shown = ", ".join(
        n if len(n) <= NAME_AT_MOST else n[: NAME_AT_MOST - 1] + "…" for n in names[:NAMES_LISTED]
    )
    return shown + ("…" if len(names) > NAMES_LISTED else "")


def members_section(data: PeriodReportData, t: Translator) -> Section | None:
    total = data.member_total
    if not total.party and not total.non_party:
        return None
    sentences = [
        t(
            "Party members: {party} ({full} full, {probationary} probationary); non-party "
            "staff: {non_party}.",
            party=number(total.party, t),
            full=number(total.full, t),
            probationary=number(total.probationary, t),
            non_party=number(total.non_party, t),
        )
    ]
    if total.joined or total.left:
        sentences.append(
            t(
                "In the period: {joined} added to the member list, {left} left it.",
                joined=number(total.joined, t),
                left=number(total.left, t),
            )
        )
    rows: list[list[object]] = [
        [name, m.full, m.probationary, m.party, m.non_party, m.joined, m.left]
        for name, m in ((data.cells[c], data.members[c]) for c in data.cells)
    ]
    table = Table(
        [
            Column(t(labels.CELL), ColumnKind.TEXT, 28),
            Column(t(labels.FULL_MEMBERS)),
            Column(t(labels.PROBATIONARY)),
            Column(t(labels.PARTY_MEMBERS)),
            Column(t(labels.NON_PARTY_STAFF)),
            Column(t(labels.ADDED)),
            Column(t(labels.LEFT)),
        ],
        rows,
        [
            t(labels.TOTAL),
            total.full,
            total.probationary,
            total.party,
            total.non_party,
            total.joined,
            total.left,
        ],
    )
    return Section(t(labels.MEMBERS), t(labels.MEMBERS), sentences, [], table)


def meetings_section(data: PeriodReportData, t: Translator) -> Section | None:
    meetings = data.meetings
    if meetings is None:
        return None
    cells = meetings.cells
    count = len(cells)
    monthly = [c for c in cells if c.monthly_met]
    sentences = []
    findings = []
    months_due = cells[0].months_due if cells else 0
    if months_due:
        sentences.append(
            t(
                "Monthly cell meetings: {ratio} cells met for all {months} months.",
                ratio=ratio(len(monthly), count, t),
                months=number(months_due, t),
            )
        )
        missing = [c.cell_name for c in cells if not c.monthly_met]
        findings.append(
            Finding(State.MET, t("Monthly cell meetings: held in every cell"))
            if not missing
            else Finding(
                State.NOT_MET,
                t(
                    "Monthly cell meetings: {count} cells missed a month ({names})",
                    count=number(len(missing), t),
                    names=some_names(missing),
                ),
            )
        )
    quarters_due = cells[0].quarters_due if cells else 0
    if quarters_due:
        thematic = [c for c in cells if c.thematic_met]
        sentences.append(
            t(
                "Thematic meetings, one a quarter: {ratio} cells.",
                ratio=ratio(len(thematic), count, t),
            )
        )
        missing = [c.cell_name for c in cells if not c.thematic_met]
        findings.append(
            Finding(State.MET, t("Thematic meetings: one a quarter in every cell"))
            if not missing
            else Finding(
                State.NOT_MET,
                t(
                    "Thematic meetings: {count} cells missed a quarter ({names})",
                    count=number(len(missing), t),
                    names=some_names(missing),
                ),
            )
        )
    if meetings.expected:  # attendance recorded at some meeting
        attendance = ratio(meetings.attended, meetings.expected, t)
        sentences.append(
            t(
                "Attendance at cell meetings: {ratio} member-meetings, against more than 85%; "
                "{at_bar}/{meetings} meetings met the quality bar.",
                ratio=attendance,
                at_bar=number(sum(c.meetings_at_bar for c in cells), t),
                meetings=number(sum(c.meetings_recorded for c in cells), t),
            )
        )
        low = [c.cell_name for c in cells if c.expected and not c.over_bar]
        findings.append(
            Finding(
                State.MET if meetings.over_bar else State.NOT_MET,
                t("Attendance {ratio} (the bar: more than 85%)", ratio=attendance),
            )
        )
        if low and meetings.over_bar:
            findings.append(
                Finding(
                    State.AT_RISK,
                    t(
                        "Attendance under 85% in {count} cells ({names})",
                        count=number(len(low), t),
                        names=some_names(low),
                    ),
                )
            )
    if meetings.attention:
        sentences.append(
            t(
                "{count} members' absences need attention (unexcused, three in a row, or three "
                "months away).",
                count=number(meetings.attention, t),
            )
        )
        findings.append(
            Finding(
                State.AT_RISK,
                t(
                    "{count} members' absences need attention",
                    count=number(meetings.attention, t),
                ),
            )
        )
    table = Table(
        [
            Column(t(labels.CELL), ColumnKind.TEXT, 28),
            Column(t(labels.MONTHS_WITH_A_MEETING), ColumnKind.TEXT, 14),
            Column(t(labels.QUARTERS_WITH_A_THEMATIC_MEETING), ColumnKind.TEXT, 16),
            Column(t(labels.MEETINGS)),
            Column(t(labels.EXPECTED)),
            Column(t(labels.ATTENDED)),
            Column(t(labels.ATTENDANCE), ColumnKind.PERCENT),
            Column(t(labels.UNEXCUSED)),
            Column(t(labels.MEETINGS_AT_THE_BAR), width=14),
            Column(t(labels.ABSENCES_NEEDING_ATTENTION), width=16),
        ],
        [
            [
                c.cell_name,
                f"{c.months_held}/{c.months_due}",
                f"{c.quarters_held}/{c.quarters_due}",
                c.meetings,
                c.expected,
                c.attended,
                share(c.attended, c.expected),
                c.unexcused,
                c.meetings_at_bar,
                c.attention,
            ]
            for c in cells
        ],
        [
            t(labels.TOTAL),
            f"{len(monthly)}/{count}",
            "",
            meetings.meetings,
            meetings.expected,
            meetings.attended,
            share(meetings.attended, meetings.expected),
            sum(c.unexcused for c in cells),
            sum(c.meetings_at_bar for c in cells),
            meetings.attention,
        ],
    )
    return Section(
        t(labels.CELL_MEETINGS),
        t(labels.CELL_MEETINGS),
        sentences,
        findings,
        table,
        ChartKind.ATTENDANCE,
    )


def study_section(data: PeriodReportData, t: Translator) -> Section | None:
    study = data.study
    if study is None or not study.sessions:
        return None
    party = ratio(study.party.attended, study.party.expected, t)
    non_party = ratio(study.non_party.attended, study.non_party.expected, t)
    sentences = [
        t(
            "{sessions} study sessions: party members took part {party}, against 100%; "
            "non-party staff {non_party}, against more than 97%.",
            sessions=number(study.sessions, t),
            party=party,
            non_party=non_party,
        )
    ]
    findings = [
        Finding(
            State.MET if study.party_meets_target else State.NOT_MET,
            t("Study, party members: {ratio} (target 100%)", ratio=party),
        )
    ]
    if study.non_party.expected:
        findings.append(
            Finding(
                State.MET if study.non_party_meets_target else State.NOT_MET,
                t("Study, non-party staff: {ratio} (target more than 97%)", ratio=non_party),
            )
        )
    table = Table(
        [
            Column(t(labels.WHO), ColumnKind.TEXT, 24),
            Column(t(labels.ATTENDED)),
            Column(t(labels.EXPECTED)),
            Column(t(labels.PARTICIPATION), ColumnKind.PERCENT),
            Column(t(labels.TARGET), ColumnKind.PERCENT),
        ],
        [
            [
                t(labels.PARTY_MEMBERS),
                study.party.attended,
                study.party.expected,
                share(study.party.attended, study.party.expected),
                float(PARTY_TARGET) / 100,
            ],
            [
                t(labels.NON_PARTY_STAFF),
                study.non_party.attended,
                study.non_party.expected,
                share(study.non_party.attended, study.non_party.expected),
                float(NON_PARTY_TARGET) / 100,
            ],
        ],
    )
    return Section(
        t(labels.STUDY), t(labels.STUDY_OF_RESOLUTIONS_AND_TOPICS), sentences, findings, table
    )
