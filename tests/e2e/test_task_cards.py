"""/congviec and the task card, end to end: the list, the card, progress by button and by typed
number, notes and evidence, done / exceeded, edits, withdrawal, recording on behalf, forgery."""

from __future__ import annotations

import json
from datetime import date

from tests.e2e.conftest import World, eventually, outbox_drained
from tests.e2e.task_steps import identity, last, now_shown, register, row, rows, set_day


async def test_list_and_card_show_progress_days_left_and_overdue(world: World) -> None:
    today = set_day(world, 3, 2)
    year = await world.open_year(approval=False)
    member = await world.join("A2")
    await register(world, member, "Viết giáo trình", date(year, 11, 30))
    await register(world, member, "Soạn <bài giảng>", date(year, 3, 10))

    listing = await world.say(member, "/congviec")
    text = listing.html or ""
    assert f"Công việc bứt phá năm {year} của đồng chí" in text
    # Soonest deadline first; user-written text escaped.
    assert (
        f"1. <b>Soạn &lt;bài giảng&gt;</b>\n    đang thực hiện · 0% · hạn 10/03/{year}, còn 8 ngày"
        in text
    )
    assert (
        f"2. <b>Viết giáo trình</b>\n    đang thực hiện · 0% · hạn 30/11/{year}, còn 273 ngày"
        in text
    )
    assert [b.text for b in listing.buttons()] == ["1. Soạn <bài giảng>", "2. Viết giáo trình"]
    assert today == date(year, 3, 2)

    world.clock.advance(days=10)  # 12 March: the first is two days overdue
    listing = await world.say(member, "/tasks")
    assert "1. ⚠ <b>Soạn &lt;bài giảng&gt;</b>" in (listing.html or "")
    assert "⚠ quá hạn 2 ngày" in (listing.text or "")

    await world.press(member, listing, "1. Soạn <bài giảng>")
    card = now_shown(world, listing)
    assert (card.text or "").splitlines()[:7] == [
        "Soạn <bài giảng>",
        "Sản phẩm: 01 giáo trình được nghiệm thu",
        f"Hạn: 10/03/{year} — ⚠ quá hạn 2 ngày",
        "Trạng thái: đang thực hiện",
        "Tiến độ: 0%",
        "Người thực hiện: Trần Thị Bình",
        "",
    ]
    assert f"• 02/03/{year} — đăng ký — Trần Thị Bình" in (card.text or "")
    assert [b.text for b in card.buttons()] == [
        "25%", "50%", "75%", "100%",
        "Nhập số %", "Ghi chú / minh chứng",
        "Hoàn thành", "Vượt chỉ tiêu",
        "Sửa", "Rút công việc",
        "◀ Công việc của tôi",
    ]  # fmt: skip


async def test_an_empty_list_points_to_registration(world: World) -> None:
    await world.open_year()
    member = await world.join("A3")
    answer = await world.say(member, "/congviec")
    assert "Gửi /dangky để đăng ký" in (answer.text or "")


async def test_progress_by_button_and_by_typed_number(world: World) -> None:
    set_day(world, 3, 2)
    year = await world.open_year(approval=False)
    member = await world.join("A2")
    task = await register(world, member, "Viết giáo trình", date(year, 11, 30))
    listing = await world.say(member, "/congviec")
    await world.press(member, listing, f"tk:c:{task}")
    card = now_shown(world, listing)

    await world.press(member, card, "50%")
    card = now_shown(world, card)
    assert "Tiến độ: 50%" in (card.text or "")
    assert "tiến độ 50% — Trần Thị Bình" in (card.text or "")
    assert row(world, "SELECT progress FROM tasks WHERE id = ?", task) == (50,)

    await world.press(member, card, "Nhập số %")
    question = last(world, member)
    assert "gõ một số từ 0 đến 100" in (question.text or "")
    for bad in ("khoảng một nửa", "150"):
        again = await world.say(member, bad)
        assert "chưa đọc được con số" in (again.text or "") and "ví dụ 60" in (again.text or "")
    answer = await world.say(member, "62,5%")
    assert "Tiến độ: 63%" in (answer.text or "")
    assert row(world, "SELECT progress FROM tasks WHERE id = ?", task) == (63,)
    assert [r[0] for r in rows(world, "SELECT progress FROM task_updates WHERE task_id = ? AND kind = 'progress'", task)] == [50, 63]  # fmt: skip

    # /huy leaves the question without changing anything.
    await world.press(member, answer, "Nhập số %")
    cancelled = await world.say(member, "/huy")
    assert cancelled.text == "Đã hủy, không có gì thay đổi."
    after = await world.say(member, "80")  # no longer an answer to anything
    assert "Tiến độ" not in (after.text or "")
    assert row(world, "SELECT progress FROM tasks WHERE id = ?", task) == (63,)


