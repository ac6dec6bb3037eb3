"""Cells' Telegram groups as kept: one group per cell, found by chat, exported as before."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.domain.broadcasts import GroupLink, StoredGroupLink
from bot.services.container import Services
from storage.database import SqliteDatabase

LINKED_AT = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


async def _cells_and_an(services: Services) -> tuple[dict[str, int], int]:
    entries = await services.organisation.directory()
    cells = {e.cell.name: e.cell.id for e in entries}
    [an] = [e.member.id for e in entries if e.member.full_name == "Nguyễn Văn An"]
    return cells, an


async def test_a_cell_has_one_group_found_by_its_chat(
    organisation: Services, db: SqliteDatabase
) -> None:
    cells, an = await _cells_and_an(organisation)
    training, joint = cells["Phòng Đào tạo"], cells["Liên khoa"]
    async with db.write() as uow:
        await uow.group_links.link(training, -100111, "Nhóm cũ", by=an, at=LINKED_AT)
        await uow.group_links.link(training, -100222, None, by=an, at=LINKED_AT)  # replaces it
        await uow.group_links.link(joint, -100333, "Liên khoa", by=an, at=LINKED_AT)
    async with db.read() as uow:
        assert await uow.group_links.of_chat(-100111) is None
        assert await uow.group_links.of_chat(-100222) == GroupLink(
            training, "Phòng Đào tạo", -100222
        )
        every = await uow.group_links.of_cells(None)
        assert {g.chat_id for g in every} == {-100222, -100333}
        assert [g.cell_id for g in every] == sorted([training, joint])
        assert await uow.group_links.of_cells(frozenset({joint})) == [
            GroupLink(joint, "Liên khoa", -100333)
        ]
        assert await uow.group_links.of_cells(frozenset()) == []
    async with db.write() as uow:
        await uow.group_links.unlink(-100333)
    async with db.read() as uow:
        assert await uow.group_links.all() == [
            StoredGroupLink(training, "Phòng Đào tạo", -100222, None, an, LINKED_AT)
        ]


async def test_the_export_shows_a_group_as_it_always_did(
    organisation: Services, db: SqliteDatabase
) -> None:
    cells, an = await _cells_and_an(organisation)
    async with db.write() as uow:
        await uow.group_links.link(cells["Liên khoa"], -1001234567890, None, by=an, at=LINKED_AT)
    tables = await organisation.export.tables()
    assert tables["group_links"] == [
        {
            "cell": "Liên khoa",
            "chat_id": "-1001234567890",
            "title": "",
            "linked_by": an,
            "linked_by_name": "Nguyễn Văn An",
            "linked_at": "2026-03-02T15:00:00+07:00",
        }
    ]
