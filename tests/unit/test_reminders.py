"""Meeting reminders over a real SQLite file with a clock that moves only when told: who is
reminded, when (quiet hours both ways), idempotent planning, answers and snoozes."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.clock import FixedClock
from bot.domain.errors import NotAllowed, NotFound
from bot.domain.meetings import Attendees, MeetingKind
from bot.domain.model import Channel, Identity
from bot.domain.rsvps import AbsenceReason
from bot.services.container import Services
from bot.services.meetings.meetings import MeetingRequest
from handlers.meetings.meeting_reminder import renderer

ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
RENDER = renderer(ZONE, "vi")
# The clock fixture stands at 2026-03-02 08:00 UTC, 15:00 in Hanoi.


async def _link(services: Services, code: str, user: int) -> Identity:
    [issued] = await services.invites.issue_for_command_line(member_code=code)
    outcome = await services.membership.join(Channel.TELEGRAM, str(user), str(user), issued.code)
    assert outcome.identity is not None
    return outcome.identity


@pytest.fixture
async def linked(organisation: Services) -> dict[str, Identity]:
    """A1, A2, A3 (non-party) of Phòng Đào tạo and B1 of Liên khoa can be reached; B2 cannot."""
    codes = {"A1": 100, "A2": 101, "A3": 102, "B1": 103}
    return {code: await _link(organisation, code, user) for code, user in codes.items()}


def _rows(tmp_path: Path) -> list[tuple[str, str, str, str, str]]:
    with sqlite3.connect(tmp_path / "butpha.sqlite3") as conn:
        return list(
            conn.execute(
                "SELECT idempotency_key, not_before, status, chat_id, coalesce(expires_at, '')"
                " FROM outbox WHERE purpose = 'reminder' ORDER BY idempotency_key"
            )
        )


async def _meeting(
    services: Services,
    starts: datetime,
    remind: str = "1d,2h",
    attendees: Attendees = Attendees.PARTY,
    everyone: bool = False,
) -> int:
    created = await services.meetings.create(
        None,
        MeetingRequest(
            kind=MeetingKind.STUDY if everyone else MeetingKind.CELL_MEETING,
            title="Sinh hoạt <tháng 3>",
            starts=starts,
            cells=() if everyone else ("Phòng Đào tạo",),
            everyone=everyone,
            attendees=attendees,
            remind=remind,
            place="Phòng 201",
            agenda="Kiểm điểm",
        ),
    )
    return created.meeting_ids[0]


def _utc(text: str) -> str:
    return f"{text}.000000Z"


async def test_party_members_of_the_cell_at_the_right_times_once(
    organisation: Services, linked: dict[str, Identity], tmp_path: Path
) -> None:
    meeting = await _meeting(organisation, datetime(2026, 3, 10, 14, 0))
    assert await organisation.reminders.plan(RENDER) == 4
    assert await organisation.reminders.plan(RENDER) == 0  # idempotent
    rows = _rows(tmp_path)
    a1, a2 = linked["A1"].member.id, linked["A2"].member.id
    # 1 day before is 9 March 14:00 in Hanoi (07:00 UTC), 2 hours before is 12:00 (05:00 UTC);
    # Cường is not a party member, Dung is in another cell.
    assert [(k, nb, s, c) for k, nb, s, c, _ in rows] == [
        (f"reminder:{meeting}:0:{a1}:120", _utc("2026-03-10T05:00:00"), "pending", "100"),
        (f"reminder:{meeting}:0:{a1}:1440", _utc("2026-03-09T07:00:00"), "pending", "100"),
        (f"reminder:{meeting}:0:{a2}:120", _utc("2026-03-10T05:00:00"), "pending", "101"),
        (f"reminder:{meeting}:0:{a2}:1440", _utc("2026-03-09T07:00:00"), "pending", "101"),
    ]
    assert {e for *_, e in rows} == {_utc("2026-03-10T07:00:00")}  # never sent after the start


async def test_everyone_includes_non_party_staff_of_every_cell(
    organisation: Services, linked: dict[str, Identity], tmp_path: Path
) -> None:
    await _meeting(organisation, datetime(2026, 3, 10, 14, 0), "1d", Attendees.ALL, everyone=True)
    assert await organisation.reminders.plan(RENDER) == 4
    assert sorted(c for _, _, _, c, _ in _rows(tmp_path)) == ["100", "101", "102", "103"]


@pytest.mark.parametrize(
    ("starts", "remind", "expected"),
    [
        # 05:00 is quiet: moved to 06:30, still before the 07:00 start.
        (datetime(2026, 3, 10, 7, 0), "2h", "2026-03-09T23:30:00"),
        # 05:30 is quiet, but 06:30 is the start itself: moved earlier, to 21:30 the day before.
        (datetime(2026, 3, 10, 6, 30), "1h", "2026-03-09T14:30:00"),
        # 23:00 is quiet: moved to 06:30 the next morning, before the 08:00 start.
        (datetime(2026, 3, 10, 8, 0), "9h", "2026-03-09T23:30:00"),
        # 21:00 is not quiet.
        (datetime(2026, 3, 10, 22, 0), "1h", "2026-03-10T14:00:00"),
    ],
)
async def test_quiet_hours_move_reminders_both_ways(
    organisation: Services,
    linked: dict[str, Identity],
    tmp_path: Path,
    starts: datetime,
    remind: str,
    expected: str,
) -> None:
    await _meeting(organisation, starts, remind)
    await organisation.reminders.plan(RENDER)
    assert {nb for _, nb, _, _, _ in _rows(tmp_path)} == {_utc(expected)}


async def test_passed_offsets_are_due_now_once_and_nothing_after_the_start(
    organisation: Services, linked: dict[str, Identity], tmp_path: Path, clock: FixedClock
) -> None:
    # Tomorrow 14:00: 3 days and 1 day before have passed (1 day before was an hour ago).
    meeting = await _meeting(organisation, datetime(2026, 3, 3, 14, 0), "3d,1d,2h")
    assert await organisation.reminders.plan(RENDER) == 4
    a1 = linked["A1"].member.id
    mine = [(k, nb) for k, nb, *_ in _rows(tmp_path) if k.startswith(f"reminder:{meeting}:0:{a1}:")]
    assert mine == [
        (f"reminder:{meeting}:0:{a1}:120", _utc("2026-03-03T05:00:00")),
        (f"reminder:{meeting}:0:{a1}:1440", _utc("2026-03-02T08:00:00")),  # now
    ]
    clock.advance(days=2)
    assert await organisation.reminders.plan(RENDER) == 0


async def test_an_answer_stops_the_nudges_and_forged_ids_are_refused(
    organisation: Services, linked: dict[str, Identity], tmp_path: Path
) -> None:
    meeting = await _meeting(organisation, datetime(2026, 3, 10, 14, 0))
    await organisation.reminders.plan(RENDER)
    answered = await organisation.reminders.answer(
        linked["A2"], meeting, False, AbsenceReason.OTHER, "  Đi họp ở Sở  "
    )
    assert answered.stopped == 2
    a2 = linked["A2"].member.id
    statuses = {k: s for k, _, s, _, _ in _rows(tmp_path)}
    assert {k: s for k, s in statuses.items() if f":{a2}:" in k} == {
        f"reminder:{meeting}:0:{a2}:120": "skipped",
        f"reminder:{meeting}:0:{a2}:1440": "skipped",
    }
    assert sorted(statuses.values()).count("pending") == 2  # An's
    with sqlite3.connect(tmp_path / "butpha.sqlite3") as conn:
        assert list(
            conn.execute("SELECT member_id, answer, reason_kind, reason_text FROM rsvps")
        ) == [(a2, "absent", "khac", "Đi họp ở Sở")]
    assert await organisation.reminders.plan(RENDER) == 0  # nobody who answered is bothered
    with pytest.raises(NotAllowed):
        await organisation.reminders.answer(linked["B1"], meeting, True)
    with pytest.raises(NotFound):
        await organisation.reminders.answer(linked["A1"], meeting + 99, True)


async def test_snooze_adds_one_reminder_before_the_start_only(
    organisation: Services, linked: dict[str, Identity], tmp_path: Path, clock: FixedClock
) -> None:
    meeting = await _meeting(organisation, datetime(2026, 3, 2, 18, 0), "15m")
    an = linked["A1"]
    later = clock.now() + timedelta(hours=1)
    assert (await organisation.reminders.snooze(an, meeting, later, RENDER))[1] == later
    assert (await organisation.reminders.snooze(an, meeting, later, RENDER))[1] == later
    snoozed = [(k, nb) for k, nb, *_ in _rows(tmp_path) if "snooze" in k]
    assert snoozed == [
        (f"reminder:{meeting}:0:{an.member.id}:snooze:20260302T0900", _utc("2026-03-02T09:00:00"))
    ]
    too_late = datetime(2026, 3, 2, 11, 30, tzinfo=UTC)  # 18:30 in Hanoi, after the start
    assert (await organisation.reminders.snooze(an, meeting, too_late, RENDER))[1] is None