async def test_note_and_evidence(world: World) -> None:
    set_day(world, 3, 2)
    year = await world.open_year(approval=False)
    member = await world.join("A2")
    task = await register(world, member, "Viết giáo trình", date(year, 11, 30))
    listing = await world.say(member, "/congviec")
    await world.press(member, listing, f"tk:c:{task}")

    await world.press(member, listing, "Ghi chú / minh chứng")
    assert "gửi tệp hay ảnh làm minh chứng" in (last(world, member).text or "")
    noted = await world.say(member, "Đã xong bản thảo <chương 1>")
    assert "ghi chú: Đã xong bản thảo &lt;chương 1&gt; — Trần Thị Bình" in (noted.html or "")

    await world.press(member, noted, "Ghi chú / minh chứng")
    sent = await world.sandbox.send_document_as_user(
        member, b"%PDF-1.4 bien ban", "bien-ban.pdf", caption="Biên bản nghiệm thu"
    )
    evidence = await world.sandbox.wait_for_message(member.id, after=sent["message_id"])
    assert "minh chứng (tệp): Biên bản nghiệm thu" in (evidence.text or "")
    kind, file_id, file_kind, text = row(
        world,
        "SELECT kind, file_id, file_kind, text FROM task_updates WHERE task_id = ?"
        " ORDER BY id DESC LIMIT 1",
        task,
    )
    assert (kind, file_kind, text) == ("evidence", "document", "Biên bản nghiệm thu")
    assert file_id == sent["document"]["file_id"]


async def test_edit_after_approval_goes_back_for_approval(world: World) -> None:
    set_day(world, 3, 2)
    year = await world.open_year(approval=True)
    member = await world.join("A2")
    secretary = await world.join("A1")
    task = await register(world, member, "Viết giáo trình", date(year, 11, 30))
    await world.services.approvals.approve(await identity(world, secretary), task)
    await outbox_drained(world)  # the "approved" notice first, so it is not taken for the answer

    listing = await world.say(member, "/congviec")
    await world.press(member, listing, f"tk:c:{task}")
    await world.press(member, listing, "Sửa")
    chooser = now_shown(world, listing)
    assert "Sau khi sửa, công việc sẽ được gửi lại để bí thư chi bộ duyệt." in (chooser.text or "")
    assert [b.text for b in chooser.buttons()] == [
        "Tên công việc",
        "Sản phẩm cụ thể",
        "Thời hạn",
        "◀ Quay lại",
    ]
    await world.press(member, chooser, "Tên công việc")
    assert "Hiện tại: Viết giáo trình" in (last(world, member).text or "")
    too_long = await world.say(member, "x" * 201)
    assert "quá dài (201 ký tự; tối đa 200)" in (too_long.text or "")
    saved = await world.say(member, "Viết giáo trình Xây dựng Đảng")
    assert (saved.text or "").startswith("Đã lưu. Vì nội dung đã thay đổi")
    assert "Trạng thái: chờ duyệt" in (saved.text or "")
    assert row(world, "SELECT title, status, digest_sent_at FROM tasks WHERE id = ?", task) == (
        "Viết giáo trình Xây dựng Đảng",
        "submitted",
        None,
    )

    # Waiting again: a new deadline, asked again until it reads as a date of the year.
    await world.press(member, saved, "Sửa")
    await world.press(member, saved, "Thời hạn")
    again = await world.say(member, "quý 5")
    assert f"Ví dụ: 30/04/{year}, 30/04, tháng 6, quý 2 hoặc cuối năm." in (again.text or "")
    saved = await world.say(member, "tháng 6")
    assert saved.text is not None and saved.text.startswith("Đã lưu.")
    assert row(world, "SELECT deadline FROM tasks WHERE id = ?", task) == (f"{year}-06-30",)
    assert row(
        world, "SELECT count(*) FROM task_updates WHERE task_id = ? AND kind = 'edited'", task
    ) == (2,)


