"""The Bot API sandbox, exercised with the real python-telegram-bot client and raw HTTP."""

from __future__ import annotations

import asyncio
import datetime as dtm
import time
from typing import Any

import httpx
import pytest
from telegram import (
    Bot,
    BotCommand,
    BotCommandScopeAllPrivateChats,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Update,
)
from telegram.error import (
    BadRequest,
    Conflict,
    Forbidden,
    NetworkError,
    RetryAfter,
    TimedOut,
)
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
)
from telegram.request import HTTPXRequest

from bot.sandbox.server import Sandbox

TOKEN = "123:ABC"  # the same token as conftest.py; any token is accepted


def keyboard(*data: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[InlineKeyboardButton(d.upper(), callback_data=d) for d in data]])


async def raw(sb: Sandbox, method: str, **params: Any) -> tuple[int, dict[str, Any]]:
    async with httpx.AsyncClient() as client:
        response = await client.post(f"{sb.base_url}{TOKEN}/{method}", data=params)
    return response.status_code, response.json()


async def started_user(sb: Sandbox, bot: Bot, name: str = "Lan") -> int:
    user = sb.create_user(name)
    await sb.send_text(user, "xin chào")
    updates = await bot.get_updates()
    await bot.get_updates(offset=updates[-1].update_id + 1)  # confirmed: nothing pending
    return user.id


# --- getMe, getUpdates ------------------------------------------------------------------


async def test_get_me(sb: Sandbox, bot: Bot) -> None:
    me = await bot.get_me()
    assert me.is_bot and me.username == sb.bot_username == "butpha_demo_bot"
    assert me.id == sb.bot_id and me.first_name == "Bứt phá"


async def test_get_updates_offset_and_limit(sb: Sandbox, bot: Bot) -> None:
    user = sb.create_user("Lan", "Nguyễn", "lan")
    for text in ("một", "hai", "ba"):
        await sb.send_text(user, text)
    first = await bot.get_updates(limit=2)
    assert [u.message.text for u in first if u.message] == ["một", "hai"]
    # Not confirmed yet: handed out again.
    assert len(await bot.get_updates()) == 3
    rest = await bot.get_updates(offset=first[-1].update_id + 1)
    assert [u.message.text for u in rest if u.message] == ["ba"]
    assert await bot.get_updates(offset=rest[-1].update_id + 1) == ()
    assert await bot.get_updates() == ()


async def test_long_poll_returns_on_arrival_and_empty_on_timeout(sb: Sandbox, bot: Bot) -> None:
    user = sb.create_user("Lan")
    started = time.monotonic()
    poll = asyncio.create_task(bot.get_updates(timeout=5))
    await asyncio.sleep(0.1)
    await sb.send_text(user, "đến rồi")
    updates = await asyncio.wait_for(poll, 2)
    assert time.monotonic() - started < 1.0
    assert updates[0].message is not None and updates[0].message.text == "đến rồi"

    started = time.monotonic()
    status, body = await raw(sb, "getUpdates", offset=str(updates[0].update_id + 1), timeout="0.3")
    assert (status, body) == (200, {"ok": True, "result": []})
    assert 0.25 < time.monotonic() - started < 1.5


async def test_stop_releases_long_polls() -> None:
    sb = Sandbox()
    await sb.start()
    async with httpx.AsyncClient(timeout=10) as client:
        poll = asyncio.create_task(
            client.post(f"{sb.base_url}{TOKEN}/getUpdates", data={"timeout": "30"})
        )
        await asyncio.sleep(0.1)
        started = time.monotonic()
        await sb.stop()
        response = await asyncio.wait_for(poll, 3)
    assert response.json() == {"ok": True, "result": []}
    assert time.monotonic() - started < 2


async def test_many_users_at_once(sb: Sandbox, bot: Bot) -> None:
    users = [sb.create_user(f"Người {i}") for i in range(150)]
    assert len({u.id for u in users}) == 150
    await asyncio.gather(*(sb.send_text(u, f"/start {u.id}") for u in users))
    updates = await bot.get_updates()
    assert len(updates) == 100
    updates += await bot.get_updates(offset=updates[-1].update_id + 1)
    assert {u.effective_user.id for u in updates if u.effective_user} == {u.id for u in users}


