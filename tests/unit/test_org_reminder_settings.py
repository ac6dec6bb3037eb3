"""The organisation's own reminder defaults and quiet hours (BUTPHA_REMINDERS,
BUTPHA_QUIET_HOURS): read from the environment, refused with the variable named when
unreadable, and used for the meetings and reminders that follow."""

from __future__ import annotations

import sqlite3
from datetime import datetime, time, timedelta
from pathlib import Path

import pytest

from bot.clock import FixedClock
from bot.domain.errors import UserError
from bot.domain.meetings import DEFAULT_REMINDERS, MeetingKind, parse_defaults
from bot.domain.model import Channel
from bot.domain.quiet_hours import QuietHours, parse_window
from bot.services.container import Services
from bot.services.meetings.meetings import MeetingRequest
from bot.settings import SettingsError, load_settings
from handlers.meetings.meeting_reminder import renderer
from storage.database import SqliteDatabase
from tests.conftest import MEMBERS, write_csv


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import os

    for name in list(os.environ):
        if name.startswith("BUTPHA_"):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)


def test_windows_as_people_write_them() -> None:
    assert parse_window("22:00-06:00") == QuietHours(time(22), time(6))
    assert parse_window("22h-6h30") == QuietHours(time(22), time(6, 30))
    assert parse_window(" 21.30 – 6.30 ") == QuietHours(time(21, 30), time(6, 30))
    assert parse_window("0:00-0:00") == QuietHours(time(0), time(0))
    for bad in ("", "22", "25:00-06:00", "22:75-06:00", "tonight"):
        assert parse_window(bad) is None, bad


def test_reminder_defaults_replace_only_the_kinds_named() -> None:
    defaults = parse_defaults("cell_meeting=7d,1d; seminar = 2h")
    assert defaults[MeetingKind.CELL_MEETING] == (timedelta(days=7), timedelta(days=1))
    assert defaults[MeetingKind.SEMINAR] == (timedelta(hours=2),)
    assert defaults[MeetingKind.STUDY] == DEFAULT_REMINDERS[MeetingKind.STUDY]
    assert parse_defaults("") == DEFAULT_REMINDERS
    for bad in ("party=1d", "cell_meeting", "cell_meeting=soon"):
        with pytest.raises(UserError):
            parse_defaults(bad)


def test_settings_name_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BUTPHA_QUIET_HOURS", "late")
    monkeypatch.setenv("BUTPHA_REMINDERS", "cell_meeting=soon")
    with pytest.raises(SettingsError) as caught:
        load_settings()
    assert {(p.variable, p.code) for p in caught.value.problems} == {
        ("BUTPHA_QUIET_HOURS", "bad_quiet_hours"),
        ("BUTPHA_REMINDERS", "bad_reminders"),
    }
    monkeypatch.setenv("BUTPHA_QUIET_HOURS", "22:00-05:00")
    monkeypatch.setenv("BUTPHA_REMINDERS", "study=5d")
    settings = load_settings()
    assert settings.quiet == QuietHours(time(22), time(5))
    assert settings.reminder_defaults[MeetingKind.STUDY] == (timedelta(days=5),)


async def test_new_meetings_and_reminders_follow_the_organisation(tmp_path: Path) -> None:
    clock = FixedClock(datetime.fromisoformat("2026-03-02T08:00:00+00:00"))
    async with await SqliteDatabase.open(tmp_path / "org.sqlite3") as db:
        services = Services.build(
            db,
            clock,
            invite_ttl_days=30,
            default_language="vi",
            quiet=QuietHours(time(20), time(7)),
            reminder_defaults=parse_defaults("cell_meeting=13h"),
        )
        await services.organisation.init("Đảng bộ Trường Chính trị")
        await services.member_import.import_file(write_csv(tmp_path / "members.csv", MEMBERS))
        [issued] = await services.invites.issue_for_command_line(member_code="A2")
        await services.membership.join(Channel.TELEGRAM, "201", "201", issued.code)
        # 13 hours before 09:00 on 4 March is 20:00 on the 3rd, inside 20:00–07:00: moved to
        # 07:00 on the 4th, still before the start.
        created = await services.meetings.create(
            None,
            MeetingRequest(
                kind=MeetingKind.CELL_MEETING,
                title="Sinh hoạt chi bộ",
                starts=datetime(2026, 3, 4, 9, 0),
                cells=("Phòng Đào tạo",),
            ),
        )
        [meeting_id] = created.meeting_ids
        assert (await services.meetings.get(meeting_id)).remind == (timedelta(hours=13),)
        assert await services.reminders.plan(renderer(services.zone, "vi")) == 1
    with sqlite3.connect(tmp_path / "org.sqlite3") as conn:
        [(due,)] = conn.execute("SELECT not_before FROM outbox WHERE purpose = 'reminder'")
    assert datetime.fromisoformat(due).astimezone(services.zone).strftime("%d/%m %H:%M") == (
        "04/03 07:00"
    )


async def test_members_without_their_own_hours_see_the_organisations(tmp_path: Path) -> None:
    clock = FixedClock(datetime.fromisoformat("2026-03-02T08:00:00+00:00"))
    async with await SqliteDatabase.open(tmp_path / "org.sqlite3") as db:
        services = Services.build(
            db,
            clock,
            invite_ttl_days=30,
            default_language="vi",
            quiet=QuietHours(time(22), time(5)),
        )
        await services.organisation.init("Đảng bộ Trường Chính trị")
        await services.member_import.import_file(write_csv(tmp_path / "members.csv", MEMBERS))
        [issued] = await services.invites.issue_for_command_line(member_code="A2")
        joined = await services.membership.join(Channel.TELEGRAM, "201", "201", issued.code)
        assert joined.identity is not None
        shown = await services.preferences.show(joined.identity)
        assert (shown.quiet, shown.custom_quiet) == (QuietHours(time(22), time(5)), False)
        mine = await services.preferences.set_quiet(joined.identity, "21g đến 6g")
        assert (mine.quiet, mine.custom_quiet) == (QuietHours(time(21), time(6)), True)
        back = await services.preferences.reset_quiet(joined.identity)
        assert back.quiet == QuietHours(time(22), time(5))
