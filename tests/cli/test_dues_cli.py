"""``butpha dues status``: a cell's grid with the chat's symbols, and every cell's figures, read
from a real SQLite database by the command line as an operator runs it."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from pathlib import Path

from bot.clock import FixedClock
from bot.domain.dues.model import DuesState
from bot.domain.model import Channel
from bot.services.container import Services
from storage.database import SqliteDatabase
from tests.cli.test_cli import butpha
from tests.conftest import MEMBERS, write_csv

YEAR = datetime.now(UTC).year


async def _organisation(tmp_path: Path) -> None:
    database = await SqliteDatabase.open(tmp_path / "org.sqlite3")
    try:
        clock = FixedClock(datetime(YEAR, 1, 2, 8, 0, tzinfo=UTC))
        services = Services.build(database, clock, invite_ttl_days=30, default_language="vi")
        await services.organisation.init("Đảng bộ Trường Chính trị")
        await services.member_import.import_file(write_csv(tmp_path / "m.csv", MEMBERS))
        [issued] = await services.invites.issue_for_command_line(member_code="A1")
        await services.membership.join(Channel.TELEGRAM, "1", "1", issued.code)
        an = await services.membership.identify(Channel.TELEGRAM, "1")
        assert an is not None
        [binh] = [
            e.member
            for e in await services.organisation.directory()
            if e.member.member_code == "A2"
        ]
        await services.dues_recording.record(an, binh.id, YEAR, 1, DuesState.PAID, in_cash=True)
    finally:
        await database.close()


def test_a_cells_grid_and_every_cells_figures(tmp_path: Path) -> None:
    asyncio.run(_organisation(tmp_path))
    grid = butpha(tmp_path, "dues", "status", "--cell", "Phòng Đào tạo", "--year", str(YEAR))
    assert grid.returncode == 0, grid.stderr
    lines = grid.stdout.splitlines()
    assert lines[0] == f"Đảng phí năm {YEAR} — Chi bộ Phòng Đào tạo"
    [binh] = [line for line in lines if line.startswith("Trần Thị Bình")]
    assert binh.split()[3].startswith("✅")  # January paid
    assert not any(line.startswith("Lê Văn Cường") for line in lines)  # non-party staff
    figures = butpha(tmp_path, "dues", "status", "--year", str(YEAR))
    assert figures.returncode == 0, figures.stderr
    assert f"Đảng phí năm {YEAR} — các chi bộ" in figures.stdout
    assert "Phòng Đào tạo (2 đảng viên)" in figures.stdout
    unknown = butpha(tmp_path, "dues", "status", "--cell", "Không có")
    assert unknown.returncode != 0
    assert "Phòng Đào tạo" in unknown.stdout + unknown.stderr