async def test_newer_poll_terminates_older(sb: Sandbox, bot: Bot) -> None:
    older = asyncio.create_task(bot.get_updates(timeout=5))
    await asyncio.sleep(0.05)
    # PTB's getUpdates pool has one connection, so the second poll goes around it.
    assert await raw(sb, "getUpdates") == (200, {"ok": True, "result": []})
    with pytest.raises(Conflict, match="terminated by other getUpdates"):
        await asyncio.wait_for(older, 2)


# --- commands and a real Application ----------------------------------------------------


async def test_command_entities(sb: Sandbox, bot: Bot) -> None:
    user = sb.create_user("Lan")
    group = sb.create_group("Chi bộ 1")
    await sb.send_text(user, "/start")
    await sb.send_text(user, f"/help@{sb.bot_username} ngay")
    await sb.send_text(user, "không phải lệnh /x/y")
    await sb.send_text(user, "Chào nhóm", chat_id=group)
    updates = await bot.get_updates()
    messages = [u.message for u in updates if u.message]
    assert [(e.type, e.offset, e.length) for e in messages[0].entities] == [("bot_command", 0, 6)]
    assert messages[1].entities[0].length == len(f"/help@{sb.bot_username}")
    assert messages[2].entities == ()
    assert messages[3].chat.type == "group" and messages[3].chat.title == "Chi bộ 1"
    assert messages[3].chat.id == group < 0


def build_app(sb: Sandbox) -> Application[Any, Any, Any, Any, Any, Any]:
    return (
        ApplicationBuilder()
        .token(TOKEN)
        .base_url(sb.base_url)
        .base_file_url(sb.base_file_url)
        .build()
    )


async def test_application_answers_command_and_button(sb: Sandbox) -> None:
    pressed: list[str] = []

    async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.message is not None
        await update.message.reply_text("Chào bạn!", reply_markup=keyboard("yes", "no"))

    async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        assert query is not None and query.data is not None
        pressed.append(query.data)
        await query.answer("Đã ghi nhận")
        await query.edit_message_text(f"Bạn chọn {query.data}")

    app = build_app(sb)
    app.add_handler(CommandHandler("start", start))
    app.add_handler(CallbackQueryHandler(on_button))
    user = sb.create_user("Lan")
    async with app:
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling(poll_interval=0.0, timeout=1)
        try:
            sent = await sb.send_text(user, "/start")
            reply = await sb.wait_for_message(user.id, after=sent["message_id"])
            assert reply.text == "Chào bạn!"
            assert [b.text for b in reply.buttons()] == ["YES", "NO"]

            query_id = await sb.press_button(user, reply, "NO")
            await sb.wait_until_idle(quiet=0.2, timeout=5)
            assert pressed == ["no"]
            assert sb.callback_answers == [
                {
                    "callback_query_id": query_id,
                    "text": "Đã ghi nhận",
                    "show_alert": False,
                    "url": None,
                    "cache_time": None,
                }
            ]
            edited = sb.last_message(user.id)
            assert edited is not None and edited.text == "Bạn chọn no"
            assert edited.history == ["Chào bạn!"] and edited.buttons() == []
        finally:
            await app.updater.stop()
            await app.stop()
    assert sb.calls_of("getMe") and sb.calls_of("deleteWebhook")


# --- sendMessage validation -------------------------------------------------------------


