from __future__ import annotations

import sqlite3

import aiosqlite

from bot.domain.model import Account, Channel
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
