"""The scenarios whose buttons were recorded: each drives a fresh world (see
:func:`tests.e2e.legacy_buttons.harness.legacy_world`) as members do, and presses buttons
through the session, by their text on the message the bot sent. Every family of callback
data the bot makes is pressed in at least one; data no button of this small world carries
(a second page, a stale confirmation) is pressed as such with ``press_data``.

Change a scenario and its recording no longer fits: record it again from the tag
``before-issue-10`` (see ``record.py``), never from code under change.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime

from bot.domain.meetings import Attendees, MeetingKind, MeetingRequest
from bot.sandbox.models import SentMessage
from scheduler.approval_digests import enqueue_approval_digests
from scheduler.meeting_reminders import plan_meeting_reminders
from tests.e2e.conftest import outbox_drained
from tests.e2e.legacy_buttons.harness import YEAR, Session

Scenario = Callable[[Session], Awaitable[None]]
SCENARIOS: dict[str, Scenario] = {}


def scenario(function: Scenario) -> Scenario:
    SCENARIOS[function.__name__] = function
    return function


@scenario
async def members(s: Session) -> None:
    """/ngonngu, /moi and /caidat: lang:, inv:, pref:."""
    await s.join("A1", "An")
    await s.join("A2", "Bình")

    language = await s.say("Bình", "/ngonngu")
    await s.press("Bình", language, "English", "language: English")
    language = await s.say("Bình", "/language")
    await s.press("Bình", language, "Tiếng Việt", "language: Vietnamese")

    invite = await s.say("An", "/moi")
    await s.press("An", invite, 0, "invite: pick the first member not linked")
    invite = await s.say("An", "/moi")
    await s.press_data("An", invite, "inv:p:0", "invite: the first page")
    await s.press_data("Bình", s.last("Bình"), "inv:m:3", "invite: a member who may not invite")

    settings = await s.say("Bình", "/caidat")
    await s.press("Bình", settings, "🌙 Đổi giờ yên lặng", "settings: the quiet-hour presets")
    await s.press("Bình", settings, "22:00 – 07:00", "settings: a preset")
    await s.press("Bình", settings, "🌙 Đổi giờ yên lặng", "settings: the presets again")
    await s.press("Bình", settings, "Không cần", "settings: no quiet hours")
    await s.press("Bình", settings, 1, "settings: back to the default quiet hours")
    await s.press("Bình", settings, "🌙 Đổi giờ yên lặng", "settings: the presets, to go back")
    await s.press("Bình", settings, -1, "settings: back from the presets")
    await s.press("Bình", settings, "🔔 Hội thảo: bật", "settings: mute seminars")
    await s.press("Bình", settings, "🔕 Hội thảo: tắt", "settings: seminars again")
    await s.press_data(
        "Bình", settings, "pref:m:cell_meeting", "settings: mute a meeting one must attend"
    )
    await s.press("Bình", settings, "🌙 Đổi giờ yên lặng", "settings: the presets, to type")
    await s.press("Bình", settings, -2, "settings: type other hours")
    answer = await s.say("Bình", "22:30-06:00")
    assert "22:30" in answer.content, answer.content


@scenario
async def year(s: Session) -> None:
    """/nam and /khaudotpha confirmations, /molai: yr:, ya:, yo:."""
    w = s.world
    await w.open_year(max_tasks=3, approval=False, areas=["Chuyển đổi số", "Nghiên cứu khoa học"])
    await s.join("A2", "Bình")
    await s.join("A1", "An")
    await s.join("B3", "Giang")
    for title, area in (("Một", 1), ("Hai", 1), ("Ba", 2)):
        done = await s.say("Bình", f"/dangky {title} | 01 sản phẩm | 30/11 | {area}")
        assert "đã được đăng ký" in done.content, done.content

    change = f"/nam {YEAR} | Bứt phá về đích | 01/01/{YEAR} | 31/12/{YEAR} | 2 | có"
    asked = await s.say("Giang", change)
    await s.press("Giang", asked, "Hủy", "year: cancel a change shown first")
    # Tokens are drawn in order in these worlds: this change's was the first.
    await s.press_data("Giang", asked, "yr:ok:00000001", "year: save a cancelled change")
    asked = await s.say("Giang", change)
    await s.press("Giang", asked, "✅ Lưu", "year: save a change shown first")

    preview = await s.say("Giang", "/khaudotpha Chuyển đổi số mới")
    await s.press("Giang", preview, "Hủy", "areas: cancel")
    preview = await s.say("Giang", "/khaudotpha Chuyển đổi số mới")
    await s.press("Giang", preview, 0, "areas: where the removed area's tasks go")
    await s.press("Giang", s.last("Giang"), "✅ Lưu", "areas: save")

    closed = f"/nam {YEAR} | Bứt phá về đích | 01/01/{YEAR} | 01/01/{YEAR} | 5 | có"
    await s.press("Giang", await s.say("Giang", closed), "✅ Lưu", "year: close registration")
    picker = await s.say("An", "/molai")
    await s.press("An", picker, "Trần Thị Bình", "reopen: pick a member")
    await s.press("An", s.last("An"), 0, "reopen: for a week")
    await s.press_data("An", picker, "yo:p:0", "reopen: the first page of members")
    await s.press_data("An", picker, "yo:m:5", "reopen: a member of another cell")
    await s.press_data("An", picker, f"yo:u:5:{YEAR}1231", "reopen: another cell's member, a date")


async def _register(s: Session, who: str, title: str, deadline: str = "30/11") -> None:
    done = await s.say(who, f"/dangky {title} | 01 giáo trình | {deadline}")
    assert "Cảm ơn đồng chí!" in done.content, done.content


@scenario
async def tasks(s: Session) -> None:
    """/congviec, a task's card and what it leads to: tk: (progress, notes, verdicts, undo,
    edits, areas, withdrawal, the cell's list)."""
    w = s.world
    await w.open_year(approval=False, areas=["Chuyển đổi số", "Nghiên cứu khoa học"])
    await s.join("A2", "Bình")
    await s.join("A1", "An")
    for title in ("Viết giáo trình", "Soạn bài giảng", "Hướng dẫn sinh viên"):
        done = await s.say("Bình", f"/dangky {title} | 01 giáo trình | 30/11 | 1")
        assert "đã được đăng ký" in done.content, done.content

    listing = await s.say("Bình", "/congviec")
    await s.press("Bình", listing, 0, "card: open the first task in place of the list")
    card = s.now_shown(listing)
    await s.press("Bình", card, "50%", "card: 50%")
    await s.press("Bình", card, "Nhập số %", "card: type a percentage")
    await s.say("Bình", "62,5%")
    await s.press("Bình", card, "Ghi chú / minh chứng", "card: a note")
    await s.say("Bình", "Đã xong bản thảo <chương 1>")
    await s.press("Bình", card, "Hoàn thành", "verdict: done, asks for the product")
    await s.press("Bình", s.last("Bình"), "⏭ Bỏ qua", "verdict: skip the product")
    confirm = s.last("Bình")
    await s.press("Bình", confirm, "✅ Xác nhận hoàn thành", "verdict: confirm done")
    await s.press("Bình", confirm, "↩️ Hoàn tác «hoàn thành»", "verdict: undo done")
    await s.press("Bình", confirm, "Vượt chỉ tiêu", "verdict: exceeded, asks for the evidence")
    await s.press("Bình", s.last("Bình"), "✖️ Hủy", "verdict: cancel")

    await s.press_data("Bình", card, "tk:l:0", "list: my tasks, first page")
    await s.press("Bình", listing, 1, "card: open the second task")
    card = s.now_shown(listing)
    await s.press("Bình", card, "Sửa", "edit: which field")
    await s.press("Bình", card, "Tên công việc", "edit: the title")
    card = await s.say("Bình", "Soạn bài giảng điện tử")
    await s.press("Bình", card, "Sửa", "edit: which field, again")
    await s.press("Bình", card, "Khâu đột phá", "edit: the area")
    await s.press("Bình", card, "Nghiên cứu khoa học", "edit: pick an area")
    await s.press("Bình", card, "Rút công việc", "withdraw: asks why")
    await s.say("Bình", "Chuyển công tác")

    mine = await s.say("An", "/congviec")
    await s.press("An", mine, "Công việc của chi bộ", "list: the cell's tasks")
    await s.press("An", mine, 0, "card: a member's task from the cell's list")
    await s.press("An", s.now_shown(mine), "Không đạt", "verdict: not achieved, by the secretary")
    await s.say("An", "Không bố trí được kinh phí")
    await s.press("An", s.last("An"), "✅ Xác nhận không đạt", "verdict: confirm not achieved")
    await s.press_data("Bình", listing, "tk:v:1", "card: view below the pressed message")
    await s.press_data("Bình", listing, "tk:cell:0", "list: a member asks for the cell's tasks")
    await s.press_data("Bình", listing, "tk:p:1:75", "card: 75% on a task marked not achieved")


