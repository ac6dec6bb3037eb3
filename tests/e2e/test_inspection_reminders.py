"""Inspection reminders end to end, through the sandbox: the target is told, reminded 3 days
before and on the self-report's due date, sends it with /tubaocao and hears no more; a
remediation owner is reminded before, on and three times after the due date, then the lead is
told once."""

from __future__ import annotations

from datetime import date, timedelta

from babel.dates import format_date

from bot.domain.inspections.model import ItemState
from bot.sandbox.models import SandboxUser
from handlers.inspections.jobs import plan_inspection_reminders
from tests.e2e.conftest import World, outbox_drained
from tests.e2e.task_steps import identity, set_day
from tests.e2e.test_inspection_followup import CONTENT, setup_item


def _weekday(year: int, month: int, day: int) -> str:
    """The weekday as the date line writes it ("Thứ Năm"): the clock's year is this one."""
    return format_date(date(year, month, day), "EEEE", locale="vi")


def _reminders(world: World, user: SandboxUser) -> list[str]:
    """The first line of each inspection reminder ``user`` received, in order."""
    heads = ("📢", "⏳", "🛠", "⚠", "🚨", "🗓", "▶", "🔎")
    return [
        (m.text or "").splitlines()[0]
        for m in world.sandbox.messages(user.id)
        if (m.text or "").startswith(heads)
    ]


async def _day(world: World, day: date) -> None:
    """08:00 in Hà Nội on ``day``: the job runs (twice, as after a restart) and the outbox
    is delivered."""
    set_day(world, day.month, day.day)
    await plan_inspection_reminders(world.services)
    await plan_inspection_reminders(world.services)
    await outbox_drained(world)


async def test_the_target_is_reminded_until_the_self_report_arrives(world: World) -> None:
    year = world.clock.now().year
    em = await world.join("B2", "Em")  # the target (the item's due date: 10 days on)
    await setup_item(world.services, world.database, year, ItemState.NOTIFIED)
    await _day(world, date(year, 3, 2))
    notice = world.sandbox.last_message(em.id)
    assert notice is not None
    assert (notice.text or "").splitlines() == [
        "📢 Thông báo kiểm tra",
        f"Kiểm tra: «{CONTENT}»",
        "Đối tượng: Hoàng Văn Em",
        "Cần chuẩn bị: báo cáo tự kiểm tra về nội dung trên, kèm các tài liệu liên quan.",
        f"📅 Hạn gửi báo cáo tự kiểm tra: {_weekday(year, 3, 12)}, 12/03/{year}",
        "Gửi báo cáo bằng lệnh /tubaocao.",
    ]
    await _day(world, date(year, 3, 8))  # four days before: nothing
    await _day(world, date(year, 3, 9))
    await _day(world, date(year, 3, 12))
    assert _reminders(world, em) == [
        "📢 Thông báo kiểm tra",
        "⏳ Còn 3 ngày đến hạn gửi báo cáo tự kiểm tra",
        "⏳ Hôm nay là hạn gửi báo cáo tự kiểm tra",
    ]
    asked = await world.say(em, "/tubaocao")
    assert "gửi báo cáo tự kiểm tra" in (asked.text or "")
    done = await world.say(em, "Báo cáo tự kiểm tra: đã hoàn thành nhiệm vụ được giao")
    assert "✅ Đã nhận" in (done.text or "")
    for day in (12, 13, 15):
        await _day(world, date(year, 3, day))
    assert len(_reminders(world, em)) == 3  # no more


async def test_remediation_reminders_escalate_to_the_lead_after_three(world: World) -> None:
    year = world.clock.now().year
    item = await setup_item(world.services, world.database, year, ItemState.CONCLUSION_NOTIFIED)
    em = await world.join("B2", "Em")  # the owner
    hung = await world.join("A4", "Hùng")  # the lead
    lead, owner = await identity(world, hung), await identity(world, em)
    due = date(year, 3, 20)
    await world.services.remediation.add(
        lead, item, "Bổ sung hồ sơ đảng viên", owner.member.id, due
    )
    await world.services.inspection_steps.take(lead, item, ItemState.REMEDIATING)
    for offset in (-8, -7, 0, 6, 7, 14, 21, 27, 28, 35, 42):
        await _day(world, due + timedelta(days=offset))
    assert _reminders(world, em) == [
        "🛠 Còn 7 ngày đến hạn khắc phục",
        "🛠 Hôm nay là hạn khắc phục",
        "⚠ Việc khắc phục đã quá hạn 7 ngày (nhắc lần 1/3)",
        "⚠ Việc khắc phục đã quá hạn 14 ngày (nhắc lần 2/3)",
        "⚠ Việc khắc phục đã quá hạn 21 ngày (nhắc lần 3/3)",
    ]
    escalations = [
        m.text or "" for m in world.sandbox.messages(hung.id) if (m.text or "").startswith("🚨")
    ]
    assert len(escalations) == 1
    assert escalations[0].splitlines() == [
        "🚨 Việc khắc phục vẫn chưa hoàn thành sau ba lần nhắc",
        "Người thực hiện: Hoàng Văn Em",
        "Việc: Bổ sung hồ sơ đảng viên",
        f"Thuộc nội dung: «{CONTENT}» — Hoàng Văn Em",
        f"📅 Hạn: {_weekday(year, 3, 20)}, 20/03/{year}",
        "Đồng chí theo dõi, đôn đốc tại /khacphuc.",
    ]


async def test_a_self_report_before_the_due_date_stops_the_due_date_reminder(
    world: World,
) -> None:
    year = world.clock.now().year
    em = await world.join("B2", "Em")
    await setup_item(world.services, world.database, year, ItemState.NOTIFIED)
    await _day(world, date(year, 3, 9))
    assert _reminders(world, em) == ["⏳ Còn 3 ngày đến hạn gửi báo cáo tự kiểm tra"]
    set_day(world, 3, 10)
    await world.say(em, "/tubaocao")
    done = await world.say(em, "Báo cáo tự kiểm tra: đã hoàn thành nhiệm vụ được giao")
    assert "✅ Đã nhận" in (done.text or "")
    for day in (11, 12, 13):
        await _day(world, date(year, 3, day))
    assert _reminders(world, em) == ["⏳ Còn 3 ngày đến hạn gửi báo cáo tự kiểm tra"]
