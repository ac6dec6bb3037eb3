"""``butpha run`` as a real process when something outside it goes wrong: a token the platform
rejects never shows in the output or the log files; an update the library cannot parse is
skipped with one log line and the members after it are answered; a database that refuses
writes is reopened until it accepts them, or the bot stops with an error."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from bot.sandbox.server import Sandbox
from bot.sandbox.zalo.server import ZaloSandbox
from tests.conftest import MEMBERS, write_csv

TOKEN = "987654:REVOKED-token-Q7xZ-must-not-appear"
ZALO_TOKEN = "123456789:zalo-REVOKED-secret-W4kP"


def _env(tmp_path: Path, **settings: str) -> dict[str, str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("BUTPHA_")}
    environment.update(BUTPHA_DATABASE=str(tmp_path / "live.sqlite3"), **settings)
    return environment


async def _butpha(env: dict[str, str], cwd: Path, *args: str, timeout: float = 60) -> tuple:
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
    out, err = await asyncio.wait_for(process.communicate(), timeout=timeout)
    return process.returncode, out.decode(), err.decode()


async def _initialised(env: dict[str, str], cwd: Path) -> None:
    assert (await _butpha(env, cwd, "init", "--org", "Đảng bộ Thử"))[0] == 0
    members = write_csv(cwd / "m.csv", MEMBERS)
    assert (await _butpha(env, cwd, "import-members", str(members)))[0] == 0


def _everything_written(tmp_path: Path, *outputs: str) -> str:
    """What the process printed and every file it wrote but the database."""
    files = [
        path.read_text(encoding="utf-8", errors="replace")
        for path in tmp_path.rglob("*")
        if path.is_file() and ".sqlite3" not in path.name
    ]
    return "\n".join([*outputs, *files])


async def test_a_rejected_telegram_token_appears_nowhere(tmp_path: Path) -> None:
    async with Sandbox(rejected_tokens=[TOKEN]) as sandbox:
        env = _env(
            tmp_path,
            BUTPHA_API_BASE_URL=sandbox.base_url,
            BUTPHA_BOT_TOKEN=TOKEN,
            BUTPHA_LOG_FILE=str(tmp_path / "logs" / "butpha.log"),
        )
        await _initialised(env, tmp_path)
        code, out, err = await _butpha(env, tmp_path, "run")
    assert code != 0
    written = _everything_written(tmp_path, out, err)
    assert (tmp_path / "logs" / "butpha.log").exists()
    assert "rejected" in written  # the reason is there, the secret is not
    assert TOKEN not in written
    assert TOKEN.split(":")[1] not in written


async def test_a_rejected_zalo_token_appears_nowhere(tmp_path: Path) -> None:
    async with ZaloSandbox(token="123456789:the-right-one") as sandbox:
        env = _env(
            tmp_path,
            BUTPHA_ZALO_API_BASE_URL=sandbox.base_url,
            BUTPHA_ZALO_BOT_TOKEN=ZALO_TOKEN,
            BUTPHA_LOG_FILE=str(tmp_path / "butpha.log"),
        )
        await _initialised(env, tmp_path)
        code, out, err = await _butpha(env, tmp_path, "run")
    assert code != 0
    written = _everything_written(tmp_path, out, err)
    assert ZALO_TOKEN not in written
    assert ZALO_TOKEN.split(":")[1] not in written


async def test_an_update_the_library_cannot_parse_is_skipped_once(tmp_path: Path) -> None:
    """A ``message`` whose sender lacks fields python-telegram-bot requires once stopped polling
    for good: the member after it was never answered and the log grew without end."""
    async with Sandbox() as sandbox:
        env = _env(
            tmp_path,
            BUTPHA_API_BASE_URL=sandbox.base_url,
            BUTPHA_BOT_TOKEN="987654:fine-token",
            BUTPHA_LOG_FILE=str(tmp_path / "butpha.log"),
        )
        await _initialised(env, tmp_path)
        stranger = sandbox.create_user("Lan")
        broken = sandbox.queue_raw_update(
            "message",
            {
                "message_id": 900,
                "date": 1,
                "chat": {"id": stranger.id, "type": "private"},
                "from": {"id": stranger.id},  # no first_name, no is_bot
                "text": "/trogiup",
            },
        )
        # Not a kind the bot handles: never asked for, so never delivered.
        sandbox.queue_raw_update("poll_answer", {"poll_id": "1", "option_ids": [0]})
        bot = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            "run",
            env=env,
            cwd=tmp_path,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        try:
            sent = await sandbox.send_text(stranger, "/start")
            answer = await sandbox.wait_for_message(
                stranger.id, after=sent["message_id"], timeout=30
            )
            await asyncio.sleep(1.0)  # long enough for a stuck poll to repeat itself many times
        finally:
            bot.send_signal(signal.SIGTERM)
            stdout, stderr = await asyncio.wait_for(bot.communicate(), timeout=30)
        polls = sandbox.calls_of("getUpdates")
    assert answer.text
    assert bot.returncode == 0, stderr.decode()
    logs = stdout.decode() + stderr.decode()
    assert logs.count(f"skipped update {broken}") == 1
    assert "Error while parsing updates" not in logs
    assert all(
        call.params.get("allowed_updates")
        == ["message", "edited_message", "callback_query", "my_chat_member"]
        for call in polls
    )
    assert f"skipped update {broken}" in (tmp_path / "butpha.log").read_text(encoding="utf-8")


@contextlib.contextmanager
def _read_only(path: Path) -> Iterator[Callable[[], None]]:
    """The database file read-only (for root, who ignores permissions, immutable); yields
    what makes it writable again."""
    root = os.geteuid() == 0
    if root:
        if subprocess.run(["chattr", "+i", str(path)], capture_output=True).returncode != 0:
            pytest.skip("cannot make a file read-only for root here (no chattr)")
    else:
        path.chmod(0o444)

    def writable() -> None:
        if root:
            subprocess.run(["chattr", "-i", str(path)], check=True)
        else:
            path.chmod(0o644)

    try:
        yield writable
    finally:
        writable()


async def _invited(env: dict[str, str], cwd: Path) -> str:
    await _initialised(env, cwd)
    code, _, err = await _butpha(env, cwd, "invite", "--member-code", "A2", "--out", "inv.csv")
    assert code == 0, err
    return (cwd / "inv.csv").read_text(encoding="utf-8-sig").splitlines()[1].split(",")[3]


async def _start_bot(env: dict[str, str], cwd: Path) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "run",
        env=env,
        cwd=cwd,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )


async def test_a_bot_started_on_a_read_only_database_recovers_when_it_is_writable(
    tmp_path: Path,
) -> None:
    async with Sandbox() as sandbox:
        env = _env(
            tmp_path,
            BUTPHA_API_BASE_URL=sandbox.base_url,
            BUTPHA_BOT_TOKEN="987654:fine-token",
            BUTPHA_DATABASE_RECOVERY_SECONDS="120",
            BUTPHA_LOG_FILE=str(tmp_path / "bot.log"),
        )
        start_code = await _invited(env, tmp_path)
        user = sandbox.create_user("Bình")
        with _read_only(tmp_path / "live.sqlite3") as writable:
            bot = await _start_bot(env, tmp_path)
            try:
                # The update cannot be stored in the inbox: it is not acknowledged, and so
                # not lost; once the database accepts writes it is handled, once.
                sent = await sandbox.send_text(user, f"/start {start_code}")
                # Writable again only once the bot has met the refusal (a slow start under
                # load would otherwise find the database writable already).
                log_file = tmp_path / "bot.log"
                for _ in range(150):  # 30 s at most
                    met = log_file.read_text(encoding="utf-8") if log_file.exists() else ""
                    if "reopening it until it accepts writes" in met:
                        break
                    await asyncio.sleep(0.2)
                writable()
                joined = await sandbox.wait_for_message(
                    user.id,
                    lambda m: "Trần Thị Bình" in (m.text or ""),
                    after=sent["message_id"],
                    timeout=40,
                )
                await asyncio.sleep(1.0)
                welcomes = [
                    m for m in sandbox.messages(user.id) if "Trần Thị Bình" in (m.text or "")
                ]
                assert len(welcomes) == 1  # handled once
            finally:
                bot.send_signal(signal.SIGTERM)
                stdout, stderr = await asyncio.wait_for(bot.communicate(), timeout=30)
    logs = stdout.decode() + stderr.decode()
    assert joined is not None, logs
    assert bot.returncode == 0, logs
    assert logs.count("reopening it until it accepts writes") == 1
    assert "accepts writes again" in logs


async def test_a_database_that_stays_read_only_stops_the_bot_with_an_error(
    tmp_path: Path,
) -> None:
    async with Sandbox() as sandbox:
        env = _env(
            tmp_path,
            BUTPHA_API_BASE_URL=sandbox.base_url,
            BUTPHA_BOT_TOKEN="987654:fine-token",
            BUTPHA_DATABASE_RECOVERY_SECONDS="5",
        )
        start_code = await _invited(env, tmp_path)
        user = sandbox.create_user("Bình")
        with _read_only(tmp_path / "live.sqlite3"):
            bot = await _start_bot(env, tmp_path)
            try:
                await sandbox.send_text(user, f"/start {start_code}")
                stdout, stderr = await asyncio.wait_for(bot.communicate(), timeout=40)
            finally:
                if bot.returncode is None:
                    bot.kill()
                    await bot.wait()
    assert bot.returncode not in (0, None)
    assert "butpha" in stderr.decode() and "refuses writes" in (stdout + stderr).decode()
