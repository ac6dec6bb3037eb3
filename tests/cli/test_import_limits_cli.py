"""``butpha import-members`` and ``butpha meetings import`` refuse a decompression bomb or a
file over the limits at once, with one clear line, and change nothing."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import pytest

from tests.cli.test_cli import butpha
from tests.conftest import MEMBERS, write_csv
from tests.unit.test_import_limits import bomb


@pytest.fixture
def org(tmp_path: Path) -> Path:
    assert butpha(tmp_path, "init", "--org", "Đảng bộ Trường Chính trị").returncode == 0
    return tmp_path


def test_a_bomb_is_refused_by_every_import(org: Path) -> None:
    path = bomb(org / "dang-vien.xlsx")
    for command in (["import-members", str(path)], ["meetings", "import", str(path)]):
        started = time.perf_counter()
        result = butpha(org, *command)
        # The command starts Python and the bot's modules; the refusal itself is immediate.
        assert time.perf_counter() - started < 15
        assert result.returncode == 1, result.stderr
        assert result.stderr.startswith("Bảng tính này khi giải nén nặng 99"), result.stderr
        assert "(BUTPHA_IMPORT_MAX_UNPACKED_MB)" in result.stderr
        assert "Traceback" not in result.stderr
    with sqlite3.connect(org / "org.sqlite3") as conn:
        assert conn.execute("SELECT count(*) FROM members").fetchone() == (0,)


def test_the_row_and_size_limits_are_settings(org: Path) -> None:
    members = write_csv(org / "m.csv", MEMBERS)
    rows = butpha(org, "import-members", str(members), BUTPHA_IMPORT_MAX_ROWS="5")
    assert rows.returncode == 1
    assert rows.stderr.strip() == (
        "Tệp có hơn 5 dòng; mỗi lần nhập chỉ đọc tối đa 5 dòng (BUTPHA_IMPORT_MAX_ROWS). "
        "Hãy chia thành các tệp nhỏ hơn."
    )
    big = write_csv(org / "big.csv", MEMBERS * 20_000)
    size = butpha(org, "import-members", str(big), BUTPHA_IMPORT_MAX_MB="1")
    assert size.returncode == 1
    assert size.stderr.startswith("Tệp nặng ") and "tối đa 1 MB" in size.stderr
    bad = butpha(org, "import-members", str(members), BUTPHA_IMPORT_MAX_ROWS="0")
    assert bad.returncode == 2 and "BUTPHA_IMPORT_MAX_ROWS" in bad.stderr
    fine = butpha(org, "import-members", str(members), BUTPHA_IMPORT_MAX_ROWS="6")
    assert fine.returncode == 0, fine.stderr
