"""Party dues services over a real SQLite file with a clock that moves only when told: the
monthly reminder queued once whatever restarts, out of quiet hours; the alerts once per member
per year; who may record what; the figures the review and the period report read."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.clock import FixedClock
from bot.domain.dues.model import DuesState
from bot.domain.errors import NotAllowed, UserError
from bot.domain.model import Channel, Identity
from bot.services.container import Services
from handlers.dues.jobs import plan_dues_reminders
from storage.database import SqliteDatabase

CODES = {"A1": 101, "A2": 102, "A3": 103, "B1": 201, "B2": 202, "B3": 203}


@pytest.fixture
async def org(organisation: Services) -> Services:
    for code, user in CODES.items():
        [issued] = await organisation.invites.issue_for_command_line(member_code=code)
        await organisation.membership.join(Channel.TELEGRAM, str(user), str(user), issued.code)
    return organisation


async def _who(services: Services, code: str) -> Identity:
    found = await services.membership.identify(Channel.TELEGRAM, str(CODES[code]))
    assert found is not None
    return found


def _at(clock: FixedClock, when: datetime) -> None:
    clock.advance(seconds=(when - clock.now()).total_seconds())


def _rows(tmp_path: Path, like: str) -> list[tuple[str, str, str]]:
    with sqlite3.connect(tmp_path / "butpha.sqlite3") as conn:
        return list(
            conn.execute(
                "SELECT idempotency_key, chat_id, not_before FROM outbox"
                " WHERE idempotency_key LIKE ? ORDER BY idempotency_key",
                (like,),
            )
        )


async def test_the_reminder_goes_to_party_members_once_whatever_restarts(
    org: Services, tmp_path: Path, clock: FixedClock
) -> None:
    _at(clock, datetime(2026, 3, 4, 1, 0, tzinfo=UTC))  # 08:00 on the 4th in Hà Nội
    assert await plan_dues_reminders(org) == 0
    _at(clock, datetime(2026, 3, 5, 1, 0, tzinfo=UTC))
    assert await plan_dues_reminders(org) == 5  # not Lê Văn Cường, non-party staff
    assert {chat for _, chat, _ in _rows(tmp_path, "dues:remind:%")} == {
        "101",
        "102",
        "201",
        "202",
        "203",
    }
    assert await plan_dues_reminders(org) == 0
    reopened = await SqliteDatabase.open(tmp_path / "butpha.sqlite3")
    try:
        again = Services.build(reopened, clock, invite_ttl_days=30, default_language="vi")
        assert await plan_dues_reminders(again) == 0
    finally:
        await reopened.close()


async def test_a_member_who_paid_is_not_reminded_and_quiet_hours_hold(
    org: Services, tmp_path: Path, clock: FixedClock
) -> None:
    binh = await _who(org, "A2")
    await org.dues_recording.claim(binh, 2026, 3)
    _at(clock, datetime(2026, 3, 5, 15, 0, tzinfo=UTC))  # 22:00 in Hà Nội: quiet
    assert await plan_dues_reminders(org) == 4
    rows = _rows(tmp_path, "dues:remind:%")
    assert "102" not in {chat for _, chat, _ in rows}
    # Moved to the end of the quiet hours (06:30 local = 23:30 UTC).
    assert {when[:16] for _, _, when in rows} == {"2026-03-05T23:30"}


async def test_alerts_go_once_to_the_secretary_at_two_and_the_committee_at_three(
    org: Services, tmp_path: Path, clock: FixedClock
) -> None:
    _at(clock, datetime(2026, 5, 10, 1, 0, tzinfo=UTC))  # April is not due before the 11th
    await plan_dues_reminders(org)
    assert _rows(tmp_path, "dues:alert:%") == []
    _at(clock, datetime(2026, 5, 11, 1, 0, tzinfo=UTC))
    await plan_dues_reminders(org)
    secretary = [(k, chat) for k, chat, _ in _rows(tmp_path, "dues:alert:secretary:%")]
    # Nguyễn Văn An hears of Trần Thị Bình; Phạm Thị Dung of Hoàng Văn Em and Võ Thị Giang;
    # nobody hears of themselves.
    assert sorted(chat for _, chat in secretary) == ["101", "201", "201"]
    assert _rows(tmp_path, "dues:alert:committee:%") == []
    _at(clock, datetime(2026, 6, 11, 1, 0, tzinfo=UTC))
    await plan_dues_reminders(org)
    committee = _rows(tmp_path, "dues:alert:committee:%")
    assert {chat for _, chat, _ in committee} == {"203"}  # Võ Thị Giang, the committee
    assert len(committee) == 4  # An, Bình, Dung, Em (not Giang herself)
    _at(clock, datetime(2026, 6, 20, 1, 0, tzinfo=UTC))
    await plan_dues_reminders(org)
    reopened = await SqliteDatabase.open(tmp_path / "butpha.sqlite3")
    try:
        again = Services.build(reopened, clock, invite_ttl_days=30, default_language="vi")
        await plan_dues_reminders(again)
    finally:
        await reopened.close()
    assert len(_rows(tmp_path, "dues:alert:%")) == 7  # each once


async def test_who_may_record_what(org: Services, tmp_path: Path, clock: FixedClock) -> None:
    an, binh, cuong = await _who(org, "A1"), await _who(org, "A2"), await _who(org, "A3")
    dung, giang = await _who(org, "B1"), await _who(org, "B3")
    claimed = await org.dues_recording.claim(binh, 2026, 3)
    assert claimed.state is DuesState.CLAIMED and claimed.changed
    with pytest.raises(NotAllowed):
        await org.dues_recording.claim(cuong, 2026, 3)  # non-party staff
    with pytest.raises(UserError):
        await org.dues_recording.claim(binh, 2026, 4)  # a month to come
    with pytest.raises(NotAllowed):  # another cell's secretary
        await org.dues_recording.confirm(dung, binh.member.id, 2026, 3)
    with pytest.raises(NotAllowed):  # a plain member, for someone else
        await org.dues_recording.confirm(binh, an.member.id, 2026, 3)
    with pytest.raises(UserError):  # an exemption needs its reason
        await org.dues_recording.record(an, binh.member.id, 2026, 2, DuesState.EXEMPT)
    confirmed = await org.dues_recording.confirm(an, binh.member.id, 2026, 3)
    assert confirmed.state is DuesState.PAID
    again = await org.dues_recording.claim(binh, 2026, 3)
    assert again.state is DuesState.PAID and not again.changed  # not turned back into a claim
    await org.dues_recording.record(
        giang, binh.member.id, 2026, 2, DuesState.EXEMPT, reason="  Ốm   dài ngày "
    )
    months = await org.dues.mine(binh)
    assert months.reasons == {2: "Ốm dài ngày"}
    with pytest.raises(NotAllowed):
        await org.dues.cell_grid(binh, dung.member.cell_id)
    with sqlite3.connect(tmp_path / "butpha.sqlite3") as conn:
        [(refused,)] = conn.execute(
            "SELECT count(*) FROM audit_log WHERE event = 'dues_access_refused'"
        ).fetchall()
    assert refused == 4  # the non-party claim, the two records and the grid


async def test_the_review_and_the_report_read_the_years_months(
    org: Services, clock: FixedClock
) -> None:
    an, binh, em = await _who(org, "A1"), await _who(org, "A2"), await _who(org, "B2")
    _at(clock, datetime(2026, 5, 20, 1, 0, tzinfo=UTC))
    await org.dues_recording.record(an, binh.member.id, 2026, 3, DuesState.PAID, in_cash=True)
    await org.dues_recording.record(
        an, binh.member.id, 2026, 4, DuesState.DEFERRED, reason="Đi học nước ngoài"
    )
    await org.dues_recording.claim(em, 2026, 3)
    counts = await org.dues.member_year(binh.member.id, 2026)
    # March paid, April deferred; May not due yet; January and February before the list.
    assert (counts.paid, counts.deferred, counts.unpaid, counts.open, counts.untracked) == (
        1,
        1,
        0,
        8,
        2,
    )
    first_half = await org.dues.period_figures(None, 2026, 1, 6)
    # Five party members; March and April due: 10 member-months, one deferred.
    assert first_half.members == 5
    assert (first_half.paid, first_half.claimed, first_half.deferred) == (1, 1, 1)
    assert first_half.unpaid == 7
    assert first_half.owed == 9
    assert first_half.members_unpaid == 4  # all but Bình
    cell = await org.dues.period_figures(binh.member.cell_id, 2026, 3, 3)
    assert (cell.members, cell.paid, cell.unpaid) == (2, 1, 1)
