"""Scenarios of members, the year and tasks whose buttons were recorded (see
:mod:`tests.e2e.legacy_buttons.scenarios`)."""

from __future__ import annotations

from bot.sandbox.models import SentMessage
from handlers.tasks.jobs import enqueue_approval_digests
from tests.e2e.conftest import outbox_drained
from tests.e2e.legacy_buttons.harness import YEAR, Session


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
