"""The ``butpha`` command as an operator runs it: a real process, real files."""

from __future__ import annotations

import csv
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.conftest import MEMBERS, write_csv


def butpha(
    tmp_path: Path, *args: str, language: str = "vi", **env: str
) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("BUTPHA_")}
    environment.update(
        BUTPHA_DATABASE=str(tmp_path / "org.sqlite3"),
        BUTPHA_LANGUAGE=language,
        BUTPHA_BOT_USERNAME="butpha_test_bot",
    )
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=tmp_path,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.fixture
def org(tmp_path: Path) -> Path:
    assert butpha(tmp_path, "init", "--org", "Đảng bộ Trường Chính trị").returncode == 0
    result = butpha(tmp_path, "import-members", str(write_csv(tmp_path / "m.csv", MEMBERS)))
    assert result.returncode == 0, result.stderr
    return tmp_path


def test_init_twice_is_harmless(tmp_path: Path) -> None:
    first = butpha(tmp_path, "init", "--org", "Đảng bộ Trường Chính trị")
    second = butpha(tmp_path, "init", "--org", "Đảng bộ Trường Chính trị")
    assert first.returncode == second.returncode == 0
    assert "Đã tạo" in first.stdout and "không có gì thay đổi" in second.stdout
    with sqlite3.connect(tmp_path / "org.sqlite3") as conn:
        assert conn.execute("SELECT count(*) FROM units").fetchone()[0] == 1


def test_import_prints_a_summary_and_reimport_changes_nothing(org: Path) -> None:
    again = butpha(org, "import-members", str(org / "m.csv"), language="en")
    assert again.returncode == 0
    assert "0 created, 0 updated, 6 unchanged" in again.stdout


def test_import_errors_are_listed_by_row_and_nothing_is_written(org: Path) -> None:
    bad = write_csv(
        org / "bad.csv",
        [["", "Liên khoa", "Quần chúng", "", "Z1"], ["Người Mới", "Liên khoa", "xyz", "", "Z2"]],
    )
    result = butpha(org, "import-members", str(bad))
    assert result.returncode == 1
    assert "Dòng 2: Chưa ghi họ và tên." in result.stderr
    assert 'Dòng 3: Không rõ loại "xyz"' in result.stderr
    assert "Traceback" not in result.stderr
    with sqlite3.connect(org / "org.sqlite3") as conn:
        assert conn.execute("SELECT count(*) FROM members").fetchone()[0] == 6


def test_invite_writes_codes_and_links(org: Path) -> None:
    result = butpha(org, "invite", "--cell", "phong dao tao", "--out", "invites.csv")
    assert result.returncode == 0, result.stderr
    with (org / "invites.csv").open(encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["full_name"] for r in rows] == ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường"]
    assert all(r["link"] == f"https://t.me/butpha_test_bot?start={r['code']}" for r in rows)
    assert {r["cell"] for r in rows} == {"Phòng Đào tạo"}
    everyone = butpha(org, "invite", "--all-unlinked", "--out", "all.csv")
    assert everyone.returncode == 0 and "6" in everyone.stdout


def test_invite_without_a_username_names_the_missing_setting(org: Path) -> None:
    result = butpha(org, "invite", "--all-unlinked", "--out", "x.csv", BUTPHA_BOT_USERNAME="")
    assert result.returncode == 2
    assert "BUTPHA_BOT_USERNAME" in result.stderr and "Traceback" not in result.stderr


def test_members_lists_roles_and_link_status(org: Path) -> None:
    result = butpha(org, "members", "--cell", "Liên khoa")
    assert result.returncode == 0
    assert "Phạm Thị Dung" in result.stdout and "Bí thư chi bộ" in result.stdout
    assert "Nguyễn Văn An" not in result.stdout
    assert "Đang sinh hoạt: 3 người (đảng viên 3, quần chúng 0); đã dùng bot: 0." in result.stdout


