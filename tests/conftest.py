"""Shared fixtures: real SQLite files in a temporary folder, a clock that moves when told."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from collections.abc import AsyncIterator, Sequence
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.clock import FixedClock
from bot.services.container import Services
from storage.database import SqliteDatabase

# python-telegram-bot 22 warns unless RetryAfter.retry_after is a timedelta; opt in, as the CLI does.
os.environ.setdefault("PTB_TIMEDELTA", "true")

HEADER = ["Họ và tên", "Chi bộ", "Loại", "Chức vụ", "Mã"]
MEMBERS = [
    ["Nguyễn Văn An", "Phòng Đào tạo", "Đảng viên chính thức", "Bí thư chi bộ", "A1"],
    ["Trần Thị Bình", "Phòng Đào tạo", "Đảng viên dự bị", "", "A2"],
    ["Lê Văn Cường", "Phòng Đào tạo", "Quần chúng", "", "A3"],
    ["Phạm Thị Dung", "Liên khoa", "Đảng viên chính thức", "Bí thư chi bộ", "B1"],
    ["Hoàng Văn Em", "Liên khoa", "Đảng viên chính thức", "", "B2"],
    ["Võ Thị Giang", "Liên khoa", "Đảng viên chính thức", "Đảng ủy viên", "B3"],
]


def write_csv(
    path: Path, rows: Sequence[Sequence[str]], header: Sequence[str] = HEADER, *, bom: bool = False
) -> Path:
    with path.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime(2026, 3, 2, 8, 0, tzinfo=UTC))


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[SqliteDatabase]:
    database = await SqliteDatabase.open(tmp_path / "butpha.sqlite3")
    yield database
    await database.close()


@pytest.fixture
def services(db: SqliteDatabase, clock: FixedClock) -> Services:
    return Services.build(db, clock, invite_ttl_days=30, default_language="vi")


@pytest.fixture
async def organisation(services: Services, tmp_path: Path) -> Services:
    """The services over an organisation with two cells and six members."""
    await services.organisation.init("Đảng bộ Trường Chính trị")
    await services.member_import.import_file(write_csv(tmp_path / "members.csv", MEMBERS))
    return services


def loaded_in_fresh_process(imports: str, packages: set[str]) -> list[str]:
    """Which of ``packages`` a fresh interpreter has loaded after ``import {imports}``."""
    root = Path(__file__).resolve().parents[1]
    loaded = subprocess.run(
        [
            sys.executable,
            "-c",
            f"import sys, {imports};"
            f" print(*sorted({{m.split('.')[0] for m in sys.modules}} & set({sorted(packages)!r})))",
        ],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"},
    )
    return loaded.stdout.split()
