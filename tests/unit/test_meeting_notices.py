"""The day before a meeting, over a real SQLite file with a clock that moves only when told:
one nudge to those who have not answered, the secretaries' digests, cancelling and moving."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.clock import FixedClock
from bot.domain.meetings import Attendees, MeetingKind
from bot.domain.model import Channel, Identity
from bot.domain.rsvps import AbsenceReason
from bot.services.container import Services
from bot.services.meetings.meetings import MeetingRequest
from handlers.meetings.meeting_notice_text import cancel_renderer, digest_renderer
from handlers.meetings.meeting_reminder import renderer
from tests.conftest import MEMBERS, write_csv

ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
RENDER = renderer(ZONE, "vi")
DIGEST = digest_renderer(ZONE, "vi")
CANCEL = cancel_renderer(ZONE, "vi")
# The meetings start 10 March 14:00 in Hanoi (07:00 UTC); one day before is 9 March 07:00 UTC.
DAY_BEFORE = datetime(2026, 3, 9, 7, 0, tzinfo=UTC)


async def _link(services: Services, code: str, user: int) -> Identity:
    [issued] = await services.invites.issue_for_command_line(member_code=code)
    outcome = await services.membership.join(Channel.TELEGRAM, str(user), str(user), issued.code)
    assert outcome.identity is not None
    return outcome.identity


@pytest.fixture
async def linked(organisation: Services) -> dict[str, Identity]:
    """Everyone but Cường (A3) and Em (B2) can be reached."""
    codes = {"A1": 100, "A2": 101, "B1": 103, "B3": 105}
    return {code: await _link(organisation, code, user) for code, user in codes.items()}


async def _meeting(services: Services, everyone: bool = False) -> int:
    created = await services.meetings.create(
        None,
        MeetingRequest(
            kind=MeetingKind.STUDY if everyone else MeetingKind.CELL_MEETING,
            title="Sinh hoạt <tháng 3>",
            starts=datetime(2026, 3, 10, 14, 0),
            cells=() if everyone else ("Phòng Đào tạo",),
            everyone=everyone,
            attendees=Attendees.ALL if everyone else Attendees.PARTY,
            remind="3d,2h",
        ),
    )
    return created.meeting_ids[0]


def _rows(tmp_path: Path, purpose: str) -> list[tuple[str, str, int, str, str | None]]:
    with sqlite3.connect(tmp_path / "butpha.sqlite3") as conn:
        return list(
            conn.execute(
                "SELECT idempotency_key, status, member_id, text, keyboard FROM outbox"
                " WHERE purpose = ? ORDER BY idempotency_key",
                (purpose,),
            )
        )


def _mark_sent(tmp_path: Path, purpose: str) -> None:
    with sqlite3.connect(tmp_path / "butpha.sqlite3") as conn:
        conn.execute("UPDATE outbox SET status = 'sent' WHERE purpose = ?", (purpose,))


async def test_one_nudge_the_day_before_to_those_without_an_answer(
    organisation: Services, linked: dict[str, Identity], tmp_path: Path, clock: FixedClock
) -> None:
    meeting = await _meeting(organisation)
    await organisation.reminders.answer(linked["A2"], meeting, True)
    notices = organisation.meeting_notices
    assert await notices.nudge(RENDER) == 0  # a week early
    clock.advance(days=7)  # 9 March 08:00 UTC, an hour past one day before
    assert clock.now() > DAY_BEFORE
    assert await notices.nudge(RENDER) == 1
    assert await notices.nudge(RENDER) == 0  # once
    a1 = linked["A1"].member.id
    [(key, status, member, text, keyboard)] = _rows(tmp_path, "nudge")
    assert (key, status, member) == (f"nudge:meeting:{meeting}:{a1}", "pending", a1)
    assert "Nhắc lịch: Sinh hoạt &lt;tháng 3&gt;" in text
    assert keyboard is not None and f"rv:a:{meeting}" in json.dumps(json.loads(keyboard))
    # An answer stops the nudge still waiting in the outbox.
    answered = await organisation.reminders.answer(linked["A1"], meeting, True)
    assert answered.stopped >= 1
    assert [s for _, s, *_ in _rows(tmp_path, "nudge")] == ["skipped"]


async def test_no_nudge_when_a_reminder_already_comes_a_day_before_or_at_short_notice(
    organisation: Services, linked: dict[str, Identity], tmp_path: Path, clock: FixedClock
) -> None:
    # The default reminders (3 days, 1 day, 2 hours) include the day-before one.
    await organisation.meetings.create(
        None,
        MeetingRequest(
            kind=MeetingKind.CELL_MEETING,
            title="Mặc định",
            starts=datetime(2026, 3, 10, 14, 0),
            cells=("Phòng Đào tạo",),
        ),
    )
    clock.advance(days=7, hours=1)  # 9 March 09:00 UTC, a day before the start
    assert await organisation.meeting_notices.nudge(RENDER) == 0
    # Arranged this morning for tomorrow with a 2-hour reminder: that reminder is the notice.
    await organisation.meetings.create(
        None,
        MeetingRequest(
            kind=MeetingKind.CELL_MEETING,
            title="Đột xuất",
            starts=datetime(2026, 3, 10, 8, 0),
            cells=("Phòng Đào tạo",),
            remind="2h",
        ),
    )
    clock.advance(hours=1)
    assert await organisation.meeting_notices.nudge(RENDER) == 0
    assert _rows(tmp_path, "nudge") == []


async def test_the_secretaries_digest_the_day_before(
    organisation: Services, linked: dict[str, Identity], tmp_path: Path, clock: FixedClock
) -> None:
    meeting = await _meeting(organisation, everyone=True)
    await organisation.reminders.answer(linked["A2"], meeting, False, AbsenceReason.ILL, "Sốt")
    await organisation.reminders.answer(linked["B1"], meeting, True)
    notices = organisation.meeting_notices
    assert await notices.digests(DIGEST) == 0
    clock.advance(days=7)
    assert await notices.digests(DIGEST) == 2
    assert await notices.digests(DIGEST) == 0
    rows = {key: text for key, _, _, text, _ in _rows(tmp_path, "digest")}
    a1, b1 = linked["A1"].member.id, linked["B1"].member.id
    assert set(rows) == {f"meeting-digest:{meeting}:{a1}", f"meeting-digest:{meeting}:{b1}"}
    assert rows[f"meeting-digest:{meeting}:{a1}"].split("\n")[2:] == [
        "✅ Tham dự (0):",
        "❌ Vắng có lý do (1):",
        "• Trần Thị Bình — Ốm: Sốt",
        "❔ Chưa trả lời (1):",
        "• Nguyễn Văn An",
        "📵 Chưa dùng bot (1):",
        "• Lê Văn Cường",
    ]
    assert rows[f"meeting-digest:{meeting}:{b1}"].split("\n")[2:] == [
        "✅ Tham dự (1):",
        "• Phạm Thị Dung",
        "❌ Vắng có lý do (0):",
        "❔ Chưa trả lời (1):",
        "• Võ Thị Giang",
        "📵 Chưa dùng bot (1):",
        "• Hoàng Văn Em",
    ]


async def test_the_digest_lists_people_in_vietnamese_order(
    organisation: Services, linked: dict[str, Identity], tmp_path: Path, clock: FixedClock
) -> None:
    # By given name, then the whole name: "Hà" before "Huỳnh", "Đỗ" before "Lê", "Ngô" before
    # "Nguyễn" (code-point order gives the reverse of each, and "Đỗ" last of all).
    names = ["Nguyễn Thị Lan", "Lê Văn Dũng", "Huỳnh Văn Ánh", "Ngô Thị Lan", "Đỗ Văn Dũng", "Hà Văn Ánh"]  # fmt: skip
    extra = [[n, "Phòng Đào tạo", "Đảng viên chính thức", "", f"X{i}"] for i, n in enumerate(names)]
    await organisation.member_import.import_file(write_csv(tmp_path / "more.csv", [*MEMBERS, *extra]))  # fmt: skip
    meeting = await _meeting(organisation)
    clock.advance(days=7)
    assert await organisation.meeting_notices.digests(DIGEST) == 1
    [(_, _, _, text, _)] = _rows(tmp_path, "digest")
    lines = text.split("\n")
    assert lines[lines.index("📵 Chưa dùng bot (6):") + 1 :] == [
        "• Hà Văn Ánh",
        "• Huỳnh Văn Ánh",
        "• Đỗ Văn Dũng",
        "• Lê Văn Dũng",
        "• Ngô Thị Lan",
        "• Nguyễn Thị Lan",
    ]
    assert meeting > 0


async def test_cancelling_tells_only_those_reminded_and_stops_the_rest(
    organisation: Services, linked: dict[str, Identity], tmp_path: Path, clock: FixedClock
) -> None:
    meeting = await _meeting(organisation)
    await organisation.reminders.plan(RENDER)
    a1, a2 = linked["A1"].member.id, linked["A2"].member.id
    # An has had his 3-day reminder; Bình's is still waiting (as if she had been unreachable).
    with sqlite3.connect(tmp_path / "butpha.sqlite3") as conn:
        conn.execute(
            "UPDATE outbox SET status = 'sent' WHERE idempotency_key = ?",
            (f"reminder:{meeting}:0:{a1}:4320",),
        )
    clock.advance(days=5)
    changed = await organisation.meetings.cancel(None, meeting, CANCEL)
    assert changed.meeting.cancelled
    [(key, _, member, text, _)] = _rows(tmp_path, "notice")
    assert (key, member) == (f"meeting-cancelled:{meeting}:{a1}", a1)
    assert text.startswith("🚫 <b>Đã hủy: Sinh hoạt &lt;tháng 3&gt;</b>")
    statuses = {k: s for k, s, *_ in _rows(tmp_path, "reminder")}
    assert statuses[f"reminder:{meeting}:0:{a2}:4320"] == "skipped"
    assert statuses[f"reminder:{meeting}:0:{a1}:120"] == "skipped"
    assert await organisation.meeting_notices.nudge(RENDER) == 0


async def test_moving_plans_the_reminders_again_at_the_new_time(
    organisation: Services, linked: dict[str, Identity], tmp_path: Path
) -> None:
    meeting = await _meeting(organisation)
    assert await organisation.reminders.plan(RENDER) == 4
    moved = await organisation.meetings.move(None, meeting, datetime(2026, 3, 12, 9, 0))
    assert moved.meeting.sequence == 1
    assert await organisation.reminders.plan(RENDER) == 4
    a1 = linked["A1"].member.id
    with sqlite3.connect(tmp_path / "butpha.sqlite3") as conn:
        mine = list(
            conn.execute(
                "SELECT idempotency_key, status, not_before FROM outbox WHERE member_id = ?"
                " ORDER BY idempotency_key",
                (a1,),
            )
        )
    assert mine == [
        (f"reminder:{meeting}:0:{a1}:120", "skipped", "2026-03-10T05:00:00.000000Z"),
        (f"reminder:{meeting}:0:{a1}:4320", "skipped", "2026-03-07T07:00:00.000000Z"),
        # 12 March 09:00 in Hanoi is 02:00 UTC.
        (f"reminder:{meeting}:1:{a1}:120", "pending", "2026-03-12T00:00:00.000000Z"),
        (f"reminder:{meeting}:1:{a1}:4320", "pending", "2026-03-09T02:00:00.000000Z"),
    ]
    # An answer after the move stops the new reminders.
    answered = await organisation.reminders.answer(linked["A1"], meeting, True)
    assert answered.stopped == 2


async def test_the_export_has_meetings_and_answers(
    organisation: Services, linked: dict[str, Identity], tmp_path: Path
) -> None:
    meeting = await _meeting(organisation)
    await organisation.reminders.answer(linked["A2"], meeting, False, AbsenceReason.ILL, "Sốt")
    tables = await organisation.export.tables()
    [row] = tables["meetings"]
    assert (row["id"], row["kind"], row["units"], row["status"], row["remind"]) == (
        meeting,
        "cell_meeting",
        "Phòng Đào tạo",
        "scheduled",
        "120m,4320m",
    )
    # In the organisation's time, with its offset.
    assert row["starts_at"] == "2026-03-10T14:00:00+07:00"
    assert tables["rsvps"] == [
        {
            "meeting_id": meeting,
            "member_id": linked["A2"].member.id,
            "member_name": "Trần Thị Bình",
            "answer": "absent",
            "reason_kind": "om",
            "reason_text": "Sốt",
            "answered_at": "2026-03-02T15:00:00+07:00",
        }
    ]
    counts = await organisation.export.write(tmp_path / "export.xlsx")
    assert (counts["meetings"], counts["rsvps"]) == (1, 1)
    # Attendance goes with them where its table exists, and is left out where it does not.
    with sqlite3.connect(tmp_path / "butpha.sqlite3") as conn:
        exists = conn.execute(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'attendance'"
        ).fetchone() == (1,)
        assert ("attendance" in tables) is exists
        conn.execute("DROP TABLE IF EXISTS attendance")
    assert "attendance" not in await organisation.export.tables()
