"""Reaching attendance sheets without an id, through the sandbox: a secretary's /diemdanh
offers the cell's meetings of today and the last 30 days (newest first), the /lichhop card
opens the sheet too, marking before the start is refused politely, and what is marked shows in
/chuyencan. The committee reaches any cell's meetings; its organisation-wide sheet is paged
and in Vietnamese order (given name first)."""

from __future__ import annotations

import sqlite3
from datetime import datetime

from bot.domain.meetings import Attendees, MeetingKind, MeetingRequest
from bot.sandbox.models import SandboxUser, SentMessage
from tests.conftest import MEMBERS, write_csv
from tests.e2e.conftest import World
from tests.e2e.task_steps import last, now_shown

NOT_STARTED = "Chưa đến giờ họp: đồng chí điểm danh được từ Thứ Ba, 10/03/{year} 14:00."


def _records(world: World) -> list[tuple[object, ...]]:
    with sqlite3.connect(world.database) as conn:
        return list(
            conn.execute(
                "SELECT a.meeting_id, m.full_name, a.status FROM attendance a"
                " JOIN members m ON m.id = a.member_id ORDER BY a.meeting_id, m.id"
            )
        )


def _sheets(message: SentMessage) -> list[str]:
    """The meeting buttons of a /diemdanh answer."""
    return [b.text for b in message.buttons() if b.text.startswith("📋")]


def _toggles(message: SentMessage) -> list[str]:
    return [b.text for b in message.buttons() if (b.callback_data or "").startswith("dd:t:")]


async def _meeting(
    world: World, title: str, month: int, day: int, hour: int, *, cell: str | None
) -> int:
    created = await world.services.meetings.create(
        None,
        MeetingRequest(
            kind=MeetingKind.CELL_MEETING if cell else MeetingKind.STUDY,
            title=title,
            starts=datetime(world.clock.now().year, month, day, hour, 0),
            cells=(cell,) if cell else (),
            everyone=cell is None,
            attendees=Attendees.PARTY,
        ),
    )
    return created.meeting_ids[0]


async def _plan(world: World) -> dict[str, int]:
    """From 2 March: the cell's meetings on 3 and 10 March (and 20 March, ahead), a study of
    the whole organisation on 5 March, Liên khoa's on 9 March, one cancelled."""
    ids = {
        "first": await _meeting(world, "Sinh hoạt kỳ một", 3, 3, 10, cell="Phòng Đào tạo"),
        "study": await _meeting(world, "Quán triệt Nghị quyết", 3, 5, 8, cell=None),
        "cancelled": await _meeting(world, "Họp bị hủy", 3, 6, 8, cell="Phòng Đào tạo"),
        "other": await _meeting(world, "Họp Liên khoa", 3, 9, 9, cell="Liên khoa"),
        "today": await _meeting(world, "Sinh hoạt chuyên đề", 3, 10, 14, cell="Phòng Đào tạo"),
        "ahead": await _meeting(world, "Họp tháng sau", 3, 20, 14, cell="Phòng Đào tạo"),
    }
    await world.services.meetings.cancel(None, ids["cancelled"])
    return ids


async def _diemdanh(world: World, user: SandboxUser, text: str = "/diemdanh") -> SentMessage:
    return await world.say(user, text)


async def test_a_secretary_opens_the_sheet_from_diemdanh(world: World) -> None:
    year = world.clock.now().year
    await _plan(world)
    an, binh = await world.join("A1"), await world.join("A2")
    world.clock.advance(days=8)  # 10 March, 08:00 in Hanoi

    listing = await _diemdanh(world, an)
    assert "Điểm danh các buổi họp" in (listing.text or "")
    assert _sheets(listing) == [
        "📋 10/03 14:00 · Sinh hoạt chuyên đề",
        "📋 05/03 08:00 · Quán triệt Nghị quyết",
        "📋 03/03 10:00 · Sinh hoạt kỳ một",
    ]
    # Today's meeting has not begun: the sheet opens, marking is refused politely.
    await world.press(an, listing, "📋 10/03 14:00 · Sinh hoạt chuyên đề")
    sheet = now_shown(world, listing)
    assert "Điểm danh: Sinh hoạt chuyên đề" in (sheet.text or "")
    assert "Chưa đến giờ họp" in (sheet.text or "")
    assert "yêu cầu chất lượng" not in (sheet.text or "")  # nothing to judge yet
    await world.press(an, sheet, "⬜ Trần Thị Bình")
    alert = world.sandbox.callback_answers[-1]
    assert alert["show_alert"] and alert["text"] == NOT_STARTED.format(year=year)
    assert _records(world) == []

    # Back to the list, and a meeting of last week: marked, and counted in /chuyencan.
    await world.press(an, now_shown(world, listing), "◀ Danh sách buổi họp")
    await world.press(an, now_shown(world, listing), "📋 03/03 10:00 · Sinh hoạt kỳ một")
    await world.press(an, now_shown(world, listing), "⬜ Trần Thị Bình")
    assert _toggles(now_shown(world, listing)) == ["⬜ Nguyễn Văn An", "✅ Trần Thị Bình"]
    figures = await world.say(an, "/chuyencan")
    assert "Trần Thị Bình: dự 1/1 (100%)" in (figures.text or "")
    assert "Số buổi đã dự: 1/1 (100%)" in ((await world.say(binh, "/chuyencan")).text or "")

    # A plain member's /diemdanh is only the check-in, as before.
    assert _sheets(await _diemdanh(world, binh)) == []


