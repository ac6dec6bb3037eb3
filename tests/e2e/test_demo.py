"""``butpha demo`` scripted through standard input, as a newcomer would run it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def run_demo(
    tmp_path: Path, script: str, language: str = "vi", *options: str
) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("BUTPHA_")}
    environment["BUTPHA_LANGUAGE"] = language
    return subprocess.run(
        [sys.executable, "-m", "bot", "demo", *options],
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


def test_the_demo_world_is_built_around_the_day_it_runs(tmp_path: Path) -> None:
    """On Wednesday 16 July 2025 at 09:00: a meeting going on, the monthly one in two days, an
    overdue task, a scheduled notice; a press shows its popup; files land beside the database."""
    script = (
        "/lich\n/lich ics\n/congviec\n/diemdanh\n1\n"
        "/as Minh\nviệc quá hạn\n/congkhai\n2\n/as Hà\n/thongbao danhsach\n/kiemtra baocao\n"
        "/as Trung\n/kiemtra baocao q1\n"
    )
    result = run_demo(tmp_path, script, "vi", "--at", "2025-07-16 09:00")
    out = result.stdout
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    # /lich: the cell's monthly meeting two days on, and the study next week.
    assert "Sinh hoạt chi bộ định kỳ\n       🕑 Thứ Sáu, 18/07/2025 14:00" in out
    assert "🕑 Thứ Tư, 23/07/2025 08:00" in out
    # The plain member's overdue task, marked.
    assert "⚠ quá hạn 6 ngày" in out
    # /diemdanh: the meeting that began at 08:00; checking in answers with a popup.
    topic = "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh"
    assert f"{topic} — Thứ Tư, 16/07/2025 08:00" in out
    assert f"   ⟪ Đã điểm danh: {topic} ⟫" in out
    # The secretary's plain question.
    overdue = "Hoàn thiện đề cương bài giảng Tư tưởng Hồ Chí Minh — Lê Thị Mai"
    assert f"Việc quá hạn (1)\n   • {overdue}" in out
    # The committee's notice waiting for tomorrow morning.
    assert "#1 · Thứ Năm, 17/07/2025 07:30" in out
    # The year's inspection programme so far, against the quotas (the committee), and its
    # first quarter (the inspection commission): the cell Liên khoa's inspection closed then.
    assert "Báo cáo kiểm tra, giám sát năm 2025 — Đảng bộ Trường Chính trị" in out
    assert (
        "Kiểm tra đảng viên: 5/32 đảng viên (15,63%), trong đó 2 đảng ủy viên — chỉ tiêu 20% "
        "(cả năm 7): cần thêm 2"
    ) in out
    assert "Khắc phục: 2 việc đã xong (1 việc đã xác nhận), 1 việc chưa xong." in out
    assert "Báo cáo kiểm tra, giám sát quý I năm 2025 — Đảng bộ Trường Chính trị" in out
    assert "Kiểm tra chi bộ: 1/5 chi bộ (20%) — chỉ tiêu 20% (cả năm 1): đạt" in out
    # Files sent in the chat are saved beside the database, where the demo says.
    folder = tmp_path / "butpha-demo-files"
    assert "(đã lưu vào butpha-demo-files/lich-hop.ics)" in out
    assert "(đã lưu vào butpha-demo-files/cong-khai-2025.xlsx)" in out
    assert (folder / "lich-hop.ics").read_text().startswith("BEGIN:VCALENDAR")
    assert (folder / "cong-khai-2025.xlsx").read_bytes().startswith(b"PK")
