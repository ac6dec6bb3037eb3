"""Registering breakthrough tasks through the sandbox: the guided conversation, the one-line
form, and every refusal, checked on screen and in the database."""

from __future__ import annotations

import asyncio
import sqlite3
from typing import Any

from telegram.ext import ConversationHandler

from bot.domain.model import Channel
from bot.domain.tasks import TaskDraft
from bot.sandbox.models import SandboxUser, SentMessage
from handlers.kit import conversations
from handlers.tasks import registration
from tests.e2e.conftest import World, eventually


def _rows(world: World, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    with sqlite3.connect(world.database) as conn:
        return list(conn.execute(sql, params))


def _tasks(world: World) -> list[tuple[Any, ...]]:
    return _rows(
        world,
        "SELECT t.title, t.product, t.deadline, t.status, t.area_id FROM tasks t"
        " JOIN members m ON m.id = t.owner_member_id ORDER BY t.id",
    )


def _text(message: SentMessage) -> str:
    return message.text or ""


async def _fill(world: World, user: SandboxUser, deadline: str = "30/11") -> SentMessage:
    """Answer the three questions; returns the bot's answer to the last one."""
    first = await world.say(user, "/dangky")
    assert "Bước 1/" in _text(first)
    await world.say(user, "Biên soạn giáo trình Kỹ năng lãnh đạo")
    await world.say(user, "01 giáo trình được nghiệm thu")
    return await world.say(user, deadline)


async def test_a_member_registers_by_conversation(world: World) -> None:
    year = await world.open_year()
    member = await world.join("A2")
    first = await world.say(member, "/dangky")
    assert f"năm {year}" in _text(first) and "Bứt phá về đích" in _text(first)
    assert "Bước 1/3" in _text(first) and "Ví dụ: Biên soạn giáo trình" in _text(first)
    assert "/huy" in _text(first)
    second = await world.say(member, "Biên soạn giáo trình <Kỹ năng> lãnh đạo")
    assert "Bước 2/3" in _text(second) and "Ví dụ: 01 giáo trình" in _text(second)
    third = await world.say(member, "01 giáo trình được nghiệm thu")
    assert "Bước 3/3" in _text(third) and "30/04, tháng 6, quý 2" in _text(third)
    preview = await world.say(member, "30/11")
    assert "Tên công việc: Biên soạn giáo trình <Kỹ năng> lãnh đạo" in _text(preview)
    assert "&lt;Kỹ năng&gt;" in (preview.html or "")  # the member's words are escaped
    assert f"30/11/{year}" in _text(preview) and "Thứ" in _text(preview)
    assert [b.text for b in preview.buttons()] == ["✅ Xác nhận", "✏️ Sửa", "✖️ Hủy"]
    assert _tasks(world) == []  # nothing is saved before Confirm
    await world.press(member, preview, "✅ Xác nhận")
    done = world.sandbox.messages(member.id)[-1]
    assert "đã được gửi tới bí thư chi bộ để duyệt" in _text(done) and "/congviec" in _text(done)
    assert done.buttons() == []
    assert _tasks(world) == [
        (
            "Biên soạn giáo trình <Kỹ năng> lãnh đạo",
            "01 giáo trình được nghiệm thu",
            f"{year}-11-30",
            "submitted",
            None,
        )
    ]
    updates = _rows(world, "SELECT kind, actor_member_id IS NOT NULL FROM task_updates")
    assert updates == [("submitted", 1)]
    # Only the member was told: the secretary's digest comes from the approvals job.
    secretary_chat = [
        c for c in world.sandbox.calls_of("sendMessage") if c.params.get("chat_id") != member.id
    ]
    assert secretary_chat == []


async def test_each_bad_answer_is_asked_again_with_the_reason_and_example(world: World) -> None:
    year = await world.open_year()
    member = await world.join("A2")
    await world.say(member, "/dangky")
    empty = await world.say(member, "_")
    assert "Tên công việc đang để trống." in _text(empty)
    assert "viết lại tên công việc" in _text(empty) and "Ví dụ: Biên soạn" in _text(empty)
    long = await world.say(member, "x" * 201)
    assert "quá dài (201 ký tự; tối đa 200)" in _text(long) and "Ví dụ:" in _text(long)
    product_question = await world.say(member, "x" * 200)
    assert "Bước 2/3" in _text(product_question)
    no_product = await world.say(member, "_")
    assert "sản phẩm cụ thể hoặc thước đo" in _text(no_product) and "Ví dụ: 01" in _text(no_product)
    await world.say(member, "01 bài báo")
    unreadable = await world.say(member, "sớm nhất có thể")
    assert "Tôi không đọc được ngày này." in _text(unreadable)
    assert f"Ví dụ: 30/04/{year}, 30/04" in _text(unreadable)
    outside = await world.say(member, f"30/11/{year + 1}")
    assert f"phải nằm trong năm {year}" in _text(outside) and "Ví dụ:" in _text(outside)
    preview = await world.say(member, "quý 3")
    assert preview.buttons()[0].text == "✅ Xác nhận"
    assert f"30/09/{year}" in _text(preview)
    # Typing at the preview shows it again instead of dead-ending.
    await world.say(member, "xong chưa?")
    await eventually(lambda: len(world.sandbox.messages(member.id)[-1].buttons()) == 3)
    assert _tasks(world) == []


async def test_areas_are_chosen_with_buttons_and_edit_returns_to_the_preview(
    world: World,
) -> None:
    year = await world.open_year(areas=["Chất lượng đào tạo", "Nghiên cứu khoa học"])
    member = await world.join("A2")
    first = await world.say(member, "/dangky")
    assert "Bước 1/4" in _text(first)
    await world.say(member, "Viết giáo trình")
    await world.say(member, "01 giáo trình")
    area_step = await world.say(member, "quý 3")
    assert "Bước 4/4" in _text(area_step)
    assert [b.text for b in area_step.buttons()] == [
        "1. Chất lượng đào tạo",
        "2. Nghiên cứu khoa học",
    ]
    wrong = await world.say(member, "9")
    assert "Xin chọn một trong các khâu đột phá." in _text(wrong)
    assert len(wrong.buttons()) == 2  # asked again with the buttons at hand
    await world.press(member, wrong, "2. Nghiên cứu khoa học")
    preview = world.sandbox.messages(member.id)[-1]
    assert "Khâu đột phá: Nghiên cứu khoa học" in _text(preview)
    # Edit: pick the field, answer again, back at the preview with the new value.
    await world.press(member, preview, "✏️ Sửa")
    picker = world.sandbox.messages(member.id)[-1]
    assert [b.text for b in picker.buttons()] == [
        "Tên công việc",
        "Sản phẩm",
        "Thời hạn",
        "Khâu đột phá",
        "« Quay lại",
    ]
    await world.press(member, picker, "Tên công việc")
    asked = world.sandbox.messages(member.id)[-1]
    assert "Hiện tại: Viết giáo trình" in _text(asked)
    again = await world.say(member, "Biên soạn giáo trình điện tử")
    assert "Tên công việc: Biên soạn giáo trình điện tử" in _text(again)
    await world.press(member, again, "✏️ Sửa")
    await world.press(member, world.sandbox.messages(member.id)[-1], "Khâu đột phá")
    typed = await world.say(member, "1")  # the area by its number
    assert "Khâu đột phá: Chất lượng đào tạo" in _text(typed)
    await world.press(member, typed, "✅ Xác nhận")
    [(area_id,)] = _rows(world, "SELECT id FROM areas WHERE name = 'Chất lượng đào tạo'")
    assert _tasks(world) == [
        ("Biên soạn giáo trình điện tử", "01 giáo trình", f"{year}-09-30", "submitted", area_id)
    ]


async def test_cancel_in_the_middle_saves_nothing(world: World) -> None:
    await world.open_year()
    member = await world.join("A2")
    await world.say(member, "/dangky")
    await world.say(member, "Viết giáo trình")
    cancelled = await world.say(member, "/huy")
    assert _text(cancelled) == "Đã hủy đăng ký, chưa có gì được lưu."
    after = await world.say(member, "01 giáo trình")  # no longer an answer
    assert "Bước" not in _text(after)
    assert _tasks(world) == []
    # The preview's Cancel button does the same.
    preview = await _fill(world, member)
    await world.press(member, preview, "✖️ Hủy")
    assert "Đã hủy đăng ký" in _text(world.sandbox.messages(member.id)[-1])
    assert _tasks(world) == []


async def test_a_closed_window_is_refused_with_the_dates(world: World) -> None:
    await world.open_year(open_now=False)
    year = await world.services.years.current()
    assert year is not None
    member = await world.join("A2")
    refused = await world.say(member, "/dangky")
    opens, closes = year.opens.strftime("%d/%m/%Y"), year.closes.strftime("%d/%m/%Y")
    assert _text(refused) == (
        f"Việc đăng ký năm {year.year} chỉ mở từ {opens} đến {closes}. "
        "Nếu cần đăng ký thêm, đồng chí đề nghị bí thư chi bộ (Nguyễn Văn An) hoặc Đảng ủy mở lại."
    )
    later = await world.say(member, "Viết giáo trình")  # no conversation was started
    assert "Bước" not in _text(later)


async def test_the_maximum_is_refused_at_the_start_and_at_confirm(world: World) -> None:
    await world.open_year(max_tasks=1)
    member = await world.join("A2")
    preview = await _fill(world, member)
    # Meanwhile the member registers elsewhere (another device): Confirm meets the limit.
    identity = await world.services.membership.identify(Channel.TELEGRAM, str(member.id))
    assert identity is not None
    deadline = world.clock.now().date().replace(month=12, day=31)
    await world.services.tasks.register(identity, TaskDraft("Khác", "01 bài", deadline))
    await world.press(member, preview, "✅ Xác nhận")
    refused = world.sandbox.messages(member.id)[-1]
    assert "đã đăng ký 1 công việc, là số tối đa" in _text(refused)
    assert refused.buttons() == []
    again = await world.say(member, "/dangky")
    assert "đã đăng ký 1 công việc, là số tối đa" in _text(again)
    assert len(_tasks(world)) == 1


async def test_one_line_registration(world: World) -> None:
    year = await world.open_year()
    member = await world.join("A2")
    usage = await world.say(member, "/dangky Viết giáo trình | 01 giáo trình")
    assert "cách nhau bằng dấu |" in _text(usage) and "Ví dụ: /dangky" in _text(usage)
    no_product = await world.say(member, "/dangky Viết giáo trình |  | 30/11")
    assert "sản phẩm cụ thể hoặc thước đo" in _text(no_product) and "Ví dụ: /dangky" in _text(
        no_product
    )
    bad_date = await world.say(member, "/dangky Viết giáo trình | 01 giáo trình | mai kia")
    assert "Tôi không đọc được ngày này." in _text(bad_date)
    assert _tasks(world) == []
    done = await world.say(member, "/register Viết giáo trình | 01 giáo trình | tháng 6")
    assert "Viết giáo trình" in _text(done) and "bí thư chi bộ để duyệt" in _text(done)
    assert _tasks(world) == [
        ("Viết giáo trình", "01 giáo trình", f"{year}-06-30", "submitted", None)
    ]


async def test_one_line_with_areas_asks_the_area_with_buttons(world: World) -> None:
    year = await world.open_year(areas=["Chất lượng đào tạo", "Nghiên cứu khoa học"])
    member = await world.join("A2")
    # The README's form, without the area: the area is asked with buttons, then the preview.
    asked = await world.say(member, "/dangky Viết giáo trình | 01 giáo trình | 30/11")
    assert "Bước 4/4. Công việc thuộc khâu đột phá nào?" in _text(asked)
    assert [b.text for b in asked.buttons()] == ["1. Chất lượng đào tạo", "2. Nghiên cứu khoa học"]
    assert _tasks(world) == []
    await world.press(member, asked, "2. Nghiên cứu khoa học")
    preview = world.sandbox.messages(member.id)[-1]
    assert "Tên công việc: Viết giáo trình" in _text(preview)
    assert "Khâu đột phá: Nghiên cứu khoa học" in _text(preview)
    assert [b.text for b in preview.buttons()] == ["✅ Xác nhận", "✏️ Sửa", "✖️ Hủy"]
    assert _tasks(world) == []
    await world.press(member, preview, "✅ Xác nhận")
    assert "bí thư chi bộ để duyệt" in _text(world.sandbox.messages(member.id)[-1])
    [(research,)] = _rows(world, "SELECT id FROM areas WHERE name = 'Nghiên cứu khoa học'")
    assert _tasks(world) == [
        ("Viết giáo trình", "01 giáo trình", f"{year}-11-30", "submitted", research)
    ]
    # With the area written as a fourth part, it registers at once, as before.
    done = await world.say(member, "/dangky Soạn bài giảng | 01 bài giảng | 30/11 | nghien cuu")
    assert "bí thư chi bộ để duyệt" in _text(done)
    assert _tasks(world)[1][0] == "Soạn bài giảng" and _tasks(world)[1][4] == research
    # Too few parts: the usage says the area may be added.
    usage = await world.say(member, "/dangky Viết giáo trình | 01 giáo trình")
    assert "có thể thêm khâu đột phá" in _text(usage)


async def test_without_approval_the_task_starts_at_once(world: World) -> None:
    year = await world.open_year(approval=False)
    member = await world.join("A2")
    preview = await _fill(world, member, "cuối năm")
    await world.press(member, preview, "✅ Xác nhận")
    done = world.sandbox.messages(member.id)[-1]
    assert f"đã được đăng ký cho năm {year}" in _text(done)
    assert _tasks(world)[0][2:4] == (f"{year}-12-31", "in_progress")


async def test_an_idle_conversation_ends_politely(world: World) -> None:
    [handler] = [
        h
        for h in world.app.handlers[0]
        if isinstance(h, ConversationHandler) and h.name == "registration"
    ]
    assert handler.conversation_timeout == 1800
    # The same conversation with a short timeout, in the same place.
    group = world.app.handlers[0]
    group[group.index(handler)] = registration.conversation(timeout=0.3)
    await world.open_year()
    member = await world.join("A2")
    await world.say(member, "/dangky")
    await world.say(member, "Viết giáo trình")
    await asyncio.sleep(0.5)
    await eventually(lambda: "tạm dừng" in _text(world.sandbox.messages(member.id)[-1]))
    assert "/dangky" in _text(world.sandbox.messages(member.id)[-1])
    after = await world.say(member, "01 giáo trình")
    assert "Bước" not in _text(after)
    assert _tasks(world) == []


async def test_an_edited_message_never_acts_again(world: World) -> None:
    year = await world.open_year()
    member = await world.join("A2")
    sent = await world.sandbox.send_text(member, "/dangky Viết giáo trình | 01 giáo trình | 30/11")
    done = await world.sandbox.wait_for_message(member.id, after=sent["message_id"])
    assert "bí thư chi bộ để duyệt" in _text(done)

    # Correcting the one-line message registers nothing more; the member is told why.
    await world.sandbox.edit_text(
        member, sent["message_id"], "/dangky Viết giáo trình điện tử | 01 giáo trình | 30/11"
    )
    await eventually(lambda: "tin sửa" in _text(world.sandbox.messages(member.id)[-1]))
    assert _text(world.sandbox.messages(member.id)[-1]) == (
        "Đã nhận tin sửa; bot không đổi theo tin sửa. Nếu cần thay đổi, đồng chí vui lòng gửi "
        "lại bằng một tin nhắn mới."
    )
    assert _tasks(world) == [
        ("Viết giáo trình", "01 giáo trình", f"{year}-11-30", "submitted", None)
    ]

    # Nor is an edited answer taken as the next answer of a conversation.
    await world.say(member, "/dangky")
    title = await world.sandbox.send_text(member, "Soạn bài giảng")
    second = await world.sandbox.wait_for_message(member.id, after=title["message_id"])
    assert "Bước 2/3" in _text(second)
    await world.sandbox.edit_text(member, title["message_id"], "Soạn bài giảng mới")
    await eventually(lambda: "tin sửa" in _text(world.sandbox.messages(member.id)[-1]))
    product = await world.say(member, "01 bài giảng")
    assert "Bước 3/3" in _text(product)

    # In a group, an edit gets no answer at all.
    group = world.sandbox.create_group("Chi bộ Phòng Đào tạo")
    in_group = await world.sandbox.send_text(member, "/dangky", chat_id=group)
    await world.sandbox.wait_for_message(group, after=in_group["message_id"])
    before = len(world.sandbox.messages(group))
    await world.sandbox.edit_text(member, in_group["message_id"], "/dangky x | y | 30/11", group)
    await world.sandbox.wait_until_idle(quiet=0.3)
    assert len(world.sandbox.messages(group)) == before
    assert len(_tasks(world)) == 1


async def test_a_refused_start_leaves_no_conversation_to_time_out(world: World) -> None:
    """A stranger's /dangky is refused at the entry: no conversation starts, so nothing is
    said again half an hour later ("we stopped here…" to someone who never began)."""
    [handler] = [
        h
        for h in world.app.handlers[0]
        if isinstance(h, ConversationHandler) and h.name == "registration"
    ]
    group = world.app.handlers[0]
    short = registration.conversation(timeout=0.3)
    conversations.track(short)
    group[group.index(handler)] = short
    await world.open_year()
    stranger = world.sandbox.create_user("Người lạ")
    await world.say(stranger, "/dangky")
    await asyncio.sleep(0.8)
    await world.sandbox.wait_until_idle(quiet=0.2)
    assert len(world.sandbox.messages(stranger.id)) == 1
