from __future__ import annotations

import json
import sqlite3

import aiosqlite

from bot.domain.model import Account, Channel, Identity, Role, RoleGrant, Unit, UnitKind
from storage.repositories.members import member_from_row
from storage.times import from_db, maybe_from_db, to_db

_COLUMNS = "member_id, channel, user_id, chat_id, linked_at"
_READ = _COLUMNS + ", unreachable_since"


def _account(row: sqlite3.Row) -> Account:
    return Account(
        member_id=row["member_id"],
        channel=Channel(row["channel"]),
        user_id=row["user_id"],
        chat_id=row["chat_id"],
        linked_at=from_db(row["linked_at"]),
        unreachable_since=maybe_from_db(row["unreachable_since"]),
    )


# Who is asking, in one statement: the member, their cell, the organisation and their roles.
_IDENTITY = (
    "SELECT m.id, m.full_name, m.cell_id, m.kind, m.status, m.language, m.member_code, m.title,"
    " c.parent_id AS cell_parent, c.kind AS cell_kind, c.name AS cell_name,"
    " o.id AS root_id, o.kind AS root_kind, o.name AS root_name,"
    " (SELECT json_group_array(json_array(r.role, r.unit_id)) FROM roles r"
    "  WHERE r.member_id = m.id) AS grants"
    " FROM accounts a JOIN members m ON m.id = a.member_id"
    " JOIN units c ON c.id = m.cell_id"
    " JOIN units o ON o.parent_id IS NULL"
    " WHERE a.channel = ? AND a.user_id = ? AND m.status = 'active'"
)


def _identity(row: sqlite3.Row) -> Identity:
    return Identity(
        member=member_from_row(row),
        cell=Unit(row["cell_id"], row["cell_parent"], UnitKind(row["cell_kind"]), row["cell_name"]),
        organisation=Unit(row["root_id"], None, UnitKind(row["root_kind"]), row["root_name"]),
        roles=frozenset(
            RoleGrant(Role(role), unit_id) for role, unit_id in json.loads(row["grants"])
        ),
    )


class SqliteAccounts:
    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def by_user(self, channel: Channel, user_id: str) -> Account | None:
        async with self._conn.execute(
            f"SELECT {_READ} FROM accounts WHERE channel = ? AND user_id = ?",
            (channel.value, user_id),
        ) as cursor:
            row = await cursor.fetchone()
        return None if row is None else _account(row)

    async def identity(self, channel: Channel, user_id: str) -> Identity | None:
        """The active member this account is linked to, with cell, organisation and roles
        (None for a stranger or a member who has left): one round trip, on every update."""
        rows = list(await self._conn.execute_fetchall(_IDENTITY, (channel.value, user_id)))
        return _identity(rows[0]) if rows else None

    async def of_member(self, member_id: int, channel: Channel) -> Account | None:
        async with self._conn.execute(
            f"SELECT {_READ} FROM accounts WHERE member_id = ? AND channel = ?",
            (member_id, channel.value),
        ) as cursor:
            row = await cursor.fetchone()
        return None if row is None else _account(row)

    async def all(self) -> list[Account]:
        async with self._conn.execute(
            f"SELECT {_READ} FROM accounts ORDER BY member_id, channel"
        ) as cursor:
            return [_account(row) async for row in cursor]

    async def link(self, account: Account) -> None:
        await self._conn.execute(
            f"INSERT INTO accounts ({_COLUMNS}) VALUES (?, ?, ?, ?, ?)",
            (
                account.member_id,
                account.channel.value,
                account.user_id,
                account.chat_id,
                to_db(account.linked_at),
            ),
        )

    async def unlink(self, member_id: int, channel: Channel) -> None:
        await self._conn.execute(
            "DELETE FROM accounts WHERE member_id = ? AND channel = ?", (member_id, channel.value)
        )
