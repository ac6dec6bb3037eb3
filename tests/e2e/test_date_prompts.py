"""Every prompt that asks for a date, through the sandbox. The examples it shows read back as
they are, on 2 March and on 31 December (when tomorrow and next Friday are next year); and
what members type — "mai 14h", "thứ Sáu tuần sau", "cuối tuần", "01/12 06:00" — is read the
same way at every prompt, a day without a year being this year's."""

from __future__ import annotations

import html
import re
from datetime import date, datetime, timedelta

import pytest

from bot.domain.meetings import MeetingKind, MeetingRequest
from bot.sandbox.models import SandboxUser, SentMessage
from tests.e2e.conftest import World, eventually
from tests.e2e.task_steps import last, now_shown, register, row, rows, set_day

CLOCKS = [pytest.param((3, 2), id="2-march"), pytest.param((12, 31), id="31-december")]


def codes(message: SentMessage) -> list[str]:
    """The examples a message shows, each a code span (one tap copies it on a phone)."""
    return [html.unescape(c) for c in re.findall(r"<code>(.*?)</code>", message.html or "")]


def example_line(message: SentMessage) -> str:
    """The one-line form's example: the line after "Ví dụ: "."""
    [line] = [x for x in (message.text or "").splitlines() if x.startswith("Ví dụ: /")]
    return line.removeprefix("Ví dụ: ")


def today(world: World) -> date:
    return world.services.tasks.today()


async def answer(world: World, user: SandboxUser, text: str, wanted: str) -> SentMessage:
    """Say ``text`` and wait for the bot's message that contains ``wanted``."""
    return await world.say(user, text, predicate=lambda m: wanted in m.content)


# --- the examples, pasted back ---------------------------------------------------------------


@pytest.mark.parametrize("day", CLOCKS)
async def test_the_registration_deadline_examples_are_accepted(
    world: World, day: tuple[int, int]
) -> None:
    set_day(world, *day)
    year = await world.open_year(approval=False, max_tasks=20)
    member = await world.join("A2")
    await world.say(member, "/dangky")
    await world.say(member, "Biên soạn giáo trình")
    question = await world.say(member, "01 giáo trình được nghiệm thu")
    examples = codes(question)
    assert len(examples) == 5 and examples[-1] == "cuối năm"
    preview = question
    for number, example in enumerate(examples):
        if number:
            await world.press(member, preview, "✏️ Sửa")
            await world.press(member, preview, "Thời hạn")
            assert codes(now_shown(world, preview)) == examples
        preview = await world.say(member, example)
        assert "xem lại công việc trước khi gửi" in (preview.text or ""), (example, preview.text)
    await world.press(member, preview, "✅ Xác nhận")
    [(deadline,)] = rows(world, "SELECT deadline FROM tasks")
    assert today(world) <= date.fromisoformat(deadline) <= date(year, 12, 31)

    # The one-line form's example, from its usage answer.
    usage = await world.say(member, "/dangky Biên soạn giáo trình")
    done = await world.say(member, example_line(usage))
    assert "Cảm ơn" in (done.text or ""), done.text
    assert len(rows(world, "SELECT id FROM tasks")) == 2


@pytest.mark.parametrize("day", CLOCKS)
async def test_the_task_card_deadline_examples_are_accepted(
    world: World, day: tuple[int, int]
) -> None:
    set_day(world, *day)
    year = await world.open_year(approval=False)
    member = await world.join("A2")
    task = await register(world, member, "Viết giáo trình", date(year, 12, 31))
    listing = await world.say(member, "/congviec")
    await world.press(member, listing, f"tk:c:{task}")
    card, examples = listing, list[str]()
    for number in range(5):
        await world.press(member, card, "Sửa")
        await world.press(member, card, "Thời hạn")
        question = last(world, member)
        examples = examples or codes(question)
        assert codes(question) == examples and len(examples) == 5
        card = await world.say(member, examples[number])
        assert (card.text or "").startswith("Đã lưu."), (examples[number], card.text)


@pytest.mark.parametrize("day", CLOCKS)
async def test_the_collective_task_example_is_accepted(world: World, day: tuple[int, int]) -> None:
    set_day(world, *day)
    await world.open_year(approval=False)
    secretary = await world.join("A1")
    empty = await world.say(secretary, "/viectapthe")
    added = await world.say(secretary, example_line(empty))
    assert "Đã thêm việc tập thể" in (added.text or ""), added.text