async def test_send_message_validation(sb: Sandbox, bot: Bot) -> None:
    chat = await started_user(sb, bot)
    with pytest.raises(BadRequest, match="Message text is empty"):
        await bot.send_message(chat, "   ")
    with pytest.raises(BadRequest, match="Message is too long"):
        await bot.send_message(chat, "x" * 4097)
    assert (await bot.send_message(chat, "đ" * 4096)).text == "đ" * 4096
    with pytest.raises(BadRequest, match="Button_data_invalid"):
        await bot.send_message(chat, "hi", reply_markup=keyboard("x" * 65))
    # 64 bytes of UTF-8 is the limit, not 64 characters.
    with pytest.raises(BadRequest, match="Button_data_invalid"):
        await bot.send_message(chat, "hi", reply_markup=keyboard("đ" * 33))
    await bot.send_message(chat, "hi", reply_markup=keyboard("đ" * 32))

    status, body = await raw(sb, "sendMessage", chat_id=str(chat), text="")
    assert (status, body["description"]) == (400, "Bad Request: message text is empty")
    status, body = await raw(
        sb,
        "sendMessage",
        chat_id=str(chat),
        text="hi",
        reply_markup='{"inline_keyboard": [[{"text": "A"}]]}',
    )
    assert status == 400 and "Text buttons are unallowed" in body["description"]


@pytest.mark.parametrize(
    ("html", "detail"),
    [
        ("<b>đậm", 'Can\'t find end tag corresponding to start tag "b"'),
        ("<div>x</div>", 'Unsupported start tag "div" at byte offset 0'),
        ("<b><i>x</b></i>", 'Unmatched end tag "</b>", expected "</i>"'),
        ("ă < b", 'Unexpected "<" (escape it as &lt;) at byte offset 3'),
        ("x&nbsp;y", 'Unsupported HTML entity "&nbsp;"'),
        ('<span class="x">y</span>', 'Tag "span" must have class "tg-spoiler"'),
        ("</b>", 'Unexpected end tag "</b>"'),
        ("ô<br/>", 'Unsupported self-closing tag "br" at byte offset 2'),
    ],
)
async def test_bad_html(sb: Sandbox, bot: Bot, html: str, detail: str) -> None:
    chat = await started_user(sb, bot)
    with pytest.raises(BadRequest) as caught:
        await bot.send_message(chat, html, parse_mode="HTML")
    # PTB strips "Bad Request: " and capitalizes, which lowercases the rest.
    assert caught.value.message.startswith("Can't parse entities: ")
    assert detail.lower() in caught.value.message.lower()


async def test_html_is_stored_like_telegram_returns_it(sb: Sandbox, bot: Bot) -> None:
    chat = await started_user(sb, bot)
    html = (
        '  <b>Việc</b> &amp; <a href="https://x.vn">hạn</a> &lt;3&gt; &#128512; '
        '<pre><code class="language-python">x</code></pre>\n'
    )
    message = await bot.send_message(chat, html, parse_mode="HTML")
    assert message.text == "Việc & hạn <3> 😀 x"
    stored = sb.last_message(chat)
    assert stored is not None and stored.html == html and stored.text == message.text
    assert [(e["type"], e["offset"], e["length"]) for e in stored.entities] == [
        ("bold", 0, 4),
        ("text_link", 7, 3),
        ("pre", 18, 1),
    ]
    assert stored.entities[2]["language"] == "python"
    assert message.text_html.startswith("<b>Việc</b> &amp; <a href=")


async def test_chat_not_found_and_blocked(sb: Sandbox, bot: Bot) -> None:
    stranger = sb.create_user("Chưa bắt đầu")
    with pytest.raises(BadRequest, match="Chat not found"):
        await bot.send_message(stranger.id, "hi")
    with pytest.raises(BadRequest, match="Chat not found"):
        await bot.get_chat(stranger.id)
    with pytest.raises(BadRequest, match="Chat not found"):
        await bot.send_message(-999, "hi")

    chat = await started_user(sb, bot)
    assert (await bot.get_chat(chat)).first_name == "Lan"
    sb.block_bot(chat)
    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        await bot.send_message(chat, "hi")
    (update,) = await bot.get_updates()
    assert update.my_chat_member is not None
    assert update.my_chat_member.new_chat_member.status == "kicked"
    sb.unblock_bot(chat)
    await bot.send_message(chat, "hi again")


async def test_group_chat(sb: Sandbox, bot: Bot) -> None:
    group = sb.create_group("Chi bộ 2")
    sent = await bot.send_message(group, "Họp lúc 8h")
    assert sent.chat.type == "group" and sent.chat.title == "Chi bộ 2"
    chat = await bot.get_chat(group)
    assert chat.title == "Chi bộ 2"


