"""Task deadline reminders end to end: the 7-day reminder reaches the member with a button that
opens their task's card, from which progress can be reported."""

from __future__ import annotations

from datetime import date

from handlers.tasks.jobs import plan_task_reminders
from tests.e2e.conftest import World, outbox_drained
from tests.e2e.task_steps import identity, last, register, set_day


async def test_seven_days_before_the_member_is_reminded_and_opens_the_card(world: World) -> None:
    set_day(world, 3, 2)
    year = await world.open_year()
    member = await world.join("A2")
    secretary = await world.join("A1")
    task = await register(world, member, "Soạn <bài giảng>", date(year, 3, 20))
    await world.services.approvals.approve(await identity(world, secretary), task)
    await outbox_drained(world)  # the approval notice

    set_day(world, 3, 13)  # 08:00 in Hà Nội, seven days before the deadline
    assert await plan_task_reminders(world.services) == 1
    await outbox_drained(world)
    reminder = last(world, member)
    assert (reminder.text or "").splitlines() == [
        "⏳ Còn 7 ngày đến hạn công việc",
        "«Soạn <bài giảng>»",
        f"📅 Hạn hoàn thành: 20/03/{year}",
        "📈 Tiến độ: 0%",
        "Đồng chí chọn công việc dưới đây để mở và cập nhật tiến độ.",
    ]
    assert "«Soạn &lt;bài giảng&gt;»" in (reminder.html or "")
    assert [b.text for b in reminder.buttons()] == ["📋 Mở công việc"]
    assert await plan_task_reminders(world.services) == 0  # sent once

    await world.press(member, reminder, "📋 Mở công việc")
    card = last(world, member)
    assert card.message_id != reminder.message_id  # below the reminder, which stays
    assert (card.text or "").splitlines()[:5] == [
        "Soạn <bài giảng>",
        "Sản phẩm: 01 giáo trình được nghiệm thu",
        f"Hạn: 20/03/{year} — còn 7 ngày",
        "Trạng thái: đang thực hiện",
        "Tiến độ: 0%",
    ]
    assert "50%" in [b.text for b in card.buttons()]
