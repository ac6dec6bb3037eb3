"""The Zalo sandbox's faults, quota, send rate, webhook pushing and JSON routes, over HTTP."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from aiohttp import web

from bot.clock import FixedClock
from bot.sandbox.zalo import ZaloSandbox
from tests.sandbox.zalo_helpers import call, started

SECRET = "a-webhook-secret"


@pytest.fixture
async def zs() -> AsyncIterator[ZaloSandbox]:
    async with ZaloSandbox(webhook_retry_delay=0.01) as sandbox:
        yield sandbox


class Receiver:
    """The bot's webhook: 200 with the right secret, 401 without it."""

    def __init__(self) -> None:
        self.bodies: list[dict[str, Any]] = []
        self.secrets: list[str | None] = []
        self.runner: web.AppRunner | None = None
        self.url = ""

    async def handle(self, request: web.Request) -> web.Response:
        self.secrets.append(request.headers.get("X-Bot-Api-Secret-Token"))
        if self.secrets[-1] != SECRET:
            return web.json_response({"ok": False}, status=401)
        self.bodies.append(await request.json())
        return web.json_response({"ok": True})

    async def __aenter__(self) -> Receiver:
        app = web.Application()
        app.router.add_post("/zalo", self.handle)
        self.runner = web.AppRunner(app)
        await self.runner.setup()
        site = web.TCPSite(self.runner, "127.0.0.1", 0)
        await site.start()
        self.url = f"http://127.0.0.1:{self.runner.addresses[0][1]}/zalo"
        return self

    async def __aexit__(self, *exc: object) -> None:
        assert self.runner is not None
        await self.runner.cleanup()


# --- faults, quota, rate ------------------------------------------------------------------


async def test_injected_faults_then_success(zs: ZaloSandbox) -> None:
    lan = await started(zs)
    zs.inject_fault("sendMessage", status=429, times=2, description="Too Many Requests: slow")
    zs.inject_fault("*", status=500)
    for _ in range(2):
        status, body = await call(zs, "sendMessage", chat_id=lan.id, text="x")
        assert (status, body["error_code"], body["description"]) == (
            429,
            429,
            "Too Many Requests: slow",
        )
    assert (await call(zs, "getUpdates", timeout=0))[0] == 408  # "*" spares the long poll
    assert (await call(zs, "sendChatAction", chat_id=lan.id, action="typing"))[0] == 500
    assert (await call(zs, "sendMessage", chat_id=lan.id, text="x"))[0] == 200
    assert [c.status for c in zs.calls_of("sendMessage")] == [429, 429, 200]
    zs.inject_fault("sendMessage", status=403)
    assert (await call(zs, "sendMessage", chat_id=lan.id, text="x"))[1][
        "description"
    ] == "Forbidden"


async def test_monthly_quota() -> None:
    clock = FixedClock(datetime(2025, 6, 30, 16, 0, tzinfo=UTC))  # 23:00 in Vietnam
    async with ZaloSandbox(clock=clock, quota=2) as zs:
        lan = await started(zs)
        assert (await call(zs, "sendMessage", chat_id=lan.id, text="1"))[0] == 200
        assert (await call(zs, "sendPhoto", chat_id=lan.id, photo="https://x.org/p.png"))[0] == 200
        status, body = await call(zs, "sendMessage", chat_id=lan.id, text="3")
        assert (status, body["description"]) == (429, "Too Many Requests: quota exceeded")
        assert (await call(zs, "sendChatAction", chat_id=lan.id, action="typing"))[0] == 200
        assert zs.sends_this_month() == 2 and len(zs.messages(lan.id)) == 2
        clock.advance(hours=1)  # midnight in Vietnam: a new month
        assert zs.sends_this_month() == 0
        assert (await call(zs, "sendMessage", chat_id=lan.id, text="4"))[0] == 200


async def test_send_rate() -> None:
    now = [1_750_000_000.0]
    async with ZaloSandbox(clock=lambda: now[0], send_rate=5) as zs:
        lan = await started(zs)
        burst = [(await call(zs, "sendMessage", chat_id=lan.id, text="b"))[0] for _ in range(6)]
        assert burst == [200] * 5 + [429]
        refused = 0
        for _ in range(40):  # at the configured pace nothing is refused
            now[0] += 1 / 5
            refused += (await call(zs, "sendMessage", chat_id=lan.id, text="p"))[0] != 200
        assert refused == 0


# --- webhook ------------------------------------------------------------------------------


