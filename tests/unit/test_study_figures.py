"""The arithmetic behind the attendance figures users see: study participation per session
against the targets (party members and non-party staff apart), and a member's year line
(months away, flagged at the alert thresholds)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from bot.domain.attendance import Attended, Status, member_year, months_away
from bot.domain.meetings import Attendees
from bot.domain.model import Unit, UnitKind
from bot.domain.study_figures import Headcount, StudySession, cells_under, study_figures

ROOT = Unit(1, None, UnitKind.PARTY_COMMITTEE, "Đảng bộ")
BRANCH = Unit(2, 1, UnitKind.INTERMEDIATE, "Đảng bộ bộ phận")
CELL_A = Unit(3, 1, UnitKind.CELL, "A")
CELL_B = Unit(4, 2, UnitKind.CELL, "B")
CELL_C = Unit(5, 2, UnitKind.CELL, "C")
UNITS = [ROOT, BRANCH, CELL_A, CELL_B, CELL_C]
HEADS = {3: Headcount(10, 4), 4: Headcount(6, 2), 5: Headcount(4, 0)}
A, U, E = Status.ATTENDED, Status.UNEXCUSED, Status.EXCUSED


def test_cells_under_a_unit_are_the_cells_at_or_below_it() -> None:
    under = cells_under(UNITS)
    assert under[1] == {3, 4, 5}
    assert under[2] == {4, 5}
    assert under[4] == {4}


def test_expected_counts_every_session_and_non_party_staff_only_when_invited() -> None:
    sessions = [
        StudySession(1, Attendees.ALL, frozenset({1})),  # everyone: 20 party, 6 non-party
        StudySession(2, Attendees.PARTY, frozenset({1})),  # party members only: 20
        StudySession(3, Attendees.ALL, frozenset({2})),  # the branch: 10 party, 2 non-party
        StudySession(4, Attendees.ALL, frozenset({3, 4})),  # two cells: 16 and 6
    ]
    figures = study_figures(sessions, UNITS, HEADS, attended_party=60, attended_non_party=13)
    assert figures.sessions == 4
    assert (figures.party.attended, figures.party.expected) == (60, 20 + 20 + 10 + 16)
    assert (figures.non_party.attended, figures.non_party.expected) == (13, 6 + 2 + 6)
    assert figures.party.percent == Decimal("90.91")
    assert not figures.party_meets_target


def test_targets_every_party_member_and_more_than_97_percent_of_non_party_staff() -> None:
    everyone = [StudySession(1, Attendees.ALL, frozenset({1}))] * 50  # 1,000 party, 300 staff
    heads = {3: Headcount(20, 6)}
    units = [ROOT, CELL_A]
    met = study_figures(everyone, units, heads, attended_party=1000, attended_non_party=292)
    assert met.party_meets_target and met.non_party_meets_target  # 97.33%
    exactly = study_figures(everyone, units, heads, attended_party=999, attended_non_party=291)
    assert not exactly.party_meets_target  # 99.9% is not everyone
    assert not exactly.non_party_meets_target  # exactly 97% is not more than 97%


def test_no_session_no_target_met_and_no_division_by_zero() -> None:
    figures = study_figures([], UNITS, HEADS, 0, 0)
    assert figures.sessions == 0 and figures.party.percent == Decimal(0)
    assert not figures.party_meets_target and not figures.non_party_meets_target


def _history(*statuses: Status, start: datetime, days: int = 30) -> list[Attended]:
    return [Attended(start + timedelta(days=days * i), i + 1, s) for i, s in enumerate(statuses)]


def test_months_away_run_from_the_last_meeting_attended_to_the_latest_missed() -> None:
    start = datetime(2026, 1, 5, 7, 0, tzinfo=UTC)
    assert months_away([]) == 0
    assert months_away(_history(U, U, A, start=start)) == 0  # came to the latest
    assert months_away(_history(A, U, U, U, start=start)) == 3  # 5 Jan to 5 Apr
    assert months_away(_history(A, U, U, U, U, start=start, days=31)) == 4
    assert months_away(_history(E, U, start=start)) == 0  # less than a month since the first


def test_member_year_counts_this_year_but_the_run_crosses_new_year() -> None:
    december = datetime(2025, 12, 1, 7, 0, tzinfo=UTC)
    history = _history(A, U, E, U, start=december)  # 1 Dec, 31 Dec, 30 Jan, 1 Mar
    line = member_year(7, "Trần Thị Bình", history, datetime(2026, 1, 1, tzinfo=UTC))
    assert (line.figures.meetings, line.figures.attended, line.figures.unexcused) == (2, 0, 1)
    assert line.figures.absences_in_a_row == 3  # 31 Dec counts toward the run
    assert line.months_away == 3
    assert line.flagged
    steady = member_year(8, "Lê Văn Cường", _history(U, A, start=december), december)
    assert not steady.flagged and steady.figures.rate == 0.5
