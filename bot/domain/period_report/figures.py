"""The period report's figures, section by section, from plain records: members and their
changes, cell meetings against one a month and thematic ones against one a quarter with
attendance against the 85% bar (:mod:`bot.domain.attendance`), the year's breakthrough tasks
by area, and broadcasts and their reach. Pure: the services collect the records."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from bot.domain.attendance import QUALITY_BAR
from bot.domain.meetings import Attendees
from bot.domain.period_report.spans import ReportSpan
from bot.domain.progress import percentage
from bot.domain.study_figures import Headcount


@dataclass(frozen=True)
class MemberCounts:
    """Active members on the cut-off day, and the changes the data records in the span."""

    full: int = 0
    probationary: int = 0
    non_party: int = 0
    joined: int = 0  # added to the list during the span (not by the first import)
    left: int = 0  # marked as having left during the span

    @property
    def party(self) -> int:
        return self.full + self.probationary

    def __add__(self, other: MemberCounts) -> MemberCounts:
        return MemberCounts(
            self.full + other.full,
            self.probationary + other.probationary,
            self.non_party + other.non_party,
            self.joined + other.joined,
            self.left + other.left,
        )


@dataclass(frozen=True)
class MeetingHeld:
    """A cell or thematic meeting held in the span, and attendance recorded per cell."""

    meeting_id: int
    thematic: bool
    day: date  # local
    attendees: Attendees
    cell_ids: frozenset[int]  # the cells it was for
    # Per cell: (attended, unexcused) among the cell's active members expected there.
    recorded: Mapping[int, tuple[int, int]] = field(default_factory=dict)


@dataclass(frozen=True)
class CellMeetings:
    cell_id: int
    cell_name: str
    months_due: int
    months_held: int  # of the months due, those with a cell meeting
    quarters_due: int
    quarters_held: int
    meetings: int = 0  # cell and thematic meetings held up to the cut-off
    expected: int = 0  # member-meetings
    attended: int = 0
    unexcused: int = 0
    meetings_at_bar: int = 0  # meetings where more than 85% attended and none unexcused
    meetings_recorded: int = 0  # meetings with attendance recorded
    attention: int = 0  # members whose absences need attention

    @property
    def rate(self) -> float:
        return self.attended / self.expected if self.expected else 0.0

    @property
    def percent(self) -> str:
        return str(percentage(self.attended, self.expected))

    @property
    def monthly_met(self) -> bool:
        return self.months_held >= self.months_due

    @property
    def thematic_met(self) -> bool:
        return self.quarters_held >= self.quarters_due

    @property
    def over_bar(self) -> bool:
        return self.expected > 0 and self.rate > QUALITY_BAR


@dataclass(frozen=True)
class MonthAttendance:
    month: date
    expected: int
    attended: int

    @property
    def rate(self) -> float:
        return self.attended / self.expected if self.expected else 0.0


@dataclass(frozen=True)
class MeetingSection:
    cells: list[CellMeetings]
    by_month: list[MonthAttendance]

    @property
    def expected(self) -> int:
        return sum(c.expected for c in self.cells)

    @property
    def attended(self) -> int:
        return sum(c.attended for c in self.cells)

    @property
    def meetings(self) -> int:
        return sum(c.meetings for c in self.cells)

    @property
    def attention(self) -> int:
        return sum(c.attention for c in self.cells)

    @property
    def over_bar(self) -> bool:
        return self.expected > 0 and self.attended / self.expected > QUALITY_BAR


def _scope_size(attendees: Attendees, heads: Headcount) -> int:
    return heads.party + (heads.non_party if attendees is Attendees.ALL else 0)


def meeting_section(
    span: ReportSpan,
    cells: Mapping[int, str],
    held: Iterable[MeetingHeld],
    headcounts: Mapping[int, Headcount],
    attention: Mapping[int, int],
) -> MeetingSection:
    """Each cell's meetings against the rule, and attendance by month for the chart."""
    months_due = {(m.year, m.month) for m in span.months_due()}
    quarters_due = set(span.quarters_due())
    held_months: dict[int, set[tuple[int, int]]] = {c: set() for c in cells}
    held_quarters: dict[int, set[tuple[int, int]]] = {c: set() for c in cells}
    totals: dict[int, list[int]] = {c: [0, 0, 0, 0, 0, 0] for c in cells}
    by_month: dict[date, list[int]] = {m: [0, 0] for m in span.months()}
    for meeting in held:
        for cell_id in meeting.cell_ids:
            if cell_id not in cells:
                continue
            if meeting.thematic:
                held_quarters[cell_id].add((meeting.day.year, (meeting.day.month - 1) // 3 + 1))
            else:
                held_months[cell_id].add((meeting.day.year, meeting.day.month))
            row = totals[cell_id]
            row[0] += 1
            if not meeting.recorded:
                continue  # nobody marked yet (nor finalised): no attendance to count
            expected = _scope_size(meeting.attendees, headcounts.get(cell_id, Headcount()))
            attended, unexcused = meeting.recorded.get(cell_id, (0, 0))
            row[5] += 1
            row[1] += expected
            row[2] += attended
            row[3] += unexcused
            if expected and attended / expected > QUALITY_BAR and unexcused == 0:
                row[4] += 1
            month = by_month.setdefault(meeting.day.replace(day=1), [0, 0])
            month[0] += expected
            month[1] += attended
    return MeetingSection(
        cells=[
            CellMeetings(
                cell_id,
                name,
                months_due=len(months_due),
                months_held=len(held_months[cell_id] & months_due),
                quarters_due=len(quarters_due),
                quarters_held=len(held_quarters[cell_id] & quarters_due),
                meetings=totals[cell_id][0],
                expected=totals[cell_id][1],
                attended=totals[cell_id][2],
                unexcused=totals[cell_id][3],
                meetings_at_bar=totals[cell_id][4],
                meetings_recorded=totals[cell_id][5],
                attention=attention.get(cell_id, 0),
            )
            for cell_id, name in cells.items()
        ],
        by_month=[MonthAttendance(m, e, a) for m, (e, a) in sorted(by_month.items())],
    )


@dataclass(frozen=True)
class AreaTasks:
    """The year's tasks of one breakthrough area (None: without an area)."""

    name: str | None
    tasks: int
    finished: int  # done or exceeded
    exceeded: int
    overdue: int


@dataclass(frozen=True)
class BroadcastFigures:
    sent: int  # notices sent in the span (not cancelled)
    deliveries: int  # messages to members they made
    delivered: int  # of those, delivered

    @property
    def reach(self) -> str:
        return str(percentage(self.delivered, self.deliveries))