@pytest.mark.parametrize("day", CLOCKS)
async def test_the_meeting_start_examples_are_accepted(world: World, day: tuple[int, int]) -> None:
    set_day(world, *day)
    secretary = await world.join("A1")  # secretary of Phòng Đào tạo, one cell
    examples: list[str] = []
    for number in range(3):
        menu = await world.say(secretary, "/lichhop")
        await world.press(secretary, menu, "➕ Tạo lịch mới")
        await world.press(secretary, menu, "Sinh hoạt chi bộ")
        who = await world.say(secretary, "Sinh hoạt chi bộ tháng")
        await world.press(secretary, who, "● Chỉ đảng viên")
        question = now_shown(world, who)
        examples = examples or codes(question)
        assert codes(question) == examples
        if number == len(examples):
            break
        repeat = await world.say(secretary, examples[number])
        assert "Bước 5/7" in (repeat.text or ""), (examples[number], repeat.text)
        await world.say(secretary, "/huy")
    # The day and month without the year only while the example is in this year.
    assert len(examples) == (2 if day == (12, 31) else 3)

    # Moving a meeting shows the same examples, and they move it.
    meeting = await world.services.meetings.create(
        None,
        MeetingRequest(
            kind=MeetingKind.CELL_MEETING,
            title="Họp chi bộ",
            starts=datetime.combine(today(world) + timedelta(days=20), datetime.min.time())
            + timedelta(hours=14),
            cells=("Phòng Đào tạo",),
        ),
    )
    card = await world.say(secretary, "/lichhop")
    await world.press(secretary, card, f"mp:o:{meeting.meeting_ids[0]}")
    for example in examples:
        await world.press(secretary, card, "🕒 Dời lịch")
        assert codes(last(world, secretary)) == examples
        moved = await answer(world, secretary, example, "Đã dời sang")
        card = await world.sandbox.wait_for_message(
            secretary.id, lambda m: bool(m.buttons()), after=moved.message_id
        )


@pytest.mark.parametrize("day", CLOCKS)
async def test_the_notice_scheduling_examples_are_accepted(
    world: World, day: tuple[int, int]
) -> None:
    set_day(world, *day)
    secretary = await world.join("A1")
    examples: list[str] = []
    for number in range(3):
        await world.say(secretary, "/thongbao")
        summary = await answer(world, secretary, f"Thông báo {number}", "Trên đây là thông báo")
        await world.press(secretary, summary, "🕒 Hẹn giờ")
        question = now_shown(world, summary)
        examples = examples or codes(question)
        assert codes(question) == examples
        if number == len(examples):
            await world.say(secretary, "/huy")
            break
        report = await answer(world, secretary, examples[number], "🕒")
        assert "Hẹn gửi lúc" in (report.text or ""), (examples[number], report.text)
    assert len(examples) == (2 if day == (12, 31) else 3)
    assert len(rows(world, "SELECT 1 FROM broadcasts WHERE status = 'scheduled'")) == len(examples)


# --- what members type -----------------------------------------------------------------------


def at_0820_on_1_december(world: World) -> int:
    """08:20 on Tuesday 1 December (Hà Nội) of the clock's year; the year."""
    set_day(world, 12, 1)
    world.clock.advance(minutes=20)
    return today(world).year


async def test_a_start_without_the_year_is_this_years_and_may_have_passed(world: World) -> None:
    year = at_0820_on_1_december(world)
    secretary = await world.join("A1")
    menu = await world.say(secretary, "/lichhop")
    await world.press(secretary, menu, "➕ Tạo lịch mới")
    await world.press(secretary, menu, "Sinh hoạt chi bộ")
    who = await world.say(secretary, "Sinh hoạt chi bộ tháng 12")
    await world.press(secretary, who, "● Chỉ đảng viên")
    # Two hours ago today, not next year: refused exactly as with the year written.
    for typed in ("01/12 06:00", f"01/12/{year} 06:00"):
        passed = await world.say(secretary, typed)
        assert f"Thứ Ba, 01/12/{year} 06:00 đã qua" in (passed.text or ""), passed.text
    repeat = await world.say(secretary, "thứ Sáu tuần sau 8h")
    assert "Bước 5/7" in (repeat.text or "")
    await world.press(secretary, repeat, "Không lặp lại")
    await world.say(secretary, "Phòng 201")
    preview = await world.say(secretary, "bỏ qua")
    assert f"Bắt đầu: Thứ Sáu, 11/12/{year} 08:00" in (preview.text or ""), preview.text


