"""One refusal path (handlers.kit.auth.member_only with handlers.kit.refusals): what a service
refuses is shown once — a popup for a button, a reply to a message with what was typed kept as
typed — and a question that was waiting ends or stays as its step says."""

from __future__ import annotations

from datetime import date

import pytest
from telegram import Update
from telegram.ext import CallbackQueryHandler

from bot.domain.errors import NotAllowed, UserError
from bot.domain.model import Identity
from bot.i18n import N_, Translator
from bot.services.meetings.meeting_edits import NOT_YOURS
from handlers.kit.auth import member_only
from handlers.kit.context import BotContext
from tests.e2e.conftest import World
from tests.e2e.task_steps import identity, last, register


async def test_a_refused_button_gets_a_popup_and_nothing_else(world: World) -> None:
    await world.open_year()
    binh, em = await world.join("A2"), await world.join("B2")
    task = await register(world, em, "Viết giáo trình", date(world.clock.now().year, 11, 30))
    before = last(world, binh)
    query_id = await world.sandbox.press_callback(binh, before.message_id, f"tk:c:{task}")
    await world.sandbox.wait_until_idle(quiet=0.2)
    [answer] = [a for a in world.sandbox.callback_answers if a["callback_query_id"] == query_id]
    assert answer["show_alert"] and answer["text"]
    assert "&" not in answer["text"]  # a popup is plain text: nothing escaped in it
    assert last(world, binh).message_id == before.message_id  # no message besides


async def test_a_refused_message_is_answered_with_what_was_typed_as_it_was_typed(
    world: World,
) -> None:
    committee = await world.join("B3")
    answer = await world.say(committee, "/tiendo Chi bộ <Mới> & Cũ")
    assert answer.content.startswith("Không có chi bộ nào tên Chi bộ <Mới> & Cũ.")


async def test_a_refused_answer_ends_the_question_when_its_step_says_so(world: World) -> None:
    await world.open_year(approval=False)
    binh = await world.join("A2")
    task = await register(world, binh, "Viết giáo trình", date(world.clock.now().year, 11, 30))
    listing = await world.say(binh, "/congviec")
    await world.press(binh, listing, 0)
    await world.press(binh, last(world, binh), "Nhập số %")
    assert "đã đạt bao nhiêu phần trăm" in last(world, binh).content
    # Withdrawn meanwhile (from another phone, say): the typed percentage is refused...
    await world.services.tasks.withdraw(await identity(world, binh), task, "Chuyển đơn vị")
    refused = await world.say(binh, "60")
    assert refused.content == "Công việc này đã được rút, không thể thay đổi nữa."
    # ...and the question is over: the next number is not taken as an answer, nor reminded of.
    after = await world.say(binh, "70")
    assert after.content.startswith("Đồng chí có thể hỏi tôi")  # a plain question's hint
    await world.say(binh, "/trogiup")
    await world.sandbox.wait_until_idle(quiet=0.2)
    assert "đang dở" not in last(world, binh).content  # no form waits any more


async def test_a_refused_button_of_the_committee_gets_its_popup(world: World) -> None:
    """The review cycle's "open" button, pressed by a member who is not on the committee (an
    old message, a forged press): the refusal is its popup, not an error."""
    binh = await world.join("A2")
    before = await world.say(binh, "/trogiup")
    query_id = await world.sandbox.press_callback(binh, before.message_id, "rt:open")
    await world.sandbox.wait_until_idle(quiet=0.2)
    [answer] = [a for a in world.sandbox.callback_answers if a["callback_query_id"] == query_id]
    assert answer["show_alert"] and "Đảng ủy" in answer["text"]
    assert last(world, binh).message_id == before.message_id


async def test_a_refusal_after_the_press_was_answered_comes_as_a_message(world: World) -> None:
    """A step that answered the press before a service refused it: the popup can no longer
    be shown, so the member reads the refusal as a message instead of nothing."""

    @member_only
    async def answers_then_refused(
        update: Update, context: BotContext, identity: Identity, t: Translator
    ) -> None:
        assert update.callback_query is not None
        await update.callback_query.answer()
        raise UserError("Chi bộ {name} không có trong danh sách.", name="<A & B>")

    world.app.add_handler(CallbackQueryHandler(answers_then_refused, pattern="^test:late$"), -5)
    binh = await world.join("A2")
    before = await world.say(binh, "/trogiup")
    await world.sandbox.press_callback(binh, before.message_id, "test:late")
    refusal = await world.sandbox.wait_for_message(binh.id, after=before.message_id)
    assert refusal.content == "Chi bộ <A & B> không có trong danh sách."


async def test_a_group_refusal_reads_as_any_other(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """/lienketnhom in a group (not behind member_only): the service's refusal with numbers in
    the reader's format and what was typed escaped once, as in a private chat."""
    secretary = await world.join("A1")
    group = world.sandbox.create_group("Chi bộ Phòng Đào tạo")
    errors = iter(
        [
            UserError(
                N_("The title is too long ({length} characters; at most {max})."),
                length=1668,
                max=200,
            ),
            UserError(N_("There is no cell named {name}."), name="<Mới> & Cũ"),
        ]
    )

    async def refused(*_: object) -> None:
        raise next(errors)

    monkeypatch.setattr(world.services.group_links, "link", refused)
    too_long = await world.say(secretary, "/lienketnhom", chat_id=group)
    assert too_long.content == "Tên công việc quá dài (1.668 ký tự; tối đa 200)."
    unknown = await world.say(secretary, "/lienketnhom Mới", chat_id=group)
    assert unknown.content == "Không có chi bộ nào tên <Mới> & Cũ."


async def test_the_meeting_planners_menu_shows_the_services_reason(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """/lichhop when the service refuses the menu (the secretary's role changed meanwhile,
    say): the member reads the service's reason, not a fixed text about who plans meetings."""
    secretary = await world.join("A1")

    async def not_yours(*_: object) -> None:
        raise NotAllowed(NOT_YOURS)

    monkeypatch.setattr(world.services.meetings, "plannable", not_yours)
    refused = await world.say(secretary, "/lichhop")
    assert refused.content == "Bí thư chi bộ chỉ được sắp xếp cuộc họp của chi bộ mình."
