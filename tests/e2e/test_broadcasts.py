"""Broadcasts end to end: who may write to whom, the preview and its figures, every linked member
of the audience getting exactly one copy through the outbox, scheduling with the clock, the
self-updating report equal to the outbox, blocked and failed recipients, cell groups, long and
HTML-laden texts."""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
from datetime import timedelta
from typing import Any

import pytest

from bot.domain.broadcasts import Audience, KindFilter
from bot.domain.errors import NotAllowed, NotFound
from bot.domain.model import Channel, Identity
from bot.sandbox.models import SandboxUser, SentMessage
from tests.e2e.conftest import World, eventually

HEADER_CELL = "📢 Thông báo của Chi bộ Phòng Đào tạo"
HEADER_ORG = "📢 Thông báo của Đảng bộ Trường Chính trị"


def rows(world: World, sql: str, *params: Any) -> list[Any]:
    with sqlite3.connect(world.database) as conn:
        return conn.execute(sql, params).fetchall()


def notices(world: World, chat_id: int) -> list[SentMessage]:
    return [m for m in world.sandbox.messages(chat_id) if m.content.startswith("📢 Thông báo của")]


def shown(world: World, message: SentMessage) -> SentMessage:
    """The message as it stands now, after the bot's edits."""
    return next(
        m for m in world.sandbox.messages(message.chat_id) if m.message_id == message.message_id
    )


async def me(world: World, user: SandboxUser) -> Identity:
    found = await world.services.membership.identify(Channel.TELEGRAM, str(user.id))
    assert found is not None
    return found


async def by_code(world: World, code: str) -> Identity:
    [(member_id,)] = rows(world, "SELECT id FROM members WHERE member_code = ?", code)
    found = await world.services.membership.identity_of(member_id)
    assert found is not None
    return found


async def compose(world: World, user: SandboxUser, text: str) -> SentMessage:
    """Write the notice in the conversation; the summary under the preview."""
    sent = await world.sandbox.send_text(user, text)
    return await world.sandbox.wait_for_message(
        user.id, lambda m: "Trên đây là thông báo" in m.content, after=sent["message_id"]
    )


async def delivered(world: World) -> None:
    """Wait until the sender has dealt with every due outbox row."""
    world.services.delivery.wake()
    await eventually(
        lambda: (
            not rows(
                world,
                "SELECT 1 FROM outbox WHERE status IN ('pending', 'sending') AND not_before <= ?",
                world.clock.now().strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
            )
        ),
        timeout=10,
    )
    await world.sandbox.wait_until_idle(quiet=0.05)


async def refresh_reports(world: World) -> None:
    """What the report job does every few seconds, now rather than later."""
    assert world.app.job_queue is not None
    [job] = world.app.job_queue.get_jobs_by_name("broadcast-reports")
    await job.run(world.app)


async def test_who_may_send_to_whom(world: World) -> None:
    secretary, member = await world.join("A1"), await world.join("A2")
    refused = await world.say(member, "/thongbao")
    assert refused.text == "Chỉ bí thư chi bộ và Đảng ủy mới gửi được thông báo."

    # A secretary goes straight to their own cell.
    prompt = await world.say(secretary, "/thongbao")
    assert (prompt.text or "").startswith("📢 Gửi tới: Chi bộ Phòng Đào tạo\n\nXin viết nội dung")
    assert (await world.say(secretary, "/huy")).text == "Đã hủy, thông báo không được gửi."

    broadcasts = world.services.broadcasts
    own = await broadcasts.find_cells(["Phòng Đào tạo"])
    other = await broadcasts.find_cells(["lien khoa"])
    actor = await me(world, secretary)
    for audience in (
        Audience.cells(other),
        Audience.cells(own | other),
        Audience.organisation(),
        Audience.of_kind(KindFilter.PARTY),
    ):
        with pytest.raises(NotAllowed):
            await broadcasts.send(actor, audience, "Không được gửi")
    with pytest.raises(NotAllowed):
        await broadcasts.send(await me(world, member), Audience.cells(own), "Không được gửi")

    committee = await by_code(world, "B3")
    preview = await broadcasts.preview(committee, Audience.cells(other))
    assert (preview.linked, preview.not_linked, preview.groups) == (0, 3, 0)
    preview = await broadcasts.preview(committee, Audience.organisation())
    assert (preview.linked, preview.not_linked) == (2, 4)
    with pytest.raises(NotFound):  # a forged cell id
        await broadcasts.preview(committee, Audience.cells({9999}))
    assert rows(world, "SELECT count(*) FROM broadcasts") == [(0,)]
    assert rows(world, "SELECT count(*) FROM outbox") == [(0,)]


