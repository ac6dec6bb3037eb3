"""A cell secretary on Zalo: /tiendo with the figures Telegram shows, a notice composed,
previewed and sent by numbered choices, reaching each Zalo member once, and its report — not
repeated when it refreshes itself, shown when asked for again; Zalo's 429 and 403 carried
through the lane to the outbox rows and the report."""

from __future__ import annotations

from datetime import date, timedelta

from bot.domain.tasks import TaskDraft
from tests.e2e.zalo.conftest import ZaloWorld

HINT = "Trả lời bằng số thứ tự để chọn."
HEADER = "📢 Thông báo của Chi bộ Phòng Đào tạo"


async def test_tiendo_for_a_cell_secretary(zalo_world: ZaloWorld) -> None:
    await zalo_world.open_year(approval=False)
    an = await zalo_world.join("A1", "An")
    binh = await zalo_world.join("A2", "Bình")
    deadline = date(zalo_world.clock.now().year, 12, 31)
    await zalo_world.services.tasks.register(
        await zalo_world.identity(binh), TaskDraft("Viết giáo trình", "01 giáo trình", deadline)
    )
    [report] = await zalo_world.answers(an, "/tiendo")
    assert report.content.startswith("Chi bộ Phòng Đào tạo — tiến độ năm")
    assert "Đã đăng ký: đảng viên 1/2 (50%) · quần chúng 0/1 (0%)" in report.content
    assert (
        "Chưa đăng ký (2): đảng viên 1 · quần chúng 1\n"
        "Đảng viên: Nguyễn Văn An\n"
        "Quần chúng: Lê Văn Cường"
    ) in report.content
    assert report.content.endswith(f"1. Nhắc người chưa đăng ký\n{HINT}")
    assert "<b>" not in report.content
    # A plain member sees her cell's figures, without names, and nothing to press.
    [mine] = await zalo_world.answers(binh, "/tiendo")
    assert "Nguyễn Văn An" not in mine.content and HINT not in mine.content


async def test_a_notice_by_a_secretary_on_zalo(zalo_world: ZaloWorld) -> None:
    an = await zalo_world.join("A1", "An")
    binh = await zalo_world.join("A2", "Bình")
    [asked] = await zalo_world.answers(an, "/thongbao")
    assert "📢 Gửi tới: Chi bộ Phòng Đào tạo" in asked.content
    preview, summary = await zalo_world.answers(an, "Họp chi bộ <thứ Sáu>.")
    assert preview.content == f"{HEADER}\n\nHọp chi bộ <thứ Sáu>."
    assert "✅ 2 đồng chí đang dùng bot sẽ nhận được." in summary.content
    assert summary.content.endswith(f"1. 📤 Gửi ngay\n2. 🕒 Hẹn giờ\n3. ✖️ Hủy\n{HINT}")
    assert zalo_world.rows("SELECT count(*) FROM outbox") == [(0,)]

    sent = await zalo_world.answers(an, "1")
    [report] = [m for m in sent if m.content.startswith("📊")]
    assert "Thông báo số 1 gửi Chi bộ Phòng Đào tạo" in report.content
    await zalo_world.delivered()
    notices = [m.content for m in zalo_world.sandbox.messages(binh.id) if "📢" in m.content]
    assert notices == [f"{HEADER}\n\nHọp chi bộ <thứ Sáu>."]  # once
    assert zalo_world.rows("SELECT channel, status FROM outbox ORDER BY id") == [
        ("zalo", "sent"),
        ("zalo", "sent"),
    ]

    # The report refreshing itself is not sent again on Zalo (nothing can be edited there).
    before = len(zalo_world.sandbox.messages(an.id))
    [job] = zalo_world.app.job_queue.get_jobs_by_name("broadcast-reports")  # type: ignore[union-attr]
    await job.run(zalo_world.app)
    await zalo_world.sandbox.wait_until_idle(quiet=0.2)
    assert len(zalo_world.sandbox.messages(an.id)) == before
    # Asked for again, it is shown as it stands now.
    await zalo_world.answers(an, "/huy")
    [composer] = await zalo_world.answers(an, "/thongbao")
    assert "1. 📋 Thông báo đã gửi" in composer.content
    [listing] = await zalo_world.answers(an, "1")
    assert "Họp chi bộ" in listing.content, listing.content
    *_, again = await zalo_world.answers(an, "1")
    assert again.content.startswith("📊 Thông báo số 1"), zalo_world.sandbox.transcript(an.id)
    assert "✅ Đã nhận: 2" in again.content and "⏳ Đang gửi: 0" in again.content


async def test_a_refusal_from_zalo_ends_in_the_outbox_row_and_the_report(
    zalo_world: ZaloWorld,
) -> None:
    """Zalo's 429 pauses the lane and the notice still arrives once; its 403 (the member
    blocked the bot) ends the row as blocked, the account unreachable, and the secretary's
    report says so."""
    an = await zalo_world.join("A1", "An")
    binh = await zalo_world.join("A2", "Bình")
    cuong = await zalo_world.join("A3", "Cường")
    await zalo_world.answers(an, "/thongbao")
    await zalo_world.answers(an, "Họp chi bộ chiều thứ Sáu.")
    await zalo_world.answers(an, "2")  # 🕒 Hẹn giờ: nothing goes before the faults are set
    at = zalo_world.services.broadcasts.local(zalo_world.clock.now() + timedelta(hours=1))
    [scheduled] = await zalo_world.answers(an, at.strftime("%d/%m/%Y %H:%M"))
    assert "Sẽ gửi tới 3 đồng chí." in scheduled.content, scheduled.content
    zalo_world.sandbox.block_bot(binh)
    zalo_world.sandbox.inject_fault("sendMessage", 429, description="Too Many Requests")

    zalo_world.clock.advance(hours=2)
    await zalo_world.delivered(timeout=20)
    statuses = [c.status for c in zalo_world.sandbox.calls_of("sendMessage")]
    assert 429 in statuses and 403 in statuses, statuses
    rows = dict(
        (row[0], row[1:])
        for row in zalo_world.rows("SELECT chat_id, channel, status, last_error FROM outbox")
    )
    assert rows[str(await zalo_world.chat_of(cuong))][:2] == ("zalo", "sent")
    channel, status, error = rows[str(await zalo_world.chat_of(binh))]
    assert (channel, status) == ("zalo", "blocked") and str(error).startswith("403"), error
    assert zalo_world.rows(
        "SELECT count(*) FROM accounts WHERE channel = 'zalo' AND unreachable_since IS NOT NULL"
    ) == [(1,)]
    # What each member sees: Cường the notice once, after the pause; Bình nothing.
    notices = [m.content for m in zalo_world.sandbox.messages(cuong.id) if "📢" in m.content]
    assert notices == [f"{HEADER}\n\nHọp chi bộ chiều thứ Sáu."]
    assert not [m for m in zalo_world.sandbox.messages(binh.id) if "📢" in m.content]
    # What the secretary sees when she asks for the report.
    await zalo_world.answers(an, "/huy")
    await zalo_world.answers(an, "/thongbao")
    await zalo_world.answers(an, "1")  # 📋 Thông báo đã gửi
    *_, report = await zalo_world.answers(an, "1")
    assert "✅ Đã nhận: 2" in report.content, report.content
    assert "🚫 Chặn bot hoặc không liên lạc được: 1" in report.content, report.content
