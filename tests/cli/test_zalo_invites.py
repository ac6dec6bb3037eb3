"""``butpha invite`` and ``butpha members`` for an organisation on Zalo too."""

from __future__ import annotations

import asyncio
import csv
from pathlib import Path

import pytest

from bot.clock import SystemClock
from bot.domain.model import Channel
from bot.services.container import Services
from storage.database import SqliteDatabase
from tests.cli.test_cli import butpha
from tests.conftest import MEMBERS, write_csv

ZALO_BOT = "https://zalo.me/1234567890123456789"


@pytest.fixture
def organisation(tmp_path: Path) -> Path:
    assert butpha(tmp_path, "init", "--org", "Đảng bộ Trường Chính trị").returncode == 0
    result = butpha(tmp_path, "import-members", str(write_csv(tmp_path / "m.csv", MEMBERS)))
    assert result.returncode == 0, result.stderr
    return tmp_path


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle))


def test_the_invite_sheet_says_where_to_send_the_code_on_zalo(organisation: Path) -> None:
    result = butpha(
        organisation, "invite", "--cell", "Liên khoa", "--out", "moi.csv",
        BUTPHA_ZALO_BOT_LINK=ZALO_BOT,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert f"Trên Zalo, mỗi đồng chí gửi mã mời của mình cho bot Zalo của Đảng bộ: {ZALO_BOT}" in (
        result.stdout
    )
    rows = _rows(organisation / "moi.csv")
    assert list(rows[0]) == ["full_name", "cell", "member_code", "code", "link", "zalo_bot"]
    assert all(r["link"] == f"https://t.me/butpha_test_bot?start={r['code']}" for r in rows)
    assert {r["zalo_bot"] for r in rows} == {ZALO_BOT}


def test_without_zalo_the_invite_sheet_is_as_before(organisation: Path) -> None:
    result = butpha(organisation, "invite", "--cell", "Liên khoa", "--out", "moi.csv")
    assert result.returncode == 0 and "Zalo" not in result.stdout
    assert list(_rows(organisation / "moi.csv")[0]) == [
        "full_name", "cell", "member_code", "code", "link"
    ]  # fmt: skip


def test_on_zalo_only_the_codes_need_no_telegram_username(organisation: Path) -> None:
    result = butpha(
        organisation, "invite", "--all-unlinked", "--out", "moi.csv",
        BUTPHA_BOT_USERNAME="", BUTPHA_ZALO_BOT_LINK=ZALO_BOT,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    rows = _rows(organisation / "moi.csv")
    assert len(rows) == 6 and all(len(r["code"]) == 22 and r["link"] == "" for r in rows)


async def _link_on_zalo(database: Path, member_code: str, user: str) -> None:
    db = await SqliteDatabase.open(database)
    try:
        services = Services.build(db, SystemClock(), invite_ttl_days=30, default_language="vi")
        [issued] = await services.invites.issue_for_command_line(member_code=member_code)
        outcome = await services.membership.join(Channel.ZALO, user, user, issued.code)
        assert outcome.linked
    finally:
        await db.close()


def test_members_counts_a_member_on_zalo_only_as_linked(organisation: Path) -> None:
    asyncio.run(_link_on_zalo(organisation / "org.sqlite3", "B2", "7"))
    result = butpha(organisation, "members", "--cell", "Liên khoa")
    assert result.returncode == 0, result.stderr
    assert "Đang sinh hoạt: 3 người (đảng viên 3, quần chúng 0); đã dùng bot: 1." in result.stdout
