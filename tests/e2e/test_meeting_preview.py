"""/lichhop's preview through the sandbox: any answer can be changed before saving, a second
series of the same kind for the same cell is created only once confirmed, and a series' rule
is said in words (Vietnamese or English), never in the compact form of scripts."""

from __future__ import annotations

import html
import re
import sqlite3
from datetime import datetime

from bot.domain.meetings import MeetingKind, MeetingRequest
from bot.sandbox.models import SandboxUser, SentMessage
from tests.e2e.conftest import World, eventually
from tests.e2e.task_steps import last, now_shown


def _rows(world: World, sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(world.database) as conn:
        return list(conn.execute(sql))


def _codes(message: SentMessage) -> list[str]:
    return [html.unescape(c) for c in re.findall(r"<code>(.*?)</code>", message.html or "")]


async def _press(world: World, user: SandboxUser, message: SentMessage, button: str) -> str:
    """Press ``button`` on the message as it stands now; what the message says after."""
    before = now_shown(world, message).text
    await world.press(user, now_shown(world, message), button)
    await eventually(lambda: now_shown(world, message).text != before)
    return now_shown(world, message).text or ""


async def _up_to_the_start(world: World, user: SandboxUser, title: str) -> SentMessage:
    """A new cell meeting of ``user``'s one cell, answered up to the start's question."""
    menu = await world.say(user, "/lichhop")
    await world.press(user, menu, "mp:new")  # the buttons' data: the same in either language
    await world.press(user, menu, "mp:k:cell_meeting")
    who = await world.say(user, title)
    await _press(world, user, who, "mp:a:party")
    return who


async def _preview(
    world: World, user: SandboxUser, title: str, start: str, repeat: str
) -> SentMessage:
    await _up_to_the_start(world, user, title)
    question = await world.say(user, start)
    await _press(world, user, question, repeat)
    await world.say(user, "Phòng 201")
    return await world.say(user, "bỏ qua")


async def test_any_answer_can_be_changed_from_the_preview(world: World) -> None:
    year = world.clock.now().year  # the clock: 2 March, 08:00 in Hà Nội
    an = await world.join("A1")  # the secretary of one cell: the unit is not asked
    preview = await _preview(world, an, "Sinh hoạt chi bộ tháng", "10/03 14:00", "Không lặp lại")
    assert [b.text for b in preview.buttons()] == ["✅ Lưu", "✏️ Sửa", "✖️ Hủy"]
    fields = await _press(world, an, preview, "✏️ Sửa")
    assert fields == "Đồng chí muốn sửa phần nào?"
    assert [b.text for b in now_shown(world, preview).buttons()] == [
        "Loại buổi họp",
        "Tiêu đề",
        "Thành phần tham dự",
        "Thời gian bắt đầu",
        "Lặp lại",
        "Địa điểm hoặc đường dẫn",
        "Nội dung",
        "◀ Quay lại",
    ]
    assert "Bước 4/7" in await _press(world, an, preview, "Thời gian bắt đầu")
    # A typed answer: the preview again, as a new message, with every other answer kept.
    preview = await world.say(an, "thứ Sáu tuần sau 9h")
    text = preview.text or ""
    assert "Bắt đầu: Thứ Sáu, 13/03/" in text and " 09:00" in text
    assert "Tên buổi họp: Sinh hoạt chi bộ tháng" in text and "Địa điểm: Phòng 201" in text
    assert "Lặp lại: Không lặp lại" in text

    # A pressed answer: the preview in its place.
    await _press(world, an, preview, "✏️ Sửa")
    await _press(world, an, preview, "Lặp lại")
    text = await _press(world, an, preview, "Hằng tháng vào ngày này")
    assert "Lặp lại: ngày 13 hằng tháng lúc 9:00" in text
    assert f"Các buổi đầu: 13/03/{year}, 13/04/{year}, 13/05/{year}" in text

    await _press(world, an, preview, "✏️ Sửa")
    await _press(world, an, preview, "Tiêu đề")
    preview = await world.say(an, "Sinh hoạt chi bộ tháng Ba")
    assert "Tên buổi họp: Sinh hoạt chi bộ tháng Ba" in (preview.text or "")
    await _press(world, an, preview, "✏️ Sửa")
    await _press(world, an, preview, "Địa điểm hoặc đường dẫn")
    await _press(world, an, preview, "Bỏ qua")  # no place after all
    assert "Địa điểm" not in (now_shown(world, preview).text or "")
    await _press(world, an, preview, "✏️ Sửa")
    back = await _press(world, an, preview, "◀ Quay lại")
    assert "Tên buổi họp: Sinh hoạt chi bộ tháng Ba" in back
    assert _rows(world, "SELECT count(*) FROM meetings") == [(0,)]  # nothing saved yet

    assert "Đã lưu: Sinh hoạt chi bộ tháng Ba" in await _press(world, an, preview, "✅ Lưu")
    assert _rows(world, "SELECT title, rule, place FROM meeting_series") == [
        ("Sinh hoạt chi bộ tháng Ba", "hằng tháng", None)
    ]
    first = _rows(world, "SELECT starts_at FROM meetings ORDER BY starts_at LIMIT 1")
    assert first == [(f"{year}-03-13T02:00:00.000000Z",)]


async def test_the_committee_may_change_whose_meeting_it_is(world: World) -> None:
    giang = await world.join("B3")  # committee: the whole organisation or any cell
    menu = await world.say(giang, "/lichhop")
    await world.press(giang, menu, "➕ Tạo lịch mới")
    await world.press(giang, menu, "Học tập chuyên đề / nghị quyết")
    scope = await world.say(giang, "Quán triệt Nghị quyết")
    await _press(world, giang, scope, "🏛 Toàn Đảng bộ")
    await _press(world, giang, scope, "● Tất cả (cả quần chúng)")
    repeat = await world.say(giang, "10/03 08:00")
    await _press(world, giang, repeat, "Không lặp lại")
    await world.say(giang, "bỏ qua")
    preview = await world.say(giang, "bỏ qua")
    await _press(world, giang, preview, "✏️ Sửa")
    assert "Đơn vị" in [b.text for b in now_shown(world, preview).buttons()]
    await _press(world, giang, preview, "Đơn vị")
    text = await _press(world, giang, preview, "Liên khoa")
    assert "Đơn vị: Liên khoa" in text and "Thành phần: tất cả" in text


async def test_a_second_monthly_series_for_the_same_cell_is_confirmed_first(world: World) -> None:
    year = world.clock.now().year
    for cell in ("Phòng Đào tạo", "Liên khoa"):
        await world.services.meetings.create(
            None,
            MeetingRequest(
                kind=MeetingKind.CELL_MEETING,
                title="Sinh hoạt chi bộ định kỳ",
                starts=datetime(year, 3, 5, 14, 0),
                cells=(cell,),
                repeat="monthly:5@14:00",  # as a script or the demo writes it
            ),
        )
    an = await world.join("A1")
    # A one-off meeting is no second series: saved at once.
    preview = await _preview(world, an, "Họp bất thường", "12/03 14:00", "Không lặp lại")
    assert "Đã lưu" in await _press(world, an, preview, "✅ Lưu")

    preview = await _preview(
        world, an, "Sinh hoạt chi bộ", "20/03 14:00", "Hằng tháng vào ngày này"
    )
    warning = await _press(world, an, preview, "✅ Lưu")
    assert warning == (
        "⚠️ Chi bộ Phòng Đào tạo đã có lịch sinh hoạt chi bộ định kỳ: ngày 5 hằng tháng lúc "
        "14:00.\nVẫn tạo thêm?"
    )
    assert [b.text for b in now_shown(world, preview).buttons()] == [
        "✅ Vẫn tạo thêm",
        "◀ Quay lại",
    ]
    assert _rows(world, "SELECT count(*) FROM meeting_series") == [(2,)]
    back = await _press(world, an, preview, "◀ Quay lại")
    assert "Lặp lại: ngày 20 hằng tháng lúc 14:00" in back
    await _press(world, an, preview, "✅ Lưu")
    assert "Đã lưu: Sinh hoạt chi bộ" in await _press(world, an, preview, "✅ Vẫn tạo thêm")
    assert _rows(world, "SELECT count(*) FROM meeting_series") == [(3,)]


async def test_a_repeat_rule_is_said_in_words_never_in_script_syntax(world: World) -> None:
    an = await world.join("A1")
    await _up_to_the_start(world, an, "Sinh hoạt chi bộ tháng")
    question = await world.say(an, "10/03 14:00")
    # Examples that keep the start's day and time, each of which reads back.
    examples = _codes(question)
    assert examples[0] == "ngày 10 hằng tháng lúc 14:00" and len(examples) == 2
    assert examples[1].endswith(" thứ hai của tháng lúc 14:00")  # 10 March: the 2nd such day
    wrong = await world.say(an, "mỗi khi rảnh")
    assert "ngày 5 hằng tháng lúc 14:00" in (wrong.text or "")
    assert "monthly" not in (wrong.text or "") and "@" not in (wrong.text or "")
    place = await world.say(an, examples[1])
    assert "Bước 6/7" in (place.text or "")
    await world.say(an, "bỏ qua")
    preview = await world.say(an, "bỏ qua")
    assert f"Lặp lại: {examples[1]}" in (preview.text or "")

    # Typed in the compact form anyway: the preview says it in words.
    await _press(world, an, preview, "✏️ Sửa")
    await _press(world, an, preview, "Lặp lại")
    preview = await world.say(an, "monthly:5@14:00")
    assert "Lặp lại: ngày 5 hằng tháng lúc 14:00" in (preview.text or "")

    # In English, English phrases.
    menu = await world.say(an, "/language")
    await world.press(an, menu, "English")
    await _up_to_the_start(world, an, "Cell meeting")
    await world.say(an, "10/03 14:00")
    wrong = await world.say(an, "whenever")
    assert '"monthly on day 5 at 14:00"' in (wrong.text or "")
    assert "hằng" not in (wrong.text or "") and "monthly:" not in (wrong.text or "")
    assert last(world, an).text == wrong.text
