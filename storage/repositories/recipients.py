"""Where the outbox's messages go and whether they can: members' chats and addresses, read
from the accounts table, and each account's reachability and last use. Kept apart from
``outbox`` (the queue itself) so each module stays small; ``SqliteOutbox`` inherits these
methods, so the repository's interface is the same."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

import aiosqlite

from bot.domain.delivery_channels import (
    AccountMark,
    AccountUse,
    Address,
    Reachable,
    delivery_address,
)
from bot.domain.model import Channel
from storage.times import maybe_from_db, to_db


class SqliteRecipients:
    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def chats_of(self, channel: Channel, member_ids: Sequence[int] | None) -> dict[int, int]:
        """Member → the chat their messages go to on ``channel`` (every linked member for
        None): the addresses alone, without reading whole accounts."""
        sql = "SELECT member_id, chat_id FROM accounts WHERE channel = ?"
        if member_ids is None:
            async with self._conn.execute(sql, (channel.value,)) as cursor:
                return {row[0]: int(row[1]) async for row in cursor}
        found: dict[int, int] = {}
        ids = list(member_ids)
        for start in range(0, len(ids), 500):
            part = ids[start : start + 500]
            marks = ",".join("?" * len(part))
            async with self._conn.execute(
                f"{sql} AND member_id IN ({marks})", (channel.value, *part)
            ) as cursor:
                found.update({row[0]: int(row[1]) async for row in cursor})
        return found

    async def addresses_of(self, member_ids: Sequence[int] | None) -> dict[int, Address]:
        """Member → where their notices go (every linked member for None): one channel each,
        the one they chose or else the one they last wrote from (``delivery_address``)."""
        sql = (
            "SELECT a.member_id, a.channel, a.chat_id, a.last_used_at, d.channel FROM accounts a"
            " LEFT JOIN delivery_channels d ON d.member_id = a.member_id"
        )
        rows: list[sqlite3.Row] = []
        if member_ids is None:
            async with self._conn.execute(sql) as cursor:
                rows = list(await cursor.fetchall())
        else:
            ids = list(member_ids)
            for start in range(0, len(ids), 500):
                part = ids[start : start + 500]
                marks = ",".join("?" * len(part))
                async with self._conn.execute(
                    f"{sql} WHERE a.member_id IN ({marks})", part
                ) as cursor:
                    rows.extend(await cursor.fetchall())
        return addresses(rows)

    async def mark_unreachable(
        self, chat_id: int, reason: str, at: datetime, channel: Channel = Channel.TELEGRAM
    ) -> None:
        await self._conn.execute(
            "UPDATE accounts SET unreachable_since = coalesce(unreachable_since, ?),"
            " unreachable_reason = ? WHERE chat_id = ? AND channel = ?",
            (to_db(at), reason, str(chat_id), channel.value),
        )

    async def is_unreachable(self, user_id: str, channel: Channel = Channel.TELEGRAM) -> bool:
        async with self._conn.execute(
            "SELECT 1 FROM accounts WHERE user_id = ? AND channel = ?"
            " AND unreachable_since IS NOT NULL",
            (user_id, channel.value),
        ) as cursor:
            return await cursor.fetchone() is not None

    async def account_use(self, channel: Channel, user_id: str) -> AccountUse | None:
        """Whether the account is marked unreachable, when it was last written from and when
        the member's other accounts were (None: no such account)."""
        rows = list(
            await self._conn.execute_fetchall(
                "SELECT a.unreachable_since, a.last_used_at, (SELECT max(o.last_used_at)"
                " FROM accounts o WHERE o.member_id = a.member_id AND o.channel != a.channel)"
                " FROM accounts a WHERE a.channel = ? AND a.user_id = ?",
                (channel.value, user_id),
            )
        )
        if not rows:
            return None
        [row] = rows
        return AccountUse(row[0] is not None, maybe_from_db(row[1]), maybe_from_db(row[2]))

    async def mark_written_from(self, marks: Sequence[AccountMark]) -> None:
        """Accounts members just wrote from, in one statement: reachable again, and last used
        where the mark says so."""
        await self._conn.executemany(
            "UPDATE accounts SET unreachable_since = NULL, unreachable_reason = NULL,"
            " last_used_at = coalesce(?, last_used_at) WHERE channel = ? AND user_id = ?",
            [
                (None if m.used_at is None else to_db(m.used_at), m.channel.value, m.user_id)
                for m in marks
            ],
        )


def addresses(rows: Iterable[Sequence[Any]]) -> dict[int, Address]:
    """Rows of (member_id, channel, chat_id, last_used_at, chosen channel), any number per
    member → each member's one address."""
    accounts: dict[int, list[Reachable]] = {}
    chosen: dict[int, Channel | None] = {}
    for member_id, channel, chat_id, last_used_at, choice in rows:
        accounts.setdefault(member_id, []).append(
            Reachable(Channel(channel), int(chat_id), maybe_from_db(last_used_at))
        )
        chosen[member_id] = None if choice is None else Channel(choice)
    found = {m: delivery_address(a, chosen[m]) for m, a in accounts.items()}
    return {m: a for m, a in found.items() if a is not None}