async def test_withdraw_asks_a_reason_and_stays_in_history(world: World) -> None:
    set_day(world, 3, 2)
    year = await world.open_year(approval=False)
    member = await world.join("A2")
    task = await register(world, member, "Viết giáo trình", date(year, 11, 30))
    listing = await world.say(member, "/congviec")
    await world.press(member, listing, f"tk:c:{task}")
    await world.press(member, listing, "Rút công việc")
    assert "Cần ghi ngắn gọn lý do" in (last(world, member).text or "")
    too_long = await world.say(member, "y" * 1001)
    assert "Ghi chú quá dài" in (too_long.text or "") and "Ví dụ" not in (too_long.text or "")
    assert "Chuyển công tác" in (too_long.text or "")
    withdrawn = await world.say(member, "Chuyển công tác")
    assert (withdrawn.text or "").startswith("Đã rút công việc; công việc vẫn được lưu")
    assert "rút: Chuyển công tác — Trần Thị Bình" in (withdrawn.text or "")
    assert [b.text for b in withdrawn.buttons()] == ["◀ Công việc của tôi"]
    assert row(world, "SELECT status FROM tasks WHERE id = ?", task) == ("withdrawn",)
    assert row(
        world, "SELECT text FROM task_updates WHERE task_id = ? AND kind = 'withdrawn'", task
    ) == ("Chuyển công tác",)
    listing = await world.say(member, "/congviec")
    assert "đã rút · 0%" in (listing.text or "")


async def test_a_secretary_records_on_behalf_and_the_member_is_told(world: World) -> None:
    set_day(world, 3, 2)
    year = await world.open_year(approval=False)
    member = await world.join("A2")
    secretary = await world.join("A1")
    task = await register(world, member, "Viết giáo trình", date(year, 11, 30))

    mine = await world.say(secretary, "/congviec")
    assert [b.text for b in mine.buttons()] == ["Công việc của chi bộ"]
    await world.press(secretary, mine, "Công việc của chi bộ")
    cell = now_shown(world, mine)
    assert "<b>Trần Thị Bình</b>\n1. <b>Viết giáo trình</b>" in (cell.html or "")
    await world.press(secretary, cell, "1. Viết giáo trình")
    card = now_shown(world, cell)
    assert "Không đạt" in [b.text for b in card.buttons()]
    assert [b.text for b in card.buttons()][-1] == "◀ Công việc của chi bộ"

    before = len(world.sandbox.messages(member.id))
    await world.press(secretary, card, "75%")
    await eventually(lambda: len(world.sandbox.messages(member.id)) > before)
    told = last(world, member)
    assert told.text == (
        "Đồng chí Nguyễn Văn An đã ghi thay cho đồng chí vào công việc «Viết giáo trình»: "
        "tiến độ 75%."
    )
    assert "tiến độ 75% — Nguyễn Văn An (ghi thay)" in (now_shown(world, card).text or "")
    assert row(world, "SELECT on_behalf, actor_member_id FROM task_updates WHERE kind = 'progress'") == (1, (await identity(world, secretary)).member.id)  # fmt: skip

    listing = await world.say(member, "/congviec")
    await world.press(member, listing, f"tk:c:{task}")
    assert "(ghi thay)" in (now_shown(world, listing).text or "")


async def test_a_forged_button_for_another_members_task_is_refused_and_audited(
    world: World,
) -> None:
    set_day(world, 3, 2)
    year = await world.open_year(approval=False)
    owner = await world.join("A2")
    task = await register(world, owner, "Viết giáo trình", date(year, 11, 30))
    other = await world.join("B2")
    listing = await world.say(other, "/congviec")

    for data in (f"tk:p:{task}:100", f"tk:c:{task}", f"tk:o:{task}"):
        await world.sandbox.press_callback(other, listing.message_id, data)
        await world.sandbox.wait_until_idle(quiet=0.05)
        answer = world.sandbox.callback_answers[-1]
        assert answer["text"] == "Đồng chí không mở được công việc này." and answer["show_alert"]
    assert "Viết giáo trình" not in (now_shown(world, listing).text or "")
    assert row(world, "SELECT progress, status FROM tasks WHERE id = ?", task) == (0, "in_progress")
    assert row(world, "SELECT count(*) FROM task_updates WHERE task_id = ?", task) == (1,)
    refused = rows(world, "SELECT actor_member_id, detail FROM audit_log WHERE event = 'task_access_refused'")  # fmt: skip
    other_id = (await identity(world, other)).member.id
    assert [(a, json.loads(d)["task_id"]) for a, d in refused] == [(other_id, task)] * 3
    # The note button led nowhere: a text now is not taken as a note.
    await world.say(other, "ghi chú giả")
    assert row(world, "SELECT count(*) FROM task_updates WHERE task_id = ?", task) == (1,)
