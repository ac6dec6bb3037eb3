"""/lichhop through the sandbox: a secretary plans a monthly series in chat, the committee an
organisation-wide study; a plain member is refused and a forged button changes nothing; a
meeting is moved, given documents and cancelled; members open the documents and see their
own answer on /lich."""

from __future__ import annotations

import sqlite3
from datetime import datetime

from bot.domain.meetings import Attendees, MeetingKind, MeetingRequest
from bot.sandbox.models import SandboxUser, SentMessage
from handlers.meetings.jobs import plan_meeting_reminders
from tests.e2e.conftest import World, eventually, outbox_drained
from tests.e2e.task_steps import last, now_shown

NOT_YOURS = "Bí thư chi bộ chỉ được sắp xếp cuộc họp của chi bộ mình."


def _rows(world: World, sql: str, *params: object) -> list[tuple[object, ...]]:
    with sqlite3.connect(world.database) as conn:
        return list(conn.execute(sql, params))


async def _press(world: World, user: SandboxUser, message: SentMessage, button: str) -> str:
    """Press ``button`` on the message as it stands now; the text the bot shows next (a new
    message, or the pressed one edited)."""

    def looks() -> tuple[str | None, list[str | None]]:
        current = now_shown(world, message)
        return current.text, [b.callback_data for b in current.buttons()]

    before, shown = last(world, user).message_id, looks()
    await world.press(user, now_shown(world, message), button)

    def answered() -> bool:
        return last(world, user).message_id > before or looks() != shown

    await eventually(answered)
    after = last(world, user)
    return (after if after.message_id > before else now_shown(world, message)).text or ""


async def _meeting(world: World, cell: str, title: str, day: int, hour: int = 14) -> int:
    created = await world.services.meetings.create(
        None,
        MeetingRequest(
            kind=MeetingKind.CELL_MEETING,
            title=title,
            starts=datetime(world.clock.now().year, 3, day, hour, 0),
            cells=(cell,),
            place="Phòng 201",
            remind="2d",
        ),
    )
    return created.meeting_ids[0]


async def test_a_secretary_plans_a_monthly_series_in_chat(world: World) -> None:
    year = world.clock.now().year
    an = await world.join("A1")  # secretary of Phòng Đào tạo
    menu = await world.say(an, "/lichhop")
    assert "Lên lịch họp" in (menu.text or "")
    assert await _press(world, an, menu, "➕ Tạo lịch mới") == (
        "Tạo lịch mới (bước 1/7)\nĐây là loại buổi họp nào?"
    )
    assert [b.text for b in now_shown(world, menu).buttons()] == [
        "Sinh hoạt chi bộ",
        "Sinh hoạt chuyên đề",
        "Học tập chuyên đề / nghị quyết",
        "Thông tin thời sự",
        "Tọa đàm / hội thảo",
    ]
    assert "Bước 2/7" in await _press(world, an, menu, "Sinh hoạt chi bộ")
    # One cell: the scope is not asked; party members are the usual choice.
    who = await world.say(an, "Sinh hoạt chi bộ tháng")
    assert "Bước 3/7" in (who.text or "")
    assert [b.text for b in who.buttons()] == ["● Chỉ đảng viên", "Tất cả (cả quần chúng)"]
    assert "Bước 4/7" in await _press(world, an, who, "● Chỉ đảng viên")

    # A bad date is answered with the examples; what was answered before is kept.
    bad = await world.say(an, "sắp tới")
    assert "Tôi chưa hiểu “sắp tới” là ngày giờ nào" in (bad.text or "")
    assert "Ví dụ: 13/03/" in (bad.text or "") and "thứ Sáu tuần sau 14:00" in (bad.text or "")
    no_time = await world.say(an, "thứ Năm tuần sau")
    assert "Xin viết thêm giờ." in (no_time.text or "")
    passed = await world.say(an, f"01/03/{year} 14:00")
    assert "đã qua" in (passed.text or "")
    repeat = await world.say(an, f"05/03/{year} 14:00")
    assert "Bước 5/7" in (repeat.text or "")
    assert [b.text for b in repeat.buttons()] == [
        "Không lặp lại",
        "Hằng tháng vào ngày này",
        "Hằng quý",
    ]
    wrong = await world.say(an, "mỗi khi rảnh")
    assert "không hiểu" in (wrong.text or "").lower() or "ngày 5 hằng tháng" in (wrong.text or "")
    assert "Bước 6/7" in await _press(world, an, repeat, "Hằng tháng vào ngày này")
    agenda = await world.say(an, "Phòng 201")
    assert "Bước 7/7" in (agenda.text or "")
    typed = await world.say(an, "bỏ qua")  # typed instead of pressed, as many do
    preview = typed.text or ""
    assert "Bỏ qua" not in preview  # not taken for the agenda
    assert "Tên buổi họp: Sinh hoạt chi bộ tháng" in preview
    assert "Đơn vị: Phòng Đào tạo" in preview and "Thành phần: đảng viên" in preview
    assert "Lặp lại: ngày 5 hằng tháng lúc 14:00" in preview
    assert f"Các buổi đầu: 05/03/{year}, 05/04/{year}, 05/05/{year}" in preview
    saved = await _press(world, an, typed, "✅ Lưu")
    assert "Đã lưu: Sinh hoạt chi bộ tháng" in saved and "Đã tạo 4 buổi" in saved

    # 14:00 in Hà Nội is 07:00 UTC, every 5th for the 120 days ahead.
    rows = _rows(
        world,
        "SELECT m.starts_at, m.ends_at, m.place, m.attendees, u.name FROM meetings m"
        " JOIN meeting_units mu ON mu.meeting_id = m.id JOIN units u ON u.id = mu.unit_id"
        " WHERE m.series_id IS NOT NULL ORDER BY m.starts_at",
    )
    assert [r[0] for r in rows] == [f"{year}-{m:02d}-05T07:00:00.000000Z" for m in (3, 4, 5, 6)]
    assert rows[0][1:] == (f"{year}-03-05T09:00:00.000000Z", "Phòng 201", "party", "Phòng Đào tạo")
    assert _rows(world, "SELECT created_by IS NOT NULL, agenda FROM meeting_series") == [(1, None)]