async def test_the_lichhop_card_opens_the_sheet(world: World) -> None:
    ids = await _plan(world)
    an = await world.join("A1")
    world.clock.advance(days=8, hours=6, minutes=5)  # 10 March 14:05: the meeting has begun
    menu = await world.say(an, "/lichhop")
    await world.press(an, menu, "20/03 14:00 · Họp tháng sau")
    card = now_shown(world, menu)
    assert "📋 Điểm danh" in [b.text for b in card.buttons()]
    await world.press(an, card, "📋 Điểm danh")
    sheet = last(world, an)  # a new message: the card stays
    assert sheet.message_id != menu.message_id
    assert "Điểm danh: Họp tháng sau" in (sheet.text or "")
    assert "Họp tháng sau" in (now_shown(world, menu).text or "")
    # /diemdanh 12 still works for whoever knows the number.
    by_number = await world.say(an, f"/diemdanh {ids['today']}")
    assert "Điểm danh: Sinh hoạt chuyên đề" in (by_number.text or "")
    await world.press(an, by_number, "⬜ Trần Thị Bình")
    assert _records(world) == [(ids["today"], "Trần Thị Bình", "attended")]


async def test_the_committee_reaches_every_cell(world: World) -> None:
    ids = await _plan(world)
    giang = await world.join("B3")  # on the committee, a member of Liên khoa
    world.clock.advance(days=8)
    listing = await _diemdanh(world, giang)
    assert _sheets(listing) == [
        "📋 10/03 14:00 · Phòng Đào tạo · Sinh hoạt chuyên đề",
        "📋 09/03 09:00 · Liên khoa · Họp Liên khoa",
        "📋 05/03 08:00 · Đảng bộ Trường Chín… · Quán triệt Nghị qu…",
        "📋 03/03 10:00 · Phòng Đào tạo · Sinh hoạt kỳ một",
    ]
    assert "gửi /diemdanh và tên chi bộ" in (listing.text or "")
    one_cell = await _diemdanh(world, giang, "/diemdanh lien khoa")
    assert "Chi bộ Liên khoa" in (one_cell.text or "")
    assert _sheets(one_cell) == [
        "📋 09/03 09:00 · Liên khoa · Họp Liên khoa",
        "📋 05/03 08:00 · Đảng bộ Trường Chín… · Quán triệt Nghị qu…",
    ]
    await world.press(giang, one_cell, 0)
    assert "Điểm danh: Họp Liên khoa" in (now_shown(world, one_cell).text or "")
    unknown = await _diemdanh(world, giang, "/diemdanh Khoa <Không có>")
    assert unknown.text == "Không có chi bộ nào tên Khoa <Không có>."
    assert ids["other"] > 0


# Party members of the organisation in Vietnamese order: by given name, then the whole name
# ("Hà" before "Huỳnh", "Đỗ" before "Lê", "Ngô" before "Nguyễn", "Dung" before "Đức").
IN_ORDER = [
    "Nguyễn Văn An",
    "Hà Văn Ánh",
    "Huỳnh Văn Ánh",
    "Lê Thị Ân",
    "Đỗ Văn Bảo",
    "Lê Văn Bảo",
    "Trần Thị Bình",
    "Phạm Thị Dung",
    "Tạ Văn Đức",
    "Hoàng Văn Em",
    "Võ Thị Giang",
    "Ngô Thị Lan",
    "Nguyễn Thị Lan",
    "Phan Thị Mai",
    "Đặng Văn Tú",
    "Vũ Văn Uy",
    "Lưu Thị Yến",
]


async def test_the_committees_sheet_is_paged_in_vietnamese_order(
    world: World, tmp_path: object
) -> None:
    known = {row[0] for row in MEMBERS}
    extra = [
        [name, "Liên khoa", "Đảng viên chính thức", "", f"C{number}"]
        for number, name in enumerate(sorted(set(IN_ORDER) - known, reverse=True))
    ]
    await world.services.member_import.import_file(
        write_csv(world.database.parent / "more.csv", [*MEMBERS, *extra])
    )
    study = await _meeting(world, "Học tập chuyên đề năm", 3, 2, 9, cell=None)
    giang = await world.join("B3")
    world.clock.advance(hours=1, minutes=5)  # 09:05: under way

    sheet = await world.say(giang, f"/diemdanh {study}")
    assert _toggles(sheet) == [f"⬜ {name}" for name in IN_ORDER[:15]]
    assert "Trang 1/2" in (sheet.text or "")
    assert "⬜ Chưa điểm danh: 17" in (sheet.text or "")
    await world.press(giang, sheet, "Tiếp ▶")
    assert _toggles(now_shown(world, sheet)) == ["⬜ Vũ Văn Uy", "⬜ Lưu Thị Yến"]
    # A toggle on the second page stays on the second page.
    await world.press(giang, now_shown(world, sheet), "⬜ Lưu Thị Yến")
    shown = now_shown(world, sheet)
    assert _toggles(shown) == ["⬜ Vũ Văn Uy", "✅ Lưu Thị Yến"]
    assert "Trang 2/2" in (shown.text or "")
    assert "✅ Có mặt: 1/17" in (shown.text or "")


async def test_no_recent_meeting_is_said_plainly(world: World) -> None:
    an = await world.join("A1")
    answer = await _diemdanh(world, an)
    assert answer.text == (
        "Điểm danh các buổi họp\nKhông có buổi họp nào trong hôm nay và 30 ngày qua."
    )
    assert answer.buttons() == []
