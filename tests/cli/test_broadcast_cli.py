"""``butpha broadcast`` from a script while ``butpha run`` is running: the command enqueues, the
running bot delivers, ``--report`` prints the figures read back from the outbox."""

from __future__ import annotations

import asyncio
import os
import signal
import sqlite3
import sys
from pathlib import Path

from bot.sandbox.server import Sandbox
from tests.conftest import MEMBERS, write_csv

TOKEN = "987654:CLI-broadcast-token"


async def _butpha(env: dict[str, str], cwd: Path, *args: str) -> tuple[int, str, str]:
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", *args, env=env, cwd=cwd,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    out, err = await process.communicate()
    assert process.returncode is not None
    return process.returncode, out.decode(), err.decode()


async def test_cli_enqueues_the_running_bot_delivers_and_report_counts(tmp_path: Path) -> None:
    async with Sandbox() as sandbox:
        env = {k: v for k, v in os.environ.items() if not k.startswith("BUTPHA_")} | {
            "BUTPHA_DATABASE": str(tmp_path / "live.sqlite3"),
            "BUTPHA_API_BASE_URL": sandbox.base_url,
            "BUTPHA_BOT_TOKEN": TOKEN,
            "BUTPHA_BOT_USERNAME": sandbox.bot_username,
            "BUTPHA_LANGUAGE": "vi",
        }
        assert (await _butpha(env, tmp_path, "init", "--org", "Đảng bộ Thử"))[0] == 0
        members = str(write_csv(tmp_path / "m.csv", MEMBERS))
        assert (await _butpha(env, tmp_path, "import-members", members))[0] == 0
        code, _, err = await _butpha(
            env, tmp_path, "invite", "--member-code", "A2", "--out", "inv.csv"
        )
        assert code == 0, err
        start_code = (tmp_path / "inv.csv").read_text(encoding="utf-8-sig").splitlines()[1]
        code, _, err = await _butpha(
            env, tmp_path, "broadcast", "--cell", "Không có", "--text", "x"
        )
        assert code == 1 and "Không có chi bộ nào tên Không có." in err, err

        bot = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "run", env=env, cwd=tmp_path,
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
        )  # fmt: skip
        try:
            binh = sandbox.create_user("Bình")
            sent = await sandbox.send_text(binh, f"/start {start_code.split(',')[3]}")
            await sandbox.wait_for_message(binh.id, after=sent["message_id"], timeout=30)

            code, out, err = await _butpha(
                env,
                tmp_path,
                "broadcast",
                "--cell",
                "phong dao tao",
                "--text",
                "Họp <chi bộ> & học",
            )
            assert code == 0, err
            assert out.startswith("Đã xếp thông báo số 1 vào hàng gửi: 1 đồng chí sẽ nhận, ")
            assert "2 đồng chí chưa dùng bot, 0 nhóm chi bộ." in out
            notice = await sandbox.wait_for_message(
                binh.id, lambda m: m.content.startswith("📢"), after=sent["message_id"], timeout=15
            )
            assert notice.text == "📢 Thông báo của Đảng bộ Thử\n\nHọp <chi bộ> & học"

            code, out, err = await _butpha(env, tmp_path, "broadcast", "--report", "1")
            assert code == 0, err
            assert (
                "Đã nhận 1, đang gửi 0, chặn bot hoặc không liên lạc được 0, chưa dùng bot 2, "
                "lỗi 0." in out
            )
            assert "Nguyễn Văn An (Phòng Đào tạo): chưa dùng bot" in out

            code, out, err = await _butpha(
                env, tmp_path, "broadcast", "--all", "--text", "Sau", "--at", "2999-01-01 08:00"
            )
            assert code == 0, err
            assert "01/01/2999 08:00" in out
            code, _, err = await _butpha(env, tmp_path, "broadcast", "--report", "99")
            assert code == 1 and "Không có thông báo này" in err
        finally:
            bot.send_signal(signal.SIGTERM)
            _, stderr = await asyncio.wait_for(bot.communicate(), timeout=30)
        assert bot.returncode == 0, stderr.decode()
    with sqlite3.connect(tmp_path / "live.sqlite3") as conn:
        assert conn.execute("SELECT status, count(*) FROM outbox GROUP BY status").fetchall() == [
            ("pending", 1),
            ("sent", 1),
        ]