async def test_the_committee_plans_an_organisation_wide_study(world: World) -> None:
    year = world.clock.now().year
    giang = await world.join("B3")  # committee
    menu = await world.say(giang, "/meetings")
    await _press(world, giang, menu, "➕ Tạo lịch mới")
    await _press(world, giang, menu, "Học tập chuyên đề / nghị quyết")
    scope = await world.say(giang, "Quán triệt Nghị quyết Trung ương")
    assert [b.text for b in scope.buttons()][:1] == ["🏛 Toàn Đảng bộ"]
    assert {"Phòng Đào tạo", "Liên khoa"} <= {b.text for b in scope.buttons()}
    await _press(world, giang, scope, "🏛 Toàn Đảng bộ")
    # Study: everyone attends, non-party staff too, unless the committee chooses otherwise.
    assert [b.text for b in now_shown(world, scope).buttons()] == [
        "Chỉ đảng viên",
        "● Tất cả (cả quần chúng)",
    ]
    await _press(world, giang, scope, "● Tất cả (cả quần chúng)")
    repeat = await world.say(giang, "10/03 08:00")
    await _press(world, giang, repeat, "Không lặp lại")
    await world.say(giang, "https://meet.example.vn/nq")
    preview = await world.say(giang, "1. Quán triệt\n2. Thảo luận")
    assert "Đơn vị: toàn" in (preview.text or "") and "Không lặp lại" in (preview.text or "")
    assert "Đã lưu" in await _press(world, giang, preview, "✅ Lưu")

    [(kind, attendees, link, starts, unit)] = _rows(
        world,
        "SELECT m.kind, m.attendees, m.online_link, m.starts_at, u.parent_id FROM meetings m"
        " JOIN meeting_units mu ON mu.meeting_id = m.id JOIN units u ON u.id = mu.unit_id",
    )
    assert (kind, attendees, link) == ("study", "all", "https://meet.example.vn/nq")
    assert starts == f"{year}-03-10T01:00:00.000000Z" and unit is None  # the organisation


