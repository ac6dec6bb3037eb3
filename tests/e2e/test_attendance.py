"""Attendance through the sandbox: the check-in button on a meeting's card and /diemdanh work
only inside the window; the secretary's toggle message marks, cycles and shows the figures."""

from __future__ import annotations

import sqlite3
from datetime import datetime

from bot.domain.meetings import Attendees, MeetingKind, MeetingRequest
from bot.sandbox.models import SentMessage
from handlers.meetings.jobs import finalise_attendance
from tests.e2e.conftest import World, outbox_drained
from tests.e2e.task_steps import now_shown


def _records(world: World, meeting: int) -> list[tuple[str, str, str]]:
    with sqlite3.connect(world.database) as conn:
        return list(
            conn.execute(
                "SELECT m.member_code, a.status, a.source FROM attendance a"
                " JOIN members m ON m.id = a.member_id WHERE a.meeting_id = ?"
                " ORDER BY m.member_code",
                (meeting,),
            )
        )


def _toggles(message: SentMessage) -> list[str]:
    """The names on a sheet's buttons (not its page and back buttons)."""
    return [b.text for b in message.buttons() if (b.callback_data or "").startswith("dd:t:")]


async def _meeting(world: World, day: int) -> int:
    created = await world.services.meetings.create(
        None,
        MeetingRequest(
            kind=MeetingKind.CELL_MEETING,
            title="Sinh hoạt <tháng 3>",
            starts=datetime(world.clock.now().year, 3, day, 10, 0),
            cells=("Phòng Đào tạo",),
            attendees=Attendees.PARTY,
        ),
    )
    [meeting] = created.meeting_ids
    return meeting


async def test_check_in_and_the_secretarys_toggles(world: World) -> None:
    # The clock stands at 2 March 08:00 in Hanoi; the meeting is at 10:00 the same day.
    meeting = await _meeting(world, 2)
    an, binh = await world.join("A1"), await world.join("A2")

    # Too early: the card's button and /diemdanh both say when check-in opens.
    listing = await world.say(binh, "/lich")
    await world.press(binh, listing, 0)
    await world.press(binh, now_shown(world, listing), "✋ Điểm danh")
    answer = world.sandbox.callback_answers[-1]
    assert answer["show_alert"] and "30 phút trước giờ họp" in answer["text"]
    early = await world.say(binh, "/diemdanh")
    assert "Hiện không có cuộc họp nào đang mở điểm danh" in (early.text or "")
    assert _records(world, meeting) == []

    world.clock.advance(hours=1, minutes=35)  # 09:35: inside the window
    open_now = await world.say(binh, "/checkin")
    assert "Sinh hoạt &lt;tháng 3&gt;" not in (open_now.text or "")  # escaped, shown as typed
    assert "Sinh hoạt <tháng 3>" in (open_now.text or "")
    await world.press(binh, open_now, 0)
    assert world.sandbox.callback_answers[-1]["text"] == "Đã điểm danh: Sinh hoạt <tháng 3>"
    assert _records(world, meeting) == [("A2", "attended", "check_in")]

    # Bình is not a secretary: no toggles, and a forged toggle is refused.
    refused = await world.say(binh, f"/diemdanh {meeting}")
    assert "chỉ được điểm danh trong chi bộ mình" in (refused.text or "")
    await world.sandbox.press_callback(binh, open_now.message_id, f"dd:t:{meeting}:1")
    await world.sandbox.wait_until_idle(quiet=0.05)
    assert world.sandbox.callback_answers[-1]["show_alert"]

    # The secretary's sheet: one toggle per party member of the cell, figures on top.
    world.clock.advance(minutes=30)  # 10:05: the meeting has begun
    sheet = await world.say(an, f"/diemdanh {meeting}")
    assert _toggles(sheet) == ["⬜ Nguyễn Văn An", "✅ Trần Thị Bình"]
    assert "✅ Có mặt: 1/2 (50%)" in (sheet.text or "")
    assert "Chưa đạt yêu cầu chất lượng" in (sheet.text or "")
    await world.press(an, sheet, "⬜ Nguyễn Văn An")
    shown = now_shown(world, sheet)
    assert _toggles(shown) == ["✅ Nguyễn Văn An", "✅ Trần Thị Bình"]
    assert "✅ Có mặt: 2/2 (100%)" in (shown.text or "")
    assert "Đạt yêu cầu chất lượng" in (shown.text or "")
    await world.press(an, shown, "✅ Trần Thị Bình")  # cycles to excused
    shown = now_shown(world, sheet)
    assert _toggles(shown) == ["✅ Nguyễn Văn An", "🟡 Trần Thị Bình"]
    assert "🟡 Vắng có phép: 1" in (shown.text or "")

    # After the meeting, re-opening the sheet allows a correction.
    world.clock.advance(hours=3)
    later = await world.say(an, f"/diemdanh {meeting}")
    await world.press(an, later, "🟡 Trần Thị Bình")
    assert _toggles(now_shown(world, later))[1] == "❌ Trần Thị Bình"
    assert _records(world, meeting) == [
        ("A1", "attended", "secretary"),
        ("A2", "unexcused", "secretary"),
    ]


async def test_the_third_absence_in_a_row_alerts_the_secretary_once(world: World) -> None:
    meetings = [await _meeting(world, day) for day in (2, 3, 4, 5)]
    an, binh = await world.join("A1"), await world.join("A2")
    world.clock.advance(days=4)
    for meeting in meetings:  # the secretary came every time; Bình never did
        sheet = await world.say(an, f"/diemdanh {meeting}")
        await world.press(an, sheet, "⬜ Nguyễn Văn An")
    assert await finalise_attendance(world.services) == 5  # four unexcused, one in a row
    assert await finalise_attendance(world.services) == 0  # already finalised
    await outbox_drained(world)
    alerts = [m.text or "" for m in world.sandbox.messages(an.id) if "⚠️" in (m.text or "")]
    assert len(alerts) == 5
    [in_a_row] = [a for a in alerts if "vắng 3 lần liên tiếp" in a]
    year = world.clock.now().year
    assert in_a_row.startswith(
        "⚠️ Đồng chí Trần Thị Bình đã vắng 3 lần liên tiếp (gần nhất: Sinh hoạt <tháng 3>, "
    )
    assert in_a_row.endswith(f"04/03/{year} 10:00).")  # the third meeting
    assert sum("vắng không phép" in a for a in alerts) == 4
    assert not [m for m in world.sandbox.messages(binh.id) if "⚠️" in (m.text or "")]
    assert _records(world, meetings[3]) == [
        ("A1", "attended", "secretary"),
        ("A2", "unexcused", "finalise"),
    ]
