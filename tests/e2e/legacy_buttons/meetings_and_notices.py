"""Scenarios of meetings and notices whose buttons were recorded (see
:mod:`tests.e2e.legacy_buttons.scenarios`)."""

from __future__ import annotations

from datetime import datetime

from bot.domain.meetings import Attendees, MeetingKind, MeetingRequest
from bot.sandbox.models import SentMessage
from handlers.meetings.jobs import plan_meeting_reminders
from tests.e2e.conftest import outbox_drained
from tests.e2e.legacy_buttons.harness import YEAR, Session


async def _meeting(s: Session, title: str, cell: str, day: int, kind: MeetingKind) -> int:
    created = await s.world.services.meetings.create(
        None,
        MeetingRequest(
            kind=kind,
            title=title,
            starts=datetime(YEAR, 3, day, 14, 0),
            cells=(cell,),
            place="Phòng 201",
            remind="2d",
        ),
    )
    [meeting] = created.meeting_ids
    return meeting


async def meetings(s: Session) -> None:
    """A meeting reminder as queued in the outbox, its answers and snoozes, /lich and a
    meeting's card: rv:, lich:."""
    w = s.world
    await s.join("A1", "An")
    await s.join("A2", "Bình")
    await s.join("B1", "Dung")
    await _meeting(s, "Học Nghị quyết", "Phòng Đào tạo", 3, MeetingKind.CELL_MEETING)
    await _meeting(s, "Họp Liên khoa", "Liên khoa", 3, MeetingKind.CELL_MEETING)
    await _meeting(s, "Chuyên đề tháng Ba", "Phòng Đào tạo", 20, MeetingKind.THEMATIC_MEETING)

    if not s.replaying:
        assert await plan_meeting_reminders(w.services) == 3
    assert len(s.queued("reminder")) == 3
    await outbox_drained(w)

    def reminder(who: str) -> SentMessage:
        [found] = [m for m in w.sandbox.messages(s.people[who].id) if "Nhắc lịch" in m.content]
        return found

    await s.press("Bình", reminder("Bình"), "❌ Vắng", "reminder: absent, asks why")
    await s.press("Bình", reminder("Bình"), "Ốm", "reminder: the reason")
    await s.press("An", reminder("An"), "⏰ Nhắc lại sau 1 giờ", "reminder: in an hour")
    await s.press("An", reminder("An"), "🌙 Nhắc lại tối nay", "reminder: tonight")
    await s.press("An", reminder("An"), "📄 Chi tiết", "reminder: the meeting's card")
    await s.press("An", reminder("An"), "✅ Tham dự", "reminder: attending")
    await s.press("Dung", reminder("Dung"), "❌ Vắng", "reminder: absent, asks why (Dung)")
    await s.press("Dung", reminder("Dung"), "Khác", "reminder: another reason, typed")
    await s.say("Dung", "Đi khám <bệnh>")
    await s.press_data("Dung", reminder("Dung"), "rv:a:1", "reminder: another cell's meeting")
    await s.press_data("Dung", reminder("Dung"), "lich:i:1", "reminder: another cell's card")

    listing = await s.say("Bình", "/lich")
    await s.press("Bình", listing, 0, "schedule: open a meeting's card")
    await s.press("Bình", listing, "✅ Tham dự", "schedule card: attending")
    await s.press("Bình", listing, -1, "schedule card: back to the list")
    await s.press("Bình", listing, 1, "schedule: open another meeting's card")
    await s.press("Bình", listing, "❌ Vắng", "schedule card: absent")
    await s.press("Bình", listing, "Công tác", "schedule card: the reason")
    await s.press_data("Bình", listing, "lich:m:2", "schedule: another cell's card")
    await s.press_data("Bình", listing, "lich:f:1", "schedule: a document that does not exist")


