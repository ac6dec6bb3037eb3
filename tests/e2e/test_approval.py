"""Approval end to end: one digest per secretary, approve and return from it, the member told,
edit and resubmit into the next digest; /duyet for secretaries and the committee."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from bot.sandbox.models import SandboxUser
from handlers.tasks.jobs import enqueue_approval_digests
from tests.e2e.conftest import World, eventually, outbox_drained
from tests.e2e.task_steps import identity, last, now_shown, register, row, rows, set_day


async def _digest(world: World) -> int:
    sent = await enqueue_approval_digests(world.services)
    await outbox_drained(world)
    return sent


async def _forged(world: World, user: SandboxUser, message_id: int, data: str) -> dict[str, Any]:
    """Press ``data`` as a tampering client could; the bot's answer to it."""
    before = len(world.sandbox.callback_answers)
    await world.sandbox.press_callback(user, message_id, data)
    await eventually(lambda: len(world.sandbox.callback_answers) > before)
    await world.sandbox.wait_until_idle(quiet=0.05)
    return world.sandbox.callback_answers[-1]


async def test_digest_approve_return_resubmit(world: World) -> None:
    set_day(world, 3, 2)
    year = await world.open_year(approval=True)
    secretary = await world.join("A1")
    binh = await world.join("A2")
    cuong = await world.join("A3")
    other_cell = await world.join("B2")
    first = await register(world, binh, "Viết giáo trình <mới>", date(year, 11, 30))
    second = await register(world, binh, "Soạn bài giảng", date(year, 6, 30))
    third = await register(world, cuong, "Hướng dẫn sinh viên", date(year, 12, 31))
    await register(world, other_cell, "Việc ở chi bộ khác", date(year, 12, 31))
    before = len(world.sandbox.messages(secretary.id))

    # B1, Liên khoa's secretary, has not joined: only A1 can be told.
    assert await _digest(world) == 1
    assert len(world.sandbox.messages(secretary.id)) == before + 1
    digest = last(world, secretary)
    assert (digest.html or "").splitlines() == [
        "<b>Có 3 công việc mới chờ đồng chí duyệt</b>",
        "1. <b>Viết giáo trình &lt;mới&gt;</b> — Trần Thị Bình",
        f"    Sản phẩm: 01 giáo trình được nghiệm thu · hạn 30/11/{year}",
        "2. <b>Soạn bài giảng</b> — Trần Thị Bình",
        f"    Sản phẩm: 01 giáo trình được nghiệm thu · hạn 30/06/{year}",
        "3. <b>Hướng dẫn sinh viên</b> — Lê Văn Cường",
        f"    Sản phẩm: 01 giáo trình được nghiệm thu · hạn 31/12/{year}",
    ]
    assert [(b.text, b.callback_data) for b in digest.buttons()] == [
        ("✅ Duyệt 1", f"ap:y:{first}"), ("↩️ Trả lại 1", f"ap:n:{first}"), ("👁 Xem 1", f"tk:v:{first}"),
        ("✅ Duyệt 2", f"ap:y:{second}"), ("↩️ Trả lại 2", f"ap:n:{second}"), ("👁 Xem 2", f"tk:v:{second}"),
        ("✅ Duyệt 3", f"ap:y:{third}"), ("↩️ Trả lại 3", f"ap:n:{third}"), ("👁 Xem 3", f"tk:v:{third}"),
    ]  # fmt: skip
    assert await _digest(world) == 0  # nothing new: nothing sent
    assert len(world.sandbox.messages(secretary.id)) == before + 1

    # Approve from the digest: the member is told; the digest becomes the list of what is
    # still waiting, with what was done on top — no new message in the secretary's chat.
    await world.press(secretary, digest, "✅ Duyệt 1")
    await outbox_drained(world)
    assert last(world, binh).text == (
        "Công việc «Viết giáo trình <mới>» của đồng chí đã được duyệt. "
        "Gửi /congviec để báo cáo tiến độ."
    )
    assert len(world.sandbox.messages(secretary.id)) == before + 1
    listing = now_shown(world, digest)
    assert (listing.text or "").splitlines()[:3] == [
        "✅ Đã duyệt công việc «Viết giáo trình <mới>» của đồng chí Trần Thị Bình.",
        "",
        "Công việc chờ duyệt: 2",
    ]
    assert [b.text for b in listing.buttons()] == [
        "✅ Duyệt 1", "↩️ Trả lại 1", "👁 Xem 1",
        "✅ Duyệt 2", "↩️ Trả lại 2", "👁 Xem 2",
        "✅ Duyệt tất cả (2)",
    ]  # fmt: skip
    assert row(world, "SELECT status FROM tasks WHERE id = ?", first) == ("in_progress",)

    # Return with a reason: asked, checked, the member told with the reason.
    await world.press(secretary, listing, "↩️ Trả lại 1")
    assert "Vì sao trả lại công việc «Soạn bài giảng» của đồng chí Trần Thị Bình?" in (
        last(world, secretary).text or ""
    )
    too_long = await world.say(secretary, "z" * 1001)
    assert "quá dài" in (too_long.text or "") and "Ví dụ" in (too_long.text or "")
    done = await world.say(secretary, "Đề nghị ghi rõ sản phẩm cụ thể")
    assert done.text == "Đã trả lại công việc «Soạn bài giảng» cho đồng chí Trần Thị Bình."
    await eventually(lambda: "Lý do" in (last(world, binh).text or ""))
    assert last(world, binh).text == (
        "Công việc «Soạn bài giảng» của đồng chí được bí thư chi bộ trả lại. "
        "Lý do: Đề nghị ghi rõ sản phẩm cụ thể\n"
        "Đồng chí có thể sửa và gửi lại trong /congviec."
    )
    # The list it was pressed in now shows only what still waits.
    assert [b.text for b in now_shown(world, digest).buttons()] == [
        "✅ Duyệt 1", "↩️ Trả lại 1", "👁 Xem 1"
    ]  # fmt: skip
    assert "Hướng dẫn sinh viên" in (now_shown(world, digest).text or "")
    assert row(world, "SELECT status FROM tasks WHERE id = ?", second) == ("returned",)
    assert row(
        world, "SELECT text FROM task_updates WHERE task_id = ? AND kind = 'returned'", second
    ) == ("Đề nghị ghi rõ sản phẩm cụ thể",)

    # The member edits the returned task; it is submitted again and in the next digest only.
    listing = await world.say(binh, "/congviec")
    assert "bị trả lại" in (listing.text or "")
    await world.press(binh, listing, f"tk:c:{second}")
    card = now_shown(world, listing)
    assert "trả lại: Đề nghị ghi rõ sản phẩm cụ thể — Nguyễn Văn An" in (card.text or "")
    await world.press(binh, card, "Sửa")
    await world.press(binh, card, "Sản phẩm cụ thể")
    resubmitted = await world.say(binh, "02 bài giảng được khoa thông qua")
    assert (resubmitted.text or "").startswith("Đã lưu. Vì nội dung đã thay đổi")
    assert row(world, "SELECT status FROM tasks WHERE id = ?", second) == ("submitted",)

    assert await _digest(world) == 1
    again = last(world, secretary)
    assert (again.html or "").splitlines()[:2] == [
        "<b>Có 1 công việc mới chờ đồng chí duyệt</b>",
        "1. <b>Soạn bài giảng</b> — Trần Thị Bình",
    ]
    assert await _digest(world) == 0