@scenario
async def approval(s: Session) -> None:
    """The approval digest as queued in the outbox, /duyet and the card's approval: ap:."""
    w = s.world
    await w.open_year(approval=True)
    await s.join("A1", "An")
    await s.join("A2", "Bình")
    await s.join("A3", "Cường")
    await s.join("B3", "Giang")
    for title in ("Viết giáo trình <mới>", "Soạn bài giảng", "Hướng dẫn sinh viên"):
        await _register(s, "Bình", title)
    await _register(s, "Cường", "Số hóa hồ sơ")

    if not s.replaying:
        assert await enqueue_approval_digests(w.services) == 1
    [queued] = s.queued("digest")
    assert queued["keyboard"], queued
    await outbox_drained(w)
    digest = s.last("An")
    await s.press("An", digest, "✅ Duyệt 1", "digest: approve")
    await s.press("An", digest, "↩️ Trả lại 1", "digest (now the list): return, asks why")
    await s.say("An", "Đề nghị ghi rõ sản phẩm cụ thể")
    await s.press("An", digest, "👁 Xem 1", "list: view a task's card below it")
    card = s.last("An")
    await s.press("An", card, "✅ Duyệt", "card: approve")
    await s.press_data("An", digest, "ap:y:2:0", "list: approve a task no longer waiting")
    await s.press_data("An", digest, "ap:p:0", "list: the first page")
    await s.press_data("An", digest, "ap:list", "digest: open the approval list")

    for title in ("Một", "Hai"):
        await _register(s, "Bình", title)
    await _register(s, "Cường", "Ba")
    listing = await s.say("An", "/duyet")
    await s.press("An", listing, "👁 Xem 1", "list: view a task's card below it, again")
    await s.press("An", s.last("An"), "↩️ Trả lại", "card: return, asks why")
    await s.say("An", "Đề nghị ghi rõ sản phẩm")
    everything = await s.say("Giang", "/duyet")
    await s.press("Giang", everything, -1, "list: approve all, asks first")
    await s.press("Giang", s.last("Giang"), 0, "list: approve all, confirmed")
    await s.press_data("Bình", s.last("Bình"), "ap:all:ok", "list: a member confirms approving all")
    await s.press_data("Bình", s.last("Bình"), "ap:cy:1", "card: a member approves")


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