async def attendance(s: Session) -> None:
    """/diemdanh: check-in, the sheet and its toggles; /chuyencan's tables: dd:, cc:."""
    w = s.world
    await s.join("A1", "An")
    await s.join("A2", "Bình")
    await s.join("B1", "Dung")
    await s.join("B3", "Giang")
    for title, cell in (("Sinh hoạt kỳ một", "Phòng Đào tạo"), ("Họp Liên khoa", "Liên khoa")):
        await w.services.meetings.create(
            None,
            MeetingRequest(
                kind=MeetingKind.CELL_MEETING,
                title=title,
                starts=datetime(YEAR, 3, 3, 10, 0),
                cells=(cell,),
                attendees=Attendees.PARTY,
            ),
        )
    w.clock.advance(days=1, minutes=10)  # 3 March, 08:10 in Hà Nội: within half an hour of 10:00
    w.clock.advance(hours=2)  # 10:10: the meetings have begun

    mine = await s.say("Bình", "/diemdanh")
    await s.press("Bình", mine, 0, "check-in: a member checks in")
    await s.press_data("Bình", mine, "dd:c:2", "check-in: another cell's meeting")
    await s.press_data("Bình", mine, "dd:t:1:1", "sheet: a member marks someone")

    listing = await s.say("An", "/diemdanh")
    await s.press(
        "An",
        listing,
        "📋 03/03 10:00 · Sinh hoạt kỳ một",
        "sheet: a meeting's sheet in place of the list",
    )
    sheet = s.now_shown(listing)
    await s.press("An", sheet, "⬜ Nguyễn Văn An", "sheet: mark a member present")
    await s.press("An", sheet, "✅ Trần Thị Bình", "sheet: toggle a member checked in")
    await s.press_data("An", sheet, "dd:s:1:0", "sheet: the first page")
    await s.press_data("An", sheet, "dd:o:1", "sheet: as a new message")
    await s.press_data("An", sheet, "dd:l:2:0", "sheet: the cell's meetings to record")
    await s.press_data("An", sheet, "dd:l:0:0", "sheet: every meeting one records")
    await s.press_data("An", sheet, "dd:s:2:0", "sheet: another cell's meeting")

    figures = await s.say("Giang", "/chuyencan")
    await s.press_data("Giang", figures, "cc:l:0", "figures: the committee's list of cells")
    await s.press_data("Giang", figures, "cc:c:2:0", "figures: a cell's table")
    own = await s.say("Bình", "/chuyencan")
    await s.press_data("Bình", own, "cc:c:3:0", "figures: a member asks for another cell")


async def planning(s: Session) -> None:
    """/lichhop: creating a meeting step by step, its card, edits, moving, documents,
    cancelling: mp:, and a document opened from /lich (lich:f:)."""
    w = s.world
    await s.join("A1", "An")
    await s.join("A2", "Bình")
    await s.join("B3", "Giang")

    menu = await s.say("An", "/lichhop")
    await s.press("An", menu, "➕ Tạo lịch mới", "planning: a new meeting")
    await s.press("An", menu, "Sinh hoạt chi bộ", "planning: the kind")
    who = await s.say("An", "Sinh hoạt chi bộ tháng")
    await s.press("An", who, "● Chỉ đảng viên", "planning: who attends")
    repeat = await s.say("An", f"05/03/{YEAR} 14:00")
    await s.press("An", repeat, "Hằng tháng vào ngày này", "planning: repeat monthly")
    place = s.last("An")
    await s.press("An", place, -1, "planning: no place")
    agenda = s.last("An")
    await s.press("An", agenda, -1, "planning: no agenda")
    preview = s.last("An")
    await s.press("An", preview, 1, "planning: edit from the preview")
    await s.press("An", preview, 1, "planning: the field to edit from the preview")
    await s.say("An", "Sinh hoạt chi bộ thường kỳ")
    preview = s.last("An")
    await s.press("An", preview, 0, "planning: save")

    again = await s.say("An", "/lichhop")
    await s.press("An", again, "➕ Tạo lịch mới", "planning: another new meeting")
    await s.press("An", again, "Sinh hoạt chi bộ", "planning: the same kind")
    who = await s.say("An", "Sinh hoạt chi bộ bổ sung")
    await s.press("An", who, "● Chỉ đảng viên", "planning: who attends, again")
    repeat = await s.say("An", f"06/03/{YEAR} 14:00")
    await s.press("An", repeat, "Hằng tháng vào ngày này", "planning: monthly again")
    await s.press("An", s.last("An"), -1, "planning: no place, again")
    await s.press("An", s.last("An"), -1, "planning: no agenda, again")
    await s.press("An", s.last("An"), 0, "planning: save, a second series of the kind")
    await s.press("An", s.last("An"), 0, "planning: save anyway")

    menu = await s.say("An", "/lichhop")
    await s.press("An", menu, 1, "planning: open a meeting's card")
    await s.press("An", menu, "✏️ Sửa", "card: edit")
    await s.press("An", menu, 0, "card: the field to edit")
    await s.say("An", "Sinh hoạt chi bộ tháng Ba")
    card = s.last("An")
    await s.press("An", card, "🕒 Dời lịch", "card: move")
    card = await s.say("An", f"05/03/{YEAR} 15:00")
    card = s.last("An")
    await s.press("An", card, "📎 Thêm tài liệu", "card: add a document")
    sent = await w.sandbox.send_document_as_user(
        s.people["An"], b"%PDF-1.4 nghi quyet", "Nghi-quyet.pdf"
    )
    await w.sandbox.wait_for_message(
        s.people["An"].id, lambda m: "Đã thêm" in m.content, after=sent["message_id"]
    )
    await w.sandbox.wait_until_idle(quiet=0.15)
    listing = await s.say("Bình", "/lich")
    await s.press("Bình", listing, 0, "schedule: the meeting with a document")
    await s.press("Bình", listing, "📄 Nghi-quyet.pdf", "schedule: open the document")
    card = s.last("An")
    await s.press("An", card, "✖️ Hủy buổi này", "card: cancel, asks first")
    await s.press("An", card, "✖️ Đồng ý hủy", "card: cancel, confirmed")
    await s.press_data("An", card, "mp:menu", "card: back to the menu")
    await s.press_data("An", card, "mp:p:0", "menu: the first page")
    await s.press_data("Bình", listing, "mp:new", "planning: a member asks for a new meeting")

    study = await s.say("Giang", "/lichhop")
    await s.press("Giang", study, "➕ Tạo lịch mới", "planning: the committee's new meeting")
    await s.press("Giang", study, "Học tập chuyên đề / nghị quyết", "planning: a study")
    scope = await s.say("Giang", "Quán triệt Nghị quyết")
    await s.press("Giang", scope, "🏛 Toàn Đảng bộ", "planning: the whole organisation")
    await s.press("Giang", scope, "● Tất cả (cả quần chúng)", "planning: everyone attends")
    repeat = await s.say("Giang", f"10/03/{YEAR} 08:00")
    await s.press("Giang", repeat, "Không lặp lại", "planning: no repeat")
    await s.press("Giang", s.last("Giang"), -1, "planning: no place, for the study")
    await s.press("Giang", s.last("Giang"), -1, "planning: no agenda, for the study")
    preview = s.last("Giang")
    await s.press("Giang", preview, "✏️ Sửa", "planning: edit the study's preview")
    await s.press("Giang", preview, -1, "planning: back to the preview")
    await s.press("Giang", preview, "✖️ Hủy", "planning: drop the study")


