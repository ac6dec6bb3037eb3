"""Changing the year mid-year (issue 9, items 6, 7 and 9): a change that affects others is
shown with what it does and saved only after "Lưu"; areas renamed keep their tasks, areas
removed never take them along; members refused because registration closed are told whom to
ask, and their cell secretary can reopen it for them; the examples shown work when pasted."""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta
from typing import Any

from bot.sandbox.models import SandboxUser, SentMessage
from tests.e2e.conftest import World, outbox_drained

AREAS = ["Chất lượng đào tạo", "Nghiên cứu khoa học", "Chuyển đổi số"]


def _rows(world: World, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    with sqlite3.connect(world.database) as conn:
        return list(conn.execute(sql, params))


def _text(message: SentMessage) -> str:
    return message.text or ""


def _today(world: World) -> date:
    return world.clock.now().astimezone(world.services.zone).date()


def _last(world: World, user: SandboxUser) -> SentMessage:
    message = world.sandbox.last_message(user.id)
    assert message is not None
    return message


def _task_areas(world: World) -> list[tuple[str, str, str | None]]:
    return _rows(
        world,
        "SELECT m.member_code, t.title, a.name FROM tasks t JOIN members m"
        " ON m.id = t.owner_member_id LEFT JOIN areas a ON a.id = t.area_id ORDER BY t.id",
    )


async def _register(world: World, user: SandboxUser, title: str, area: int) -> None:
    done = await world.say(user, f"/dangky {title} | 01 sản phẩm | 30/11 | {area}")
    assert "đã được đăng ký" in _text(done), _text(done)


async def test_renaming_and_removing_areas_in_use_asks_where_their_tasks_go(
    world: World,
) -> None:
    await world.open_year(approval=False, areas=AREAS)
    binh, cuong = await world.join("A2"), await world.join("A3")
    committee = await world.join("B3")
    await _register(world, binh, "Viết giáo trình", 1)
    await _register(world, binh, "Đổi mới bài giảng", 1)
    await _register(world, cuong, "Số hóa hồ sơ", 3)
    ids = dict(_rows(world, "SELECT name, id FROM areas"))

    # The first area renamed in its place, the second kept, the third left out.
    preview = await world.say(committee, "/khaudotpha Đào tạo chất lượng cao; Nghiên cứu khoa học")
    lines = _text(preview).splitlines()
    assert "Đã lưu" not in _text(preview)
    assert (
        "1. Đào tạo chất lượng cao — đổi tên từ «Chất lượng đào tạo»; 2 công việc vẫn giữ khâu này"
        in lines
    )
    assert "2. Nghiên cứu khoa học — giữ nguyên (0 công việc)" in lines
    assert (
        "✖ Bỏ «Chuyển đổi số»; 1 công việc đang thuộc khâu này: Lê Văn Cường: Số hóa hồ sơ" in lines
    )
    assert [b.text for b in preview.buttons()] == [
        "→ 1. Đào tạo chất lượng cao",
        "→ 2. Nghiên cứu khoa học",
        "Hủy",
    ]
    # Nothing has changed yet.
    assert _rows(world, "SELECT name FROM areas ORDER BY position") == [(a,) for a in AREAS]

    await world.press(committee, preview, "→ 2. Nghiên cứu khoa học")
    confirm = _last(world, committee)
    assert "✖ Bỏ «Chuyển đổi số»; 1 công việc chuyển sang «Nghiên cứu khoa học»." in _text(confirm)
    assert "Lưu các khâu đột phá này?" in _text(confirm)
    await world.press(committee, confirm, "✅ Lưu")
    saved = _last(world, committee)
    assert "Đã lưu." in _text(saved) and "1. Đào tạo chất lượng cao" in _text(saved)

    assert _rows(world, "SELECT id, name FROM areas ORDER BY position") == [
        (ids["Chất lượng đào tạo"], "Đào tạo chất lượng cao"),
        (ids["Nghiên cứu khoa học"], "Nghiên cứu khoa học"),
    ]
    assert _task_areas(world) == [
        ("A2", "Viết giáo trình", "Đào tạo chất lượng cao"),
        ("A2", "Đổi mới bài giảng", "Đào tạo chất lượng cao"),
        ("A3", "Số hóa hồ sơ", "Nghiên cứu khoa học"),
    ]
    # The member's card shows the new name.
    tasks = await world.say(binh, "/congviec")
    await world.press(binh, tasks, 0)
    assert "Khâu đột phá: Đào tạo chất lượng cao" in _text(_last(world, binh))
    events = [r[0] for r in _rows(world, "SELECT detail FROM audit_log WHERE event = 'year_set'")]
    assert '"Chuyển đổi số": "Nghiên cứu khoa học"' in events[-1]


async def test_cancelling_an_area_change_changes_nothing_and_adding_saves_at_once(
    world: World,
) -> None:
    await world.open_year(approval=False, areas=AREAS)
    binh = await world.join("A2")
    committee = await world.join("B3")
    await _register(world, binh, "Viết giáo trình", 3)

    usage = await world.say(committee, "/khaudotpha")
    assert f"/khaudotpha {'; '.join(AREAS)}" in _text(usage)

    preview = await world.say(committee, "/khaudotpha Chất lượng đào tạo")
    stale = preview.buttons()[0].callback_data
    assert stale is not None
    await world.press(committee, preview, "Hủy")
    assert _text(_last(world, committee)) == "Đã hủy, không có gì thay đổi."
    # A button of the cancelled preview (pressed from another device, say) does nothing.
    await world.sandbox.press_callback(committee, preview.message_id, stale)
    await world.sandbox.wait_until_idle(quiet=0.05)
    assert world.sandbox.callback_answers[-1]["text"] == "Nút này không còn dùng được nữa."
    assert _rows(world, "SELECT name FROM areas ORDER BY position") == [(a,) for a in AREAS]
    assert _task_areas(world) == [("A2", "Viết giáo trình", "Chuyển đổi số")]

    # Adding an area (and typing the others without diacritics) affects no task: saved at once.
    added = await world.say(
        committee, "/khaudotpha Chất lượng đào tạo; Nghiên cứu khoa học; Chuyển đổi số; Hợp tác"
    )
    assert "Đã lưu." in _text(added) and "4. Hợp tác" in _text(added)
    twice = await world.say(committee, "/khaudotpha Hợp tác; hop tac")
    assert _text(twice) == "Khâu «hop tac» được viết hai lần."


async def test_an_example_date_of_the_past_closing_registration_asks_first(world: World) -> None:
    year = await world.open_year(max_tasks=3, approval=False, areas=["Chuyển đổi số"])
    binh = await world.join("A2")
    committee = await world.join("B3")
    for title in ("Một", "Hai", "Ba"):
        await _register(world, binh, title, 1)
    world.clock.advance(days=70)  # mid-May: the old example's 31/03 has passed

    asked = await world.say(
        committee, f"/nam {year} | Bứt phá về đích | 01/01/{year} | 31/03/{year} | 2 | có"
    )
    text = _text(asked)
    assert "Đã lưu" not in text
    assert (
        f"⚠️ Việc đăng ký đóng ngay với mọi người: ngày đóng 31/03/{year} đã qua "
        f"(hôm nay là {_today(world):%d/%m/%Y})." in text
    )
    assert (
        "⚠️ 1 đồng chí đã đăng ký nhiều hơn 2 công việc: Trần Thị Bình (3). Các công việc đã "
        "đăng ký vẫn giữ nguyên; các đồng chí không đăng ký thêm được." in text
    )
    # The year as it would be, areas included.
    assert f"Thời gian đăng ký: 01/01/{year} – 31/03/{year}\n" in text
    assert "1. Chuyển đổi số" in text
    assert [b.text for b in asked.buttons()] == ["✅ Lưu", "Hủy"]
    assert _rows(world, "SELECT closes, max_tasks FROM years") == [(f"{year}-12-31", 3)]

    await world.press(committee, asked, "Hủy")
    assert _text(_last(world, committee)) == "Đã hủy, không có gì thay đổi."
    assert _rows(world, "SELECT closes, max_tasks FROM years") == [(f"{year}-12-31", 3)]

    again = await world.say(
        committee, f"/nam {year} | Bứt phá về đích | 01/01/{year} | 31/03/{year} | 2 | có"
    )
    await world.press(committee, again, "✅ Lưu")
    assert "Đã lưu." in _text(_last(world, committee))
    assert _rows(world, "SELECT closes, max_tasks FROM years") == [(f"{year}-03-31", 2)]

    # Another year becoming the current one is a change for everyone too.
    switch = await world.say(
        committee, f"/nam {year + 1} | Năm sau | 01/01/{year + 1} | 31/03/{year + 1}"
    )
    assert f"⚠️ Năm {year + 1} trở thành năm hiện tại thay cho năm {year}" in _text(switch)
    assert _rows(world, "SELECT year FROM years WHERE is_current = 1") == [(year,)]


async def test_the_year_example_is_built_from_today_and_pasting_it_keeps_registration_open(
    world: World,
) -> None:
    year = await world.open_year()
    committee = await world.join("B3")
    world.clock.advance(days=70)  # mid-May
    today = _today(world)
    shown = await world.say(committee, "/nam")
    example = next(line for line in _text(shown).splitlines() if line.startswith("Ví dụ: /nam"))
    end_of_june = date(year, 6, 30)
    assert example == (
        f"Ví dụ: /nam {year} | Bứt phá về đích | {today:%d/%m/%Y} | {end_of_june:%d/%m/%Y} | 5 | có"
    )
    pasted = await world.say(committee, example.removeprefix("Ví dụ: "))
    assert "Đã lưu." in _text(pasted)
    assert _rows(world, "SELECT opens, closes FROM years") == [
        (today.isoformat(), end_of_june.isoformat())
    ]
    # The date in a refusal's hint is today's too.
    bad = await world.say(committee, f"/nam {year} | Bứt phá | hôm kia | 30/06/{year}")
    assert f"ví dụ {today:%d/%m/%Y}" in _text(bad)
    # The same words as every other date question: "hôm nay", a day and month of that year.
    spoken = await world.say(committee, f"/nam {year} | Bứt phá về đích | hôm nay | 30/06 | 5 | có")
    assert "Đã lưu." in _text(spoken), _text(spoken)
    assert _rows(world, "SELECT opens, closes FROM years") == [
        (today.isoformat(), end_of_june.isoformat())
    ]


async def test_a_refused_member_is_told_whom_to_ask_and_the_secretary_reopens_for_them(
    world: World,
) -> None:
    year = await world.open_year(open_now=False)
    binh = await world.join("A2")
    secretary = await world.join("A1")
    closed = await world.say(binh, "/dangky")
    assert "đề nghị bí thư chi bộ (Nguyễn Văn An) hoặc Đảng ủy mở lại" in _text(closed), _text(
        closed
    )
    # The secretary themself is sent to the committee.
    own = await world.say(secretary, "/dangky")
    assert "đề nghị Đảng ủy mở lại" in _text(own) and "Nguyễn Văn An" not in _text(own)

    picker = await world.say(secretary, "/molai")
    # The cell's members by given name, not the secretary.
    assert [b.text for b in picker.buttons()] == ["Trần Thị Bình", "Lê Văn Cường"]
    today = _today(world)
    # The example's date: the end of next month (the clock is in early March).
    assert f"Ví dụ: /molai Trần Thị Bình | 30/04/{year}" in _text(picker)
    await world.press(secretary, picker, "Trần Thị Bình")
    dates = _last(world, secretary)
    week = today + timedelta(days=7)
    assert dates.buttons()[0].text == f"Đến {week:%d/%m/%Y}"
    await world.press(secretary, dates, 0)
    assert _text(_last(world, secretary)) == (
        f"Đã mở lại đăng ký cho đồng chí Trần Thị Bình đến hết ngày {week:%d/%m/%Y}."
    )
    assert _rows(
        world,
        "SELECT m.member_code, r.until, g.member_code FROM registration_reopenings r"
        " JOIN members m ON m.id = r.member_id JOIN members g ON g.id = r.granted_by",
    ) == [("A2", week.isoformat(), "A1")]
    await outbox_drained(world)
    told = _last(world, binh)
    assert _text(told) == (
        f"Đồng chí Nguyễn Văn An đã mở lại việc đăng ký công việc bứt phá năm {year} cho đồng chí đến "
        f"hết ngày {week:%d/%m/%Y}. Gửi /dangky để đăng ký."
    )
    assert "Bước 1/3" in _text(await world.say(binh, "/dangky"))


async def test_a_secretary_cannot_reopen_for_another_cell(world: World) -> None:
    year = await world.open_year(open_now=False)
    secretary = await world.join("A1")
    await world.join("B2")
    typed = await world.say(secretary, "/molai Hoàng Văn Em | sang năm")
    assert f"Ví dụ: /molai Hoàng Văn Em | 30/04/{year}" in _text(typed)
    refused = await world.say(secretary, f"/molai Hoàng Văn Em | 31/12/{year}")
    assert _text(refused) == (
        "Đồng chí chỉ mở lại được việc đăng ký cho người trong chi bộ của mình, và không cho "
        "chính mình."
    )
    (other,) = _rows(world, "SELECT id FROM members WHERE member_code = 'B2'")[0]
    picker = await world.say(secretary, "/molai")
    await world.sandbox.press_callback(secretary, picker.message_id, f"yo:m:{other}")
    await world.sandbox.wait_until_idle(quiet=0.05)
    assert world.sandbox.callback_answers[-1]["text"] == _text(refused)
    await world.sandbox.press_callback(secretary, picker.message_id, f"yo:u:{other}:{year}1231")
    await world.sandbox.wait_until_idle(quiet=0.05)
    assert _rows(world, "SELECT count(*) FROM registration_reopenings") == [(0,)]
    events = [r[0] for r in _rows(world, "SELECT event FROM audit_log")]
    assert events.count("reopen_refused") == 3
    # A plain member may not reopen at all.
    member = await world.join("A2")
    assert _text(await world.say(member, "/molai A3 | 31/12/2099")) == (
        "Chỉ bí thư chi bộ và Đảng ủy mới mở lại được việc đăng ký."
    )
