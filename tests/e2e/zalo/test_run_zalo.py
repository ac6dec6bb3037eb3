"""``butpha run`` serving Zalo as a real process against the Zalo sandbox: by long polling (with
only a Zalo token), and by webhook (the sandbox pushes; a wrong secret is refused)."""

from __future__ import annotations

import asyncio
import csv
import os
import signal
import socket
import sqlite3
import sys
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import aiohttp

from bot.sandbox.server import Sandbox
from bot.sandbox.zalo import ZaloSandbox, ZaloUser
from tests.conftest import MEMBERS, write_csv
from tests.e2e.zalo.conftest import ZALO_TOKEN

TELEGRAM_TOKEN = "987654:TELEGRAM-token-never-logged"
SECRET = "webhook-secret-never-logged"
SECRET_HEADER = "X-Bot-Api-Secret-Token"


def _env(tmp_path: Path, sandbox: ZaloSandbox, **extra: str) -> dict[str, str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("BUTPHA_")}
    environment.update(
        BUTPHA_DATABASE=str(tmp_path / "live.sqlite3"),
        BUTPHA_ZALO_API_BASE_URL=sandbox.base_url,
        BUTPHA_ZALO_BOT_TOKEN=ZALO_TOKEN,
        BUTPHA_LANGUAGE="vi",
        **extra,
    )
    return environment


async def _butpha(env: dict[str, str], cwd: Path, *args: str) -> tuple[int, str, str]:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        *args,
        env=env,
        cwd=cwd,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await process.communicate()
    assert process.returncode is not None
    return process.returncode, out.decode(), err.decode()


async def _organisation_with_invite(env: dict[str, str], tmp_path: Path) -> str:
    """The organisation, its members, and the Zalo invite code of Trần Thị Bình (A2)."""
    assert (await _butpha(env, tmp_path, "init", "--org", "Đảng bộ Thử"))[0] == 0
    members = write_csv(tmp_path / "m.csv", MEMBERS)
    assert (await _butpha(env, tmp_path, "import-members", str(members)))[0] == 0
    code, _, err = await _butpha(env, tmp_path, "invite", "--member-code", "A2", "--out", "i.csv")
    assert code == 0, err
    with (tmp_path / "i.csv").open(encoding="utf-8-sig") as handle:
        [row] = list(csv.DictReader(handle))
    return row["code"]


@asynccontextmanager
async def _running_bot(env: dict[str, str], cwd: Path) -> AsyncIterator[list[str]]:
    """``butpha run``; stopped with SIGTERM on the way out. Yields a list that then holds its
    stdout and stderr; asserts it stopped cleanly."""
    bot = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "run",
        env=env,
        cwd=cwd,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    logs: list[str] = []
    try:
        yield logs
    finally:
        if bot.returncode is None:
            bot.send_signal(signal.SIGTERM)
        stdout, stderr = await asyncio.wait_for(bot.communicate(), timeout=30)
        logs.append(stdout.decode() + stderr.decode())
    assert bot.returncode == 0, logs[0]


async def _join(sandbox: ZaloSandbox, code: str) -> ZaloUser:
    """Bình joins the Zalo way: the invite code alone, as a message."""
    user = sandbox.create_user("Bình")
    sent = await sandbox.send_text(user, code)
    welcome = await sandbox.wait_for_message(
        user.id, lambda m: "Chào mừng" in m.content, after=sent, timeout=30
    )
    assert "Trần Thị Bình" in welcome.content
    return user


def _clean(logs: str) -> None:
    assert "Traceback" not in logs, logs
    for secret in (ZALO_TOKEN, ZALO_TOKEN.split(":")[1], SECRET):
        assert secret not in logs


async def test_run_with_only_a_zalo_token_polls_zalo_and_answers_members(tmp_path: Path) -> None:
    async with ZaloSandbox() as sandbox:
        env = _env(tmp_path, sandbox)
        code = await _organisation_with_invite(env, tmp_path)
        async with _running_bot(env, tmp_path) as logs:
            user = await _join(sandbox, code)
            sent = await sandbox.send_text(user, "/trogiup")
            help_text = await sandbox.wait_for_message(user.id, after=sent, timeout=30)
            assert "/ngonngu" in help_text.content
            # Polling and a webhook exclude each other on Zalo: any webhook is removed first.
            assert sandbox.calls_of("deleteWebhook")
            assert not sandbox.calls_of("setWebhook")
        [output] = logs
    [starting] = [line for line in output.splitlines() if "starting butpha" in line]
    assert starting.endswith("; Zalo: long polling"), starting
    _clean(output)
    with sqlite3.connect(tmp_path / "live.sqlite3") as conn:
        assert conn.execute("SELECT channel FROM accounts").fetchall() == [("zalo",)]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _update(user: ZaloUser, text: str, message_id: str) -> dict[str, Any]:
    """A text message as Zalo pushes it (the bare update)."""
    return {
        "event_name": "message.text.received",
        "message": {
            "from": {"id": user.id, "display_name": user.display_name, "is_bot": False},
            "chat": {"id": user.id, "chat_type": "PRIVATE"},
            "text": text,
            "message_id": message_id,
            "date": int(time.time() * 1000),
        },
    }