# --- edits, deletes, files, commands, webhook -------------------------------------------


async def test_edit_message(sb: Sandbox, bot: Bot) -> None:
    chat = await started_user(sb, bot)
    sent = await bot.send_message(chat, "một", reply_markup=keyboard("a"))
    with pytest.raises(BadRequest, match="Message is not modified"):
        await bot.edit_message_text("một", chat, sent.message_id, reply_markup=keyboard("a"))
    with pytest.raises(BadRequest, match="Message to edit not found"):
        await bot.edit_message_text("hai", chat, 999)
    await bot.edit_message_text("hai", chat, sent.message_id, reply_markup=keyboard("a"))
    await bot.edit_message_reply_markup(chat, sent.message_id, reply_markup=keyboard("b"))
    stored = sb.messages(chat)[-1]
    assert stored.text == "hai" and stored.history == ["một"] and stored.edited == 2
    assert [b.callback_data for b in stored.buttons()] == ["b"]
    # Editing the text without reply_markup drops the keyboard, as Telegram does.
    await bot.edit_message_text("ba", chat, sent.message_id)
    assert stored.buttons() == [] and stored.reply_markup is None


async def test_delete_message(sb: Sandbox, bot: Bot) -> None:
    chat = await started_user(sb, bot)
    sent = await bot.send_message(chat, "tạm")
    assert await bot.delete_message(chat, sent.message_id)
    with pytest.raises(BadRequest, match="Message to delete not found"):
        await bot.delete_message(chat, sent.message_id)
    assert [m.deleted for m in sb.messages(chat)] == [True]
    assert sb.last_message(chat) is None


async def test_send_document_and_photo(sb: Sandbox, bot: Bot) -> None:
    chat = await started_user(sb, bot)
    sent = await bot.send_document(
        chat, b"ten,score\nLan,9\n", filename="diem.csv", caption="<i>Điểm</i>", parse_mode="HTML"
    )
    assert sent.document is not None and sent.document.file_name == "diem.csv"
    assert sent.caption == "Điểm"
    stored = sb.last_message(chat)
    assert stored is not None and stored.document is not None and stored.html == "<i>Điểm</i>"
    call = sb.calls_of("sendDocument")[-1]
    assert call.params["document"]["file_name"] == "diem.csv"

    file = await bot.get_file(sent.document.file_id)
    assert bytes(await file.download_as_bytearray()) == b"ten,score\nLan,9\n"
    again = await bot.send_document(chat, sent.document.file_id)
    assert again.document is not None and again.document.file_id == sent.document.file_id

    with pytest.raises(BadRequest, match="Message caption is too long"):
        await bot.send_document(chat, b"x", filename="x.txt", caption="c" * 1025)
    png = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + (3).to_bytes(4, "big") * 2 + b"\0" * 8
    photo = await bot.send_photo(chat, png)
    assert (photo.photo[-1].width, photo.photo[-1].height) == (3, 3)
    with pytest.raises(BadRequest, match="Image_process_failed"):
        await bot.send_photo(chat, b"not an image")


async def test_my_commands_by_scope_and_language(sb: Sandbox, bot: Bot) -> None:
    vi = [BotCommand("start", "Bắt đầu"), BotCommand("help", "Trợ giúp")]
    en = [BotCommand("start", "Start")]
    private = BotCommandScopeAllPrivateChats()
    await bot.set_my_commands(vi, language_code="vi")
    await bot.set_my_commands(en, scope=private)
    assert [c["command"] for c in sb.commands(language_code="vi")] == ["start", "help"]
    assert sb.commands() == []
    assert sb.commands({"type": "all_private_chats"}) == [
        {"command": "start", "description": "Start"}
    ]
    assert await bot.get_my_commands(language_code="vi") == tuple(vi)
    assert await bot.get_my_commands(scope=private) == tuple(en)
    await bot.delete_my_commands(language_code="vi")
    assert await bot.get_my_commands(language_code="vi") == ()
    with pytest.raises(BadRequest, match="Bot_command_invalid"):
        await bot.set_my_commands([BotCommand("Bad-Name", "x")])


