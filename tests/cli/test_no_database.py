"""Only ``butpha init`` creates a database: every other command run where there is none says
so, names the path and how to make one, and leaves no empty file behind."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.cli.test_cli import butpha
from tests.conftest import loaded_in_fresh_process

TOKEN = "123456:TEST-token-never-logged"


def test_members_without_a_database_setting_creates_nothing(tmp_path: Path) -> None:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("BUTPHA_")}
    result = subprocess.run(
        [sys.executable, "-m", "bot", "members"],
        cwd=tmp_path,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1, result.stdout
    assert "0 người" not in result.stdout
    assert result.stderr.strip() == (
        f"Chưa có cơ sở dữ liệu tại {tmp_path / 'butpha.sqlite3'}. Tạo mới bằng: "
        'butpha init --org "Tên Đảng bộ" (hoặc đặt BUTPHA_DATABASE là đường dẫn tệp đã có).'
    )
    assert list(tmp_path.iterdir()) == []


def test_no_command_but_init_creates_a_database(tmp_path: Path) -> None:
    database = tmp_path / "org.sqlite3"
    for command in (
        ["members"],
        ["import-members", "m.csv"],
        ["export", "--out", "all.xlsx"],
        ["backup", "copy.sqlite3"],
        ["year", "show"],
        ["meetings", "list"],
        ["broadcast", "--report", "1"],
        ["run"],
    ):
        result = butpha(tmp_path, *command, language="en", BUTPHA_BOT_TOKEN=TOKEN)
        assert result.returncode == 1, (command, result.stdout, result.stderr)
        assert f"There is no database at {database}." in result.stderr, command
        assert 'butpha init --org "' in result.stderr and "Traceback" not in result.stderr
        assert list(tmp_path.iterdir()) == [], command
    created = butpha(tmp_path, "init", "--org", "Đảng bộ Trường Chính trị")
    assert created.returncode == 0 and database.is_file()
    assert butpha(tmp_path, "members").returncode == 0


def test_the_command_line_starts_without_the_bot() -> None:
    """Every command but ``run`` (and ``demo``) leaves python-telegram-bot and the handlers
    unloaded: a command starts in about half the time (``butpha --help``: 0.6 s, was 1.4 s)."""
    bot_packages = {"telegram", "handlers"}
    assert loaded_in_fresh_process("bot.cli.main, bot.cli.commands", bot_packages) == []
