"""A meeting reminder on Zalo: planned by the scheduler's job, sent by the outbox's Zalo lane,
answered by number ("1": attending) or with a reason typed in the member's own words."""

from __future__ import annotations

from datetime import date, datetime

from babel.dates import format_date

from bot.domain.meetings import MeetingKind
from bot.sandbox.zalo import ZaloUser
from bot.services.meetings.meetings import MeetingRequest
from handlers.meetings.jobs import plan_meeting_reminders
from tests.e2e.zalo.conftest import ZaloWorld


def reminders(zalo_world: ZaloWorld, user: ZaloUser) -> list[str]:
    return [m.content for m in zalo_world.sandbox.messages(user.id) if "Nhắc lịch" in m.content]


async def test_a_cell_meeting_reminder_answered_by_number_and_by_a_typed_reason(
    zalo_world: ZaloWorld,
) -> None:
    an = await zalo_world.join("A1", "An")
    binh = await zalo_world.join("A2", "Bình")
    cuong = await zalo_world.join("A3", "Cường")  # not a party member: no reminder
    await zalo_world.services.meetings.create(
        None,
        MeetingRequest(
            kind=MeetingKind.CELL_MEETING,
            title="Sinh hoạt chi bộ <tháng 3>",
            starts=datetime(zalo_world.clock.now().year, 3, 3, 14, 0),
            everyone=True,
            place="Hội trường A",
            remind="2d",
        ),
    )
    assert await plan_meeting_reminders(zalo_world.services) == 2
    await zalo_world.delivered()
    assert zalo_world.rows("SELECT channel, status FROM outbox") == [
        ("zalo", "sent"),
        ("zalo", "sent"),
    ]
    year = zalo_world.clock.now().year
    weekday = format_date(date(year, 3, 3), "EEEE", locale="vi")
    [reminder] = reminders(zalo_world, binh)
    assert reminder == (
        "🔔 Nhắc lịch: Sinh hoạt chi bộ <tháng 3>\n"
        f"🕑 Thời gian: {weekday}, 03/03/{year} 14:00\n"
        "📍 Địa điểm: Hội trường A\n\n"
        "1. ✅ Tham dự\n2. ❌ Vắng\n3. ⏰ Nhắc lại sau 1 giờ\n4. 🌙 Nhắc lại tối nay\n"
        "5. 📄 Chi tiết\nTrả lời bằng số thứ tự để chọn."
    )
    assert reminders(zalo_world, an) == [reminder]
    assert reminders(zalo_world, cuong) == []

    # An: "1", attending.
    recorded, *_ = await zalo_world.answers(an, "1")
    assert "✅ Đã ghi nhận: đồng chí tham dự." in recorded.content
    assert "1. ✅ Tham dự" not in recorded.content  # answered: no choices left

    # Bình: absent ("vang", the choice's words), another reason, then typed in her own words.
    [reasons] = await zalo_world.answers(binh, "vang")
    assert reasons.content.endswith(
        "1. Công tác\n2. Ốm\n3. Việc riêng\n4. Khác\nTrả lời bằng số thứ tự để chọn."
    )
    [asked] = await zalo_world.answers(binh, "4")
    assert "ghi ngắn gọn lý do vắng mặt" in asked.content
    [confirmed] = await zalo_world.answers(binh, "Đi khám bệnh ở bệnh viện <tỉnh>")
    assert confirmed.content == (
        "❌ Đã ghi nhận: đồng chí vắng mặt (Khác: Đi khám bệnh ở bệnh viện <tỉnh>)."
    )
    assert zalo_world.rows(
        "SELECT m.member_code, r.answer, r.reason_kind, r.reason_text FROM rsvps r"
        " JOIN members m ON m.id = r.member_id ORDER BY m.member_code"
    ) == [
        ("A1", "attending", None, None),
        ("A2", "absent", "khac", "Đi khám bệnh ở bệnh viện <tỉnh>"),
    ]
    assert await plan_meeting_reminders(zalo_world.services) == 0