async def test_webhook_conflict(sb: Sandbox, bot: Bot) -> None:
    await bot.set_webhook("https://example.com/hook")
    with pytest.raises(Conflict, match="webhook is active"):
        await bot.get_updates()
    assert await bot.delete_webhook()
    assert await bot.get_updates() == ()


async def test_raw_http_forms(sb: Sandbox) -> None:
    user = sb.create_user("Lan")
    await sb.send_text(user, "hi")
    async with httpx.AsyncClient() as client:
        url = f"{sb.base_url}{TOKEN}"
        unknown = await client.post(f"{url}/sendCarrierPigeon")
        assert unknown.status_code == 404
        assert unknown.json() == {"ok": False, "error_code": 404, "description": "Not Found"}
        by_json = await client.post(f"{url}/SENDMESSAGE", json={"chat_id": user.id, "text": "a"})
        assert by_json.json()["result"]["text"] == "a"
        by_query = await client.get(f"{url}/sendMessage", params={"chat_id": user.id, "text": "b"})
        assert by_query.json()["result"]["chat"]["id"] == user.id
        created = await client.post(f"{sb.url}/sandbox/users", json={"first_name": "Hùng"})
        hung = created.json()["result"]["id"]
        said = await client.post(
            f"{sb.url}/sandbox/send_text", json={"user_id": hung, "text": "/a"}
        )
        assert said.json()["result"]["entities"][0]["type"] == "bot_command"
        listed = await client.get(f"{sb.url}/sandbox/messages", params={"chat_id": user.id})
        assert [m["text"] for m in listed.json()["result"]] == ["a", "b"]
    assert [c.method for c in sb.calls] == ["sendCarrierPigeon", "sendMessage", "sendMessage"]


# --- faults and flood control -----------------------------------------------------------


async def test_faults(sb: Sandbox, bot: Bot) -> None:
    chat = await started_user(sb, bot)

    sb.inject_fault("sendMessage", "429", retry_after=7)
    with pytest.raises(RetryAfter) as caught:
        await bot.send_message(chat, "x")
    assert caught.value.retry_after == dtm.timedelta(seconds=7)

    sb.inject_fault("*", "403", count=2)
    assert await bot.get_updates() == ()  # "*" spares getUpdates
    with pytest.raises(Forbidden):
        await bot.send_message(chat, "x")
    with pytest.raises(Forbidden):
        await bot.get_me()

    sb.inject_fault("sendmessage", "500")
    with pytest.raises(NetworkError):
        await bot.send_message(chat, "x")

    sb.inject_fault("sendMessage", "hang", hang_seconds=30)
    with pytest.raises(TimedOut):
        await bot.send_message(chat, "x", read_timeout=0.2)

    await bot.send_message(chat, "ổn rồi")
    assert [m.text for m in sb.messages(chat)] == ["ổn rồi"]
    statuses = [c.status for c in sb.calls_of("sendMessage")]
    assert statuses[:3] == [429, 403, 500] and statuses[-1] == 200


async def test_rate_limits() -> None:
    now = [1_000.0]
    sandbox = Sandbox(enforce_rate_limits=True, clock=lambda: now[0])
    async with sandbox as sb, Bot(TOKEN, base_url=sandbox.base_url) as bot:
        chat = await started_user(sb, bot)
        for i in range(3):
            await bot.send_message(chat, f"burst {i}")
        with pytest.raises(RetryAfter):
            await bot.send_message(chat, "too fast")
        await bot.edit_message_text("edits are free", chat, sb.messages(chat)[0].message_id)
        now[0] += 1.0
        await bot.send_message(chat, "one more after a second")
        with pytest.raises(RetryAfter):
            await bot.send_message(chat, "and again too fast")


