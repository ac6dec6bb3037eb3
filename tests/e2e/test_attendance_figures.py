"""Attendance figures users see, through the sandbox: a meeting's figures and quality-bar
verdict on the secretary's /diemdanh, the year's /chuyencan (a member's own line, a cell's
table with ⚠️ at 3 absences in a row, refusals of another cell), and the committee's /tiendo
with study participation of party members and non-party staff counted apart."""

from __future__ import annotations

import sqlite3
from datetime import datetime

from bot.domain.attendance import Status
from bot.domain.meetings import Attendees, MeetingKind, MeetingRequest
from bot.domain.model import Channel, Identity
from bot.domain.rsvps import AbsenceReason
from bot.sandbox.models import SandboxUser, SentMessage
from tests.e2e.conftest import World, eventually
from tests.e2e.task_steps import now_shown


async def _identity(world: World, user: SandboxUser) -> Identity:
    found = await world.services.membership.identify(Channel.TELEGRAM, str(user.id))
    assert found is not None
    return found


async def _press(world: World, user: SandboxUser, message: SentMessage, button: str) -> str:
    """Press and wait for the message to change: the handler's database work may outlast the
    sandbox's quiet period on a busy machine."""
    before = now_shown(world, message).text
    await world.press(user, message, button)
    await eventually(lambda: now_shown(world, message).text != before)
    return now_shown(world, message).text or ""


async def _member_ids(world: World) -> dict[str, int]:
    with sqlite3.connect(world.database) as conn:
        return dict(conn.execute("SELECT member_code, id FROM members"))


async def _meeting(
    world: World,
    day: int,
    *,
    kind: MeetingKind = MeetingKind.CELL_MEETING,
    attendees: Attendees = Attendees.PARTY,
    everyone: bool = False,
) -> int:
    created = await world.services.meetings.create(
        None,
        MeetingRequest(
            kind=kind,
            title=f"Buổi {day}/3",
            starts=datetime(world.clock.now().year, 3, day, 10, 0),
            cells=() if everyone else ("Phòng Đào tạo",),
            everyone=everyone,
            attendees=attendees,
        ),
    )
    [meeting] = created.meeting_ids
    return meeting


async def test_a_meetings_figures_and_the_quality_bar_verdict(world: World) -> None:
    meeting = await _meeting(world, 2, attendees=Attendees.ALL)  # An, Bình and Cường
    an, binh = await world.join("A1"), await world.join("A2")
    await world.services.reminders.answer(
        await _identity(world, binh), meeting, False, AbsenceReason.ILL
    )
    world.clock.advance(hours=2, minutes=5)  # 10:05 in Hanoi: the meeting has begun

    sheet = await world.say(an, f"/diemdanh {meeting}")
    text = sheet.text or ""
    assert "✅ Có mặt: 0/3 (0%)" in text
    assert "⬜ Chưa điểm danh: 3\n    Nguyễn Văn An, Trần Thị Bình, Lê Văn Cường" in text
    assert "Chưa đạt yêu cầu chất lượng: có mặt 0%, cần trên 85%; 3 đồng chí chưa điểm danh." in (
        text
    )

    await _press(world, an, sheet, "⬜ Nguyễn Văn An")
    await _press(world, an, sheet, "⬜ Lê Văn Cường")
    await _press(world, an, sheet, "⬜ Trần Thị Bình")  # attended
    text = await _press(world, an, sheet, "✅ Trần Thị Bình")  # excused: she said she is ill
    assert "✅ Có mặt: 2/3 (66,67%)\n    Nguyễn Văn An, Lê Văn Cường" in text
    assert "🟡 Vắng có phép: 1\n    Trần Thị Bình (ốm)" in text
    assert "Chưa đạt yêu cầu chất lượng: có mặt 66,67%, cần trên 85%." in text

    text = await _press(world, an, sheet, "🟡 Trần Thị Bình")  # unexcused
    assert "❌ Vắng không phép: 1\n    Trần Thị Bình" in text
    assert "cần trên 85%; 1 đồng chí vắng không phép." in text

    text = await _press(world, an, sheet, "❌ Trần Thị Bình")  # attended after all
    assert "✅ Có mặt: 3/3 (100%)" in text
    assert "Đạt yêu cầu chất lượng (trên 85% có mặt, không có ai vắng không phép)." in text


