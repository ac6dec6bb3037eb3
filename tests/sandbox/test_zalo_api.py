"""The Zalo sandbox's bot side over real HTTP with httpx (the platform has no PTB client)."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import httpx
import pytest

from bot.clock import FixedClock
from bot.sandbox.zalo import ZaloSandbox
from tests.sandbox.zalo_helpers import TOKEN, call, started


@pytest.fixture
async def zs() -> AsyncIterator[ZaloSandbox]:
    async with ZaloSandbox() as sandbox:
        yield sandbox


# --- identity, tokens, methods ------------------------------------------------------------


async def test_get_me_and_tokens(zs: ZaloSandbox) -> None:
    status, body = await call(zs, "getMe")
    assert status == 200 and body["ok"] is True
    me = body["result"]
    assert me["id"] == zs.bot_id and isinstance(me["id"], str)
    assert me["account_type"] == "BASIC" and me["can_join_groups"] is False
    assert me["account_name"] and me["display_name"]
    for bad in ("no-colon", "abc:def", "123:"):
        status, body = await call(zs, "getMe", token=bad)
        assert status == 401 and body == {
            "ok": False,
            "error_code": 401,
            "description": body["description"],
        }
    status, body = await call(zs, "sendVideo", chat_id="x")
    assert status == 404 and body["error_code"] == 404
    async with httpx.AsyncClient() as client:  # GET with the query string works too
        response = await client.get(f"{zs.base_url}{TOKEN}/getMe")
    assert response.status_code == 200 and response.json()["result"]["id"] == zs.bot_id


def test_import_has_no_side_effects() -> None:
    code = "import sys, bot.sandbox.zalo as z; assert 'telegram' not in sys.modules; print(z.ZaloSandbox.__name__)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "ZaloSandbox" and not done.stderr


# --- updates ------------------------------------------------------------------------------


async def test_one_update_per_poll_then_408_when_idle(zs: ZaloSandbox) -> None:
    lan = zs.create_user("Lan")
    sent = [await zs.send_text(lan, text) for text in ("một", "hai")]
    for expected in sent:
        status, body = await call(zs, "getUpdates", timeout="5")  # a string, as clients send it
        assert status == 200
        update = body["result"]
        assert isinstance(update, dict) and update == expected
        message = update["message"]
        assert update["event_name"] == "message.text.received"
        assert message["from"] == {"id": lan.id, "display_name": "Lan", "is_bot": False}
        assert message["chat"] == {"id": lan.id, "chat_type": "PRIVATE"}
        assert isinstance(message["message_id"], str) and message["date"] > 10**12
    started_at = time.monotonic()
    status, body = await call(zs, "getUpdates", timeout=0.3)
    assert time.monotonic() - started_at >= 0.25
    assert status == 408 and body == {
        "ok": False,
        "error_code": 408,
        "description": "Request timeout",
    }


async def test_ids_are_strings_that_int_refuses(zs: ZaloSandbox) -> None:
    users = [zs.create_user(f"U{i}") for i in range(50)]
    assert len({u.id for u in users}) == 50
    for user in users:
        assert len(user.id) == 20 and int(user.id, 16) >= 0
        with pytest.raises(ValueError):
            int(user.id)


async def test_a_long_poll_waits_for_the_next_update(zs: ZaloSandbox) -> None:
    lan = zs.create_user("Lan")
    poll = asyncio.create_task(call(zs, "getUpdates", timeout=5))
    await asyncio.sleep(0.2)
    assert not poll.done()
    update = await zs.send_text(lan, "đây")
    assert await poll == (200, {"ok": True, "result": update})


async def test_replay_next_delivers_an_update_twice(zs: ZaloSandbox) -> None:
    lan = zs.create_user("Lan")
    first, second = await zs.send_text(lan, "một"), await zs.send_text(lan, "hai")
    zs.replay_next()
    got = [(await call(zs, "getUpdates", timeout=1))[1]["result"] for _ in range(3)]
    assert got == [first, first, second]
    assert (await call(zs, "getUpdates", timeout=0))[0] == 408


async def test_random_replays_follow_the_seed() -> None:
    async def delivered(seed: int) -> list[str]:
        async with ZaloSandbox() as sandbox:
            lan = sandbox.create_user("Lan")
            for i in range(30):
                await sandbox.send_text(lan, str(i))
            sandbox.replay_randomly(every=3, seed=seed)
            texts = []
            while (answer := await call(sandbox, "getUpdates", timeout=0))[0] == 200:
                texts.append(answer[1]["result"]["message"]["text"])
            return texts

    once, again = await delivered(7), await delivered(7)
    assert once == again and 30 < len(once) < 60
    assert sorted(set(once), key=int) == [str(i) for i in range(30)]
    assert max(once.count(text) for text in once) == 2  # a replay is not replayed again


async def test_media_unsupported_and_the_name_field(zs: ZaloSandbox) -> None:
    lan = zs.create_user("Lan")
    image = await zs.send_image(lan, "https://example.org/a.jpg", caption="ảnh")
    assert image["event_name"] == "message.image.received"
    assert image["message"]["photo"] == "https://example.org/a.jpg"
    assert image["message"]["caption"] == "ảnh" and "text" not in image["message"]
    sticker = await zs.send_sticker(lan)
    assert sticker["event_name"] == "message.sticker.received" and sticker["message"]["sticker"]
    voice = await zs.send_voice(lan)
    assert voice["event_name"] == "message.voice.received" and voice["message"]["voice_url"]
    unsupported = await zs.send_unsupported(lan)
    assert unsupported["event_name"] == "message.unsupported.received"
    assert set(unsupported["message"]) == {"from", "chat", "message_id", "date"}
    zs.use_name_field("name")
    named = await zs.send_text(lan, "tên")
    assert named["message"]["from"] == {"id": lan.id, "name": "Lan", "is_bot": False}
    assert "[sticker]" in zs.transcript(lan.id) and "'tên'" in zs.transcript(lan.id)


async def test_stop_releases_a_long_poll() -> None:
    sandbox = ZaloSandbox()
    await sandbox.start()
    poll = asyncio.create_task(call(sandbox, "getUpdates", timeout=25))
    await asyncio.sleep(0.2)
    started_at = time.monotonic()
    await sandbox.stop()
    try:  # answered 408, or cut off by the server's shutdown: either way, not after 25 s
        status, _ = await poll
        assert status == 408
    except httpx.HTTPError:
        pass
    assert time.monotonic() - started_at < 5


# --- sending ------------------------------------------------------------------------------


async def test_send_message_limits_and_result() -> None:
    clock = FixedClock(datetime(2025, 6, 19, 7, 0, tzinfo=UTC))
    async with ZaloSandbox(clock=clock) as zs:
        lan = await started(zs)
        status, body = await call(zs, "sendMessage", chat_id=lan.id, text="a" * 2000)
        assert status == 200
        result = body["result"]
        assert isinstance(result["message_id"], str)
        assert result["date"] == int(clock.now().timestamp() * 1000)
        for text in ("a" * 2001, "", "   ", "😀" * 1001):
            status, body = await call(zs, "sendMessage", chat_id=lan.id, text=text)
            assert status == 400 and body["error_code"] == 400, text
            assert "2000" in body["description"] or "required" in body["description"]
        ok = await call(zs, "sendMessage", chat_id=lan.id, text="ừ", parse_mode="html", x=1)
        assert ok[0] == 200
        assert [m.content for m in zs.messages(lan.id)] == ["a" * 2000, "ừ"]
        assert zs.last_message(lan.id) is not None and zs.last_message(lan.id).parse_mode == "html"


async def test_the_chat_must_exist_and_a_block_forbids(zs: ZaloSandbox) -> None:
    lan = zs.create_user("Lan")
    status, body = await call(zs, "sendMessage", chat_id=lan.id, text="chào")
    assert (status, body["description"]) == (400, "Bad Request: chat not found")
    assert (await call(zs, "sendMessage", chat_id="ffffffffffffffffffff", text="x"))[0] == 400
    await zs.send_text(lan, "xin chào")
    assert (await call(zs, "sendMessage", chat_id=lan.id, text="chào"))[0] == 200
    zs.block_bot(lan)
    assert (await call(zs, "sendMessage", chat_id=lan.id, text="chào"))[0] == 403
    await zs.send_text(lan, "lại đây")
    assert (await call(zs, "sendMessage", chat_id=lan.id, text="chào"))[0] == 200


async def test_photo_sticker_and_chat_action(zs: ZaloSandbox) -> None:
    lan = await started(zs)
    photo = await call(zs, "sendPhoto", chat_id=lan.id, photo="https://x.org/p.png", caption="c")
    assert photo[0] == 200 and photo[1]["result"]["message_id"]
    assert (await call(zs, "sendPhoto", chat_id=lan.id, photo="not a url"))[0] == 400
    assert (await call(zs, "sendSticker", chat_id=lan.id, sticker="0e078a2f"))[0] == 200
    assert await call(zs, "sendChatAction", chat_id=lan.id, action="typing") == (200, {"ok": True})
    assert (await call(zs, "sendChatAction", chat_id=lan.id, action="dancing"))[0] == 400
    kinds = [(m.kind, m.photo, m.caption, m.sticker) for m in zs.messages(lan.id)]
    assert kinds == [
        ("photo", "https://x.org/p.png", "c", None),
        ("sticker", None, None, "0e078a2f"),
    ]
    assert [c.method for c in zs.calls_of("sendchataction")] == ["sendChatAction"] * 2


async def test_wait_for_message_after_a_users_message(zs: ZaloSandbox) -> None:
    lan = await started(zs)
    await call(zs, "sendMessage", chat_id=lan.id, text="cũ")
    update = await zs.send_text(lan, "hỏi")

    async def bot() -> None:
        await asyncio.sleep(0.1)
        await call(zs, "sendMessage", chat_id=lan.id, text="đáp")

    answer = asyncio.create_task(bot())
    reply = await zs.wait_for_message(lan.id, after=update, timeout=5)
    await answer
    assert reply.text == "đáp" and reply.number == 2
    assert (await zs.wait_for_message(lan.id, after=0)).text == "cũ"
    with pytest.raises(TimeoutError, match="'hỏi'"):
        await zs.wait_for_message(lan.id, after=reply, timeout=0.1)
    with pytest.raises(TimeoutError):
        await zs.wait_for_message(lan.id, after=2, timeout=0.1)
