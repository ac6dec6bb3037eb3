"""``butpha demo --channel zalo`` scripted through standard input: the same demo, as the Zalo
app shows it."""

from __future__ import annotations

from pathlib import Path

from tests.e2e.test_demo import run_demo


def test_the_zalo_demo_joins_by_code_numbers_choices_and_takes_a_typed_number(
    tmp_path: Path,
) -> None:
    result = run_demo(tmp_path, "/as Hồng\n/tiendo\n1\n/moi\n1\n", "vi", "--channel", "zalo")
    out = result.stdout
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    # Each person joins the Zalo way, sending the invite code alone; the first message says
    # what the bot is.
    assert out.count("(Gửi mã mời ") == 2 and " cho bot Zalo)" in out
    assert "Đây là trợ lý tự động (bot) của Đảng bộ Trường Chính trị" in out
    assert "Chào mừng đồng chí Lê Thị Mai" in out
    assert "Bây giờ bạn là Dương Thị Hồng — Liên khoa (Bí thư chi bộ)" in out
    # The cell's progress, its one choice numbered under the text; "1" typed presses it.
    assert "Chi bộ Liên khoa — tiến độ năm" in out
    assert "   1. Nhắc người chưa đăng ký\n   Trả lời bằng số thứ tự để chọn." in out
    # What "1" brought, before the next command: the confirmation, and the reminder itself, which
    # the sender may deliver to Hồng (the demo's own account) before or after it.
    answer = out.split("> 1\n", 1)[1].split("> /moi", 1)[0]
    assert "🤖 Đã nhắc 1 đồng chí chưa đăng ký: Dương Thị Hồng." in answer
    assert "🤖 Kính gửi đồng chí Dương Thị Hồng: đồng chí chưa đăng ký" in answer
    # /moi on Zalo: the code to send to the Zalo bot, no Telegram link.
    assert "Trên Zalo, gửi mã mời ở tin nhắn sau cho bot Zalo của Đảng bộ." in out
    assert "t.me/" not in out
    # Nothing printed as Telegram shows it: no buttons, no popups.
    assert "[1]" not in out and "⟪" not in out
    assert out.rstrip().endswith("Kết thúc chạy thử. Chào tạm biệt!")


def test_the_zalo_demo_in_english_with_a_mistake(tmp_path: Path) -> None:
    result = run_demo(tmp_path, "/as Không Có Ai\n/trogiup\n", "en", "--channel", "zalo")
    assert result.returncode == 0, result.stderr
    assert "butpha demo on Zalo" in result.stdout
    assert 'Nobody in the demo is called "Không Có Ai".' in result.stdout
    assert "/ngonngu (/language)" in result.stdout
    assert result.stdout.rstrip().endswith("Demo finished. Goodbye!")
