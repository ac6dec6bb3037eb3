"""How meetings read: the kind is not repeated when the title already says it, a cancelled
meeting is said plainly, and /lichhop numbers the questions it actually asks."""

from __future__ import annotations

import re
from datetime import datetime

from bot.domain.meetings import MeetingKind, MeetingRequest
from bot.sandbox.models import SandboxUser, SentMessage
from handlers.meetings.jobs import plan_meeting_reminders
from handlers.meetings.meeting_notice_text import cancel_renderer
from tests.e2e.conftest import World, eventually, outbox_drained
from tests.e2e.task_steps import last, now_shown

STEP = re.compile(r"[Bb]ước (\d+/\d+)")


async def _plan(world: World) -> tuple[int, int]:
    year = world.clock.now().year
    meetings = world.services.meetings
    cell = await meetings.create(
        None,
        MeetingRequest(
            kind=MeetingKind.CELL_MEETING,
            title="Sinh hoạt chi bộ định kỳ",
            starts=datetime(year, 3, 3, 14, 0),
            cells=("Phòng Đào tạo",),
            remind="2d",
        ),
    )
    study = await meetings.create(
        None,
        MeetingRequest(
            kind=MeetingKind.STUDY,
            title="Quán triệt Nghị quyết",
            starts=datetime(year, 3, 4, 8, 0),
            everyone=True,
            remind="3d",
        ),
    )
    return cell.meeting_ids[0], study.meeting_ids[0]


async def test_the_kind_is_shown_only_when_the_title_does_not_say_it(world: World) -> None:
    binh = await world.join("A2")
    await _plan(world)
    listing = (await world.say(binh, "/lich")).text or ""
    assert "1. Sinh hoạt chi bộ định kỳ\n" in listing
    assert "Sinh hoạt chi bộ: Sinh hoạt chi bộ" not in listing
    assert "2. Học tập chuyên đề: Quán triệt Nghị quyết\n" in listing

    assert await plan_meeting_reminders(world.services) == 2
    await outbox_drained(world)
    reminders = [
        m.text or "" for m in world.sandbox.messages(binh.id) if "Nhắc lịch" in (m.text or "")
    ]
    [cell] = [r for r in reminders if "định kỳ" in r]
    [study] = [r for r in reminders if "Nghị quyết" in r]
    assert cell.splitlines()[0] == "🔔 Nhắc lịch: Sinh hoạt chi bộ định kỳ"
    assert cell.splitlines()[1].startswith("🕑 Thời gian: ")
    assert study.splitlines()[:2] == ["🔔 Nhắc lịch: Quán triệt Nghị quyết", "Học tập chuyên đề"]


async def test_a_cancelled_meeting_is_said_plainly(world: World) -> None:
    binh = await world.join("A2")
    cell, _ = await _plan(world)
    await plan_meeting_reminders(world.services)
    await outbox_drained(world)
    services = world.services
    await services.meetings.cancel(
        None, cell, cancel_renderer(services.zone, services.default_language)
    )
    await outbox_drained(world)
    [notice] = [m.text or "" for m in world.sandbox.messages(binh.id) if "🚫" in (m.text or "")]
    assert notice.startswith("🚫 Đã hủy: Sinh hoạt chi bộ định kỳ (")
    assert notice.endswith("). Buổi họp này không diễn ra nữa; đồng chí không cần đến.")


async def _press(world: World, user: SandboxUser, message: SentMessage, button: str) -> str:
    """Press ``button``; the text the bot shows next (a new message, or this one edited)."""
    before, shown = last(world, user).message_id, now_shown(world, message).text
    await world.press(user, now_shown(world, message), button)
    await eventually(
        lambda: last(world, user).message_id > before or now_shown(world, message).text != shown
    )
    after = last(world, user)
    return (after if after.message_id > before else now_shown(world, message)).text or ""


async def _steps(world: World, user: SandboxUser, scope: str | None) -> list[str]:
    """The step counters /lichhop shows, question by question."""
    menu = await world.say(user, "/lichhop")
    seen = [await _press(world, user, menu, "➕ Tạo lịch mới")]
    seen.append(await _press(world, user, menu, "Sinh hoạt chi bộ"))
    asked = await world.say(user, "Sinh hoạt chi bộ tháng 4")
    seen.append(asked.text or "")
    if scope is not None:
        seen.append(await _press(world, user, asked, scope))
    who = last(world, user)
    seen.append(await _press(world, user, who, "● Chỉ đảng viên"))
    day = datetime(world.clock.now().year, 3, 20, 14, 0)
    repeat = await world.say(user, f"{day:%d/%m/%Y %H:%M}")
    seen.append(repeat.text or "")
    seen.append(await _press(world, user, repeat, "Không lặp lại"))
    seen.append((await world.say(user, "Phòng 201")).text or "")
    return [found[0] if (found := STEP.findall(text)) else text for text in seen]


async def test_the_planner_numbers_only_the_questions_asked(world: World) -> None:
    # The secretary of one cell is not asked whose meeting it is: seven questions.
    secretary = await world.join("A1")
    assert await _steps(world, secretary, None) == [
        "1/7", "2/7", "3/7", "4/7", "5/7", "6/7", "7/7",
    ]  # fmt: skip
    # The committee chooses whose meeting it is: eight.
    committee = await world.join("B3")
    assert await _steps(world, committee, "Phòng Đào tạo") == [
        "1/8", "2/8", "3/8", "4/8", "5/8", "6/8", "7/8", "8/8",
    ]  # fmt: skip