async def test_duyet_lists_pending_refuses_members_and_own_tasks(world: World) -> None:
    set_day(world, 3, 2)
    year = await world.open_year(approval=True)
    secretary = await world.join("A1")
    member = await world.join("A2")
    committee = await world.join("B3")
    own = await register(world, secretary, "Việc của bí thư", date(year, 10, 31))
    theirs = await register(world, member, "Viết giáo trình", date(year, 11, 30))

    refused = await world.say(member, "/duyet")
    assert refused.text == "Chỉ bí thư chi bộ và Đảng ủy mới duyệt công việc."

    listing = await world.say(secretary, "/duyet")
    assert (listing.text or "").splitlines()[0] == "Công việc chờ duyệt: 2"
    # A secretary of one cell reads no cell names; «approve all» would leave their own task
    # out, so for the one left it is not offered.
    assert "Phòng Đào tạo" not in (listing.text or "")
    assert not any("Duyệt tất cả" in b.text for b in listing.buttons())
    await world.press(secretary, listing, f"ap:y:{own}:0")
    answer = world.sandbox.callback_answers[-1]
    assert (
        answer["text"] == "Đồng chí không thể tự duyệt công việc của mình." and answer["show_alert"]
    )
    assert row(world, "SELECT status FROM tasks WHERE id = ?", own) == ("submitted",)

    # The card from the list opens below it, with the approval buttons.
    await world.press(secretary, listing, f"tk:v:{theirs}")
    card = last(world, secretary)
    assert card.message_id != listing.message_id and "Viết giáo trình" in (card.text or "")
    assert [b.text for b in card.buttons()][:2] == ["✅ Duyệt", "↩️ Trả lại"]

    # The committee sees every cell's pending tasks, with the cell, and approves the
    # secretary's own.
    everything = await world.say(committee, "/approve")
    assert "Việc của bí thư</b> — Nguyễn Văn An · Phòng Đào tạo" in (everything.html or "")
    await world.press(committee, everything, f"ap:y:{own}:0")
    assert row(world, "SELECT status FROM tasks WHERE id = ?", own) == ("in_progress",)
    # The secretary approves from the card: the card shows the new status and the history
    # line; the same task's old list button is then stale.
    await world.press(secretary, card, "✅ Duyệt")
    assert row(world, "SELECT status FROM tasks WHERE id = ?", theirs) == ("in_progress",)
    approved_card = (now_shown(world, card).text or "").splitlines()
    assert approved_card[0] == "✅ Đã duyệt công việc «Viết giáo trình» của đồng chí Trần Thị Bình."
    assert "Trạng thái: đang thực hiện" in approved_card
    assert any(line.endswith("— đã duyệt — Nguyễn Văn An") for line in approved_card)
    assert "✅ Duyệt" not in [b.text for b in now_shown(world, card).buttons()]
    await world.press(secretary, listing, f"ap:y:{theirs}:0")
    assert world.sandbox.callback_answers[-1]["text"] == "Công việc này không còn chờ duyệt nữa."
    approved = row(world, "SELECT actor_member_id FROM task_updates WHERE task_id = ? AND kind = 'approved'", theirs)  # fmt: skip
    assert approved == ((await identity(world, secretary)).member.id,)


