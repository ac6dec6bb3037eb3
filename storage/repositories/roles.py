from __future__ import annotations

from collections import defaultdict
from datetime import datetime

import aiosqlite

from bot.domain.model import Channel, Role, RoleGrant
from storage.times import to_db


class SqliteRoles:
    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def of_member(self, member_id: int) -> frozenset[RoleGrant]:
        async with self._conn.execute(
            "SELECT role, unit_id FROM roles WHERE member_id = ?", (member_id,)
        ) as cursor:
            return frozenset([RoleGrant(Role(row[0]), row[1]) async for row in cursor])

    async def all(self) -> dict[int, frozenset[RoleGrant]]:
        grants: dict[int, set[RoleGrant]] = defaultdict(set)
        async with self._conn.execute("SELECT member_id, role, unit_id FROM roles") as cursor:
            async for row in cursor:
                grants[row[0]].add(RoleGrant(Role(row[1]), row[2]))
        return {member_id: frozenset(g) for member_id, g in grants.items()}

    async def of_linked(self, channel: Channel) -> dict[int, frozenset[RoleGrant]]:
        """Roles of the members who have an account on ``channel``."""
        grants: dict[int, set[RoleGrant]] = defaultdict(set)
        async with self._conn.execute(
            "SELECT r.member_id, r.role, r.unit_id FROM roles r"
            " JOIN accounts a ON a.member_id = r.member_id WHERE a.channel = ?",
            (channel.value,),
        ) as cursor:
            async for row in cursor:
                grants[row[0]].add(RoleGrant(Role(row[1]), row[2]))
        return {member_id: frozenset(g) for member_id, g in grants.items()}

    async def replace(self, member_id: int, grants: frozenset[RoleGrant], *, at: datetime) -> None:
        await self.replace_many({member_id: grants}, at=at)

    async def replace_many(self, grants: dict[int, frozenset[RoleGrant]], *, at: datetime) -> None:
        stamp = to_db(at)
        await self._conn.executemany(
            "DELETE FROM roles WHERE member_id = ?", [(member_id,) for member_id in grants]
        )
        await self._conn.executemany(
            "INSERT INTO roles (member_id, unit_id, role, granted_at) VALUES (?, ?, ?, ?)",
            [
                (member_id, g.unit_id, g.role.value, stamp)
                for member_id, member_grants in grants.items()
                for g in member_grants
            ],
        )

    async def holders_by_unit(self, role: Role) -> dict[int, list[int]]:
        """Unit → the members holding ``role`` for it (e.g. each cell's secretaries)."""
        found: dict[int, list[int]] = defaultdict(list)
        async with self._conn.execute(
            "SELECT unit_id, member_id FROM roles WHERE role = ? AND unit_id IS NOT NULL"
            " ORDER BY unit_id, member_id",
            (role.value,),
        ) as cursor:
            async for row in cursor:
                found[row[0]].append(row[1])
        return dict(found)

    async def holders(self, role: Role) -> list[int]:
        async with self._conn.execute(
            "SELECT DISTINCT member_id FROM roles WHERE role = ? ORDER BY member_id", (role.value,)
        ) as cursor:
            return [row[0] async for row in cursor]