async def test_moving_a_meeting_reads_the_same_words(world: World) -> None:
    year = at_0820_on_1_december(world)
    secretary = await world.join("A1")
    created = await world.services.meetings.create(
        None,
        MeetingRequest(
            kind=MeetingKind.CELL_MEETING,
            title="Họp chi bộ",
            starts=datetime(year, 12, 3, 14, 0),
            cells=("Phòng Đào tạo",),
        ),
    )
    menu = await world.say(secretary, "/lichhop")
    await world.press(secretary, menu, f"mp:o:{created.meeting_ids[0]}")
    await world.press(secretary, menu, "🕒 Dời lịch")
    passed = await world.say(secretary, "01/12 06:00")
    assert "đã qua" in (passed.text or "")
    moved = await answer(world, secretary, "chiều mai 2 giờ", "Đã dời sang")
    assert f"Thứ Tư, 02/12/{year} 14:00" in (moved.text or ""), moved.text
    [(starts,)] = rows(world, "SELECT starts_at FROM meetings")
    assert starts == f"{year}-12-02T07:00:00.000000Z"


async def test_a_notice_is_scheduled_for_tomorrow_morning(world: World) -> None:
    year = at_0820_on_1_december(world)
    secretary = await world.join("A1")
    await world.say(secretary, "/thongbao")
    summary = await answer(world, secretary, "Họp chi bộ", "Trên đây là thông báo")
    await world.press(secretary, summary, "🕒 Hẹn giờ")
    passed = await world.say(secretary, "01/12 06:00")
    assert f"Thứ Ba, 01/12/{year} 06:00 đã qua" in (passed.text or ""), passed.text
    report = await answer(world, secretary, "mai 7h30", "Hẹn gửi lúc")
    assert f"Hẹn gửi lúc Thứ Tư, 02/12/{year} 07:30" in (report.text or ""), report.text


async def test_a_deadline_can_be_said_from_today_at_every_deadline_prompt(world: World) -> None:
    year = at_0820_on_1_december(world)
    await world.open_year(approval=False)
    member, secretary = await world.join("A2"), await world.join("A1")

    # Step by step: "thứ Sáu tuần sau" is Friday 11 December.
    await world.say(member, "/dangky")
    await world.say(member, "Biên soạn giáo trình")
    await world.say(member, "01 giáo trình")
    preview = await world.say(member, "thứ Sáu tuần sau")
    assert f"Hạn: Thứ Sáu, 11/12/{year}" in (preview.text or ""), preview.text
    await world.press(member, preview, "✅ Xác nhận")

    # In one line: "mai" is tomorrow.
    done = await world.say(member, "/dangky Viết bài báo | 01 bài báo | ngày mai")
    assert "Cảm ơn" in (done.text or ""), done.text

    # On the task's card: "tuần sau" is the end of next week, Sunday 13 December.
    [task] = [r[0] for r in rows(world, "SELECT id FROM tasks WHERE title = 'Viết bài báo'")]
    listing = await world.say(member, "/congviec")
    await world.press(member, listing, f"tk:c:{task}")
    await world.press(member, listing, "Sửa")
    await world.press(member, listing, "Thời hạn")
    saved = await world.say(member, "tuần sau")
    assert (saved.text or "").startswith("Đã lưu."), saved.text

    # A collective task: "cuối tuần" is this Sunday, 6 December.
    added = await world.say(secretary, "/viectapthe Sinh hoạt chuyên đề | 01 buổi | cuối tuần | A2")
    assert f"hạn 06/12/{year}" in (added.text or ""), added.text

    assert rows(world, "SELECT title, deadline FROM tasks ORDER BY id") == [
        ("Biên soạn giáo trình", f"{year}-12-11"),
        ("Viết bài báo", f"{year}-12-13"),
        ("Sinh hoạt chuyên đề", f"{year}-12-06"),
    ]
    # A past day is refused whichever way it is written.
    await world.say(member, "/dangky")
    await world.say(member, "Viết sách")
    await world.say(member, "01 cuốn sách")
    for typed in ("30/11", f"30/11/{year}", "thứ Hai tuần này"):
        refused = await world.say(member, typed)
        assert "đã qua" in (refused.text or ""), (typed, refused.text)
    await eventually(lambda: row(world, "SELECT count(*) FROM tasks") == (3,))
