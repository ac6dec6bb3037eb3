"""End to end through the sandbox: a meeting's reminders go out through the outbox to the
party members in scope, and the buttons on them record the answer, stop further reminders,
snooze, and refuse a member the meeting does not concern."""

from __future__ import annotations

import sqlite3
from datetime import datetime

from bot.domain.meetings import MeetingKind
from bot.sandbox.models import SandboxUser, SentMessage
from bot.services.meetings.meetings import MeetingRequest
from handlers.meetings.jobs import plan_meeting_reminders
from tests.e2e.conftest import World, outbox_drained


def _rows(world: World, sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(world.database) as conn:
        return list(conn.execute(sql))


def _reminder(world: World, user: SandboxUser) -> SentMessage:
    [found] = [m for m in world.sandbox.messages(user.id) if "Nhắc lịch" in (m.text or "")]
    return found


async def test_reminders_answers_and_snooze(world: World) -> None:
    an, binh, cuong, dung = [await world.join(code) for code in ("A1", "A2", "A3", "B1")]
    # The clock stands at 2 March 08:00 in Hanoi; "2 days before" has passed: due now.
    created = await world.services.meetings.create(
        None,
        MeetingRequest(
            kind=MeetingKind.STUDY,
            title="Quán triệt <Nghị quyết>",
            starts=datetime(world.clock.now().year, 3, 3, 14, 0),
            everyone=True,
            place="Hội trường A",
            remind="2d",
        ),
    )
    [meeting] = created.meeting_ids
    assert await plan_meeting_reminders(world.services) == 3
    assert await plan_meeting_reminders(world.services) == 0
    await outbox_drained(world)

    reminder = _reminder(world, binh)
    assert "Nhắc lịch: Quán triệt <Nghị quyết>" in (reminder.text or "")
    assert "Hội trường A" in (reminder.text or "")
    assert [b.text for b in reminder.buttons()] == [
        "✅ Tham dự",
        "❌ Vắng",
        "⏰ Nhắc lại sau 1 giờ",
        "🌙 Nhắc lại tối nay",
        "📄 Chi tiết",
    ]
    # Cường is not a party member: no reminder, and a forged press is refused.
    assert not [m for m in world.sandbox.messages(cuong.id) if "Nhắc lịch" in (m.text or "")]
    welcome = world.sandbox.messages(cuong.id)[-1]
    await world.sandbox.press_callback(cuong, welcome.message_id, f"rv:a:{meeting}")
    await world.sandbox.wait_until_idle(quiet=0.05)
    assert "không thuộc" in str(world.sandbox.callback_answers[-1])

    # Bình: absent, then a reason from the buttons.
    await world.press(binh, reminder, "❌ Vắng")
    reasons = _reminder(world, binh)
    assert [b.text for b in reasons.buttons()] == ["Công tác", "Ốm", "Việc riêng", "Khác"]
    await world.press(binh, reasons, "Ốm")
    assert "Đã ghi nhận: đồng chí vắng mặt (Ốm)" in (_reminder(world, binh).text or "")
    assert _reminder(world, binh).buttons() == []

    # An: snooze an hour (one more reminder queued), then attending (the snooze is dropped).
    await world.press(an, _reminder(world, an), "⏰ Nhắc lại sau 1 giờ")
    assert "Sẽ nhắc lại đồng chí lúc" in (_reminder(world, an).text or "")
    snoozed = _rows(world, "SELECT status FROM outbox WHERE idempotency_key LIKE '%snooze%'")
    assert snoozed == [("pending",)]
    await world.press(an, _reminder(world, an), "✅ Tham dự")
    assert "Đã ghi nhận: đồng chí tham dự" in (_reminder(world, an).text or "")
    snoozed = _rows(world, "SELECT status FROM outbox WHERE idempotency_key LIKE '%snooze%'")
    assert snoozed == [("skipped",)]

    # Dung: absent for another reason, in her own words.
    await world.press(dung, _reminder(world, dung), "❌ Vắng")
    await world.press(dung, _reminder(world, dung), "Khác")
    answer = await world.say(dung, "Đi khám <bệnh>")
    assert "Đã ghi nhận: đồng chí vắng mặt (Khác: Đi khám <bệnh>)" in (answer.text or "")
    assert _reminder(world, dung).buttons() == []  # confirmed once, below her words

    rsvps = _rows(
        world,
        "SELECT m.member_code, r.answer, r.reason_kind, r.reason_text FROM rsvps r"
        " JOIN members m ON m.id = r.member_id ORDER BY m.member_code",
    )
    assert rsvps == [
        ("A1", "attending", None, None),
        ("A2", "absent", "om", None),
        ("B1", "absent", "khac", "Đi khám <bệnh>"),
    ]
    assert await plan_meeting_reminders(world.services) == 0
