"""Numbers on Zalo that no longer mean what they meant: choices the chat has moved on from are
shown again rather than pressed, a question waiting for a number takes the number, earlier
choices never come back once the last ones are answered, and a choice whose button is no
longer valid gets the handler's polite answer."""

from __future__ import annotations

from datetime import date, datetime

from bot.domain.broadcasts import Audience
from bot.domain.meetings import MeetingKind
from bot.domain.tasks import TaskDraft
from bot.services.meetings.meetings import MeetingRequest
from handlers.meetings.jobs import plan_meeting_reminders
from tests.e2e.zalo.conftest import ZaloWorld


async def test_a_small_number_for_progress_is_a_percentage_not_a_choice_of_the_card(
    zalo_world: ZaloWorld,
) -> None:
    await zalo_world.open_year(approval=False)
    binh = await zalo_world.join("A2", "Bình")
    await zalo_world.answers(binh, "/dangky Viết giáo trình | 01 giáo trình | 30/11")
    await zalo_world.answers(binh, "/congviec")
    *_, card = await zalo_world.answers(binh, "1")
    assert "3. 75%" in card.content and "5. Nhập số %" in card.content, card.content
    [question] = await zalo_world.answers(binh, "5")
    assert "gõ một số từ 0 đến 100" in question.content
    # "3" is a choice of the card above (75%), but the card is not the latest message: the
    # question asked after it takes the 3.
    [answer] = await zalo_world.answers(binh, "3")
    assert "Tiến độ: 3%" in answer.content, zalo_world.sandbox.transcript(binh.id)
    assert zalo_world.rows("SELECT progress FROM tasks") == [(3,)]


async def test_a_number_for_a_reminder_a_notice_came_after_shows_the_reminder_again(
    zalo_world: ZaloWorld,
) -> None:
    binh = await zalo_world.join("A2", "Bình")
    await zalo_world.services.meetings.create(
        None,
        MeetingRequest(
            kind=MeetingKind.CELL_MEETING,
            title="Sinh hoạt chi bộ tháng 3",
            starts=datetime(zalo_world.clock.now().year, 3, 3, 14, 0),
            everyone=True,
            place="Hội trường A",
            remind="2d",
        ),
    )
    await plan_meeting_reminders(zalo_world.services)
    await zalo_world.delivered()
    await zalo_world.services.broadcasts.send(None, Audience.organisation(), "Nộp đảng phí.")
    await zalo_world.delivered()
    notice = zalo_world.sandbox.messages(binh.id)[-1]
    assert notice.content.endswith("Nộp đảng phí.") and "1." not in notice.content

    # The next morning, "2": meant for the reminder? The notice came after it: asked again.
    zalo_world.clock.advance(hours=20)
    [again] = await zalo_world.answers(binh, "2")
    assert again.content.startswith("Các số đó là để trả lời một tin nhắn trước (ở dưới).")
    assert "🔔 Nhắc lịch: Sinh hoạt chi bộ tháng 3" in again.content
    assert "1. ✅ Tham dự\n2. ❌ Vắng" in again.content
    assert zalo_world.rows("SELECT count(*) FROM rsvps") == [(0,)]
    # Shown again, they are the chat's choices: "2" now answers the reminder.
    [reasons] = await zalo_world.answers(binh, "2")
    assert "1. Công tác\n2. Ốm" in reasons.content
    recorded, *_ = await zalo_world.answers(binh, "om")
    assert "Đã ghi nhận: đồng chí vắng mặt (Ốm)" in recorded.content
    assert zalo_world.rows("SELECT answer, reason_kind FROM rsvps") == [("absent", "om")]


async def test_an_answered_question_does_not_bring_back_an_earlier_one(
    zalo_world: ZaloWorld,
) -> None:
    await zalo_world.open_year()
    binh = await zalo_world.join("A2", "Bình")
    await zalo_world.answers(binh, "/ngonngu")  # left unanswered
    for answer in ("/dangky", "Viết giáo trình", "01 giáo trình"):
        await zalo_world.answers(binh, answer)
    [preview] = await zalo_world.answers(binh, "30/11")
    assert "1. ✅ Xác nhận\n2. ✏️ Sửa\n3. ✖️ Hủy" in preview.content
    [done] = await zalo_world.answers(binh, "1")
    assert "đã được gửi tới bí thư chi bộ" in done.content
    # The language question came before the preview: "2" never means English now.
    [nothing] = await zalo_world.answers(binh, "2")
    assert "không có gì để chọn" in nothing.content, zalo_world.sandbox.transcript(binh.id)
    assert zalo_world.rows("SELECT language FROM members WHERE member_code = 'A2'") == [(None,)]


async def test_a_choice_no_longer_valid_gets_the_handlers_answer(zalo_world: ZaloWorld) -> None:
    await zalo_world.open_year(approval=True)
    an = await zalo_world.join("A1", "An")
    binh = await zalo_world.join("A2", "Bình")
    deadline = date(zalo_world.clock.now().year, 12, 31)
    done = await zalo_world.services.tasks.register(
        await zalo_world.identity(binh), TaskDraft("Viết giáo trình", "01 giáo trình", deadline)
    )
    [pending] = await zalo_world.answers(an, "/duyet")
    assert "1. ✅ Duyệt 1\n2. ↩️ Trả lại 1" in pending.content
    # Meanwhile the task is approved elsewhere (the committee, or An on Telegram).
    await zalo_world.services.approvals.approve(await zalo_world.identity(an), done.task.id)
    answers = await zalo_world.answers(an, "1")
    assert answers, "silence"
    assert "không còn chờ duyệt" in answers[0].content, zalo_world.sandbox.transcript(an.id)