async def test_run_by_webhook_takes_pushed_updates_and_refuses_a_wrong_secret(
    tmp_path: Path,
) -> None:
    port = _free_port()
    url = f"http://127.0.0.1:{port}/zalo/hook"
    async with ZaloSandbox() as sandbox, aiohttp.ClientSession() as http:
        env = _env(
            tmp_path,
            sandbox,
            BUTPHA_ZALO_WEBHOOK_URL=url,
            BUTPHA_ZALO_WEBHOOK_SECRET=SECRET,
            BUTPHA_ZALO_WEBHOOK_LISTEN=f"127.0.0.1:{port}",
        )
        code = await _organisation_with_invite(env, tmp_path)
        async with _running_bot(env, tmp_path) as logs:
            for _ in range(300):
                if sandbox.webhook_url:
                    break
                await asyncio.sleep(0.1)
            [set_webhook] = sandbox.calls_of("setWebhook")
            assert set_webhook.params == {"url": url, "secret_token": SECRET}
            # The sandbox pushes what the member sends, with the right secret.
            user = await _join(sandbox, code)
            answered = len(sandbox.messages(user.id))

            # A wrong or missing secret: refused, nothing handled.
            stranger = _update(user, "/trogiup", "forged-1")
            for headers in ({SECRET_HEADER: "not-the-secret"}, {}):
                async with http.post(url, json=stranger, headers=headers) as response:
                    assert response.status == 401
            # Not an update: refused.
            for body in (b"{", b'{"ok": true}', b"[]"):
                async with http.post(url, data=body, headers={SECRET_HEADER: SECRET}) as response:
                    assert response.status == 400
            # The right secret, the bare update: handled once, however often it comes.
            update = _update(user, "/trogiup", "pushed-1")
            for _ in range(2):
                async with http.post(url, json=update, headers={SECRET_HEADER: SECRET}) as r:
                    assert r.status == 200
            help_text = await sandbox.wait_for_message(user.id, after=answered, timeout=30)
            assert "/ngonngu" in help_text.content
            await sandbox.wait_until_idle(quiet=1.0)
            assert len(sandbox.messages(user.id)) == answered + 1, sandbox.transcript(user.id)
            assert not sandbox.calls_of("getUpdates")  # nothing polls in webhook mode
            assert all(d.status == 200 for d in sandbox.webhook_deliveries)
        [output] = logs
    assert f"Zalo: webhook {url} (listening on 127.0.0.1:{port})" in output
    assert output.count("secret token: refused") == 2
    assert "forged-1" not in output and "/trogiup" not in output  # no body in the logs
    _clean(output)
    with sqlite3.connect(tmp_path / "live.sqlite3") as conn:
        seen = {key for (key,) in conn.execute("SELECT key FROM zalo_seen")}
    assert "message.text.received:pushed-1" in seen
    assert "message.text.received:forged-1" not in seen


async def test_run_with_both_tokens_serves_telegram_and_zalo_in_one_process(
    tmp_path: Path,
) -> None:
    async with Sandbox() as telegram, ZaloSandbox() as zalo:
        env = _env(
            tmp_path,
            zalo,
            BUTPHA_BOT_TOKEN=TELEGRAM_TOKEN,
            BUTPHA_API_BASE_URL=telegram.base_url,
            BUTPHA_BOT_USERNAME=telegram.bot_username,
        )
        zalo_code = await _organisation_with_invite(env, tmp_path)
        code, _, err = await _butpha(
            env, tmp_path, "invite", "--member-code", "A1", "--out", "t.csv"
        )
        assert code == 0, err
        with (tmp_path / "t.csv").open(encoding="utf-8-sig") as handle:
            [row] = list(csv.DictReader(handle))
        async with _running_bot(env, tmp_path) as logs:
            an = telegram.create_user("An")
            sent = await telegram.send_text(an, f"/start {row['code']}")
            welcome = await telegram.wait_for_message(an.id, after=sent["message_id"], timeout=30)
            assert "Nguyễn Văn An" in (welcome.text or "")
            await _join(zalo, zalo_code)
        [output] = logs
    [starting] = [line for line in output.splitlines() if "starting butpha" in line]
    assert starting.endswith("; Telegram: long polling; Zalo: long polling"), starting
    _clean(output)
    assert TELEGRAM_TOKEN not in output
    with sqlite3.connect(tmp_path / "live.sqlite3") as conn:
        channels = conn.execute("SELECT channel FROM accounts ORDER BY channel").fetchall()
    assert channels == [("telegram",), ("zalo",)]  # one database for both
