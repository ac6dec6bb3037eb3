"""A member's reminder settings over a real SQLite file: what they may type and mute, and what
the meeting reminders and day-before nudges then do for them."""

from __future__ import annotations

import sqlite3
from datetime import datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.clock import FixedClock
from bot.domain.errors import NotAllowed, UserError
from bot.domain.meetings import MeetingKind
from bot.domain.model import Channel, Identity
from bot.domain.preferences import ReminderKind
from bot.services.container import Services
from bot.services.meetings.meetings import MeetingRequest
from bot.services.meetings.preferences import parse_quiet
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
    """An (A1) keeps the defaults; Bình (A2) changes her settings."""
    return {"A1": await _link(organisation, "A1", 100), "A2": await _link(organisation, "A2", 101)}


def _query(tmp_path: Path, sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(tmp_path / "butpha.sqlite3") as conn:
        return list(conn.execute(sql))


async def _meeting(
    services: Services, kind: MeetingKind, starts: datetime, remind: str = "1d"
) -> int:
    created = await services.meetings.create(
        None,
        MeetingRequest(
            kind=kind, title="Họp", starts=starts, cells=("Phòng Đào tạo",), remind=remind
        ),
    )
    return created.meeting_ids[0]


def _due(tmp_path: Path, purpose: str) -> dict[tuple[int, int], list[str]]:
    """(meeting, member) → when each of their rows is due, in UTC."""
    found: dict[tuple[int, int], list[str]] = {}
    for meeting, member, due in _query(
        tmp_path,
        f"SELECT source_id, member_id, not_before FROM outbox WHERE purpose = '{purpose}'"
        " ORDER BY not_before",
    ):
        assert isinstance(meeting, int) and isinstance(member, int) and isinstance(due, str)
        found.setdefault((meeting, member), []).append(due.removesuffix(".000000Z"))
    return found


@pytest.mark.parametrize(
    ("text", "begins", "ends"),
    [
        ("22:00-06:00", time(22, 0), time(6, 0)),
        ("22h-6h", time(22, 0), time(6, 0)),
        ("22:00 - 6:30", time(22, 0), time(6, 30)),
        ("21g30 đến 6g", time(21, 30), time(6, 0)),
        ("13:00–15:00", time(13, 0), time(15, 0)),
        ("tắt", time(0, 0), time(0, 0)),
        ("«Tắt»", time(0, 0), time(0, 0)),
        ("OFF", time(0, 0), time(0, 0)),
        ("23:00-23:00", time(0, 0), time(0, 0)),
    ],
)
def test_hours_as_members_write_them(text: str, begins: time, ends: time) -> None:
    assert parse_quiet(text) == (begins, ends)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("tối", "I did not understand those hours"),
        ("25:00-06:00", "I did not understand those hours"),
        ("22:75-06:00", "I did not understand those hours"),
        ("", "I did not understand those hours"),
        ("06:00-22:00", "at most 12 hours"),  # the two times swapped: quiet all day
    ],
)
def test_unclear_hours_are_refused_with_an_example(text: str, message: str) -> None:
    with pytest.raises(UserError) as refused:
        parse_quiet(text)
    assert message in refused.value.message and "22:00-06:00" in refused.value.message


async def test_set_show_and_reset_quiet_hours(
    organisation: Services, linked: dict[str, Identity], tmp_path: Path
) -> None:
    service = organisation.preferences
    binh = linked["A2"]
    shown = await service.show(binh)
    assert (shown.quiet.begins, shown.quiet.ends, shown.custom_quiet) == (
        time(21, 30),
        time(6, 30),
        False,
    )
    changed = await service.set_quiet(binh, "22h-6h")
    assert (changed.quiet.begins, changed.quiet.ends, changed.custom_quiet) == (
        time(22, 0),
        time(6, 0),
        True,
    )
    assert _query(
        tmp_path, "SELECT member_id, quiet_begins, quiet_ends FROM member_preferences"
    ) == [(binh.member.id, "22:00", "06:00")]
    with pytest.raises(UserError):
        await service.set_quiet(binh, "tối muộn")
    assert (await service.show(binh)).quiet.begins == time(22, 0)  # unchanged
    reset = await service.reset_quiet(binh)
    assert (reset.quiet.begins, reset.quiet.ends, reset.custom_quiet) == (
        time(21, 30),
        time(6, 30),
        False,
    )
    assert _query(tmp_path, "SELECT * FROM member_preferences") == []
    assert not (await service.show(linked["A1"])).custom_quiet


