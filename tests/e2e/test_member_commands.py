"""What a joined member can do: help for their roles, language, inviting (secretaries only)."""

from __future__ import annotations

import asyncio
import sqlite3

from telegram import BotCommandScopeAllPrivateChats

from bot.app import build_application, running
from bot.sandbox.server import Sandbox
from bot.settings import load_settings
from tests.e2e.conftest import TOKEN, World, eventually


async def test_help_lists_only_what_the_roles_allow(world: World) -> None:
    member = await world.join("A2")
    secretary = await world.join("A1")
    member_help = await world.say(member, "/trogiup")
    secretary_help = await world.say(secretary, "/help")
    assert "/ngonngu" in (member_help.text or "") and "/moi" not in (member_help.text or "")
    assert "/moi (/invite) — Mời người trong chi bộ dùng bot" in (secretary_help.text or "")

    # The secretary's own chat gets a menu with /moi; members keep the default one.
    def chat_menu(chat_id: int) -> list[str]:
        menus = [
            c
            for c in world.sandbox.calls_of("setMyCommands")
            if c.params.get("scope", {}).get("chat_id") == chat_id
        ]
        return [cmd["command"] for cmd in menus[-1].params["commands"]] if menus else []

    await eventually(lambda: "moi" in chat_menu(secretary.id))
    assert chat_menu(member.id) == []


async def test_language_switch_is_remembered(world: World) -> None:
    member = await world.join("A2")
    menu = await world.say(member, "/ngonngu")
    assert [b.text for b in menu.buttons()] == ["✓ Tiếng Việt", "English"]
    await world.press(member, menu, "English")
    await eventually(lambda: "English" in (world.sandbox.messages(member.id)[-1].text or ""))
    help_text = await world.say(member, "/help")
    assert "What you can do" in (help_text.text or "")
    with sqlite3.connect(world.database) as conn:
        assert conn.execute("SELECT language FROM members WHERE member_code='A2'").fetchone() == (
            "en",
        )
    # The member's own menu follows the language.
    await eventually(
        lambda: any(
            call.params.get("scope", {}).get("chat_id") == member.id
            for call in world.sandbox.calls_of("setMyCommands")
        )
    )
    back = await world.say(member, "/language")
    await world.press(member, back, "Tiếng Việt")
    await eventually(lambda: "tiếng Việt" in (world.sandbox.messages(member.id)[-1].text or ""))


async def test_a_secretary_invites_a_member_of_their_own_cell(world: World) -> None:
    secretary = await world.join("A1")
    picker = await world.say(secretary, "/moi")
    names = [b.text for b in picker.buttons()]
    assert names == ["Trần Thị Bình", "Lê Văn Cường"]  # own cell, not yet linked, by given name
    await world.press(secretary, picker, "Trần Thị Bình")
    link = world.sandbox.messages(secretary.id)[-1]
    assert "Trần Thị Bình" in (link.text or "")
    code = (link.text or "").split("?start=")[1].split()[0]
    joined = await world.say(world.sandbox.create_user("Bình"), f"/start {code}")
    assert "Chào mừng đồng chí <b>Trần Thị Bình</b>" in (joined.html or "")


async def test_a_forged_invite_button_is_refused_and_audited(world: World) -> None:
    secretary = await world.join("A1")
    picker = await world.say(secretary, "/moi")
    with sqlite3.connect(world.database) as conn:
        (other_cell_member,) = conn.execute(
            "SELECT id FROM members WHERE member_code = 'B2'"
        ).fetchone()
    await world.sandbox.press_callback(secretary, picker.message_id, f"inv:m:{other_cell_member}")
    await world.sandbox.wait_until_idle(quiet=0.05)
    assert world.sandbox.callback_answers[-1]["text"] == "Đồng chí không thể mời người này."
    assert "start=" not in (world.sandbox.messages(secretary.id)[-1].text or "")
    with sqlite3.connect(world.database) as conn:
        events = [r[0] for r in conn.execute("SELECT event FROM audit_log")]
        invites = conn.execute(
            "SELECT count(*) FROM invites WHERE member_id = ?", (other_cell_member,)
        ).fetchone()[0]
    assert "invite_refused" in events and invites == 0


async def test_a_member_may_not_invite(world: World) -> None:
    member = await world.join("A2")
    answer = await world.say(member, "/moi")
    assert answer.text == "Chỉ bí thư chi bộ và Đảng ủy mới mời được người dùng bot."
    assert answer.reply_markup is None


async def test_the_committee_pages_through_everyone(world: World) -> None:
    committee = await world.join("B3")
    picker = await world.say(committee, "/invite")
    assert len([b for b in picker.buttons() if b.callback_data.startswith("inv:m:")]) == 5


async def test_an_internal_error_gets_an_apology_and_the_bot_keeps_running(world: World) -> None:
    member = await world.join("A2")
    # Break the database for real: the table the bot reads on every message disappears.
    with sqlite3.connect(world.database) as conn:
        conn.execute("ALTER TABLE accounts RENAME TO accounts_away")
    try:
        answer = await world.say(member, "/trogiup")
    finally:
        with sqlite3.connect(world.database) as conn:
            conn.execute("ALTER TABLE accounts_away RENAME TO accounts")
    assert answer.text == (
        "Xin lỗi, hệ thống vừa gặp trục trặc. Đồng chí vui lòng thử lại sau ít phút."
    )
    again = await world.say(member, "/trogiup")
    assert "/ngonngu" in (again.text or "")


async def test_command_menus_are_set_per_language_and_refusal_is_not_fatal(tmp_path) -> None:  # type: ignore[no-untyped-def]
    async with Sandbox() as sandbox:
        settings = load_settings(api_base_url=sandbox.base_url, database=tmp_path / "m.sqlite3")
        sandbox.inject_fault("setMyCommands", "500", count=1)
        application = build_application(settings, TOKEN)
        async with running(application, poll_timeout=1):
            services = application.bot_data.services
            assert services is not None
            await services.organisation.init("Đảng bộ")
            user = sandbox.create_user("Ai đó")
            sent = await sandbox.send_text(user, "/start")
            answer = await sandbox.wait_for_message(user.id, after=sent["message_id"])
            assert "Đảng bộ" in (answer.text or "")
        scope = BotCommandScopeAllPrivateChats().to_dict()
        # The first call was refused; the bot carried on and set the others.
        english = sandbox.commands(scope, "en")
        names = [c["command"] for c in english]
        assert names[:2] == ["trogiup", "ngonngu"] and "moi" not in names
        assert english[0]["description"] == "What I can do for you"
        assert sandbox.commands(scope, "vi")[0]["description"] == "Các việc tôi có thể giúp"
        await asyncio.sleep(0)


async def test_a_failure_after_a_button_was_answered_still_gets_an_apology(world: World) -> None:
    """The language button answers the press, then edits its message; when the edit fails the
    popup can no longer carry the apology, so it comes as a message instead of nothing."""
    member = await world.join("A2")
    picker = await world.say(member, "/ngonngu")
    world.sandbox.inject_fault("editMessageText", "500", count=1)
    await world.press(member, picker, "English")
    apology = await world.sandbox.wait_for_message(
        member.id, lambda m: "went wrong" in (m.text or ""), after=picker.message_id
    )
    assert apology.text == "Sorry, something went wrong on my side. Please try again in a moment."
