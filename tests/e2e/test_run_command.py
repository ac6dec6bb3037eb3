"""``butpha run`` as a real process against the sandbox: answers, stops cleanly on SIGTERM,
never logs its token; ``butpha backup`` copies the database while it runs."""

from __future__ import annotations

import asyncio
import os
import signal
import sqlite3
import sys
from pathlib import Path

from bot.sandbox.server import Sandbox
from tests.conftest import MEMBERS, write_csv

TOKEN = "987654:SECRET-token-must-not-appear"


def _env(tmp_path: Path, sandbox: Sandbox) -> dict[str, str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("BUTPHA_")}
    environment.update(
        BUTPHA_DATABASE=str(tmp_path / "live.sqlite3"),
        BUTPHA_API_BASE_URL=sandbox.base_url,
        BUTPHA_BOT_TOKEN=TOKEN,
        BUTPHA_BOT_USERNAME=sandbox.bot_username,
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


async def test_run_answers_members_backs_up_live_and_stops_cleanly(tmp_path: Path) -> None:
    async with Sandbox() as sandbox:
        env = _env(tmp_path, sandbox)
        assert (await _butpha(env, tmp_path, "init", "--org", "Đảng bộ Thử"))[0] == 0
        members = write_csv(tmp_path / "m.csv", MEMBERS)
        assert (await _butpha(env, tmp_path, "import-members", str(members)))[0] == 0
        code, _, err = await _butpha(
            env, tmp_path, "invite", "--member-code", "A2", "--out", "inv.csv"
        )
        assert code == 0, err
        invite = (tmp_path / "inv.csv").read_text(encoding="utf-8-sig").splitlines()[1]
        start_code = invite.split(",")[3]

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
            user = sandbox.create_user("Bình")
            sent = await sandbox.send_text(user, f"/start {start_code}")
            answer = await sandbox.wait_for_message(user.id, after=sent["message_id"], timeout=30)
            assert "Trần Thị Bình" in (answer.text or "")

            code, _, err = await _butpha(env, tmp_path, "backup", "backup.sqlite3")
            assert code == 0, err
            with sqlite3.connect(tmp_path / "backup.sqlite3") as conn:
                assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
                assert conn.execute("SELECT count(*) FROM accounts").fetchone() == (1,)
        finally:
            bot.send_signal(signal.SIGTERM)
            stdout, stderr = await asyncio.wait_for(bot.communicate(), timeout=30)
        assert bot.returncode == 0, stderr.decode()
        logs = stdout.decode() + stderr.decode()
        assert "starting butpha" in logs
        assert TOKEN not in logs and TOKEN.split(":")[1] not in logs
        assert "Traceback" not in logs


async def test_run_refuses_an_uninitialised_database(tmp_path: Path) -> None:
    async with Sandbox() as sandbox:
        env = _env(tmp_path, sandbox) | {"BUTPHA_LANGUAGE": "en"}
        code, _, err = await _butpha(env, tmp_path, "run")
        assert code == 1
        # No database file at all: nothing is created, and the answer says how to make one.
        assert "There is no database at" in err and 'butpha init --org "' in err
        assert list(tmp_path.iterdir()) == []
        # A database without the organisation yet.
        sqlite3.connect(tmp_path / "live.sqlite3").close()
        code, _, err = await _butpha(env, tmp_path, "run")
    assert code == 1
    assert 'run "butpha init" first' in err
