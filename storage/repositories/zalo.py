"""The Zalo transport's tables (migration 0011): chats (Zalo's string ids and the integers that
stand for them), the messages sent with their choices, and the updates already taken."""

from __future__ import annotations

from datetime import datetime

import aiosqlite

from bot.domain.zalo import ZaloChat, ZaloSentMessage
from storage.times import from_db, maybe_from_db, to_db

_CHAT = "SELECT id, zalo_id, display_name, first_seen_at, disclosed_at FROM zalo_chats"
_MESSAGE = "SELECT id, chat, zalo_message_id, text, keyboard, sent_at FROM zalo_messages"


def _chat(row: aiosqlite.Row) -> ZaloChat:
    return ZaloChat(row[0], row[1], row[2], from_db(row[3]), maybe_from_db(row[4]))


def _message(row: aiosqlite.Row) -> ZaloSentMessage:
    return ZaloSentMessage(row[0], row[1], row[2], row[3], row[4], from_db(row[5]))


class SqliteZalo:
    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    # --- chats ----------------------------------------------------------------------------

    async def chat_for(
        self, zalo_id: str, display_name: str | None, at: datetime
    ) -> tuple[ZaloChat, bool]:
        """The chat of a Zalo id, made the first time it is seen (then ``True``); a changed
        display name is kept."""
        async with self._conn.execute(f"{_CHAT} WHERE zalo_id = ?", (zalo_id,)) as cursor:
            row = await cursor.fetchone()
        if row is not None:
            chat = _chat(row)
            if display_name and display_name != chat.display_name:
                await self._conn.execute(
                    "UPDATE zalo_chats SET display_name = ? WHERE id = ?", (display_name, chat.id)
                )
                chat = ZaloChat(
                    chat.id, zalo_id, display_name, chat.first_seen_at, chat.disclosed_at
                )
            return chat, False
        cursor = await self._conn.execute(
            "INSERT INTO zalo_chats (zalo_id, display_name, first_seen_at) VALUES (?, ?, ?)",
            (zalo_id, display_name, to_db(at)),
        )
        assert cursor.lastrowid is not None
        return ZaloChat(cursor.lastrowid, zalo_id, display_name, at), True

    async def chat(self, chat_id: int) -> ZaloChat | None:
        async with self._conn.execute(f"{_CHAT} WHERE id = ?", (chat_id,)) as cursor:
            row = await cursor.fetchone()
        return None if row is None else _chat(row)

    async def mark_disclosed(self, chat_id: int, at: datetime) -> bool:
        """Notes that the chat was told what the bot is; ``True`` only the first time."""
        cursor = await self._conn.execute(
            "UPDATE zalo_chats SET disclosed_at = ? WHERE id = ? AND disclosed_at IS NULL",
            (to_db(at), chat_id),
        )
        return cursor.rowcount == 1

    async def language_of(self, chat_id: int) -> str | None:
        """The language chosen by the member linked to this Zalo chat, if any."""
        async with self._conn.execute(
            "SELECT m.language FROM accounts a JOIN members m ON m.id = a.member_id"
            " WHERE a.channel = 'zalo' AND a.user_id = ?",
            (str(chat_id),),
        ) as cursor:
            row = await cursor.fetchone()
        return None if row is None else row[0]

    # --- updates taken --------------------------------------------------------------------

    async def mark_seen(self, key: str, at: datetime) -> bool:
        """``True`` the first time an update's key is seen, ``False`` for a repeat."""
        cursor = await self._conn.execute(
            "INSERT INTO zalo_seen (key, seen_at) VALUES (?, ?) ON CONFLICT DO NOTHING",
            (key, to_db(at)),
        )
        return cursor.rowcount == 1

    async def prune_seen(self, before: datetime) -> int:
        cursor = await self._conn.execute(
            "DELETE FROM zalo_seen WHERE seen_at < ?", (to_db(before),)
        )
        return cursor.rowcount

    # --- messages sent --------------------------------------------------------------------

    async def record_sent(
        self,
        chat_id: int,
        zalo_message_id: str | None,
        text: str,
        keyboard: str | None,
        at: datetime,
    ) -> ZaloSentMessage:
        cursor = await self._conn.execute(
            "INSERT INTO zalo_messages (chat, zalo_message_id, text, keyboard, sent_at)"
            " VALUES (?, ?, ?, ?, ?)",
            (chat_id, zalo_message_id, text, keyboard, to_db(at)),
        )
        assert cursor.lastrowid is not None
        if keyboard is not None:
            await self._only_choices(chat_id, cursor.lastrowid)
        return ZaloSentMessage(cursor.lastrowid, chat_id, zalo_message_id, text, keyboard, at)

    async def _only_choices(self, chat_id: int, message_id: int) -> None:
        """New choices in a chat replace the ones before (a typed number means the last
        offered; earlier ones never come back once those are answered)."""
        await self._conn.execute(
            "UPDATE zalo_messages SET keyboard = NULL"
            " WHERE chat = ? AND id != ? AND keyboard IS NOT NULL",
            (chat_id, message_id),
        )

    async def resent(
        self,
        message_id: int,
        zalo_message_id: str | None,
        text: str,
        keyboard: str | None,
        at: datetime,
    ) -> None:
        """An edit sent again as a new message: the row now holds what was sent last."""
        cursor = await self._conn.execute(
            "UPDATE zalo_messages SET zalo_message_id = ?, text = ?, keyboard = ?, sent_at = ?"
            " WHERE id = ? RETURNING chat",
            (zalo_message_id, text, keyboard, to_db(at), message_id),
        )
        row = await cursor.fetchone()
        await cursor.close()
        if row is not None and keyboard is not None:
            await self._only_choices(row[0], message_id)

    async def drop_keyboard(self, message_id: int) -> None:
        """Its buttons are gone: its numbers press nothing any more."""
        await self._conn.execute(
            "UPDATE zalo_messages SET keyboard = NULL WHERE id = ?", (message_id,)
        )

    async def message(self, message_id: int) -> ZaloSentMessage | None:
        async with self._conn.execute(f"{_MESSAGE} WHERE id = ?", (message_id,)) as cursor:
            row = await cursor.fetchone()
        return None if row is None else _message(row)

    async def current_choices(self, chat_id: int) -> ZaloSentMessage | None:
        """The latest message with choices in the chat."""
        async with self._conn.execute(
            f"{_MESSAGE} WHERE chat = ? AND keyboard IS NOT NULL"
            " ORDER BY sent_at DESC, id DESC LIMIT 1",
            (chat_id,),
        ) as cursor:
            row = await cursor.fetchone()
        return None if row is None else _message(row)

    async def moved_on(self, message: ZaloSentMessage) -> bool:
        """Whether the bot has sent the chat a message without choices since ``message``."""
        async with self._conn.execute(
            "SELECT 1 FROM zalo_messages WHERE chat = ? AND keyboard IS NULL AND sent_at > ?"
            " LIMIT 1",
            (message.chat, to_db(message.sent_at)),
        ) as cursor:
            return await cursor.fetchone() is not None
