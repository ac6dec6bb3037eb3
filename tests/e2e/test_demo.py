"""``butpha demo`` scripted through standard input, as a newcomer would run it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def run_demo(tmp_path: Path, script: str, language: str = "vi") -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("BUTPHA_")}
    environment["BUTPHA_LANGUAGE"] = language
    return subprocess.run(
        [sys.executable, "-m", "bot", "demo"],
        input=script,
        cwd=tmp_path,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_demo_chats_switches_people_and_exits_at_end_of_input(tmp_path: Path) -> None:
    result = run_demo(tmp_path, "/trogiup\n/ngonngu\n2\n/as Minh\n/moi\n1\n")
    out = result.stdout
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    # You start as a plain member who has just opened an invite link.
    assert "Chào mừng đồng chí Lê Thị Mai" in out
    assert "/ngonngu (/language) — Đổi ngôn ngữ (Tiếng Việt / English)" in out
    assert "[1] ✓ Tiếng Việt   [2] English" in out
    assert "From now on I will write to you in English." in out  # button 2 pressed
    # /as switches to a cell secretary, who can invite.
    assert "Bây giờ bạn là Trần Văn Minh" in out
    assert "Chọn người cần mời (trang 1/" in out
    assert "Đường link mời cho" in out and "https://t.me/butpha_demo_bot?start=" in out
    assert out.rstrip().endswith("Kết thúc chạy thử. Chào tạm biệt!")
    assert (tmp_path / "butpha-demo.sqlite3").exists()


def test_demo_mistakes_get_a_polite_answer_and_quit_works(tmp_path: Path) -> None:
    result = run_demo(tmp_path, "/as\n/as Không Có Ai\n/quit\n/trogiup\n", language="en")
    assert result.returncode == 0, result.stderr
    assert "Write a name after /as" in result.stdout
    assert 'Nobody in the demo is called "Không Có Ai".' in result.stdout
    assert "/trogiup (/help)" not in result.stdout  # nothing after /quit was read
    assert "Demo finished. Goodbye!" in result.stdout