async def test_secretary_notice_reaches_each_linked_member_of_the_cell_once(world: World) -> None:
    secretary, binh, other_cell = [await world.join(c) for c in ("A1", "A2", "B2")]
    await world.say(secretary, "/thongbao")
    summary = await compose(world, secretary, "Họp chi bộ lúc <b>14:00</b> & mang sổ.\n\nThứ Sáu")
    assert (summary.text or "").splitlines() == [
        "Trên đây là thông báo đúng như các đồng chí sẽ nhận được.",
        "Gửi tới: Chi bộ Phòng Đào tạo",
        "✅ 2 đồng chí đang dùng bot sẽ nhận được.",
        "👤 1 đồng chí chưa dùng bot nên sẽ không nhận được.",
    ]
    # The preview, as members will see it: the member's HTML shown as typed, not applied.
    [preview] = notices(world, secretary.id)
    assert preview.text == f"{HEADER_CELL}\n\nHọp chi bộ lúc <b>14:00</b> & mang sổ.\n\nThứ Sáu"
    assert [e["type"] for e in preview.entities] == ["bold"]  # the heading only

    await world.press(secretary, summary, "📤 Gửi ngay")
    await delivered(world)
    assert [m.text for m in notices(world, binh.id)] == [preview.text]
    assert len(notices(world, secretary.id)) == 2  # the preview and the copy
    assert notices(world, other_cell.id) == []

    # The confirmation became the report; it updates itself until nothing is pending.
    report = await world.sandbox.wait_for_message(
        secretary.id,
        lambda m: m.message_id == summary.message_id and "Đã gửi xong" in m.content,
        after=summary.message_id - 1,
        timeout=8,
    )
    assert "✅ Đã nhận: 2\n⏳ Đang gửi: 0\n🚫 Chặn bot hoặc không liên lạc được: 0\n" in (
        report.text or ""
    )
    assert "👤 Chưa dùng bot: 1\n⚠️ Lỗi: 0" in (report.text or "")
    [(broadcast_id,)] = rows(world, "SELECT id FROM broadcasts")
    by_status = dict(
        rows(
            world,
            "SELECT status, count(*) FROM outbox WHERE source_id = ? GROUP BY status",
            broadcast_id,
        )
    )
    figures = await world.services.broadcasts.report(await me(world, secretary), broadcast_id)
    assert by_status == {"sent": figures.members.sent} == {"sent": 2}
    assert figures.not_linked == rows(world, "SELECT count(*) FROM broadcast_not_linked")[0][0]
    # The job marks the report done just after its last edit (later, on a busy machine).
    with contextlib.suppress(TimeoutError):
        await eventually(lambda: rows(world, "SELECT report_done FROM broadcasts") == [(1,)])
    assert rows(world, "SELECT report_done FROM broadcasts") == [(1,)]

    # Someone else's forged button: refused without a word about the notice, and audited.
    await world.sandbox.press_callback(other_cell, 1, f"bcr:m:{broadcast_id}")
    await world.sandbox.wait_until_idle(quiet=0.05)
    assert world.sandbox.callback_answers[-1]["text"] == (
        "Không có thông báo này, hoặc đồng chí không theo dõi được thông báo này."
    )
    assert rows(
        world, "SELECT count(*) FROM audit_log WHERE event = 'broadcast_access_refused'"
    ) == [(1,)]


