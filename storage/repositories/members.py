from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import datetime

import aiosqlite

from bot.domain.model import Channel, Member, MemberKind, MemberStatus, NewMember
from storage.times import to_db

_COLUMNS = "m.id, m.full_name, m.cell_id, m.kind, m.status, m.language, m.member_code, m.title"


def member_from_row(row: sqlite3.Row) -> Member:
    return Member(
        id=row["id"],
        full_name=row["full_name"],
        cell_id=row["cell_id"],
        kind=MemberKind(row["kind"]),
        status=MemberStatus(row["status"]),
        language=row["language"],
        member_code=row["member_code"],
        title=row["title"],
    )


class SqliteMembers:
    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def get(self, member_id: int) -> Member | None:
        async with self._conn.execute(
            f"SELECT {_COLUMNS} FROM members m WHERE m.id = ?", (member_id,)
        ) as cursor:
            row = await cursor.fetchone()
        return None if row is None else member_from_row(row)

    async def with_ids(self, member_ids: Sequence[int]) -> list[Member]:
        """The members with these ids (any number: read 500 at a time)."""
        ids = list(member_ids)
        found: list[Member] = []
        for start in range(0, len(ids), 500):
            part = ids[start : start + 500]
            rows = await self._conn.execute_fetchall(
                f"SELECT {_COLUMNS} FROM members m WHERE m.id IN ({','.join('?' * len(part))})",
                part,
            )
            found += [member_from_row(row) for row in rows]
        return found

    async def all(self) -> list[Member]:
        async with self._conn.execute(f"SELECT {_COLUMNS} FROM members m ORDER BY m.id") as cursor:
            return [member_from_row(row) async for row in cursor]

    async def by_code(self, member_code: str) -> Member | None:
        async with self._conn.execute(
            f"SELECT {_COLUMNS} FROM members m WHERE m.member_code = ?", (member_code,)
        ) as cursor:
            row = await cursor.fetchone()
        return None if row is None else member_from_row(row)

    async def in_cells(
        self,
        cell_ids: frozenset[int] | None,
        *,
        unlinked_only: bool,
        channel: Channel | None = None,
    ) -> list[Member]:
        """Active members of the cells (all cells for ``None``); ``unlinked_only``: those with
        no account on ``channel``, or on any channel when it is ``None``."""
        sql = f"SELECT {_COLUMNS} FROM members m WHERE m.status = 'active'"
        params: list[object] = []
        if cell_ids is not None:
            sql += f" AND m.cell_id IN ({','.join('?' * len(cell_ids))})"
            params.extend(sorted(cell_ids))
        if unlinked_only:
            sql += " AND NOT EXISTS (SELECT 1 FROM accounts a WHERE a.member_id = m.id"
            if channel is not None:
                sql += " AND a.channel = ?"
                params.append(channel.value)
            sql += ")"
        sql += " ORDER BY m.id"
        async with self._conn.execute(sql, params) as cursor:
            return [member_from_row(row) async for row in cursor]

    async def linked(self, channel: Channel) -> list[Member]:
        """Members with an account on ``channel``."""
        async with self._conn.execute(
            f"SELECT {_COLUMNS} FROM members m JOIN accounts a ON a.member_id = m.id"
            " WHERE a.channel = ? ORDER BY m.id",
            (channel.value,),
        ) as cursor:
            return [member_from_row(row) async for row in cursor]

    async def add_many(self, members: Sequence[NewMember], *, at: datetime) -> list[int]:
        stamp = to_db(at)
        async with self._conn.execute("SELECT coalesce(max(id), 0) FROM members") as cursor:
            row = await cursor.fetchone()
        first = (row[0] if row else 0) + 1
        ids = list(range(first, first + len(members)))
        await self._conn.executemany(
            "INSERT INTO members (id, full_name, cell_id, kind, status, member_code, title,"
            " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    mid,
                    m.full_name,
                    m.cell_id,
                    m.kind.value,
                    m.status.value,
                    m.member_code,
                    m.title,
                    stamp,
                    stamp,
                )
                for mid, m in zip(ids, members, strict=True)
            ],
        )
        return ids

    async def update_many(self, members: Sequence[Member], *, at: datetime) -> None:
        stamp = to_db(at)
        await self._conn.executemany(
            "UPDATE members SET full_name = ?, cell_id = ?, kind = ?, status = ?, member_code = ?,"
            " title = ?, updated_at = ? WHERE id = ?",
            [
                (
                    m.full_name,
                    m.cell_id,
                    m.kind.value,
                    m.status.value,
                    m.member_code,
                    m.title,
                    stamp,
                    m.id,
                )
                for m in members
            ],
        )

    async def set_language(self, member_id: int, language: str, *, at: datetime) -> None:
        await self._conn.execute(
            "UPDATE members SET language = ?, updated_at = ? WHERE id = ?",
            (language, to_db(at), member_id),
        )