@scenario
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


@scenario
async def reports(s: Session) -> None:
    """/tiendo and /congkhai: prg:, pub:."""
    await s.world.open_year(approval=False)
    await s.join("A1", "An")
    await s.join("A2", "Bình")
    await s.join("B2", "Em")
    await s.join("B3", "Giang")
    await _register(s, "Bình", "Viết giáo trình")
    await _register(s, "Em", "Số hóa hồ sơ")

    cell = await s.say("An", "/tiendo")
    await s.press("An", cell, "Nhắc người chưa đăng ký", "progress: remind those not registered")
    await s.press("An", cell, "Nhắc người chưa đăng ký", "progress: remind them again")
    await s.press_data("An", cell, "prg:c:2:u:0", "progress: the cell's unregistered")
    await s.press_data("An", cell, "prg:c:2:o:0", "progress: the cell's overdue tasks")
    await s.press_data("An", cell, "prg:c:3:a:0", "progress: another cell")
    await s.press_data("An", cell, "prg:o:0", "progress: the organisation, asked by a secretary")
    everything = await s.say("Giang", "/tiendo")
    await s.press_data("Giang", everything, "prg:o:0", "progress: the organisation, first page")
    await s.press_data("Giang", everything, "prg:u:0", "progress: every cell's unregistered")
    await s.press_data("Giang", everything, "prg:c:3:a:0", "progress: a cell, for the committee")
    await s.press_data("Giang", everything, "prg:n:3", "progress: the committee reminds a cell")

    registry = await s.say("Giang", "/congkhai")
    await s.press("Giang", registry, "Chọn chi bộ", "registry: choose a cell")
    await s.press("Giang", registry, "Liên khoa", "registry: a cell")
    await s.press("Giang", registry, "Tải Excel", "registry: the spreadsheet")
    await s.press("Giang", registry, "Chọn chi bộ", "registry: choose a cell, again")
    await s.press("Giang", registry, "Tất cả chi bộ", "registry: every cell")
    await s.press_data("Giang", registry, "pub:p:0:0", "registry: the first page")
    await s.press_data("Giang", registry, "pub:l:0", "registry: the first page of cells")
    mine = await s.say("Bình", "/congkhai")
    await s.press_data("Bình", mine, "pub:x:0", "registry: a member asks for the spreadsheet")


@scenario
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


@scenario
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


@scenario
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


@scenario
async def registration(s: Session) -> None:
    """/dangky step by step: the area, the preview's confirm, edit and cancel: reg:."""
    await s.world.open_year(approval=False, areas=["Chuyển đổi số", "Nghiên cứu khoa học"])
    await s.join("A2", "Bình")

    async def to_the_area(title: str) -> SentMessage:
        await s.say("Bình", "/dangky")
        await s.say("Bình", title)
        await s.say("Bình", "01 giáo trình")
        return await s.say("Bình", "30/11")

    area = await to_the_area("Viết giáo trình")
    await s.press("Bình", area, "2. Nghiên cứu khoa học", "registration: the area")
    preview = s.last("Bình")
    await s.press("Bình", preview, "✏️ Sửa", "registration: edit from the preview")
    await s.press("Bình", preview, -1, "registration: back to the preview")
    await s.press("Bình", preview, "✏️ Sửa", "registration: edit, again")
    await s.press("Bình", preview, 0, "registration: the field to redo")
    await s.say("Bình", "Viết giáo trình điện tử")
    await s.press("Bình", s.last("Bình"), "✅ Xác nhận", "registration: confirm")

    area = await to_the_area("Soạn bài giảng")
    await s.press("Bình", area, "1. Chuyển đổi số", "registration: another area")
    await s.press("Bình", s.last("Bình"), "✖️ Hủy", "registration: cancel")
    await s.press_data(
        "Bình", s.last("Bình"), "reg:ok", "registration: confirm with nothing under way"
    )