def test_members_counts_party_members_and_non_party_staff_apart(org: Path) -> None:
    left = [[*row, "Đang sinh hoạt"] for row in MEMBERS]
    left[1][5] = "Đã chuyển đi"  # Trần Thị Bình, a probationary party member, has left
    header = ["Họ và tên", "Chi bộ", "Loại", "Chức vụ", "Mã", "Trạng thái"]
    imported = butpha(org, "import-members", str(write_csv(org / "left.csv", left, header)))
    assert imported.returncode == 0, imported.stderr
    result = butpha(org, "members", "--cell", "Phòng Đào tạo")
    assert result.returncode == 0
    # An and Bình are party members, Cường is not; Bình has left and is not counted.
    assert (
        "Đang sinh hoạt: 2 người (đảng viên 1, quần chúng 1); đã dùng bot: 0.\n"
        "Đã chuyển đi (không tính): 1."
    ) in result.stdout
    everyone = butpha(org, "members", language="en")
    assert (
        "Active: 5 (party members 4, non-party staff 1); linked: 0.\nLeft (not counted): 1."
    ) in everyone.stdout


def test_export_json_and_xlsx_round_trip(org: Path, tmp_path: Path) -> None:
    assert butpha(org, "export", "--out", "all.json").returncode == 0
    document = json.loads((org / "all.json").read_text(encoding="utf-8"))
    assert {"units", "members", "roles", "accounts"} <= document.keys()
    assert len(document["members"]) == 6
    assert butpha(org, "export", "--out", "all.xlsx").returncode == 0
    workbook = load_workbook(org / "all.xlsx", read_only=True)
    assert workbook.sheetnames[:4] == ["units", "members", "roles", "accounts"]
    assert {"years", "tasks", "task_updates"} <= set(workbook.sheetnames)
    members = [list(r) for r in workbook["members"].iter_rows(values_only=True)]
    assert members[0][:4] == ["id", "full_name", "cell", "kind"]
    # The exported member sheet imports into a fresh installation unchanged.
    workbook.close()
    other = tmp_path / "other"
    other.mkdir()
    assert butpha(other, "init", "--org", "Đảng bộ mới").returncode == 0
    from openpyxl import Workbook

    sheet_only = Workbook()
    ws = sheet_only.active
    assert ws is not None
    for row in members:
        ws.append(row)
    sheet_only.save(other / "members.xlsx")
    imported = butpha(other, "import-members", "members.xlsx", language="en")
    assert imported.returncode == 0, imported.stderr
    assert "6 created" in imported.stdout
    assert butpha(other, "export", "--out", "again.json").returncode == 0
    again = json.loads((other / "again.json").read_text(encoding="utf-8"))
    strip = lambda ms: [{k: v for k, v in m.items() if k != "id"} for m in ms]  # noqa: E731
    assert strip(again["members"]) == strip(document["members"])
    roles = lambda rs: [(r["member_id"], r["role"]) for r in rs]  # noqa: E731
    assert roles(again["roles"]) == roles(document["roles"])


def test_settings_errors_name_the_variable_and_exit_2(tmp_path: Path) -> None:
    result = butpha(tmp_path, "init", "--org", "X", BUTPHA_TIMEZONE="Mars/Olympus")
    assert result.returncode == 2
    assert "BUTPHA_TIMEZONE" in result.stderr and "Mars/Olympus" in result.stderr
    assert "Traceback" not in result.stderr
    run = butpha(tmp_path, "run", language="en")
    assert run.returncode == 2
    assert "BUTPHA_BOT_TOKEN is not set" in run.stderr


def test_a_malformed_token_is_refused_without_being_printed(tmp_path: Path) -> None:
    result = butpha(tmp_path, "run", BUTPHA_BOT_TOKEN="not-a-token-secret-value")
    assert result.returncode == 2
    assert "BUTPHA_BOT_TOKEN" in result.stderr
    assert "not-a-token-secret-value" not in result.stderr + result.stdout


def test_every_command_has_help(tmp_path: Path) -> None:
    for command in (
        "init",
        "import-members",
        "invite",
        "members",
        "export",
        "backup",
        "run",
        "demo",
    ):
        result = butpha(tmp_path, command, "--help", language="en")
        assert result.returncode == 0 and "usage: butpha" in result.stdout
    vietnamese = butpha(tmp_path, "--help")
    assert "nhập danh sách đảng viên" in vietnamese.stdout


def test_backup_is_a_consistent_copy(org: Path) -> None:
    result = butpha(org, "backup", "copy.sqlite3")
    assert result.returncode == 0
    with sqlite3.connect(org / "copy.sqlite3") as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT count(*) FROM members").fetchone()[0] == 6