async def test_only_optional_kinds_can_be_muted(
    organisation: Services, linked: dict[str, Identity], tmp_path: Path
) -> None:
    service = organisation.preferences
    binh = linked["A2"]
    muted = await service.toggle_mute(binh, "seminar")
    assert muted.muted == {ReminderKind.SEMINAR} and not muted.wants(ReminderKind.SEMINAR)
    assert (await service.toggle_mute(binh, "seminar")).muted == frozenset()
    await service.toggle_mute(binh, "task_deadline")
    for kind in ("cell_meeting", "thematic_meeting", "study"):
        with pytest.raises(NotAllowed) as refused:
            await service.toggle_mute(binh, kind)
        assert "cannot be muted" in refused.value.message
    with pytest.raises(UserError) as unknown:
        await service.toggle_mute(binh, "everything")
    assert not isinstance(unknown.value, NotAllowed)
    assert _query(tmp_path, "SELECT member_id, kind FROM reminder_mutes") == [
        (binh.member.id, "task_deadline")
    ]


async def test_reminders_follow_each_members_quiet_hours(
    organisation: Services, linked: dict[str, Identity], tmp_path: Path
) -> None:
    an, binh = linked["A1"].member.id, linked["A2"].member.id
    await organisation.preferences.set_quiet(linked["A2"], "20:00-07:00")
    # Both reminders would fall at 20:30 (13:30 UTC) the evening before.
    morning = await _meeting(
        organisation, MeetingKind.CELL_MEETING, datetime(2026, 3, 11, 7, 30), "11h"
    )
    late = await _meeting(
        organisation, MeetingKind.CELL_MEETING, datetime(2026, 3, 10, 22, 30), "2h"
    )
    assert await organisation.reminders.plan(RENDER) == 4
    due = _due(tmp_path, "reminder")
    assert due[(morning, an)] == ["2026-03-10T13:30:00"]  # 20:30 is not quiet by default
    assert due[(morning, binh)] == ["2026-03-11T00:00:00"]  # 07:00, before the 07:30 start
    assert due[(late, an)] == ["2026-03-10T13:30:00"]
    # 07:00 would be after the 22:30 start: moved earlier, to 20:00.
    assert due[(late, binh)] == ["2026-03-10T13:00:00"]


async def test_a_muted_kind_is_not_planned_but_must_attend_ones_are(
    organisation: Services, linked: dict[str, Identity], tmp_path: Path
) -> None:
    an, binh = linked["A1"].member.id, linked["A2"].member.id
    await organisation.preferences.toggle_mute(linked["A2"], "seminar")
    starts = datetime(2026, 3, 10, 14, 0)
    seminar = await _meeting(organisation, MeetingKind.SEMINAR, starts)
    cell = await _meeting(organisation, MeetingKind.CELL_MEETING, starts)
    assert await organisation.reminders.plan(RENDER) == 3
    assert set(_due(tmp_path, "reminder")) == {(seminar, an), (cell, an), (cell, binh)}


async def test_nudges_honour_mutes_and_quiet_hours(
    organisation: Services, linked: dict[str, Identity], tmp_path: Path, clock: FixedClock
) -> None:
    an, binh = linked["A1"].member.id, linked["A2"].member.id
    await organisation.preferences.toggle_mute(linked["A2"], "seminar")
    await organisation.preferences.set_quiet(linked["A2"], "14:00-16:00")
    starts = datetime(2026, 3, 10, 14, 0)
    seminar = await _meeting(organisation, MeetingKind.SEMINAR, starts, "3d")
    cell = await _meeting(organisation, MeetingKind.CELL_MEETING, starts, "3d")
    clock.advance(days=7)  # 9 March 15:00 in Hanoi, an hour past one day before
    assert await organisation.meeting_notices.nudge(RENDER) == 3
    assert _due(tmp_path, "nudge") == {
        (seminar, an): ["2026-03-09T08:00:00"],  # now
        (cell, an): ["2026-03-09T08:00:00"],
        (cell, binh): ["2026-03-09T09:00:00"],  # after her quiet hours, 16:00
    }
