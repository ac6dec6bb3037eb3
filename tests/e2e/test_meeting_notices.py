"""End to end through the sandbox, the day before a meeting: one nudge to those who have not
answered (its buttons record the answer), the secretary's digest, and the cancellation notice
to those who were reminded only."""

from __future__ import annotations

from datetime import datetime

from bot.domain.meetings import MeetingKind
from bot.sandbox.models import SandboxUser, SentMessage
from bot.services.meetings.meetings import MeetingRequest
from handlers.meetings.jobs import enqueue_meeting_notices
from handlers.meetings.meeting_notice_text import cancel_renderer
from handlers.meetings.meeting_reminder import renderer
from tests.e2e.conftest import World, outbox_drained


def _with(world: World, user: SandboxUser, text: str) -> list[SentMessage]:
    return [m for m in world.sandbox.messages(user.id) if text in (m.text or "")]


async def test_nudge_digest_and_cancellation(world: World) -> None:
    an, binh, cuong, dung = [await world.join(code) for code in ("A1", "A2", "A3", "B1")]
    # The clock stands at 2 March 08:00 in Hanoi; the meeting is tomorrow at 14:00.
    created = await world.services.meetings.create(
        None,
        MeetingRequest(
            kind=MeetingKind.CELL_MEETING,
            title="Sinh hoạt <tháng 3>",
            starts=datetime(world.clock.now().year, 3, 3, 14, 0),
            cells=("Phòng Đào tạo",),
            remind="2h",
        ),
    )
    [meeting] = created.meeting_ids
    assert await enqueue_meeting_notices(world.services) == (0, 0)  # not the day before yet
    world.clock.advance(hours=6, minutes=5)  # 14:05, a day before the start
    render = renderer(world.services.zone, world.services.default_language)
    assert await world.services.meeting_notices.nudge(render) == 2  # An and Bình; not Cường
    await outbox_drained(world)
    [nudge] = _with(world, binh, "Nhắc lịch: Sinh hoạt <tháng 3>")
    assert not _with(world, cuong, "Nhắc lịch") and not _with(world, dung, "Nhắc lịch")
    await world.press(binh, nudge, "✅ Tham dự")
    assert "Đã ghi nhận: đồng chí tham dự" in (_with(world, binh, "Sinh hoạt")[0].text or "")

    # Nudged once only; An, the secretary, gets the digest once.
    assert await enqueue_meeting_notices(world.services) == (0, 1)
    assert await enqueue_meeting_notices(world.services) == (0, 0)
    await outbox_drained(world)
    [digest] = _with(world, an, "Sắp họp: Sinh hoạt <tháng 3>")
    assert (digest.text or "").split("\n")[2:] == [
        "✅ Tham dự (1):",
        "• Trần Thị Bình",
        "❌ Vắng có lý do (0):",
        "❔ Chưa trả lời (1):",
        "• Nguyễn Văn An",
        "📵 Chưa dùng bot (0):",
    ]

    # Cancelled: An and Bình were reminded and are told; Cường and Dung hear nothing.
    cancel = cancel_renderer(world.services.zone, world.services.default_language)
    await world.services.meetings.cancel(None, meeting, cancel)
    await outbox_drained(world)
    assert len(_with(world, an, "Đã hủy: Sinh hoạt <tháng 3>")) == 1
    assert len(_with(world, binh, "Đã hủy: Sinh hoạt <tháng 3>")) == 1
    assert not _with(world, cuong, "Đã hủy") and not _with(world, dung, "Đã hủy")