async def broadcasts(s: Session) -> None:
    """/thongbao: the audience, the preview's send, schedule and cancel, the report and its
    buttons: bc:, bcr:."""
    await s.join("A1", "An")
    await s.join("A2", "Bình")
    await s.join("B2", "Em")
    await s.join("B3", "Giang")

    await s.say("An", "/thongbao")
    summary = await s.say("An", "Chiều mai họp chi bộ.")
    summary = s.last("An")
    await s.press("An", summary, "🕒 Hẹn giờ", "broadcast: schedule, asks when")
    report = await s.say("An", f"02/03/{YEAR} 10:00")
    await s.press("An", report, "✖️ Hủy hẹn giờ", "report: cancel the scheduled notice")

    await s.say("An", "/thongbao")
    await s.say("An", "Họp chi bộ lúc <b>14:00</b> & mang sổ.")
    summary = s.last("An")

    def sent() -> bool:
        return "Đã gửi xong" in s.now_shown(summary).content

    await s.press("An", summary, "📤 Gửi ngay", "broadcast: send now", settled=sent)
    await s.press("An", summary, "🔍 Ai chưa nhận", "report: who has not received it")
    await s.press_data("An", summary, "bcr:r:2", "report: send again to those who failed")
    listing = await s.say("An", "/thongbao danhsach")
    await s.press("An", listing, 0, "report: open a notice from the list")
    await s.press_data("Em", s.last("Em"), "bcr:m:2", "report: another cell's notice")

    await s.say("An", "/thongbao")
    await s.say("An", "Thông báo không gửi")
    await s.press("An", s.last("An"), "✖️ Hủy", "broadcast: drop the notice")
    await s.press_data("An", s.last("An"), "bc:send", "broadcast: send with no notice under way")

    menu = await s.say("Giang", "/thongbao")
    await s.press("Giang", menu, "☑️ Chọn chi bộ", "broadcast: pick cells")
    await s.press("Giang", menu, "Xong (đã chọn 0)", "broadcast: done with no cell")
    await s.press("Giang", menu, "▫️ Liên khoa", "broadcast: a cell")
    await s.press_data("Giang", menu, "bc:p:0", "broadcast: the first page of cells")
    await s.press("Giang", menu, "Xong (đã chọn 1)", "broadcast: done with one cell")
    await s.say("Giang", "/huy")
    for label, what in (
        ("🏛 Toàn Đảng bộ", "broadcast: the whole organisation"),
        ("⭐ Chỉ đảng viên", "broadcast: party members only"),
        ("👥 Chỉ quần chúng", "broadcast: non-party staff only"),
    ):
        menu = await s.say("Giang", "/thongbao")
        await s.press("Giang", menu, label, what)
        await s.say("Giang", "/huy")
    menu = await s.say("Giang", "/thongbao")
    await s.press("Giang", menu, "📋 Thông báo đã gửi", "broadcast: the notices sent")
