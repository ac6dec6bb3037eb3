"""Members' reminder settings: quiet hours of their own and muted kinds."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, time

import aiosqlite

from bot.domain.model import Channel
from bot.domain.preferences import Preferences, ReminderKind
from bot.domain.quiet_hours import QuietHours
from storage.times import to_db

# Values, not members: ``str in ReminderKind`` raises TypeError before Python 3.12.
_KINDS = frozenset(k.value for k in ReminderKind)


class SqlitePreferences:
    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def get(self, member_id: int) -> Preferences:
        found = await self.of_members([member_id])
        return found.get(member_id, Preferences(member_id))

    async def of_members(self, member_ids: Iterable[int] | None = None) -> dict[int, Preferences]:
        wanted = None if member_ids is None else set(member_ids)
        quiet: dict[int, QuietHours] = {}
        async with self._conn.execute(
            "SELECT member_id, quiet_begins, quiet_ends FROM member_preferences"
        ) as cursor:
            async for member_id, begins, ends in cursor:
                if wanted is None or member_id in wanted:
                    quiet[member_id] = QuietHours(
                        time.fromisoformat(begins), time.fromisoformat(ends)
                    )
        muted: dict[int, set[ReminderKind]] = {}
        async with self._conn.execute("SELECT member_id, kind FROM reminder_mutes") as cursor:
            async for member_id, kind in cursor:
                if (wanted is None or member_id in wanted) and kind in _KINDS:
                    muted.setdefault(member_id, set()).add(ReminderKind(kind))
        result = {}
        for member_id in quiet.keys() | muted.keys():
            custom = member_id in quiet
            result[member_id] = Preferences(
                member_id,
                quiet[member_id] if custom else QuietHours(),
                frozenset(muted.get(member_id, ())),
                custom,
            )
        return result

    async def set_quiet(self, member_id: int, begins: time, ends: time, at: datetime) -> None:
        await self._conn.execute(
            "INSERT INTO member_preferences (member_id, quiet_begins, quiet_ends, updated_at)"
            " VALUES (?, ?, ?, ?) ON CONFLICT (member_id) DO UPDATE SET"
            " quiet_begins = excluded.quiet_begins, quiet_ends = excluded.quiet_ends,"
            " updated_at = excluded.updated_at",
            (member_id, begins.strftime("%H:%M"), ends.strftime("%H:%M"), to_db(at)),
        )

    async def reset_quiet(self, member_id: int) -> None:
        await self._conn.execute("DELETE FROM member_preferences WHERE member_id = ?", (member_id,))

    async def delivery_channel(self, member_id: int) -> Channel | None:
        async with self._conn.execute(
            "SELECT channel FROM delivery_channels WHERE member_id = ?", (member_id,)
        ) as cursor:
            row = await cursor.fetchone()
        return None if row is None else Channel(row[0])

    async def choose_channel(self, member_id: int, channel: Channel | None, at: datetime) -> None:
        """The channel the member's notices come on; None: the one they last wrote from."""
        if channel is None:
            await self._conn.execute(
                "DELETE FROM delivery_channels WHERE member_id = ?", (member_id,)
            )
            return
        await self._conn.execute(
            "INSERT INTO delivery_channels (member_id, channel, chosen_at) VALUES (?, ?, ?)"
            " ON CONFLICT (member_id) DO UPDATE SET channel = excluded.channel,"
            " chosen_at = excluded.chosen_at",
            (member_id, channel.value, to_db(at)),
        )

    async def mute(self, member_id: int, kind: ReminderKind, at: datetime) -> None:
        await self._conn.execute(
            "INSERT INTO reminder_mutes (member_id, kind, at) VALUES (?, ?, ?)"
            " ON CONFLICT DO NOTHING",
            (member_id, kind.value, to_db(at)),
        )

    async def unmute(self, member_id: int, kind: ReminderKind) -> None:
        await self._conn.execute(
            "DELETE FROM reminder_mutes WHERE member_id = ? AND kind = ?", (member_id, kind.value)
        )