async def test_a_plain_member_is_refused(world: World) -> None:
    binh = await world.join("A2")
    for command in ("/lichhop", "/meetings"):
        answer = await world.say(binh, command)
        assert "do bí thư chi bộ và Đảng ủy thực hiện" in (answer.text or "")
        assert answer.buttons() == []
    await world.sandbox.press_callback(binh, answer.message_id, "mp:new")
    await world.sandbox.wait_until_idle(quiet=0.05)
    assert "bí thư chi bộ và Đảng ủy" in str(world.sandbox.callback_answers[-1])
    assert _rows(world, "SELECT count(*) FROM meetings") == [(0,)]


async def test_a_secretary_cannot_change_another_cells_meeting(world: World) -> None:
    theirs = await _meeting(world, "Liên khoa", "Họp Liên khoa", 6)
    an = await world.join("A1")
    menu = await world.say(an, "/lichhop")
    assert "Họp Liên khoa" not in str([b.text for b in menu.buttons()])
    for data in (f"mp:o:{theirs}", f"mp:e:{theirs}", f"mp:xy:{theirs}", f"mp:d:{theirs}"):
        await world.sandbox.press_callback(an, menu.message_id, data)
        await world.sandbox.wait_until_idle(quiet=0.05)
        answer = world.sandbox.callback_answers[-1]
        assert answer["text"] == NOT_YOURS and answer["show_alert"], answer
    assert _rows(world, "SELECT title, status, sequence FROM meetings") == [
        ("Họp Liên khoa", "scheduled", 0)
    ]
    refused = _rows(world, "SELECT detail FROM audit_log WHERE event = 'meeting_change_refused'")
    assert len(refused) == 4 and str(theirs) in str(refused[0])


async def test_move_then_cancel_tells_those_reminded(world: World) -> None:
    year = world.clock.now().year
    an, binh = await world.join("A1"), await world.join("A2")
    meeting = await _meeting(world, "Phòng Đào tạo", "Họp tháng Ba", 3)
    assert await plan_meeting_reminders(world.services) > 0
    await outbox_drained(world)
    assert any("Nhắc lịch: Họp tháng Ba" in (m.text or "") for m in world.sandbox.messages(binh.id))

    menu = await world.say(an, "/lichhop")
    [label] = [b.text for b in menu.buttons() if "Họp tháng Ba" in b.text]
    assert label.startswith("03/03 14:00")
    card = await _press(world, an, menu, label)
    assert "Họp tháng Ba" in card and "Địa điểm: Phòng 201" in card
    await _press(world, an, menu, "🕒 Dời lịch")
    bad = await world.say(an, "mai")
    assert "Xin viết thêm giờ." in (bad.text or "")
    moved = await world.say(
        an, f"04/03/{year} 15:00", predicate=lambda m: "Đã dời" in (m.text or "")
    )
    assert "04/03" in (moved.text or "")
    assert _rows(world, "SELECT starts_at, sequence FROM meetings WHERE id = ?", meeting) == [
        (f"{year}-03-04T08:00:00.000000Z", 1)
    ]

    # The card again, with the new time.
    shown = await world.sandbox.wait_for_message(
        an.id, lambda m: bool(m.buttons()), after=moved.message_id
    )
    assert "04/03" in (shown.text or "")
    question = await _press(world, an, shown, "✖️ Hủy buổi này")
    assert "Những đồng chí đã được nhắc sẽ được báo hủy" in question
    await _press(world, an, shown, "✖️ Đồng ý hủy")
    assert _rows(world, "SELECT status FROM meetings WHERE id = ?", meeting) == [("cancelled",)]
    await outbox_drained(world)
    told = [m.text or "" for m in world.sandbox.messages(binh.id) if "Đã hủy" in (m.text or "")]
    assert told and "Họp tháng Ba" in told[0]
    # Only those who were reminded: Cường (not a party member) heard of nothing.
    assert _rows(
        world, "SELECT count(*) FROM outbox WHERE idempotency_key LIKE 'meeting-cancelled:%'"
    ) == [(2,)]


