from __future__ import annotations

import sqlite3
from datetime import datetime

import aiosqlite

from bot.domain.model import Unit, UnitKind
from storage.times import to_db

_COLUMNS = "id, parent_id, kind, name"


def _unit(row: sqlite3.Row) -> Unit:
    return Unit(
        id=row["id"], parent_id=row["parent_id"], kind=UnitKind(row["kind"]), name=row["name"]
    )


class SqliteUnits:
    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def root(self) -> Unit | None:
        async with self._conn.execute(
            f"SELECT {_COLUMNS} FROM units WHERE parent_id IS NULL"
        ) as cursor:
            row = await cursor.fetchone()
        return None if row is None else _unit(row)

    async def get(self, unit_id: int) -> Unit | None:
        async with self._conn.execute(
            f"SELECT {_COLUMNS} FROM units WHERE id = ?", (unit_id,)
        ) as cursor:
            row = await cursor.fetchone()
        return None if row is None else _unit(row)

    async def all(self) -> list[Unit]:
        async with self._conn.execute(f"SELECT {_COLUMNS} FROM units ORDER BY id") as cursor:
            return [_unit(row) async for row in cursor]

    async def add(
        self, *, parent_id: int | None, kind: UnitKind, name: str, key: str, at: datetime
    ) -> Unit:
        cursor = await self._conn.execute(
            "INSERT INTO units (parent_id, kind, name, name_key, created_at) VALUES (?, ?, ?, ?, ?)",
            (parent_id, kind.value, name, key, to_db(at)),
        )
        assert cursor.lastrowid is not None
        return Unit(id=cursor.lastrowid, parent_id=parent_id, kind=kind, name=name)

    async def rename(self, unit_id: int, name: str, key: str) -> None:
        await self._conn.execute(
            "UPDATE units SET name = ?, name_key = ? WHERE id = ?", (name, key, unit_id)
        )

    async def find_child(self, parent_id: int, key: str) -> Unit | None:
        async with self._conn.execute(
            f"SELECT {_COLUMNS} FROM units WHERE parent_id = ? AND name_key = ?", (parent_id, key)
        ) as cursor:
            row = await cursor.fetchone()
        return None if row is None else _unit(row)
