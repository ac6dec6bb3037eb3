"""The Bot API over Zalo as the outbox sender meets it: a plain ``Bot`` on the Zalo request
class (no rate limiter), Zalo's refusals raised as python-telegram-bot raises Telegram's."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
from telegram import Bot
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter

from bot.services.loop_share import FOREGROUND
from channels.zalo import ZaloClient, ZaloRequest
from channels.zalo.handling import handling_chat
from tests.e2e.zalo.conftest import ZALO_TOKEN, ZaloWorld


def zalo_bot(world: ZaloWorld, base_url: str | None = None) -> Bot:
    request = ZaloRequest(
        ZaloClient(ZALO_TOKEN, base_url or world.sandbox.base_url),
        lambda: world.core.database,
        clock=world.clock,
        default_language="vi",
    )
    return Bot("zalo", base_url="zalo:", request=request, get_updates_request=request)


async def chat_of(world: ZaloWorld, name: str = "Bình") -> tuple[int, str]:
    user = await world.join("A2", name)
    [[chat_id]] = world.rows("SELECT id FROM zalo_chats WHERE zalo_id = ?", user.id)
    return int(str(chat_id)), user.id


async def test_getme_is_a_telegram_bot_user(zalo_world: ZaloWorld) -> None:
    async with zalo_bot(zalo_world) as bot:
        assert bot.username == "bot.butpha" and bot.first_name == "Bot Bứt phá"
        assert bot.id == int(zalo_world.sandbox.bot_id) and bot.bot.is_bot


async def test_zalo_refusals_are_telegram_errors(zalo_world: ZaloWorld) -> None:
    chat_id, zalo_id = await chat_of(zalo_world)
    async with zalo_bot(zalo_world) as bot:
        zalo_world.sandbox.inject_fault("sendMessage", 429)
        with pytest.raises(RetryAfter) as limited:
            await bot.send_message(chat_id, "Thông báo")
        assert limited.value.retry_after == timedelta(seconds=5)
        zalo_world.sandbox.block_bot(zalo_id)
        with pytest.raises(Forbidden):
            await bot.send_message(chat_id, "Thông báo")
        with pytest.raises(BadRequest, match=r"(?i)chat not found"):
            await bot.send_message(999_999, "Thông báo")
        with pytest.raises(BadRequest, match=r"(?i)not available on Zalo"):
            await bot.send_poll(chat_id, "?", ["a", "b"])


async def test_the_token_is_in_no_error_and_no_log_line(
    zalo_world: ZaloWorld, caplog: pytest.LogCaptureFixture
) -> None:
    chat_id, _ = await chat_of(zalo_world)
    secret = ZALO_TOKEN.split(":")[1]
    caplog.set_level(logging.DEBUG)
    async with zalo_bot(zalo_world) as working:
        await working.send_message(chat_id, "Thông báo")
    bot = zalo_bot(zalo_world, base_url="http://127.0.0.1:9/bot")
    with pytest.raises(NetworkError) as failed:
        await bot.send_message(chat_id, "Thông báo")
    assert secret not in str(failed.value) and secret not in repr(failed.value)
    assert "[REDACTED]" in str(failed.value) or "127.0.0.1" not in str(failed.value)
    assert not any(secret in record.getMessage() for record in caplog.records)


async def test_edits_are_sent_again_only_for_that_chats_own_update(zalo_world: ZaloWorld) -> None:
    chat_id, zalo_id = await chat_of(zalo_world)
    before = len(zalo_world.sandbox.messages(zalo_id))
    async with zalo_bot(zalo_world) as bot:
        sent = await bot.send_message(chat_id, "Báo cáo: 3/10")
        # A job refreshing it: not sent (Zalo cannot edit; the member asks again).
        await bot.edit_message_text("Báo cáo: 5/10", chat_id, sent.message_id)
        token = handling_chat.set(chat_id)
        try:
            edited = await bot.edit_message_text("Báo cáo: 7/10", chat_id, sent.message_id)
            with pytest.raises(BadRequest, match="not modified"):
                await bot.edit_message_text("Báo cáo: 7/10", chat_id, sent.message_id)
        finally:
            handling_chat.reset(token)
        assert await bot.answer_callback_query(f"zalo:{chat_id}:1", "Đã ghi nhận.")
        assert await bot.set_my_commands([("trogiup", "Trợ giúp")])
        assert await bot.send_chat_action(chat_id, "typing")
        document = await bot.send_document(
            chat_id,
            b"PK...",
            filename="cong-khai.xlsx",
            caption="<b>Danh sách</b>",
            parse_mode="HTML",
        )
    assert edited.message_id == sent.message_id
    shown = [m.content for m in zalo_world.sandbox.messages(zalo_id)[before:]]
    assert shown[:3] == ["Báo cáo: 3/10", "Báo cáo: 7/10", "Đã ghi nhận."]
    assert shown[3].startswith("Danh sách\n\n📎 cong-khai.xlsx\n") and "bí thư chi bộ" in shown[3]
    assert len(shown) == 4 and document.message_id > sent.message_id
    assert [c.params["action"] for c in zalo_world.sandbox.calls_of("sendChatAction")] == ["typing"]


async def test_background_work_gives_way_to_a_zalo_message(zalo_world: ZaloWorld) -> None:
    """As on Telegram, a member's message counts from the moment it comes in: the composition
    root tells the loop's background work (bot/services/loop_share.py) before it is stored."""
    polling = zalo_world.app.bot._request[0]
    assert isinstance(polling, ZaloRequest)
    assert polling.incoming._on_arrival == FOREGROUND.arriving
    arrived: list[int] = []
    polling.incoming._on_arrival = lambda: arrived.append(1)
    user = await zalo_world.join("A2", "Bình")
    assert arrived  # the join's own messages
    before = len(arrived)
    await zalo_world.say(user, "/trogiup")
    assert len(arrived) == before + 1
