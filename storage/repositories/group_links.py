"""Cells' Telegram groups: the chat each cell's broadcasts are also posted to (one per cell)."""

from __future__ import annotations

from datetime import datetime

import aiosqlite

from bot.domain.broadcasts import GroupLink, StoredGroupLink
from storage.times import from_db, to_db

_LINKS = "SELECT g.cell_id, u.name, g.chat_id FROM group_links g JOIN units u ON u.id = g.cell_id"


class SqliteGroupLinks:
    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def of_cells(self, cell_ids: frozenset[int] | None) -> list[GroupLink]:
        """The groups of these cells (of every cell for ``None``), in cell order."""
        sql = _LINKS
        params: list[object] = []
        if cell_ids is not None:
            sql += f" WHERE g.cell_id IN ({','.join('?' * len(cell_ids))})"
            params.extend(sorted(cell_ids))
        async with self._conn.execute(sql + " ORDER BY g.cell_id", params) as cursor:
            return [GroupLink(row[0], row[1], int(row[2])) async for row in cursor]

    async def of_chat(self, chat_id: int) -> GroupLink | None:
        async with self._conn.execute(_LINKS + " WHERE g.chat_id = ?", (str(chat_id),)) as cursor:
            row = await cursor.fetchone()
        return None if row is None else GroupLink(row[0], row[1], int(row[2]))

    async def link(
        self, cell_id: int, chat_id: int, title: str | None, *, by: int, at: datetime
    ) -> None:
        """The cell's group is now this chat (a cell has one group: a new link replaces it)."""
        await self._conn.execute(
            "INSERT INTO group_links (cell_id, chat_id, title, linked_by, linked_at)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT (cell_id) DO UPDATE SET chat_id = excluded.chat_id,"
            " title = excluded.title, linked_by = excluded.linked_by, linked_at = excluded.linked_at",
            (cell_id, str(chat_id), title, by, to_db(at)),
        )

    async def unlink(self, chat_id: int) -> None:
        await self._conn.execute("DELETE FROM group_links WHERE chat_id = ?", (str(chat_id),))

    async def all(self) -> list[StoredGroupLink]:
        async with self._conn.execute(
            "SELECT g.cell_id, u.name, g.chat_id, g.title, g.linked_by, g.linked_at"
            " FROM group_links g JOIN units u ON u.id = g.cell_id ORDER BY g.cell_id"
        ) as cursor:
            return [
                StoredGroupLink(
                    cell_id=row[0],
                    cell_name=row[1],
                    chat_id=int(row[2]),
                    title=row[3],
                    linked_by=row[4],
                    linked_at=from_db(row[5]),
                )
                async for row in cursor
            ]