async def test_webhook_delivers_with_the_secret_and_blocks_polling(zs: ZaloSandbox) -> None:
    assert (await call(zs, "getWebhookInfo"))[0] == 404
    assert (await call(zs, "setWebhook", url="https://x.org/h", secret_token="short"))[0] == 400
    async with Receiver() as receiver:
        status, body = await call(zs, "setWebhook", url=receiver.url, secret_token=SECRET)
        assert status == 200 and body["result"]["url"] == receiver.url
        assert (await call(zs, "getWebhookInfo"))[1]["result"]["url"] == receiver.url
        assert (await call(zs, "getUpdates", timeout=0))[0] == 409
        lan = zs.create_user("Lan")
        zs.replay_next()
        update = await zs.send_text(lan, "qua webhook")
        await zs.wait_until_idle(quiet=0.1)
        assert receiver.bodies == [{"ok": True, "result": update}] * 2
        assert [d.status for d in zs.webhook_deliveries] == [200, 200]
        await call(zs, "deleteWebhook")
        assert (await call(zs, "getWebhookInfo"))[0] == 404
        later = await zs.send_text(lan, "lại polling")
        assert (await call(zs, "getUpdates", timeout=1))[1]["result"] == later
        assert len(receiver.bodies) == 2


async def test_a_refused_delivery_is_retried_and_recorded(zs: ZaloSandbox) -> None:
    async with Receiver() as receiver:
        await call(zs, "setWebhook", url=receiver.url, secret_token="not-the-right-one")
        lan = zs.create_user("Lan")
        update = await zs.send_text(lan, "bị từ chối")
        await zs.wait_until_idle(quiet=0.1)
        assert receiver.secrets == ["not-the-right-one"] * 3 and receiver.bodies == []
        refused = zs.webhook_deliveries
        assert [(d.status, d.attempt) for d in refused] == [(401, 1), (401, 2), (401, 3)]
        assert refused[0].message_id == update["message"]["message_id"]
        await call(zs, "setWebhook", url=receiver.url, secret_token=SECRET)
        second = await zs.send_text(lan, "được nhận")
        await zs.wait_until_idle(quiet=0.1)
        assert receiver.bodies == [{"ok": True, "result": second}]


async def test_flat_webhook_bodies_and_an_unreachable_hook() -> None:
    async with ZaloSandbox(webhook_body="flat", webhook_retry_delay=0.01) as zs, Receiver() as r:
        await call(zs, "setWebhook", url=r.url, secret_token=SECRET)
        update = await zs.send_text(zs.create_user("Lan"), "phẳng")
        await zs.wait_until_idle(quiet=0.1)
        assert r.bodies == [update]
        await call(zs, "setWebhook", url="http://127.0.0.1:9/nothing", secret_token=SECRET)
        await zs.send_text(zs.create_user("Minh"), "không tới")
        await zs.wait_until_idle(quiet=0.1)
        failed = zs.webhook_deliveries[1:]
        assert len(failed) == 3 and all(d.status is None and d.error for d in failed)


# --- JSON routes (for the terminal demo) --------------------------------------------------


async def test_json_routes(zs: ZaloSandbox) -> None:
    async with httpx.AsyncClient(base_url=zs.url) as client:

        async def post(route: str, **body: Any) -> Any:
            response = await client.post(f"/sandbox/{route}", json=body)
            assert response.status_code == 200, response.text
            return response.json()["result"]

        user = await post("users", display_name="Trần Văn Minh")
        update = await post("send_text", user_id=user["id"], text="/start ABC")
        assert update["message"]["text"] == "/start ABC"
        got = (await call(zs, "getUpdates", timeout=1))[1]["result"]
        assert got == update
        await call(zs, "sendMessage", chat_id=user["id"], text="Chào anh Minh")
        image = await post("send_image", user_id=user["id"], caption="ảnh")
        assert (await call(zs, "getUpdates", timeout=1))[1]["result"] == image
        await post("faults", method="sendMessage", status=429)
        assert await post("wait_until_idle", quiet=0.05) is True
        messages = (await client.get("/sandbox/messages", params={"chat_id": user["id"]})).json()
        assert [m["text"] for m in messages["result"]] == ["Chào anh Minh"]
        transcript = (await client.get(f"/sandbox/transcript?chat_id={user['id']}")).json()
        assert transcript["result"].splitlines()[:2] == [
            "user Trần Văn Minh: '/start ABC'",
            "bot  #1: 'Chào anh Minh'",
        ]
        missing = await client.post("/sandbox/send_text", json={"text": "x"})
        assert missing.status_code == 400
        assert (await client.get("/sandbox/nothing")).status_code == 404
    assert (await call(zs, "sendMessage", chat_id=user["id"], text="x"))[0] == 429
