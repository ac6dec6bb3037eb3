"""The demo's 2020 targets as Hà (the committee) reads them: ``butpha demo --at`` mid-July 2020,
``/as Hà``, ``/chitieu``, a card, and Minh recording a value in one line."""

from __future__ import annotations

from pathlib import Path

from tests.e2e.test_demo import run_demo


def test_ha_reads_the_2020_targets_and_minh_records_one(tmp_path: Path) -> None:
    script = "/as Hà\n/chitieu\n/chitieu 1\n/as Minh\n/chitieu 1 14 Thêm 1 lớp tháng 7\n"
    result = run_demo(tmp_path, script, "vi", "--at", "2020-07-16 09:00")
    out = result.stdout
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert "Chỉ tiêu năm 2020" in out
    assert "№1. Lớp đào tạo: 13/22 lớp (59,09%) — đang thực hiện (theo tiến độ cần 12)" in out
    assert "№10. Đảng viên bị kỷ luật: không có — đạt" in out
    assert "№11. Chi bộ được kiểm tra: 1/5 (20%) — chỉ tiêu 20%: đạt" in out
    assert "Đảng viên hoàn thành tốt nhiệm vụ trở lên: chưa có số liệu — chỉ tiêu trên 90%" in out
    # The card: its history, the owner's secretary's values.
    assert "Chỉ tiêu №1 — Lớp đào tạo" in out and "— Trần Văn Minh: 13 —" in out
    # Minh, Phòng Đào tạo's secretary, records July's value.
    assert "✅ Đã lưu số liệu." in out
    assert "Lớp đào tạo: 14/22 lớp (63,64%) — đang thực hiện (theo tiến độ cần 12)" in out