async def test_committee_picks_cells_or_a_kind_of_member(world: World) -> None:
    committee, binh, cuong, em = [await world.join(c) for c in ("B3", "A2", "A3", "B2")]
    menu = await world.say(committee, "/thongbao")
    assert [b.text for b in menu.buttons()] == [
        "🏛 Toàn Đảng bộ", "☑️ Chọn chi bộ", "⭐ Chỉ đảng viên", "👥 Chỉ quần chúng",
        "📋 Thông báo đã gửi",
    ]  # fmt: skip
    await world.press(committee, menu, "☑️ Chọn chi bộ")
    assert [b.text for b in shown(world, menu).buttons()] == [
        "▫️ Liên khoa", "▫️ Phòng Đào tạo", "Xong (đã chọn 0)",
    ]  # fmt: skip
    await world.press(committee, menu, "Xong (đã chọn 0)")
    assert world.sandbox.callback_answers[-1]["text"] == "Xin chọn ít nhất một chi bộ."
    await world.press(committee, menu, "▫️ Liên khoa")
    await world.press(committee, menu, "Xong (đã chọn 1)")
    assert (shown(world, menu).text or "").startswith("📢 Gửi tới: Chi bộ Liên khoa")
    summary = await compose(world, committee, "Nộp báo cáo quý trước thứ Sáu.")
    await world.press(committee, summary, "📤 Gửi ngay")
    await delivered(world)
    assert [m.text for m in notices(world, em.id)] == [
        f"{HEADER_ORG}\n\nNộp báo cáo quý trước thứ Sáu."
    ]
    assert notices(world, binh.id) == notices(world, cuong.id) == []

    # Party members only: Bình (probationary) gets it, Cường (non-party) does not.
    await world.services.broadcasts.send(
        await me(world, committee), Audience.of_kind(KindFilter.PARTY), "Học Nghị quyết"
    )
    await delivered(world)
    assert len(notices(world, binh.id)) == 1 and notices(world, cuong.id) == []


async def test_scheduled_notice_goes_out_at_its_time_or_not_if_cancelled(world: World) -> None:
    secretary, binh = await world.join("A1"), await world.join("A2")
    broadcasts = world.services.broadcasts
    await world.say(secretary, "/thongbao")
    summary = await compose(world, secretary, "Chiều mai họp chi bộ.")
    await world.press(secretary, summary, "🕒 Hẹn giờ")
    assert (shown(world, summary).text or "").startswith("🕒 Gửi lúc nào?")

    def local(delta: timedelta) -> str:
        return broadcasts.local(world.clock.now() + delta).strftime("%d/%m/%Y %H:%M")

    past = await world.say(secretary, local(-timedelta(days=1)))
    assert "đã qua; xin chọn thời điểm sau đó." in (past.text or "")
    again = await world.say(secretary, "mai")
    assert (again.text or "").startswith("Xin viết thêm giờ.")
    report = await world.say(secretary, local(timedelta(hours=1)))
    assert "🕒 Hẹn gửi lúc" in (report.text or "")
    assert [b.text for b in report.buttons()] == ["✖️ Hủy hẹn giờ"]
    await delivered(world)
    await asyncio.sleep(0.2)
    assert notices(world, binh.id) == []
    assert rows(world, "SELECT status FROM broadcasts") == [("scheduled",)]

    # Another one, cancelled from the list before its time.
    later = await broadcasts.send(
        await me(world, secretary),
        Audience.cells(await broadcasts.find_cells(["Phòng Đào tạo"])),
        "Thông báo sẽ bị hủy",
        at=world.clock.now() + timedelta(hours=2),
    )
    listing = await world.say(secretary, "/thongbao danhsach")
    assert "đã hẹn giờ" in (listing.text or "")
    await world.press(secretary, listing, f"#{later.id}")
    opened = world.sandbox.last_message(secretary.id)
    assert opened is not None
    await world.press(secretary, opened, "✖️ Hủy hẹn giờ")
    assert "❌ Đã hủy, không gửi." in (shown(world, opened).text or "")
    assert rows(world, "SELECT DISTINCT status FROM outbox WHERE source_id = ?", later.id) == [
        ("skipped",)
    ]

    world.clock.advance(hours=3)
    await delivered(world)
    assert [m.text for m in notices(world, binh.id)] == [f"{HEADER_CELL}\n\nChiều mai họp chi bộ."]