async def test_returning_from_a_card_shows_the_card_returned(world: World) -> None:
    set_day(world, 3, 2)
    year = await world.open_year(approval=True)
    secretary = await world.join("A1")
    member = await world.join("A2")
    task = await register(world, member, "Viết giáo trình", date(year, 11, 30))
    listing = await world.say(secretary, "/duyet")
    await world.press(secretary, listing, f"tk:v:{task}")
    card = last(world, secretary)
    await world.press(secretary, card, "↩️ Trả lại")
    answer = await world.say(secretary, "Đề nghị ghi rõ sản phẩm")
    assert answer.text == "Đã trả lại công việc «Viết giáo trình» cho đồng chí Trần Thị Bình."
    # The card it was pressed on shows the task returned, with the reason in its history.
    await eventually(lambda: "bị trả lại" in (now_shown(world, card).text or ""))
    shown = (now_shown(world, card).text or "").splitlines()
    assert "Trạng thái: bị trả lại" in shown
    assert f"• 02/03/{year} — trả lại: Đề nghị ghi rõ sản phẩm — Nguyễn Văn An" in shown
    assert "✅ Duyệt" not in [b.text for b in now_shown(world, card).buttons()]


async def test_a_long_list_is_paged_and_approved_all_at_once_in_place(world: World) -> None:
    set_day(world, 3, 2)
    year = await world.open_year(approval=True, max_tasks=5)
    secretary = await world.join("A1")
    members = {code: await world.join(code) for code in ("A2", "A3")}
    for code, user in members.items():
        for n in range(5):
            await register(world, user, f"Việc {code}-{n + 1}", date(year, 12, 31))
    await register(world, secretary, "Việc của bí thư", date(year, 12, 31))

    # The digest is short: one button to the list.
    assert await _digest(world) == 1
    digest = last(world, secretary)
    assert (digest.text or "").splitlines()[0] == "Có 10 công việc mới chờ đồng chí duyệt"
    assert "… và 2 việc khác." in (digest.text or "")
    assert [b.text for b in digest.buttons()] == ["Mở danh sách duyệt"]
    await world.press(secretary, digest, "Mở danh sách duyệt")
    listing = last(world, secretary)

    # Eleven waiting (the secretary's own among them): two pages, numbered across pages,
    # people by given name (An, Bình, Cường).
    text = (listing.text or "").splitlines()
    assert text[:3] == [
        "Công việc chờ duyệt: 11",
        "Trang 1/2",
        "1. Việc của bí thư — Nguyễn Văn An",
    ]
    assert "2. Việc A2-1 — Trần Thị Bình" in text
    assert len(listing.buttons()) == 8 * 3 + 2
    assert [b.text for b in listing.buttons()][-2:] == ["Tiếp ▶", "✅ Duyệt tất cả (10)"]
    await world.press(secretary, listing, "Tiếp ▶")
    second = now_shown(world, listing)
    assert (second.text or "").splitlines()[1:3] == ["Trang 2/2", "9. Việc A3-3 — Lê Văn Cường"]
    assert "11. Việc A3-5 — Lê Văn Cường" in (second.text or "")
    assert [b.text for b in second.buttons()][-2:] == ["◀ Trước", "✅ Duyệt tất cả (10)"]

    # One approval from page 2 edits the list in place, on the same page.
    messages_before = len(world.sandbox.messages(secretary.id))
    await world.press(secretary, second, "✅ Duyệt 9")
    shown = now_shown(world, listing)
    assert (shown.text or "").splitlines()[:4] == [
        "✅ Đã duyệt công việc «Việc A3-3» của đồng chí Lê Văn Cường.",
        "",
        "Công việc chờ duyệt: 10",
        "Trang 2/2",
    ]

    # Approve all: asked first; «back» changes nothing.
    await world.press(secretary, shown, "✅ Duyệt tất cả (9)")
    question = now_shown(world, listing)
    assert (question.text or "").splitlines() == [
        "Duyệt 9 công việc đang chờ?",
        "Mỗi đồng chí sẽ được báo bằng một tin nhắn riêng.",
    ]
    await world.press(secretary, question, "◀ Quay lại danh sách")
    assert row(world, "SELECT count(*) FROM tasks WHERE status = 'submitted'") == (10,)
    await world.press(secretary, now_shown(world, listing), "✅ Duyệt tất cả (9)")
    await world.press(secretary, now_shown(world, listing), "✅ Duyệt tất cả (9)")
    done = now_shown(world, listing)
    assert (done.text or "").splitlines()[:3] == [
        "✅ Đã duyệt 9 công việc; mỗi đồng chí được báo bằng một tin nhắn riêng.",
        "",
        "Công việc chờ duyệt: 1",
    ]
    assert "Việc của bí thư" in (done.text or "")
    assert "Duyệt tất cả" not in str([b.text for b in done.buttons()])
    assert rows(world, "SELECT status, count(*) FROM tasks GROUP BY status ORDER BY status") == [
        ("in_progress", 10),
        ("submitted", 1),
    ]
    # The whole time, not one new message in the secretary's chat; each member told once
    # per task, through the outbox.
    await outbox_drained(world)
    assert len(world.sandbox.messages(secretary.id)) == messages_before
    for user in members.values():
        told = [m for m in world.sandbox.messages(user.id) if "đã được duyệt" in (m.text or "")]
        assert len(told) == 5
    assert row(world, "SELECT count(*) FROM outbox WHERE purpose = 'notice'") == (10,)

    # A stale «approve all» (pressed again on an old question) approves nothing more.
    answer = await _forged(world, secretary, done.message_id, "ap:all:ok")
    assert answer["text"] == "Nút này không còn dùng được nữa."
    assert row(world, "SELECT count(*) FROM tasks WHERE status = 'submitted'") == (1,)