async def test_documents_reach_members_on_the_card(world: World) -> None:
    an, binh = await world.join("A1"), await world.join("A2")
    meeting = await _meeting(world, "Phòng Đào tạo", "Học Nghị quyết", 9)
    theirs = await _meeting(world, "Liên khoa", "Họp Liên khoa", 9)
    await world.services.meetings.add_document(None, theirs, "Bí mật", url="https://x.vn/a")

    menu = await world.say(an, "/lichhop")
    await _press(world, an, menu, next(b.text for b in menu.buttons() if "Học Nghị" in b.text))
    assert "gửi tệp hoặc ảnh" in await _press(world, an, menu, "📎 Thêm tài liệu")
    sent = await world.sandbox.send_document_as_user(an, b"%PDF-1.4 nghi quyet", "Nghi-quyet.pdf")
    added = await world.sandbox.wait_for_message(
        an.id, lambda m: "Đã thêm" in (m.text or ""), after=sent["message_id"]
    )
    assert "Đã thêm: Nghi-quyet.pdf" in (added.text or "")
    card = await world.sandbox.wait_for_message(
        an.id, lambda m: "Tài liệu" in (m.text or ""), after=added.message_id
    )
    await _press(world, an, card, "📎 Thêm tài liệu")
    await world.say(
        an,
        "Văn kiện Đại hội https://example.vn/vk",
        predicate=lambda m: "Đã thêm" in (m.text or ""),
    )

    listing = await world.say(binh, "/lich")
    text = await _press(
        world, binh, listing, next(b.text for b in listing.buttons() if "Học Nghị" in b.text)
    )
    assert "📎 Nghi-quyet.pdf" in text and "📎 Văn kiện Đại hội" in text
    buttons = now_shown(world, listing).buttons()
    link = next(b for b in buttons if b.text == "🔗 Văn kiện Đại hội")
    assert link.url == "https://example.vn/vk"
    await _press(world, binh, listing, "📄 Nghi-quyet.pdf")
    [call] = world.sandbox.calls_of("sendDocument")
    assert call.params["chat_id"] in (binh.id, str(binh.id))
    assert str(call.params["document"]).startswith("BQACSandboxUser")
    assert call.params.get("caption") == "Nghi-quyet.pdf"

    # Another cell's document: refused like its card, and nothing sent.
    [(other,)] = _rows(world, "SELECT id FROM meeting_documents WHERE meeting_id = ?", theirs)
    await world.sandbox.press_callback(binh, listing.message_id, f"lich:f:{other}")
    await world.sandbox.wait_until_idle(quiet=0.05)
    assert world.sandbox.callback_answers[-1]["show_alert"]
    assert len(world.sandbox.calls_of("sendDocument")) == 1
    assert meeting != theirs


async def test_my_answer_shows_on_the_list_and_the_card(world: World) -> None:
    binh = await world.join("A2")
    first = await _meeting(world, "Phòng Đào tạo", "Họp chi bộ", 3)
    await world.services.meetings.create(
        None,
        MeetingRequest(
            kind=MeetingKind.STUDY,
            title="Học tập chuyên đề",
            starts=datetime(world.clock.now().year, 3, 12, 8, 0),
            everyone=True,
            attendees=Attendees.ALL,
        ),
    )
    await plan_meeting_reminders(world.services)
    await outbox_drained(world)
    [reminder] = [m for m in world.sandbox.messages(binh.id) if "Họp chi bộ" in (m.text or "")]
    assert [b.text for b in reminder.buttons()][-1] == "📄 Chi tiết"
    await _press(world, binh, reminder, "📄 Chi tiết")
    card = last(world, binh)
    assert card.message_id != reminder.message_id
    assert "Đồng chí trả lời: ❔ chưa trả lời" in (card.text or "")
    await _press(world, binh, card, "✅ Tham dự")
    assert _rows(world, "SELECT answer FROM rsvps WHERE meeting_id = ?", first) == [("attending",)]

    listing = (await world.say(binh, "/lich")).text or ""
    mine, other = listing.split("2. Học tập chuyên đề\n")
    assert "Đồng chí trả lời: ✅ tham dự" in mine
    assert "Đồng chí trả lời: ❔ chưa trả lời" in other
    reopened = last(world, binh)
    await _press(world, binh, reopened, reopened.buttons()[0].text)
    await _press(world, binh, reopened, "❌ Vắng")
    await _press(world, binh, reopened, "Ốm")
    listing = (await world.say(binh, "/lich")).text or ""
    assert "Đồng chí trả lời: ❌ vắng (Ốm)" in listing
