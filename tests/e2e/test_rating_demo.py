"""The demo's review cycle as one tries it: the secretary of Liên khoa sees three self-reviews
in, the committee the table and the distribution, a member their evidence."""

from __future__ import annotations

from pathlib import Path

from tests.e2e.test_demo import run_demo


def test_the_demo_has_a_cycle_with_self_reviews(tmp_path: Path) -> None:
    result = run_demo(tmp_path, "/tukiemdiem\n/huy\n/as Hồng\n/xeploai\n/as Hà\n/xeploai\n")
    out = result.stdout
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert "Số liệu của đồng chí trên bot" in out  # Mai's evidence
    assert "Đã nộp (3)" in out and "Lý Thị Thanh Thủy — tự xếp: HTXSNV (93 điểm)" in out
    assert "Kết quả hiện tại" in out and "⚠️ Chỉ tiêu 20% «HTXSNV»" in out