async def test_a_forged_approval_is_refused_and_audited(world: World) -> None:
    set_day(world, 3, 2)
    year = await world.open_year(approval=True)
    member = await world.join("A2")
    task = await register(world, member, "Viết giáo trình", date(year, 11, 30))
    other_secretary = await world.join("B1")  # Liên khoa's, not Phòng Đào tạo's
    plain = await world.join("A3")  # the same cell, no role
    for user in (other_secretary, plain):
        mine = await world.say(user, "/congviec")
        for data in (f"ap:y:{task}", f"ap:y:{task}:0", f"ap:cy:{task}", f"ap:n:{task}"):
            answer = await _forged(world, user, mine.message_id, data)
            assert (
                answer["text"] == "Đồng chí không mở được công việc này." and answer["show_alert"]
            )
        # The return button led nowhere: a text now is not taken as a reason.
        await world.say(user, "Lý do giả")
    assert row(world, "SELECT status FROM tasks WHERE id = ?", task) == ("submitted",)
    assert row(world, "SELECT count(*) FROM task_updates WHERE task_id = ?", task) == (1,)
    refused = rows(world, "SELECT actor_member_id, detail FROM audit_log WHERE event = 'task_access_refused'")  # fmt: skip
    ids = [(await identity(world, u)).member.id for u in (other_secretary, plain)]
    assert [(a, json.loads(d)["task_id"]) for a, d in refused] == [
        (who, task) for who in ids for _ in range(4)
    ]
    # Nor does a forged «approve all» approve anything for someone who approves nothing.
    mine = await world.say(plain, "/congviec")
    await world.sandbox.press_callback(plain, mine.message_id, "ap:all")
    refusal = "Chỉ bí thư chi bộ và Đảng ủy mới duyệt công việc."
    await eventually(lambda: now_shown(world, mine).text == refusal)
    answer = await _forged(world, plain, mine.message_id, "ap:all:ok")
    assert answer["text"] == "Nút này không còn dùng được nữa."
    assert row(world, "SELECT status FROM tasks WHERE id = ?", task) == ("submitted",)
    await world.sandbox.wait_until_idle(quiet=0.3)
    # The popup is all: no internal error behind it (the list it redrew was not hers to see).
    assert not any("trục trặc" in (m.text or "") for m in world.sandbox.messages(plain.id))


