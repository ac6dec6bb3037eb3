"""``butpha year set`` follows the chat's rules (issue 9, items 6 and 7): what renames or removes
areas or shuts registration is printed and made only with ``--yes``; an area that tasks carry
is never removed from under them."""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta
from pathlib import Path

import pytest

from tests.cli.test_cli import butpha
from tests.conftest import MEMBERS, write_csv

TODAY = date.today()
YEAR = str(TODAY.year)
WHOLE_YEAR = ["--opens", f"{YEAR}-01-01", "--closes", f"{YEAR}-12-31"]


@pytest.fixture
def org(tmp_path: Path) -> Path:
    assert butpha(tmp_path, "init", "--org", "Đảng bộ Trường Chính trị").returncode == 0
    result = butpha(tmp_path, "import-members", str(write_csv(tmp_path / "m.csv", MEMBERS)))
    assert result.returncode == 0, result.stderr
    return tmp_path


def _set(folder: Path, *args: str) -> tuple[int, str, str]:
    result = butpha(folder, "year", "set", YEAR, "--theme", "Bứt phá về đích", *args)
    return result.returncode, result.stdout, result.stderr


def _areas(folder: Path) -> list[tuple[int, str]]:
    with sqlite3.connect(folder / "org.sqlite3") as conn:
        return list(conn.execute("SELECT id, name FROM areas ORDER BY position"))


def _add_task(folder: Path, area_id: int) -> None:
    """A member's task carrying the area (registered in the chat, in real life)."""
    with sqlite3.connect(folder / "org.sqlite3") as conn:
        conn.execute(
            "INSERT INTO tasks (year, owner_member_id, title, product, deadline, area_id,"
            " status, created_at, updated_at) SELECT ?, id, 'Viết giáo trình', '01 giáo trình',"
            " ?, ?, 'in_progress', '2026-01-02T00:00:00Z', '2026-01-02T00:00:00Z'"
            " FROM members WHERE member_code = 'A2'",
            (int(YEAR), f"{YEAR}-12-31", area_id),
        )


def test_areas_renamed_or_removed_only_with_yes_and_never_from_under_tasks(org: Path) -> None:
    code, _, err = _set(org, *WHOLE_YEAR, "--area", "Đào tạo", "--area", "Chuyển đổi số")
    assert code == 0, err
    (training, _), (digital, _) = _areas(org)
    _add_task(org, digital)

    code, _, err = _set(org, *WHOLE_YEAR, "--area", "Đào tạo")
    assert code == 1
    assert (
        "✖ Bỏ «Chuyển đổi số»; 1 công việc đang thuộc khâu này: Trần Thị Bình: Viết giáo trình"
        in err
    )
    assert "/khaudotpha" in err and _areas(org) == [
        (training, "Đào tạo"),
        (digital, "Chuyển đổi số"),
    ]

    code, _, err = _set(org, *WHOLE_YEAR, "--area", "Đào tạo", "--area", "Số hóa")
    assert code == 1
    assert "2. Số hóa — đổi tên từ «Chuyển đổi số»; 1 công việc vẫn giữ khâu này" in err
    assert "--yes" in err and _areas(org)[1] == (digital, "Chuyển đổi số")
    code, out, err = _set(org, *WHOLE_YEAR, "--area", "Đào tạo", "--area", "Số hóa", "--yes")
    assert code == 0, err
    assert _areas(org) == [(training, "Đào tạo"), (digital, "Số hóa")]
    assert "2. Số hóa" in out


def test_closing_registration_today_needs_yes(org: Path) -> None:
    if TODAY.month == 1 and TODAY.day == 1:
        pytest.skip("no day of this year has passed yet")
    assert _set(org, *WHOLE_YEAR)[0] == 0
    yesterday = TODAY - timedelta(days=1)
    past = ["--opens", f"{YEAR}-01-01", "--closes", yesterday.isoformat()]
    code, _, err = _set(org, *past)
    assert code == 1
    assert "⚠️ Việc đăng ký đóng ngay với mọi người" in err and "--yes" in err
    with sqlite3.connect(org / "org.sqlite3") as conn:
        assert conn.execute("SELECT closes FROM years").fetchall() == [(f"{YEAR}-12-31",)]
    assert _set(org, *past, "--yes")[0] == 0
    with sqlite3.connect(org / "org.sqlite3") as conn:
        assert conn.execute("SELECT closes FROM years").fetchall() == [(yesterday.isoformat(),)]
