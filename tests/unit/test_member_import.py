"""Importing the member spreadsheet: all or nothing, row-numbered problems, idempotent."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from openpyxl import Workbook

from bot.clock import FixedClock
from bot.domain.model import Channel, MemberKind, MemberStatus, Role
from bot.services.container import Services
from bot.services.members.member_import import ImportRejected
from storage.database import SqliteDatabase
from tests.conftest import MEMBERS, write_csv


def _member_rows(db_path: Path) -> list[tuple[object, ...]]:
    with sqlite3.connect(db_path) as conn:
        return conn.execute(
            "SELECT full_name, cell_id, kind, status, member_code, title FROM members ORDER BY id"
        ).fetchall()


async def test_import_creates_members_cells_and_roles(organisation: Services) -> None:
    entries = await organisation.organisation.directory()
    assert len(entries) == 6
    by_name = {e.member.full_name: e for e in entries}
    assert by_name["Nguyễn Văn An"].roles == {Role.MEMBER, Role.CELL_SECRETARY}
    assert by_name["Trần Thị Bình"].member.kind is MemberKind.PROBATIONARY
    assert by_name["Lê Văn Cường"].member.kind is MemberKind.NON_PARTY
    assert by_name["Võ Thị Giang"].roles == {Role.MEMBER, Role.COMMITTEE}
    assert {e.cell.name for e in entries} == {"Phòng Đào tạo", "Liên khoa"}


async def test_reimporting_the_same_file_changes_nothing(
    organisation: Services, db: SqliteDatabase, tmp_path: Path
) -> None:
    before = _member_rows(db.path)
    summary = await organisation.member_import.import_file(tmp_path / "members.csv")
    assert (summary.created, summary.updated, summary.unchanged) == (0, 0, 6)
    assert _member_rows(db.path) == before


async def test_an_edited_file_updates_members_in_place(
    organisation: Services, db: SqliteDatabase, tmp_path: Path
) -> None:
    edited = [row[:] for row in MEMBERS]
    edited[1][2] = "Đảng viên chính thức"  # Bình became a full member
    edited[0][3] = ""  # An is no longer the secretary
    edited[2][1] = "Liên khoa"  # Cường moved cell
    edited.append(["Đỗ Thị Hạnh", "Khoa Xây dựng Đảng", "Quần chúng", "", "C1"])
    summary = await organisation.member_import.import_file(
        write_csv(tmp_path / "edited.csv", edited)
    )
    assert (summary.created, summary.updated, summary.unchanged) == (1, 3, 3)
    assert summary.cells_created == 1
    by_name = {e.member.full_name: e for e in await organisation.organisation.directory()}
    assert len(by_name) == 7
    assert by_name["Trần Thị Bình"].member.kind is MemberKind.FULL
    assert by_name["Nguyễn Văn An"].roles == {Role.MEMBER}
    assert by_name["Lê Văn Cường"].cell.name == "Liên khoa"


async def test_rows_without_codes_match_by_name_on_reimport(
    services: Services, tmp_path: Path
) -> None:
    await services.organisation.init("Đảng bộ")
    rows = [[name, cell, kind, role] for name, cell, kind, role, _ in MEMBERS]
    header = ["Họ và tên", "Chi bộ", "Loại", "Chức vụ"]
    await services.member_import.import_file(write_csv(tmp_path / "a.csv", rows, header))
    rows[3][2] = "Đảng viên dự bị"
    summary = await services.member_import.import_file(write_csv(tmp_path / "b.csv", rows, header))
    assert (summary.created, summary.updated, summary.unchanged) == (0, 1, 5)


async def test_any_invalid_row_aborts_the_whole_import_with_row_numbers(
    organisation: Services, db: SqliteDatabase, tmp_path: Path
) -> None:
    before = _member_rows(db.path)
    rows = [
        ["Người Mới", "Phòng Đào tạo", "Đảng viên chính thức", "", "N1"],  # row 2: fine
        ["", "Phòng Đào tạo", "Quần chúng", "", "N2"],  # row 3: no name
        ["Người Thứ Ba", "Liên khoa", "đảng viên gì đó", "", "N3"],  # row 4: unknown kind
        ["Người Thứ Tư", "Liên khoa", "Quần chúng", "Tổng thống", "N4"],  # row 5: unknown role
        ["Người Thứ Năm", "", "Quần chúng", "", "N1"],  # row 6: no cell, code of row 2
    ]
    with pytest.raises(ImportRejected) as caught:
        await organisation.member_import.import_file(write_csv(tmp_path / "bad.csv", rows))
    problems = sorted((p.row, p.message) for p in caught.value.problems)
    assert [row for row, _ in problems] == [3, 4, 5, 6]
    assert any("name is empty" in m for r, m in problems if r == 3)
    assert any("Unknown kind" in m for r, m in problems if r == 4)
    assert any("Unknown role" in m for r, m in problems if r == 5)
    assert _member_rows(db.path) == before


async def test_unknown_and_identity_columns_are_refused_on_row_one(
    organisation: Services, tmp_path: Path
) -> None:
    header = ["Họ và tên", "Chi bộ", "Loại", "Số CCCD", "Ghi chú"]
    rows = [["Người Mới", "Liên khoa", "Quần chúng", "012345678901", "x"]]
    with pytest.raises(ImportRejected) as caught:
        await organisation.member_import.import_file(write_csv(tmp_path / "id.csv", rows, header))
    messages = [(p.row, p.message, p.params.get("column")) for p in caught.value.problems]
    assert all(row == 1 for row, _, _ in messages)
    assert any("identity" in m and c == "Số CCCD" for _, m, c in messages)
    assert any("Unknown column" in m and c == "Ghi chú" for _, m, c in messages)


async def test_english_headers_case_and_missing_diacritics_are_tolerated(
    services: Services, tmp_path: Path
) -> None:
    await services.organisation.init("Đảng bộ")
    header = ["FULL_NAME", "chi bo", "Kind", "ROLE", "member_code"]
    rows = [
        ["Ann Smith", "Cell One", "probationary", "cell_secretary", "X1"],
        ["Bob Brown", "Cell One", "non_party", "member", "X2"],
    ]
    summary = await services.member_import.import_file(
        write_csv(tmp_path / "en.csv", rows, header, bom=True)
    )
    assert summary.created == 2
    by_name = {e.member.full_name: e for e in await services.organisation.directory()}
    assert by_name["Ann Smith"].roles == {Role.MEMBER, Role.CELL_SECRETARY}


async def test_xlsx_import_with_a_status_column(services: Services, tmp_path: Path) -> None:
    await services.organisation.init("Đảng bộ")
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["Mã", "Họ và tên", "Chi bộ", "Loại", "Trạng thái"])
    sheet.append([101, "Lâm Thị Hoa", "Chi bộ Liên khoa", "Đảng viên chính thức", "Đã chuyển đi"])
    sheet.append([102, "Tạ Văn Long", "Liên khoa", "Quần chúng", None])
    path = tmp_path / "members.xlsx"
    workbook.save(path)
    summary = await services.member_import.import_file(path)
    assert summary.created == 2 and summary.cells_created == 1  # "Chi bộ Liên khoa" = "Liên khoa"
    by_name = {e.member.full_name: e for e in await services.organisation.directory()}
    assert by_name["Lâm Thị Hoa"].member.status is MemberStatus.LEFT
    assert by_name["Lâm Thị Hoa"].member.member_code == "101"


async def test_import_before_init_is_refused(services: Services, tmp_path: Path) -> None:
    from bot.domain.errors import UserError

    with pytest.raises(UserError, match="butpha init"):
        await services.member_import.import_file(write_csv(tmp_path / "m.csv", MEMBERS))


def _stamps(db_path: Path, sql: str) -> set[str]:
    with sqlite3.connect(db_path) as conn:
        return {row[0] for row in conn.execute(sql)}


async def test_members_cells_and_roles_are_stamped_with_the_services_clock(
    organisation: Services, db: SqliteDatabase, clock: FixedClock, tmp_path: Path
) -> None:
    imported = "2026-03-02T08:00:00.000000Z"  # the clock's time, far from the wall clock's
    assert _stamps(db.path, "SELECT created_at FROM units") == {imported}
    assert _stamps(db.path, "SELECT created_at FROM members") == {imported}
    assert _stamps(db.path, "SELECT updated_at FROM members") == {imported}
    assert _stamps(db.path, "SELECT granted_at FROM roles") == {imported}

    clock.advance(days=1)
    edited = [row[:] for row in MEMBERS]
    edited[1][2] = "Đảng viên chính thức"  # Bình's row changes
    await organisation.member_import.import_file(write_csv(tmp_path / "edited.csv", edited))
    later = "2026-03-03T08:00:00.000000Z"
    assert _stamps(db.path, "SELECT updated_at FROM members WHERE member_code = 'A2'") == {later}

    clock.advance(days=1)
    outcome = await organisation.membership.join(
        Channel.TELEGRAM, "501", "501", await _code(organisation, "A3")
    )
    assert outcome.identity is not None
    await organisation.membership.set_language(outcome.identity, "en")
    assert _stamps(db.path, "SELECT updated_at FROM members WHERE member_code = 'A3'") == {
        "2026-03-04T08:00:00.000000Z"
    }


async def _code(services: Services, member_code: str) -> str:
    [issued] = await services.invites.issue_for_command_line(member_code=member_code)
    return issued.code
