"""The bot's requests on aiohttp (bot/api_request.py) against the sandbox over real HTTP: what
python-telegram-bot's own request gives — messages with keyboards, files up and down, the
Bot API's refusals, timeouts and a server that is not there — the token in no error."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator

import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut

from bot.api_request import AiohttpRequest
from bot.sandbox.server import Sandbox

TOKEN = "123:ABC"


@pytest.fixture
async def sb() -> AsyncIterator[Sandbox]:
    async with Sandbox() as sandbox:
        yield sandbox


@pytest.fixture
async def bot(sb: Sandbox) -> AsyncIterator[Bot]:
    request = AiohttpRequest(connection_pool_size=8)
    async with Bot(
        TOKEN, base_url=sb.base_url, base_file_url=sb.base_file_url, request=request
    ) as client:
        yield client


async def started_user(sb: Sandbox, bot: Bot) -> int:
    user = sb.create_user("Lan")
    await sb.send_text(user, "xin chào")
    updates = await bot.get_updates()
    assert [u.message.text for u in updates if u.message] == ["xin chào"]
    await bot.get_updates(offset=updates[-1].update_id + 1)
    return user.id


async def test_messages_keyboards_and_edits_arrive_as_sent(sb: Sandbox, bot: Bot) -> None:
    chat = await started_user(sb, bot)
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("✅ Duyệt", callback_data="tk:a:7")]])
    sent = await bot.send_message(
        chat, "<b>Công việc</b> của đồng chí Lan", parse_mode="HTML", reply_markup=keyboard
    )
    await bot.edit_message_text("Đã duyệt 1.668 việc", chat_id=chat, message_id=sent.message_id)
    stored = sb.last_message(chat)
    assert stored is not None and stored.text == "Đã duyệt 1.668 việc" and stored.edited == 1
    assert sb.messages(chat)[0].history == ["Công việc của đồng chí Lan"]
    call = sb.calls_of("sendMessage")[-1]
    assert call.params["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "tk:a:7"


async def test_files_go_up_and_come_down(sb: Sandbox, bot: Bot) -> None:
    chat = await started_user(sb, bot)
    content = "họ tên,điểm\nLan,9\n".encode()
    sent = await bot.send_document(
        chat, content, filename="diem.csv", caption="<i>Điểm</i>", parse_mode="HTML"
    )
    assert sent.document is not None and sent.document.file_name == "diem.csv"
    assert sent.caption == "Điểm"
    file = await bot.get_file(sent.document.file_id)
    assert bytes(await file.download_as_bytearray()) == content
    named = await bot.send_document(chat, b"PK", filename="Báo cáo 6 tháng đầu năm.docx")
    assert named.document is not None
    assert named.document.file_name == "Báo cáo 6 tháng đầu năm.docx"


async def test_refusals_and_faults_are_the_librarys_errors(sb: Sandbox, bot: Bot) -> None:
    chat = await started_user(sb, bot)
    with pytest.raises(BadRequest, match="Message caption is too long"):
        await bot.send_document(chat, b"x", filename="x.txt", caption="c" * 1025)
    sb.inject_fault("sendMessage", "429", retry_after=7)
    with pytest.raises(RetryAfter):
        await bot.send_message(chat, "x")
    sb.inject_fault("sendMessage", "403")
    with pytest.raises(Forbidden):
        await bot.send_message(chat, "x")
    sb.inject_fault("sendMessage", "500")
    with pytest.raises(NetworkError):
        await bot.send_message(chat, "x")
    sb.inject_fault("sendMessage", "hang", hang_seconds=30)
    with pytest.raises(TimedOut):
        await bot.send_message(chat, "x", read_timeout=0.2)
    await bot.send_message(chat, "ổn rồi")
    assert [m.text for m in sb.messages(chat)] == ["ổn rồi"]


async def test_a_server_that_is_not_there_is_a_network_error_without_the_token() -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    token = "987654:SECRET-token-never-shown"
    request = AiohttpRequest(connect_timeout=1)
    bot = Bot(token, base_url=f"http://127.0.0.1:{port}/bot", request=request)
    await request.initialize()
    try:
        with pytest.raises(NetworkError) as caught:
            await asyncio.wait_for(bot.get_me(), 5)
    finally:
        await request.shutdown()
    assert "SECRET" not in str(caught.value)


async def test_a_request_not_initialised_is_refused_and_shutdown_is_idempotent() -> None:
    request = AiohttpRequest()
    with pytest.raises(RuntimeError, match="not initialized"):
        await request.do_request("http://127.0.0.1:1/x", "GET")
    await request.initialize()
    await request.shutdown()
    await request.shutdown()


def test_the_proxy_comes_from_the_environment_once_per_host(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name in ("http_proxy", "https_proxy", "all_proxy", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.upper(), raising=False)
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.example:3128")
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    request = AiohttpRequest()
    assert request.proxy_for("https://api.telegram.org/bot1:x/getMe") == "http://proxy.example:3128"
    assert request.proxy_for("http://127.0.0.1:8081/bot1:x/getMe") is None
    monkeypatch.setenv("HTTPS_PROXY", "http://other.example:1")  # read once: not asked again
    assert request.proxy_for("https://api.telegram.org/bot1:x/sendMessage") == (
        "http://proxy.example:3128"
    )


async def test_requests_go_through_the_proxy_the_environment_names(
    sb: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A proxy that is not there: the request fails to reach it rather than going direct.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    for name in ("http_proxy", "https_proxy", "all_proxy", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.upper(), raising=False)
    monkeypatch.setenv("HTTP_PROXY", f"http://127.0.0.1:{port}")
    request = AiohttpRequest(connect_timeout=1)
    bot = Bot(TOKEN, base_url=sb.base_url, request=request)
    await request.initialize()
    try:
        with pytest.raises(NetworkError):
            await asyncio.wait_for(bot.get_me(), 5)
    finally:
        await request.shutdown()
    assert sb.calls_of("getMe") == []
