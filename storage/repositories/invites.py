from __future__ import annotations

from datetime import datetime

import aiosqlite

from bot.domain.invites import Invite
from storage.times import from_db, maybe_from_db, to_db


class SqliteInvites:
    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def by_hash(self, code_hash: str) -> Invite | None:
        async with self._conn.execute(
            "SELECT id, member_id, issued_at, expires_at, used_at, revoked_at, relink"
            " FROM invites WHERE code_hash = ?",
            (code_hash,),
        ) as cursor:
            row = await cursor.fetchone()
        if row is None:
            return None
        return Invite(
            id=row["id"],
            member_id=row["member_id"],
            issued_at=from_db(row["issued_at"]),
            expires_at=from_db(row["expires_at"]),
            used_at=maybe_from_db(row["used_at"]),
            revoked_at=maybe_from_db(row["revoked_at"]),
            relink=bool(row["relink"]),
        )

    async def revoke_open(self, member_id: int, at: datetime) -> int:
        cursor = await self._conn.execute(
            "UPDATE invites SET revoked_at = ?"
            " WHERE member_id = ? AND used_at IS NULL AND revoked_at IS NULL",
            (to_db(at), member_id),
        )
        return cursor.rowcount

    async def add(
        self,
        *,
        member_id: int,
        code_hash: str,
        issued_by: int | None,
        issued_at: datetime,
        expires_at: datetime,
        relink: bool,
    ) -> None:
        await self._conn.execute(
            "INSERT INTO invites (member_id, code_hash, issued_by, issued_at, expires_at, relink)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (member_id, code_hash, issued_by, to_db(issued_at), to_db(expires_at), int(relink)),
        )

    async def mark_used(self, invite_id: int, at: datetime) -> None:
        await self._conn.execute(
            "UPDATE invites SET used_at = ? WHERE id = ?", (to_db(at), invite_id)
        )