async def test_chuyencan_flags_three_absences_in_a_row_and_members_see_only_their_own(
    world: World,
) -> None:
    meetings = [await _meeting(world, day) for day in (2, 3, 4)]
    an, binh, dung = await world.join("A1"), await world.join("A2"), await world.join("B1")
    secretary = await _identity(world, an)
    world.clock.advance(days=3, hours=6)  # after the third meeting
    for meeting in meetings:  # the secretary came every time; Bình never did, without leave
        await world.services.attendance.mark(
            secretary, meeting, secretary.member.id, Status.ATTENDED
        )
        await world.services.attendance.mark(
            secretary, meeting, (await _member_ids(world))["A2"], None
        )

    table = (await world.say(an, "/chuyencan")).text or ""
    year = world.clock.now().year
    assert f"<b>Chuyên cần năm {year} — Chi bộ Phòng Đào tạo</b>" not in table  # sent as HTML
    assert f"Chuyên cần năm {year} — Chi bộ Phòng Đào tạo" in table
    assert "⚠️ Cần chú ý: 1/3 đồng chí" in table
    lines = table.split("\n")
    first = lines.index("⚠️ Trần Thị Bình: dự 0/3 (0%) · vắng liên tiếp 3 · 0 tháng chưa dự")
    assert lines[first + 1 :] == [
        "Nguyễn Văn An: dự 3/3 (100%) · vắng liên tiếp 0 · 0 tháng chưa dự",
        "Lê Văn Cường: năm nay chưa có buổi nào được điểm danh",
    ]

    # Bình sees her own line only.
    own = (await world.say(binh, "/attendance")).text or ""
    assert f"Chuyên cần của đồng chí năm {year}" in own
    assert "Số buổi đã dự: 0/3 (0%)" in own
    assert "Số lần vắng liên tiếp hiện nay: 3" in own
    assert "Nguyễn Văn An" not in own
    for name in ("Phòng Đào tạo", "Liên khoa"):
        refused = (await world.say(binh, f"/chuyencan {name}")).text or ""
        assert refused == "Đồng chí chỉ xem được chuyên cần của chi bộ mình."

    # Forged buttons for a cell not theirs: refused, nothing shown.
    own_cell = secretary.member.cell_id
    other_cell = (await _identity(world, dung)).member.cell_id
    before = len(world.sandbox.messages(binh.id))
    for user, cell in ((binh, own_cell), (an, other_cell)):
        answered = len(world.sandbox.callback_answers)
        await world.sandbox.press_callback(
            user, world.sandbox.messages(user.id)[-1].message_id, f"cc:c:{cell}:0"
        )
        await eventually(lambda seen=answered: len(world.sandbox.callback_answers) > seen)
        answer = world.sandbox.callback_answers[-1]
        assert answer["show_alert"]
        assert answer["text"] == "Đồng chí chỉ xem được chuyên cần của chi bộ mình."
    assert len(world.sandbox.messages(binh.id)) == before
    assert (await world.say(dung, "/chuyencan Phòng Đào tạo")).text == (
        "Đồng chí chỉ xem được chuyên cần của chi bộ mình."
    )

    # The committee picks a cell.
    giang = await world.join("B3")
    picker = await world.say(giang, "/chuyencan")
    assert [b.text for b in picker.buttons()] == ["Liên khoa", "Phòng Đào tạo"]
    shown = await _press(world, giang, picker, "Phòng Đào tạo")
    assert "⚠️ Trần Thị Bình: dự 0/3 (0%)" in shown


async def test_the_committees_progress_shows_study_shares_of_party_and_non_party(
    world: World,
) -> None:
    await world.open_year()
    everyone = await _meeting(
        world, 2, kind=MeetingKind.STUDY, attendees=Attendees.ALL, everyone=True
    )
    cell = await _meeting(world, 3, kind=MeetingKind.STUDY)  # party members of Phòng Đào tạo
    await _meeting(world, 20, kind=MeetingKind.STUDY, everyone=True)  # not held yet
    await _meeting(world, 2)  # a cell meeting is not a study session
    an, giang = await world.join("A1"), await world.join("B3")
    committee = await _identity(world, giang)
    codes = await _member_ids(world)
    world.clock.advance(days=2)
    marks = {
        everyone: {
            "A1": Status.ATTENDED,
            "A2": Status.ATTENDED,
            "A3": Status.ATTENDED,
            "B1": Status.ATTENDED,
            "B2": Status.UNEXCUSED,
            "B3": Status.ATTENDED,
        },
        cell: {"A1": Status.ATTENDED, "A2": Status.EXCUSED},
    }
    for meeting, statuses in marks.items():
        for code, status in statuses.items():
            await world.services.attendance.mark(committee, meeting, codes[code], status)

    progress = (await world.say(giang, "/tiendo")).text or ""
    assert "Học tập nghị quyết, chuyên đề (2 buổi đã học):" in progress
    # Party members: 5 of 5 expected at the first, 1 of 2 at the second.
    assert "• đảng viên 5/7 lượt (71,43%) — chỉ tiêu 100%, chưa đạt" in progress
    assert "• quần chúng 1/1 lượt (100%) — chỉ tiêu trên 97%, đạt" in progress

    # A secretary's /tiendo is their cell's: no study figures there.
    assert "Học tập" not in ((await world.say(an, "/tiendo")).text or "")