async def test_blocked_member_is_listed_and_not_retried(world: World) -> None:
    secretary, binh = await world.join("A1"), await world.join("A2")
    world.sandbox.block_bot(binh, notify=False)
    await world.say(secretary, "/thongbao")
    summary = await compose(world, secretary, "Nộp đảng phí tháng 3.")
    await world.press(secretary, summary, "📤 Gửi ngay")
    await delivered(world)
    await refresh_reports(world)
    report = shown(world, summary)
    assert "Đã gửi xong" in (report.text or "")
    assert "🚫 Chặn bot hoặc không liên lạc được: 1" in (report.text or "")
    await world.press(secretary, report, "🔍 Ai chưa nhận")
    missing = world.sandbox.last_message(secretary.id)
    assert missing is not None and (missing.text or "").splitlines() == [
        "Chưa nhận thông báo số 1: 2",
        "🚫 Đã chặn bot hoặc không liên lạc được:",
        "• Trần Thị Bình (Phòng Đào tạo)",
        "👤 Chưa dùng bot (gửi link mời bằng /moi):",
        "• Lê Văn Cường (Phòng Đào tạo)",
    ]
    world.services.delivery.wake()
    await asyncio.sleep(0.3)
    assert rows(world, "SELECT status, attempts FROM outbox WHERE member_id = 2") == [
        ("blocked", 1)
    ]
    assert world.sandbox.messages(binh.id)[-1].content.startswith("Chào mừng")  # nothing since
    assert rows(
        world, "SELECT unreachable_since IS NOT NULL FROM accounts WHERE member_id = 2"
    ) == [(1,)]


async def test_failed_document_is_sent_again_on_request(world: World) -> None:
    secretary, binh = await world.join("A1"), await world.join("A2")
    await world.say(secretary, "/thongbao")
    upload = await world.sandbox.send_document_as_user(
        secretary, b"%PDF-1.4 ke hoach", "ke-hoach.pdf", caption="Kế hoạch <quý 2>"
    )
    summary = await world.sandbox.wait_for_message(
        secretary.id, lambda m: "Trên đây là thông báo" in m.content, after=upload["message_id"]
    )
    [preview] = [m for m in world.sandbox.messages(secretary.id) if m.document]
    assert preview.caption == f"{HEADER_CELL}\n\nKế hoạch <quý 2>"
    # Telegram refuses the file for now: every copy fails, nothing is retried by itself.
    file_id = upload["document"]["file_id"]
    stored = world.sandbox._api.files.pop(file_id)
    await world.press(secretary, summary, "📤 Gửi ngay")
    await delivered(world)
    assert rows(world, "SELECT DISTINCT status FROM outbox") == [("failed",)]
    await refresh_reports(world)
    report = shown(world, summary)
    assert "⚠️ Lỗi: 2" in (report.text or "")
    world.sandbox._api.files[file_id] = stored
    await world.press(secretary, report, "🔁 Gửi lại cho người bị lỗi")
    assert world.sandbox.callback_answers[-1]["text"] == "Đang gửi lại 2 tin nhắn."
    await delivered(world)
    [copy] = [m for m in world.sandbox.messages(binh.id) if m.document]
    assert copy.caption == preview.caption and copy.document == preview.document
    assert rows(world, "SELECT DISTINCT status FROM outbox") == [("sent",)]