async def test_a_digest_that_fails_once_is_retried_and_never_doubled(world: World) -> None:
    set_day(world, 3, 2)
    year = await world.open_year(approval=True)
    secretary = await world.join("A1")
    member = await world.join("A2")
    await register(world, member, "Viết giáo trình", date(year, 11, 30))
    before = len(world.sandbox.messages(secretary.id))
    world.sandbox.inject_fault("sendMessage", "500")
    # Queued and marked announced in one transaction; the sender retries the 500.
    assert await enqueue_approval_digests(world.services) == 1
    assert row(world, "SELECT digest_sent_at IS NOT NULL FROM tasks") == (1,)
    await eventually(lambda: "Viết giáo trình" in (last(world, secretary).text or ""), 10)
    assert await _digest(world) == 0  # nothing new: no second digest
    assert len(world.sandbox.messages(secretary.id)) == before + 1
    assert row(world, "SELECT status, attempts FROM outbox WHERE purpose = 'digest'") == (
        "sent",
        2,
    )


async def test_the_digest_runs_every_configured_interval(world: World) -> None:
    assert world.app.job_queue is not None
    [job] = world.app.job_queue.get_jobs_by_name("approval-digests")
    assert job.trigger.interval.total_seconds() == 10 * 60  # BUTPHA_APPROVAL_DIGEST_MINUTES


async def test_the_committee_returning_from_a_card_sees_the_card_updated(world: World) -> None:
    """The committee may only look at a returned task: its card has no button for them, and an
    empty keyboard (``{}``) is refused by Telegram, so the card stayed "chờ duyệt"."""
    set_day(world, 3, 2)
    year = await world.open_year(approval=True)
    committee = await world.join("B3")
    member = await world.join("A2")
    task = await register(world, member, "Viết giáo trình", date(year, 11, 30))
    listing = await world.say(committee, "/duyet")
    await world.press(committee, listing, f"tk:v:{task}")
    card = last(world, committee)
    await world.press(committee, card, "↩️ Trả lại")
    await world.say(committee, "Đề nghị ghi rõ sản phẩm")
    await eventually(lambda: "bị trả lại" in (now_shown(world, card).text or ""))
    refused = [c for c in world.sandbox.calls if c.method == "editMessageText" and c.status != 200]
    assert refused == []
