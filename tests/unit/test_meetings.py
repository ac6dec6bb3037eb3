"""Meetings over a real SQLite file: series, materialising, moving and cancelling one
occurrence, who is in scope, and the .ics calendar read back with icalendar."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from bot.domain.errors import NotAllowed
from bot.domain.meetings import Attendees, MeetingKind
from bot.domain.model import Identity, Member
from bot.services.container import Services
from bot.services.meetings.meetings import MeetingRequest

ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
# The clock fixture stands at 2026-03-02 08:00 UTC.


async def _member(services: Services, code: str) -> Member:
    return next(
        e.member for e in await services.organisation.directory() if e.member.member_code == code
    )


async def _identity(services: Services, code: str) -> Identity:
    identity = await services.membership.identity_of((await _member(services, code)).id)
    assert identity is not None
    return identity


def _rows(tmp_path: Path, sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(tmp_path / "butpha.sqlite3") as conn:
        return list(conn.execute(sql))


MONTHLY = MeetingRequest(
    kind=MeetingKind.CELL_MEETING,
    title="Sinh hoạt chi bộ",
    starts=datetime(2026, 3, 5, 14, 0),
    cells=("Phòng Đào tạo",),
    repeat="ngày 5 hằng tháng lúc 14:00",
    place="Phòng 201",
)


async def test_series_materialises_once_in_local_time(
    organisation: Services, tmp_path: Path
) -> None:
    secretary = await _identity(organisation, "A1")
    created = await organisation.meetings.create(secretary, MONTHLY)
    assert created.series_id is not None
    starts = _rows(tmp_path, "SELECT starts_at FROM meetings ORDER BY starts_at")
    # Four months ahead of 2 March: 5 March, April, May, June; 14:00 in Hanoi is 07:00 UTC.
    assert [s[0] for s in starts] == [f"2026-0{m}-05T07:00:00.000000Z" for m in (3, 4, 5, 6)]
    assert await organisation.meetings.materialise() == 0
    until = datetime(2026, 9, 1, tzinfo=UTC)
    assert await organisation.meetings.materialise(until) == 2
    assert await organisation.meetings.materialise(until) == 0
    assert len(_rows(tmp_path, "SELECT id FROM meetings")) == 6
    units = _rows(tmp_path, "SELECT DISTINCT unit_id FROM meeting_units")
    assert len(units) == 1


async def test_move_and_cancel_one_occurrence_leave_the_series(
    organisation: Services, tmp_path: Path
) -> None:
    created = await organisation.meetings.create(None, MONTHLY)
    april, may = created.meeting_ids[1], created.meeting_ids[2]
    moved = await organisation.meetings.move(None, april, datetime(2026, 4, 7, 9, 0))
    assert moved.meeting.starts_at.astimezone(ZONE) == datetime(2026, 4, 7, 9, 0, tzinfo=ZONE)
    assert moved.meeting.sequence == 1
    # The party members of Phòng Đào tạo: An and Bình, not Cường (non-party).
    assert sorted(m.member_code or "" for m in moved.notify) == ["A1", "A2"]
    cancelled = await organisation.meetings.cancel(None, may)
    assert cancelled.meeting.cancelled
    assert await organisation.meetings.materialise(datetime(2026, 9, 1, tzinfo=UTC)) == 2
    rows = _rows(tmp_path, "SELECT status, count(*) FROM meetings GROUP BY status")
    assert dict(rows) == {"scheduled": 5, "cancelled": 1}  # type: ignore[arg-type]
    assert _rows(tmp_path, "SELECT active FROM meeting_series") == [(1,)]


async def test_secretary_only_for_own_cell(organisation: Services) -> None:
    secretary = await _identity(organisation, "B1")  # Liên khoa
    with pytest.raises(NotAllowed):
        await organisation.meetings.create(secretary, MONTHLY)
    member = await _identity(organisation, "A2")
    with pytest.raises(NotAllowed):
        await organisation.meetings.create(
            member, MeetingRequest(MeetingKind.STUDY, "x", datetime(2026, 3, 9, 8), everyone=True)
        )
    committee = await _identity(organisation, "B3")
    created = await organisation.meetings.create(committee, MONTHLY)
    with pytest.raises(NotAllowed):
        await organisation.meetings.cancel(secretary, created.meeting_ids[0])


async def test_upcoming_by_scope_and_attendees(organisation: Services) -> None:
    await organisation.meetings.create(None, MONTHLY)
    study = MeetingRequest(
        kind=MeetingKind.STUDY,
        title="Quán triệt Nghị quyết",
        starts=datetime(2026, 3, 10, 8, 0),
        everyone=True,
        attendees=Attendees.ALL,
    )
    await organisation.meetings.create(None, study)
    titles = {
        code: [m.title for m in await organisation.meetings.upcoming(
            await _member(organisation, code), days=30
        )]
        for code in ("A2", "A3", "B2")
    }  # fmt: skip
    assert titles == {
        "A2": ["Sinh hoạt chi bộ", "Quán triệt Nghị quyết"],
        "A3": ["Quán triệt Nghị quyết"],  # non-party: only the session for everyone
        "B2": ["Quán triệt Nghị quyết"],  # another cell
    }


async def test_calendar_file_parses_with_times_zone_and_stable_uids(
    organisation: Services,
) -> None:
    created = await organisation.meetings.create(None, MONTHLY)
    await organisation.meetings.move(None, created.meeting_ids[1], datetime(2026, 4, 7, 9, 0))
    await organisation.meetings.cancel(None, created.meeting_ids[2])
    member = await _member(organisation, "A2")
    calendar = Calendar.from_ical(await organisation.meetings.calendar(member))
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Asia/Ho_Chi_Minh"]
    events = calendar.walk("VEVENT")
    assert [str(e["UID"]) for e in events] == [f"meeting-{i}@butpha" for i in created.meeting_ids]
    first = events[0]
    assert first["DTSTART"].params["TZID"] == "Asia/Ho_Chi_Minh"
    assert first.decoded("DTSTART") == datetime(2026, 3, 5, 14, 0, tzinfo=ZONE)
    assert first.decoded("DTSTART").astimezone(UTC) == datetime(2026, 3, 5, 7, 0, tzinfo=UTC)
    assert first.decoded("DTEND") == datetime(2026, 3, 5, 16, 0, tzinfo=ZONE)
    assert str(first["LOCATION"]) == "Phòng 201"
    moved, cancelled = events[1], events[2]
    assert moved.decoded("DTSTART") == datetime(2026, 4, 7, 9, 0, tzinfo=ZONE)
    assert int(moved["SEQUENCE"]) == 1
    assert str(cancelled["STATUS"]) == "CANCELLED"
    assert str(first["STATUS"]) == "CONFIRMED"
    # Exported again: the same UIDs, so a phone updates rather than duplicates.
    again = Calendar.from_ical(await organisation.meetings.calendar(member))
    assert [str(e["UID"]) for e in again.walk("VEVENT")] == [str(e["UID"]) for e in events]
