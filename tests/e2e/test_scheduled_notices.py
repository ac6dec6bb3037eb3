"""A notice scheduled for later: until its time its report says when it will go, not that it
is being sent; once its time has come, the usual delivery report."""

from __future__ import annotations

import sqlite3
from datetime import timedelta

from bot.formatting import moment
from bot.sandbox.models import SandboxUser, SentMessage
from tests.e2e.conftest import World, eventually


async def _compose(world: World, user: SandboxUser, text: str) -> SentMessage:
    sent = await world.sandbox.send_text(user, text)
    return await world.sandbox.wait_for_message(
        user.id, lambda m: "Trên đây là thông báo" in m.content, after=sent["message_id"]
    )


def _shown(world: World, message: SentMessage) -> str:
    """The message's text as it stands now, after the bot's edits."""
    return next(
        m.text or ""
        for m in world.sandbox.messages(message.chat_id)
        if m.message_id == message.message_id
    )


async def _delivered(world: World) -> None:
    def drained() -> bool:
        with sqlite3.connect(world.database) as conn:
            (busy,) = conn.execute(
                "SELECT count(*) FROM outbox WHERE status IN ('pending', 'sending')"
                " AND not_before <= ?",
                (world.clock.now().strftime("%Y-%m-%dT%H:%M:%S.%fZ"),),
            ).fetchone()
        return busy == 0

    world.services.delivery.wake()
    await eventually(drained, timeout=10)
    await world.sandbox.wait_until_idle(quiet=0.05)


async def test_scheduled_notice_says_when_it_will_go_until_then(world: World) -> None:
    secretary, _binh = await world.join("A1"), await world.join("A2")
    broadcasts = world.services.broadcasts
    await world.say(secretary, "/thongbao")
    summary = await _compose(world, secretary, "Chiều mai họp chi bộ.")
    await world.press(secretary, summary, "🕒 Hẹn giờ")
    at = broadcasts.local(world.clock.now() + timedelta(hours=1)).replace(second=0, microsecond=0)
    report = await world.say(secretary, at.strftime("%d/%m/%Y %H:%M"))

    text = report.text or ""
    assert text.splitlines()[2:] == [
        f"🕒 Hẹn gửi lúc {moment(at, 'vi')}.",
        "Sẽ gửi tới 2 đồng chí.",
        "👤 Chưa dùng bot: 1",
    ]
    assert "Đang gửi" not in text and "Đã nhận" not in text
    assert [b.text for b in report.buttons()] == ["✖️ Hủy hẹn giờ"]

    # Its time comes: the report message becomes the usual delivery report.
    world.clock.advance(hours=2)
    await _delivered(world)
    assert world.app.job_queue is not None
    [job] = world.app.job_queue.get_jobs_by_name("broadcast-reports")
    await job.run(world.app)
    await world.sandbox.wait_until_idle(quiet=0.05)
    text = _shown(world, report)
    assert "✅ Đã nhận: 2\n⏳ Đang gửi: 0" in text
    assert "Hẹn gửi" not in text
