"""Output piped into ``head`` or ``less``: a reader that stops early is not an error."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.cli.test_cli import butpha
from tests.conftest import write_csv


def test_a_closed_pipe_is_not_reported_as_an_error(tmp_path: Path) -> None:
    assert butpha(tmp_path, "init", "--org", "Đảng bộ Trường Chính trị").returncode == 0
    # More than a pipe's buffer (64 KiB) of output, so the writer meets the closed pipe.
    rows = [
        [f"Nguyễn Văn Thành {n:04d}", "Phòng Đào tạo", "Quần chúng", "", ""] for n in range(2000)
    ]
    imported = butpha(tmp_path, "import-members", str(write_csv(tmp_path / "m.csv", rows)))
    assert imported.returncode == 0, imported.stderr
    environment = {k: v for k, v in os.environ.items() if not k.startswith("BUTPHA_")}
    environment.update(BUTPHA_DATABASE=str(tmp_path / "org.sqlite3"), BUTPHA_LANGUAGE="vi")
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "members"],
        cwd=tmp_path,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None and process.stderr is not None
    assert "Họ và tên" in process.stdout.readline()
    process.stdout.close()  # as `head -1` does
    process.wait(timeout=60)
    error = process.stderr.read()
    process.stderr.close()
    assert error == ""
    assert not (tmp_path / "butpha-error.log").exists()