async def test_cell_group_linked_by_its_secretary_gets_the_cells_notices(world: World) -> None:
    secretary, binh, committee = [await world.join(c) for c in ("A1", "A2", "B3")]
    group = world.sandbox.create_group("Chi bộ Phòng Đào tạo")
    refusal = "Chỉ bí thư chi bộ mới liên kết được nhóm này với chi bộ."
    assert (await world.say(binh, "/lienketnhom", chat_id=group)).text == refusal
    stranger = world.sandbox.create_user("Khách")
    assert (await world.say(stranger, "/lienketnhom", chat_id=group)).text == refusal
    assert (await world.say(committee, "/lienketnhom", chat_id=group)).text == refusal
    linked = await world.say(secretary, "/lienketnhom", chat_id=group)
    assert (linked.text or "").startswith("✅ Nhóm này đã được liên kết với Chi bộ Phòng Đào tạo.")
    assert rows(world, "SELECT chat_id FROM group_links") == [(str(group),)]

    broadcasts = world.services.broadcasts
    cell = Audience.cells(await broadcasts.find_cells(["Phòng Đào tạo"]))
    assert (await broadcasts.preview(await me(world, secretary), cell)).groups == 1
    await broadcasts.send(await me(world, secretary), cell, "Sinh hoạt chi bộ thứ Năm.")
    await broadcasts.send(await me(world, committee), Audience.of_kind(KindFilter.PARTY), "Riêng")
    await delivered(world)
    assert [m.text for m in notices(world, group)] == [
        f"{HEADER_CELL}\n\nSinh hoạt chi bộ thứ Năm."
    ]

    other = await world.say(binh, "/huylienket", chat_id=group)
    assert other.text == "Chỉ bí thư Chi bộ Phòng Đào tạo mới hủy liên kết được nhóm này."
    assert (await world.say(secretary, "/huylienket", chat_id=group)).text == (
        "Đã hủy liên kết nhóm này với Chi bộ Phòng Đào tạo; thông báo sẽ không được đăng vào "
        "đây nữa."
    )
    assert rows(world, "SELECT count(*) FROM group_links") == [(0,)]
    assert rows(world, "SELECT event FROM audit_log WHERE event LIKE 'group%' ORDER BY id") == [
        ("group_link_refused",), ("group_link_refused",), ("group_linked",),
        ("group_link_refused",), ("group_unlinked",),
    ]  # fmt: skip
    # Other commands in the group still only point to a private chat.
    pointer = await world.say(binh, "/tiendo", chat_id=group)
    assert "riêng" in (pointer.text or "")


async def test_long_notice_is_split_at_paragraph_boundaries(world: World) -> None:
    binh = await world.join("A2")
    paragraphs = [f"Mục {n}. " + "Nội dung chi tiết của mục này. " * 60 for n in range(1, 6)]
    text = "\n\n".join(p.strip() for p in paragraphs)
    sent = await world.services.broadcasts.send(None, Audience.organisation(), text)
    assert sent.parts == 3
    await delivered(world)
    parts = [m.text or "" for m in world.sandbox.messages(binh.id)][-3:]
    assert parts[0].startswith(f"{HEADER_ORG}\n\nMục 1.") and "\n\nMục 2." in parts[0]
    assert parts[1].startswith("Mục 3.") and "\n\nMục 4." in parts[1]
    assert parts[2].startswith("Mục 5.")
    assert all(p.endswith("mục này.") and len(p) <= 4096 for p in parts)
    assert rows(world, "SELECT idempotency_key FROM outbox ORDER BY id") == [
        (f"broadcast:{sent.id}:m:2:p:{n}",) for n in (1, 2, 3)
    ]
    report = await world.services.broadcasts.report(None, sent.id)
    assert (report.members.sent, report.not_linked) == (1, 5)  # one member, three messages
