"""Done, exceeded and not achieved from a task's card, end to end: never one tap — the product
or evidence is asked (or skipped), then confirmed — and taken back with ↩️: the owner within 24
hours of the injected clock, the cell secretary any time, each undo kept in the history."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from bot.domain.tasks import TaskStatus
from bot.sandbox.models import SandboxUser, SentMessage
from tests.e2e.conftest import World, eventually
from tests.e2e.task_steps import identity, last, now_shown, register, row, rows, set_day

UNDO_DONE = "↩️ Hoàn tác «hoàn thành»"


async def _card(world: World, user: SandboxUser, task: int) -> SentMessage:
    listing = await world.say(user, "/congviec")
    await world.press(user, listing, f"tk:c:{task}")
    return now_shown(world, listing)


async def _at_five_percent(world: World) -> tuple[SandboxUser, int]:
    set_day(world, 3, 2)
    year = await world.open_year(approval=False)
    member = await world.join("A2")
    task = await register(world, member, "Viết giáo trình", date(year, 11, 30))
    await world.services.tasks.set_progress(await identity(world, member), task, 5)
    return member, task


async def _forged(world: World, user: SandboxUser, message_id: int, data: str) -> dict[str, Any]:
    before = len(world.sandbox.callback_answers)
    await world.sandbox.press_callback(user, message_id, data)
    await eventually(lambda: len(world.sandbox.callback_answers) > before)
    await world.sandbox.wait_until_idle(quiet=0.05)
    return world.sandbox.callback_answers[-1]


def _status(world: World, task: int) -> tuple[str, int]:
    found: tuple[str, int] = row(world, "SELECT status, progress FROM tasks WHERE id = ?", task)
    return found


async def test_done_asks_for_the_product_confirms_and_can_be_undone_within_a_day(
    world: World,
) -> None:
    member, task = await _at_five_percent(world)
    card = await _card(world, member, task)

    # One tap only asks: the product or evidence, which may be skipped.
    await world.press(member, card, "Hoàn thành")
    question = last(world, member)
    assert (question.text or "").startswith(
        "Đồng chí đang đánh dấu «Viết giáo trình» hoàn thành. Xin gửi sản phẩm hoặc minh chứng"
    )
    assert [b.text for b in question.buttons()] == ["⏭ Bỏ qua", "✖️ Hủy"]
    assert _status(world, task) == ("in_progress", 5)

    # A document with a caption, then the confirmation says what will change.
    sent = await world.sandbox.send_document_as_user(
        member, b"%PDF-1.4 bien ban", "bien-ban.pdf", caption="Biên bản nghiệm thu"
    )
    confirm = await world.sandbox.wait_for_message(member.id, after=sent["message_id"])
    assert (confirm.text or "").splitlines() == [
        "Đánh dấu «Viết giáo trình» hoàn thành?",
        "Tiến độ: 5% → 100%",
        "Đính kèm: một tệp",
        "Sản phẩm, minh chứng: Biên bản nghiệm thu",
        "Đồng chí có thể hoàn tác trên thẻ công việc trong vòng 24 giờ; sau đó, bí thư chi bộ "
        "hoàn tác được.",
    ]
    assert [b.text for b in confirm.buttons()] == ["✅ Xác nhận hoàn thành", "✖️ Hủy"]
    assert _status(world, task) == ("in_progress", 5)

    await world.press(member, confirm, "✅ Xác nhận hoàn thành")
    done = now_shown(world, confirm)
    lines = (done.text or "").splitlines()
    assert lines[0] == "Đã lưu."
    assert "Trạng thái: hoàn thành" in lines and "Tiến độ: 100%" in lines
    year = world.clock.now().year
    assert (
        f"• 02/03/{year} — đánh dấu hoàn thành (tệp): Biên bản nghiệm thu — Trần Thị Bình" in lines
    )
    assert [b.text for b in done.buttons()] == [
        "Ghi chú / minh chứng",
        "Vượt chỉ tiêu",
        UNDO_DONE,
        "◀ Công việc của tôi",
    ]
    assert _status(world, task) == ("done", 100)
    assert row(
        world,
        "SELECT file_id, text, previous_status, previous_progress FROM task_updates"
        " WHERE task_id = ? AND kind = 'done'",
        task,
    ) == (sent["document"]["file_id"], "Biên bản nghiệm thu", "in_progress", 5)

    # 23 hours later the member takes it back: status and progress as before, in the history.
    world.clock.advance(hours=23)
    await world.press(member, done, UNDO_DONE)
    undone = now_shown(world, done)
    assert (undone.text or "").splitlines()[0] == (
        "Đã hoàn tác: công việc trở lại «đang thực hiện», tiến độ 5%."
    )
    assert "hoàn tác «hoàn thành», trở lại 5% — Trần Thị Bình" in (undone.text or "")
    assert "Hoàn thành" in [b.text for b in undone.buttons()]
    assert _status(world, task) == ("in_progress", 5)
    kinds = rows(world, "SELECT kind FROM task_updates WHERE task_id = ? ORDER BY id", task)
    assert [k for (k,) in kinds] == ["submitted", "progress", "done", "reopened"]

    # Done again, typing «bỏ qua» instead of pressing the button.
    await world.press(member, undone, "Hoàn thành")
    skipped = await world.say(member, "bỏ qua")
    assert "Không kèm sản phẩm hay minh chứng." in (skipped.text or "")
    await world.press(member, skipped, "✅ Xác nhận hoàn thành")
    again = now_shown(world, skipped)
    assert _status(world, task) == ("done", 100)

    # More than 24 hours later: no undo for the member, and a stale button is refused.
    world.clock.advance(hours=25)
    late = await _card(world, member, task)
    assert UNDO_DONE not in [b.text for b in late.buttons()]
    answer = await _forged(world, member, again.message_id, f"tk:u:{task}")
    assert answer["show_alert"] and answer["text"] == (
        "Chỉ hoàn tác được trong 24 giờ sau khi đánh dấu; quá thời hạn này, đồng chí vui lòng "
        "liên hệ bí thư chi bộ."
    )
    assert _status(world, task) == ("done", 100)

    # The cell secretary can, any time; the member is told what was recorded for them.
    secretary = await world.join("A1")
    mine = await world.say(secretary, "/congviec")
    await world.press(secretary, mine, "Công việc của chi bộ")
    await world.press(secretary, now_shown(world, mine), "1. Viết giáo trình")
    on_behalf = now_shown(world, mine)
    before = len(world.sandbox.messages(member.id))
    await world.press(secretary, on_behalf, UNDO_DONE)
    assert _status(world, task) == ("in_progress", 5)
    await eventually(lambda: len(world.sandbox.messages(member.id)) > before)
    assert last(world, member).text == (
        "Đồng chí Nguyễn Văn An đã ghi thay cho đồng chí vào công việc «Viết giáo trình»: "
        "hoàn tác «hoàn thành», trở lại 5%."
    )


async def test_cancelling_at_either_step_changes_nothing(world: World) -> None:
    member, task = await _at_five_percent(world)
    card = await _card(world, member, task)
    await world.press(member, card, "Hoàn thành")
    await world.press(member, last(world, member), "✖️ Hủy")
    assert last(world, member).text == "Đã hủy, không có gì thay đổi."

    await world.press(member, card, "Vượt chỉ tiêu")
    confirm = await world.say(member, "Được khoa khen thưởng")
    assert (confirm.text or "").splitlines()[:2] == [
        "Đánh dấu «Viết giáo trình» vượt chỉ tiêu?",
        "Tiến độ: 5% → 100%",
    ]
    # Typing at the confirmation does not confirm.
    await world.say(member, "ok")
    await eventually(lambda: len(last(world, member).buttons()) == 2)
    await world.press(member, last(world, member), "✖️ Hủy")
    assert _status(world, task) == ("in_progress", 5)
    assert rows(world, "SELECT kind FROM task_updates WHERE task_id = ? AND kind IN ('done', 'exceeded')", task) == []  # fmt: skip
    # /huy leaves the question too.
    await world.press(member, card, "Hoàn thành")
    cancelled = await world.say(member, "/huy")
    assert cancelled.text == "Đã hủy, không có gì thay đổi."
    assert _status(world, task) == ("in_progress", 5)


async def test_exceeded_after_done_is_undone_back_to_done(world: World) -> None:
    member, task = await _at_five_percent(world)
    card = await _card(world, member, task)
    await world.press(member, card, "Hoàn thành")
    await world.press(member, last(world, member), "⏭ Bỏ qua")
    await world.press(member, last(world, member), "✅ Xác nhận hoàn thành")
    done = last(world, member)
    await world.press(member, done, "Vượt chỉ tiêu")
    confirm = await world.say(member, "Giáo trình được giải thưởng cấp Học viện")
    assert "Tiến độ" not in (confirm.text or "")  # 100% already
    await world.press(member, confirm, "✅ Xác nhận vượt chỉ tiêu")
    exceeded = now_shown(world, confirm)
    assert "đánh dấu vượt chỉ tiêu: Giáo trình được giải thưởng cấp Học viện" in (
        exceeded.text or ""
    )
    assert _status(world, task) == ("exceeded", 100)
    await world.press(member, exceeded, "↩️ Hoàn tác «vượt chỉ tiêu»")
    assert _status(world, task) == ("done", 100)
    back = now_shown(world, exceeded)
    assert [b.text for b in back.buttons()][-2:] == [UNDO_DONE, "◀ Công việc của tôi"]
    await world.press(member, back, UNDO_DONE)
    assert _status(world, task) == ("in_progress", 5)


async def test_not_achieved_is_confirmed_and_only_the_secretary_takes_it_back(
    world: World,
) -> None:
    member, task = await _at_five_percent(world)
    secretary = await world.join("A1")
    mine = await world.say(secretary, "/congviec")
    await world.press(secretary, mine, "Công việc của chi bộ")
    await world.press(secretary, now_shown(world, mine), "1. Viết giáo trình")
    await world.press(secretary, now_shown(world, mine), "Không đạt")
    confirm = await world.say(secretary, "Không bố trí được kinh phí")
    assert (confirm.text or "").splitlines() == [
        "Đánh dấu «Viết giáo trình» không đạt?",
        "Sản phẩm, minh chứng: Không bố trí được kinh phí",
        "Đồng chí Trần Thị Bình sẽ được báo.",
        "Đồng chí có thể hoàn tác trên thẻ công việc bất cứ lúc nào.",
    ]
    before = len(world.sandbox.messages(member.id))
    await world.press(secretary, confirm, "✅ Xác nhận không đạt")
    assert _status(world, task) == ("not_achieved", 5)
    await eventually(lambda: len(world.sandbox.messages(member.id)) > before)
    assert "đánh dấu không đạt: Không bố trí được kinh phí" in (last(world, member).text or "")

    # The member sees no undo and a forged one is refused.
    card = await _card(world, member, task)
    assert not any(b.text.startswith("↩️") for b in card.buttons())
    answer = await _forged(world, member, card.message_id, f"tk:u:{task}")
    assert answer["text"] == "Chỉ bí thư chi bộ mới hoàn tác được «không đạt»."
    assert _status(world, task) == ("not_achieved", 5)
    await world.press(secretary, now_shown(world, confirm), "↩️ Hoàn tác «không đạt»")
    assert _status(world, task) == ("in_progress", 5)


async def test_forged_verdict_and_undo_buttons_are_refused_and_audited(world: World) -> None:
    member, task = await _at_five_percent(world)
    other = await world.join("B2")
    committee = await world.join("B3")  # sees members' tasks, does not act on them
    await world.services.tasks.finish(await identity(world, member), task, TaskStatus.DONE)
    for user in (other, committee):
        listing = await world.say(user, "/congviec")
        for data in (f"tk:u:{task}", f"tk:x:{task}", f"tk:d:{task}"):
            answer = await _forged(world, user, listing.message_id, data)
            assert (
                answer["text"] == "Đồng chí không mở được công việc này." and answer["show_alert"]
            )
        # No question was opened: a text now is not taken as evidence.
        await world.say(user, "minh chứng giả")
    assert _status(world, task) == ("done", 100)
    assert row(world, "SELECT count(*) FROM task_updates WHERE task_id = ?", task) == (3,)
    refused = rows(world, "SELECT actor_member_id, detail FROM audit_log WHERE event = 'task_access_refused'")  # fmt: skip
    ids = [(await identity(world, u)).member.id for u in (other, committee)]
    assert [(a, json.loads(d)["task_id"]) for a, d in refused] == [
        (who, task) for who in ids for _ in range(3)
    ]
