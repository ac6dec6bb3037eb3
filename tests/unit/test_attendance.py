"""Attendance over a real SQLite file with a clock that moves only when told: the check-in
window, the secretary's marks and corrections, the figures against the quality bar, and alerts
that fire once per occurrence."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.clock import FixedClock
from bot.domain.attendance import (
    AlertKind,
    Attended,
    Status,
    absences_in_a_row,
    alerts_for,
    meeting_figures,
    year_figures,
)
from bot.domain.errors import NotAllowed, UserError
from bot.domain.meetings import Attendees, Meeting, MeetingKind
from bot.domain.model import Channel, Identity, Member
from bot.domain.rsvps import AbsenceReason
from bot.services.container import Services
from bot.services.meetings.meetings import MeetingRequest

A, U, E = Status.ATTENDED, Status.UNEXCUSED, Status.EXCUSED


def _history(*statuses: Status, days: int = 30) -> list[Attended]:
    start = datetime(2026, 1, 5, 7, 0, tzinfo=UTC)
    return [Attended(start + timedelta(days=days * i), i + 1, s) for i, s in enumerate(statuses)]


def test_quality_bar_needs_more_than_85_percent_and_no_unexcused_absence() -> None:
    assert meeting_figures(10, [A] * 9 + [E]).meets_bar  # 90%, one excused
    assert not meeting_figures(20, [A] * 17 + [E] * 3).meets_bar  # exactly 85% is not more
    assert not meeting_figures(10, [A] * 9 + [U]).meets_bar  # an unexcused absence
    figures = meeting_figures(4, [A, A, E])
    assert (figures.attended, figures.excused, figures.unexcused, figures.unmarked) == (2, 1, 0, 1)
    assert figures.rate == 0.5


def test_year_figures_and_absences_in_a_row_in_date_order() -> None:
    history = _history(A, U, A, E, U)
    figures = year_figures(list(reversed(history)))  # order of the input does not matter
    assert (figures.meetings, figures.attended, figures.absences_in_a_row) == (5, 2, 2)
    assert figures.rate == 0.4
    assert absences_in_a_row(_history(A, A)) == 0


def test_third_absence_in_a_row_alerts_once() -> None:
    history = _history(A, U, E, U, U, days=7)
    assert alerts_for(history, 2) == [AlertKind.UNEXCUSED]
    assert alerts_for(history, 3) == []  # excused, second in a row
    assert alerts_for(history, 4) == [AlertKind.UNEXCUSED, AlertKind.IN_A_ROW]
    assert alerts_for(history, 5) == [AlertKind.UNEXCUSED]  # the fourth: same occurrence
    assert alerts_for(history, 1) == []


def test_three_months_without_attending_alerts_at_the_meeting_that_crosses_the_line() -> None:
    # Monthly meetings on the 5th: attended in January, excused in February, March, April, May.
    history = _history(A, E, E, E, E, days=31)
    assert [alerts_for(history, i) for i in range(2, 6)] == [
        [],
        [],
        [AlertKind.IN_A_ROW, AlertKind.MONTHS_AWAY],
        [],
    ]


# The clock fixture stands at 2026-03-02 08:00 UTC, 15:00 in Hanoi.


async def _link(services: Services, code: str, user: int) -> Identity:
    [issued] = await services.invites.issue_for_command_line(member_code=code)
    outcome = await services.membership.join(Channel.TELEGRAM, str(user), str(user), issued.code)
    assert outcome.identity is not None
    return outcome.identity


@pytest.fixture
async def linked(organisation: Services) -> dict[str, Identity]:
    codes = {"A1": 100, "A2": 101, "B1": 103}
    return {code: await _link(organisation, code, user) for code, user in codes.items()}


async def _meeting(services: Services, starts: datetime) -> int:
    created = await services.meetings.create(
        None,
        MeetingRequest(
            kind=MeetingKind.CELL_MEETING,
            title="Sinh hoạt chi bộ",
            starts=starts,
            cells=("Phòng Đào tạo",),
            everyone=False,
            attendees=Attendees.PARTY,
            remind="1d",
        ),
    )
    return created.meeting_ids[0]


def _render(secretary: Member, member: Member, meeting: Meeting, kind: AlertKind) -> str:
    return f"{kind.value}: {member.full_name} ({meeting.id})"


async def test_check_in_only_from_30_minutes_before_to_the_end(
    organisation: Services, linked: dict[str, Identity], clock: FixedClock
) -> None:
    # 10 March 14:00 in Hanoi is 07:00 UTC; the meeting lasts until 09:00 UTC.
    meeting = await _meeting(organisation, datetime(2026, 3, 10, 14, 0))
    a2 = linked["A2"]
    clock.advance(days=7, hours=22, minutes=29)  # 06:29 UTC: 31 minutes early
    with pytest.raises(UserError):
        await organisation.attendance.check_in(a2, meeting)
    assert await organisation.attendance.open_now(a2) == []
    clock.advance(minutes=2)  # 29 minutes early
    assert [m.id for m in await organisation.attendance.open_now(a2)] == [meeting]
    await organisation.attendance.check_in(a2, meeting)
    with pytest.raises(NotAllowed):  # another cell's member
        await organisation.attendance.check_in(linked["B1"], meeting)
    meeting_end = (await organisation.meetings.get(meeting)).ends_at
    clock.advance(seconds=(meeting_end - clock.now()).total_seconds() + 60)
    with pytest.raises(UserError):
        await organisation.attendance.check_in(linked["A1"], meeting)
    sheet = await organisation.attendance.sheet(linked["A1"], meeting)
    assert [(m.member_code, s) for m, s in sheet.rows] == [("A1", None), ("A2", A)]


async def test_secretary_marks_and_corrects_excused_from_the_answer(
    organisation: Services, linked: dict[str, Identity], clock: FixedClock
) -> None:
    meeting = await _meeting(organisation, datetime(2026, 3, 10, 14, 0))
    a1, a2 = linked["A1"], linked["A2"]
    await organisation.reminders.answer(a2, meeting, False, AbsenceReason.ILL)
    with pytest.raises(UserError) as early:  # the meeting is still ahead
        await organisation.attendance.mark(a1, meeting, a2.member.id, A)
    assert early.value.message.startswith("The meeting has not started yet")
    assert not (await organisation.attendance.sheet(a1, meeting)).started
    clock.advance(days=8)  # 10 March 15:00 in Hanoi: under way
    sheet = await organisation.attendance.mark(a1, meeting, a2.member.id, None)
    assert dict((m.member_code, s) for m, s in sheet.rows)["A2"] is E
    sheet = await organisation.attendance.mark(a1, meeting, a1.member.id, A)
    assert not sheet.figures.meets_bar and sheet.figures.rate == 0.5
    sheet = await organisation.attendance.mark(a1, meeting, a2.member.id, A)  # a correction
    assert sheet.figures.meets_bar and sheet.figures.rate == 1.0
    for someone in (a2, linked["B1"]):
        with pytest.raises(NotAllowed):
            await organisation.attendance.mark(someone, meeting, a2.member.id, U)
    year = await organisation.attendance.member_year(a2, a2.member.id)
    assert (year.meetings, year.attended) == (1, 1)  # counted as soon as it is recorded


async def test_third_consecutive_absence_alerts_the_secretary_once(
    organisation: Services, linked: dict[str, Identity], clock: FixedClock, tmp_path: Path
) -> None:
    a1, a2 = linked["A1"], linked["A2"]
    meetings = [await _meeting(organisation, datetime(2026, 3, 10 + i, 14, 0)) for i in range(4)]
    with pytest.raises(UserError):  # not over yet
        await organisation.attendance.finalise(meetings[0], _render)
    clock.advance(days=20)
    # A1 came each time; A2 answered absent with a reason for the first, then nothing.
    await organisation.attendance.mark(a1, meetings[0], a2.member.id, E)
    queued = []
    for meeting in meetings:
        await organisation.attendance.mark(a1, meeting, a1.member.id, A)
        queued.append(await organisation.attendance.finalise(meeting, _render))
        assert await organisation.attendance.finalise(meeting, _render) == 0  # again: nothing
    assert queued == [0, 1, 2, 1]
    with sqlite3.connect(tmp_path / "butpha.sqlite3") as conn:
        rows = list(
            conn.execute(
                "SELECT idempotency_key, chat_id, text FROM outbox WHERE purpose = 'notice'"
                " ORDER BY id"
            )
        )
    a2_id = a2.member.id
    assert [k for k, _, _ in rows] == [
        f"attendance:unexcused:{meetings[1]}:{a2_id}:{a1.member.id}",
        f"attendance:unexcused:{meetings[2]}:{a2_id}:{a1.member.id}",
        f"attendance:absences_in_a_row:{meetings[2]}:{a2_id}:{a1.member.id}",
        f"attendance:unexcused:{meetings[3]}:{a2_id}:{a1.member.id}",
    ]
    assert {c for _, c, _ in rows} == {"100"}
    year = await organisation.attendance.member_year(a1, a2_id)
    assert (year.meetings, year.attended, year.excused, year.absences_in_a_row) == (4, 0, 1, 4)
