"""Approval end to end: one digest per secretary, approve and return from it, the member told,
edit and resubmit into the next digest; /duyet for secretaries and the committee."""

from __future__ import annotations

from datetime import date

from scheduler.approval_digests import enqueue_approval_digests
from tests.e2e.conftest import World, eventually, outbox_drained
from tests.e2e.task_steps import identity, last, now_shown, register, row, set_day


async def _digest(world: World) -> int:
    sent = await enqueue_approval_digests(world.services)
    await outbox_drained(world)
    return sent


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
        ("Duyệt 1", f"ap:y:{first}"), ("Trả lại 1", f"ap:n:{first}"), ("Xem 1", f"tk:v:{first}"),
        ("Duyệt 2", f"ap:y:{second}"), ("Trả lại 2", f"ap:n:{second}"), ("Xem 2", f"tk:v:{second}"),
        ("Duyệt 3", f"ap:y:{third}"), ("Trả lại 3", f"ap:n:{third}"), ("Xem 3", f"tk:v:{third}"),
    ]  # fmt: skip
    assert await _digest(world) == 0  # nothing new: nothing sent
    assert len(world.sandbox.messages(secretary.id)) == before + 1

    # Approve from the digest: the member is told, the row leaves the digest.
    await world.press(secretary, digest, "Duyệt 1")
    assert last(world, secretary).text == (
        "Đã duyệt công việc «Viết giáo trình <mới>» của đồng chí Trần Thị Bình."
    )
    assert last(world, binh).text == (
        "Công việc «Viết giáo trình <mới>» của đồng chí đã được duyệt. "
        "Gửi /congviec để báo cáo tiến độ."
    )
    assert "Duyệt 1" not in [b.text for b in now_shown(world, digest).buttons()]
    assert row(world, "SELECT status FROM tasks WHERE id = ?", first) == ("in_progress",)

    # Return with a reason: asked, checked, the member told with the reason.
    await world.press(secretary, digest, "Trả lại 2")
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
    assert [b.text for b in now_shown(world, digest).buttons()] == ["Duyệt 3", "Trả lại 3", "Xem 3"]
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
    await world.press(secretary, listing, f"ap:y:{own}")
    answer = world.sandbox.callback_answers[-1]
    assert (
        answer["text"] == "Đồng chí không thể tự duyệt công việc của mình." and answer["show_alert"]
    )
    assert row(world, "SELECT status FROM tasks WHERE id = ?", own) == ("submitted",)

    # The card from the list opens below it, with the approval buttons.
    await world.press(secretary, listing, f"tk:v:{theirs}")
    card = last(world, secretary)
    assert card.message_id != listing.message_id and "Viết giáo trình" in (card.text or "")
    assert [b.text for b in card.buttons()][:2] == ["Duyệt", "Trả lại"]

    # The committee sees every cell's pending tasks and approves the secretary's own.
    everything = await world.say(committee, "/approve")
    assert "Việc của bí thư" in (everything.text or "")
    await world.press(committee, everything, f"ap:y:{own}")
    assert row(world, "SELECT status FROM tasks WHERE id = ?", own) == ("in_progress",)
    # The secretary approves from the card; the same task's old list button is then stale.
    await world.press(secretary, card, "Duyệt")
    assert row(world, "SELECT status FROM tasks WHERE id = ?", theirs) == ("in_progress",)
    await world.press(secretary, listing, f"ap:y:{theirs}")
    assert world.sandbox.callback_answers[-1]["text"] == "Công việc này không còn chờ duyệt nữa."
    approved = row(world, "SELECT actor_member_id FROM task_updates WHERE task_id = ? AND kind = 'approved'", theirs)  # fmt: skip
    assert approved == ((await identity(world, secretary)).member.id,)


async def test_a_long_digest_opens_the_list_instead(world: World) -> None:
    set_day(world, 3, 2)
    year = await world.open_year(approval=True, max_tasks=5)
    secretary = await world.join("A1")
    for code in ("A2", "A3"):
        user = await world.join(code)
        for n in range(5):
            await register(world, user, f"Việc {code}-{n + 1}", date(year, 12, 31))
    assert await _digest(world) == 1
    digest = last(world, secretary)
    assert (digest.text or "").splitlines()[0] == "Có 10 công việc mới chờ đồng chí duyệt"
    assert "… và 2 việc khác." in (digest.text or "")
    assert [b.text for b in digest.buttons()] == ["Mở danh sách duyệt"]
    assert row(world, "SELECT count(*) FROM tasks WHERE digest_sent_at IS NOT NULL") == (10,)
    await world.press(secretary, digest, "Mở danh sách duyệt")
    listing = last(world, secretary)
    assert (listing.text or "").splitlines()[0] == "Công việc chờ duyệt: 10"
    assert "Còn 2 công việc nữa" in (listing.text or "")
    assert len(listing.buttons()) == 8 * 3


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