async def test_press_callback_with_forged_data(sb: Sandbox, bot: Bot) -> None:
    chat = await started_user(sb, bot)
    sent = await bot.send_message(chat, "chọn", reply_markup=keyboard("ok"))
    await sb.press_callback(chat, sent.message_id, "admin:delete_all")
    await sb.press_callback(chat, 999, "stale")
    first, second = await bot.get_updates()
    assert first.callback_query is not None and first.callback_query.data == "admin:delete_all"
    assert first.callback_query.message is not None
    assert first.callback_query.message.message_id == sent.message_id
    assert second.callback_query is not None
    assert second.callback_query.message is not None
    assert not second.callback_query.message.is_accessible
    assert await bot.answer_callback_query(first.callback_query.id)
    with pytest.raises(BadRequest, match="Query is too old"):
        await bot.answer_callback_query(first.callback_query.id)
    with pytest.raises(ValueError, match="no button"):
        await sb.press_button(chat, sent.message_id, "missing")


async def test_wait_for_message_times_out_with_transcript(sb: Sandbox, bot: Bot) -> None:
    chat = await started_user(sb, bot)
    await bot.send_message(chat, "một")
    with pytest.raises(TimeoutError, match="'một'"):
        await sb.wait_for_message(chat, lambda m: m.text == "hai", timeout=0.1)


async def test_wait_until_idle_waits_for_unfetched_updates(sb: Sandbox, bot: Bot) -> None:
    user = sb.create_user("Lan")
    await sb.send_text(user, "chưa ai đọc")
    with pytest.raises(TimeoutError, match="1 update"):
        await sb.wait_until_idle(quiet=0.05, timeout=0.2)
    await bot.get_updates()
    started = time.monotonic()
    await sb.wait_until_idle(quiet=0.1, timeout=2)
    assert 0.05 < time.monotonic() - started < 1


async def test_client_timeouts_are_short(sb: Sandbox) -> None:
    # A hung call released by stop() must not keep the test waiting.
    request = HTTPXRequest(read_timeout=5)
    async with Bot(TOKEN, base_url=sb.base_url, request=request) as bot:
        sb.inject_fault("getMe", "hang")
        call = asyncio.create_task(bot.get_me())
        await asyncio.sleep(0.1)
        started = time.monotonic()
        await sb.stop()
        with pytest.raises(NetworkError):
            await asyncio.wait_for(call, 3)
        assert time.monotonic() - started < 2


async def test_anonymous_admins_edits_and_files_in_groups(sb: Sandbox, bot: Bot) -> None:
    group = sb.create_group("Chi bộ 2")
    await sb.send_as_group(group, "/lienketnhom")
    await sb.send_as_group(group, "/lienketnhom", fake_sender=False)
    lan = sb.create_user("Lan")
    sent = await sb.send_text(lan, "/dangky A | B | 30/11")
    await sb.edit_text(lan, sent["message_id"], "/dangky A | C | 30/11")
    await sb.send_document_as_user(lan, b"x", "a.txt", chat_id=group)
    stand_in, nobody, written, edited, document = await bot.get_updates()
    # Telegram's stand-in for an anonymous admin, and a message that names nobody.
    assert stand_in.message is not None and stand_in.message.from_user is not None
    assert stand_in.message.from_user.username == "GroupAnonymousBot"
    assert stand_in.message.sender_chat is not None and stand_in.message.sender_chat.id == group
    assert nobody.message is not None and nobody.effective_user is None
    # An edit is the whole message again, with its new text and an edit date.
    assert written.message is not None and edited.edited_message is not None
    assert edited.edited_message.message_id == written.message.message_id
    assert edited.edited_message.text == "/dangky A | C | 30/11"
    assert edited.edited_message.edit_date is not None
    assert edited.edited_message.entities[0].type == "bot_command"
    assert document.message is not None and document.message.chat.id == group
    assert document.message.document is not None
    assert document.message.document.file_name == "a.txt"
    with pytest.raises(ValueError, match="wrote no message"):
        await sb.edit_text(sb.create_user("Minh"), sent["message_id"], "không phải của tôi")
    assert "user #2 (anonymous): '/lienketnhom'" in sb.transcript(group)
