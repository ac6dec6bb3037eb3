"""Attendance: who came, the per-meeting figures against the quality bar, a member's year, and
when the secretary is alerted (DOMAIN.md: an unexcused absence, 3 absences in a row, 3 months
without attending). Pure functions over plain records."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

QUALITY_BAR = 0.85  # more than 85% attend, and no unexcused absence
ABSENCES_IN_A_ROW = 3
MONTHS_AWAY = 3
CHECK_IN_EARLY = timedelta(minutes=30)


class Status(StrEnum):
    ATTENDED = "attended"
    EXCUSED = "excused"
    UNEXCUSED = "unexcused"

    def next(self) -> Status:
        """The secretary's toggle cycles through the three."""
        order = list(Status)
        return order[(order.index(self) + 1) % len(order)]


class Source(StrEnum):
    CHECK_IN = "check_in"
    SECRETARY = "secretary"
    FINALISE = "finalise"  # nobody marked it: decided after the meeting


class AlertKind(StrEnum):
    UNEXCUSED = "unexcused"
    IN_A_ROW = "absences_in_a_row"
    MONTHS_AWAY = "months_away"


@dataclass(frozen=True)
class Record:
    meeting_id: int
    member_id: int
    status: Status
    marked_by: int | None
    at: datetime
    source: Source


@dataclass(frozen=True)
class Attended:
    """One of a member's meetings, for the year's figures: when it started and their status."""

    starts_at: datetime
    meeting_id: int
    status: Status


@dataclass(frozen=True)
class MeetingFigures:
    expected: int
    attended: int
    excused: int
    unexcused: int
    unmarked: int

    @property
    def rate(self) -> float:
        return self.attended / self.expected if self.expected else 0.0

    @property
    def meets_bar(self) -> bool:
        return self.expected > 0 and self.rate > QUALITY_BAR and self.unexcused == 0


@dataclass(frozen=True)
class YearFigures:
    meetings: int
    attended: int
    excused: int
    unexcused: int
    absences_in_a_row: int  # the current run, most recent meetings first

    @property
    def rate(self) -> float:
        return self.attended / self.meetings if self.meetings else 0.0


def in_check_in_window(now: datetime, starts_at: datetime, ends_at: datetime) -> bool:
    return starts_at - CHECK_IN_EARLY <= now <= ends_at


def meeting_figures(expected: int, statuses: list[Status]) -> MeetingFigures:
    attended = statuses.count(Status.ATTENDED)
    excused = statuses.count(Status.EXCUSED)
    unexcused = statuses.count(Status.UNEXCUSED)
    return MeetingFigures(
        expected=expected,
        attended=attended,
        excused=excused,
        unexcused=unexcused,
        unmarked=max(0, expected - attended - excused - unexcused),
    )


def absences_in_a_row(history: list[Attended]) -> int:
    """Absences (excused or not) since the member last attended, in date order."""
    count = 0
    for item in sorted(history, key=lambda a: (a.starts_at, a.meeting_id), reverse=True):
        if item.status is Status.ATTENDED:
            break
        count += 1
    return count


def year_figures(history: list[Attended]) -> YearFigures:
    statuses = [a.status for a in history]
    return YearFigures(
        meetings=len(history),
        attended=statuses.count(Status.ATTENDED),
        excused=statuses.count(Status.EXCUSED),
        unexcused=statuses.count(Status.UNEXCUSED),
        absences_in_a_row=absences_in_a_row(history),
    )


def _months_before(moment: datetime, months: int) -> datetime:
    month = moment.month - months
    year = moment.year + (month - 1) // 12
    month = (month - 1) % 12 + 1
    return moment.replace(year=year, month=month, day=min(moment.day, 28))


def alerts_for(history: list[Attended], meeting_id: int) -> list[AlertKind]:
    """The alerts the member's record at ``meeting_id`` raises, given their whole history (that
    meeting included). Each alert is an occurrence named by the meeting that started it: the
    run of absences alerts at exactly the third, not again at the fourth; months away alerts at
    the first meeting that completes three months without attending."""
    ordered = sorted(history, key=lambda a: (a.starts_at, a.meeting_id))
    index = next((i for i, a in enumerate(ordered) if a.meeting_id == meeting_id), None)
    if index is None:
        return []
    current = ordered[index]
    if current.status is Status.ATTENDED:
        return []
    kinds: list[AlertKind] = []
    if current.status is Status.UNEXCUSED:
        kinds.append(AlertKind.UNEXCUSED)
    upto = ordered[: index + 1]
    if absences_in_a_row(upto) == ABSENCES_IN_A_ROW:
        kinds.append(AlertKind.IN_A_ROW)
    if _starts_months_away(upto):
        kinds.append(AlertKind.MONTHS_AWAY)
    return kinds


def _starts_months_away(upto: list[Attended]) -> bool:
    """The latest meeting is the first at which the member has been away three months: absent at
    every meeting since the last one attended (or the first one known), spanning three months."""
    if not upto:
        return False
    last = upto[-1]
    since_index = max((i for i, a in enumerate(upto) if a.status is Status.ATTENDED), default=-1)
    run = upto[since_index + 1 :]
    if not run:
        return False
    # Measured from the last attended meeting, or the first absence when none was attended.
    anchor = upto[since_index].starts_at if since_index >= 0 else run[0].starts_at
    limit = _months_before(last.starts_at, MONTHS_AWAY)
    if anchor > limit:
        return False
    previous = run[-2].starts_at if len(run) > 1 else None
    # Only the meeting that crossed the line raises it; later ones belong to the same occurrence.
    return previous is None or anchor > _months_before(previous, MONTHS_AWAY)


def months_away(history: list[Attended]) -> int:
    """Whole months the member has been away: from the last meeting they attended (or their
    first absence, when they attended none) to the latest meeting they missed; 0 when they
    attended the latest one. Measured as the alert measures it."""
    ordered = sorted(history, key=lambda a: (a.starts_at, a.meeting_id))
    if not ordered or ordered[-1].status is Status.ATTENDED:
        return 0
    since_index = max((i for i, a in enumerate(ordered) if a.status is Status.ATTENDED), default=-1)
    anchor = ordered[since_index].starts_at if since_index >= 0 else ordered[0].starts_at
    latest = ordered[-1].starts_at
    months = 0
    while months < 12 * 100 and anchor <= _months_before(latest, months + 1):
        months += 1
    return months


@dataclass(frozen=True)
class MemberYear:
    """One member's line in the cell's attendance table: the year's rate, the current run of
    absences and the months away, flagged at the alert thresholds."""

    member_id: int
    full_name: str
    figures: YearFigures
    months_away: int

    @property
    def flagged(self) -> bool:
        return (
            self.figures.absences_in_a_row >= ABSENCES_IN_A_ROW or self.months_away >= MONTHS_AWAY
        )


def member_year(
    member_id: int, full_name: str, history: list[Attended], year_start: datetime
) -> MemberYear:
    """``history`` reaches back further than the year, so a run of absences across New Year
    still counts; the rate counts this year's meetings only."""
    this_year = [a for a in history if a.starts_at >= year_start]
    figures = year_figures(this_year)
    run = absences_in_a_row(history)
    return MemberYear(
        member_id=member_id,
        full_name=full_name,
        figures=YearFigures(
            meetings=figures.meetings,
            attended=figures.attended,
            excused=figures.excused,
            unexcused=figures.unexcused,
            absences_in_a_row=run,
        ),
        months_away=months_away(history),
    )
