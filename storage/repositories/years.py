from __future__ import annotations

from datetime import date, datetime

import aiosqlite

from bot.domain.tasks import Area, Year
from storage.times import to_db


class SqliteYears:
    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def _areas(self, year: int) -> tuple[Area, ...]:
        async with self._conn.execute(
            "SELECT id, name FROM areas WHERE year = ? AND position < 1000 ORDER BY position, id",
            (year,),
        ) as cursor:
            return tuple([Area(row[0], row[1]) async for row in cursor])

    async def _one(self, where: str, params: tuple[object, ...]) -> Year | None:
        async with self._conn.execute(
            "SELECT year, theme, opens, closes, max_tasks, approval_required FROM years "
            f"WHERE {where}",
            params,
        ) as cursor:
            row = await cursor.fetchone()
        if row is None:
            return None
        return Year(
            year=row[0],
            theme=row[1],
            opens=date.fromisoformat(row[2]),
            closes=date.fromisoformat(row[3]),
            max_tasks=row[4],
            approval_required=bool(row[5]),
            areas=await self._areas(row[0]),
        )

    async def current(self) -> Year | None:
        return await self._one("is_current = 1", ())

    async def get(self, year: int) -> Year | None:
        return await self._one("year = ?", (year,))

    async def save(self, year: Year, *, at: datetime, area_names: list[str] | None) -> None:
        """Create or change the year and make it the current one."""
        await self._conn.execute("UPDATE years SET is_current = 0 WHERE is_current = 1")
        await self._conn.execute(
            "INSERT INTO years (year, theme, opens, closes, max_tasks, approval_required,"
            " is_current, updated_at) VALUES (?, ?, ?, ?, ?, ?, 1, ?)"
            " ON CONFLICT (year) DO UPDATE SET theme = excluded.theme, opens = excluded.opens,"
            " closes = excluded.closes, max_tasks = excluded.max_tasks,"
            " approval_required = excluded.approval_required, is_current = 1,"
            " updated_at = excluded.updated_at",
            (
                year.year,
                year.theme,
                year.opens.isoformat(),
                year.closes.isoformat(),
                year.max_tasks,
                int(year.approval_required),
                to_db(at),
            ),
        )
        if area_names is None:
            return
        # Hidden ones too: an area listed again comes back, with the tasks that use it.
        async with self._conn.execute(
            "SELECT name, id FROM areas WHERE year = ?", (year.year,)
        ) as cursor:
            existing = {row[0]: row[1] async for row in cursor}
        for position, name in enumerate(area_names):
            if name in existing:
                await self._conn.execute(
                    "UPDATE areas SET position = ? WHERE id = ?", (position, existing[name])
                )
            else:
                await self._conn.execute(
                    "INSERT INTO areas (year, name, position) VALUES (?, ?, ?)",
                    (year.year, name, position),
                )
        # Areas no longer listed are hidden (position >= 1000) but kept for the tasks using them.
        for name, area_id in existing.items():
            if name not in area_names:
                await self._conn.execute(
                    "UPDATE areas SET position = 1000 + id WHERE id = ?", (area_id,)
                )

    async def reopen(
        self, year: int, member_id: int, until: date, by: int | None, at: datetime
    ) -> None:
        await self._conn.execute(
            "INSERT INTO registration_reopenings (year, member_id, until, granted_by, granted_at)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT (year, member_id) DO UPDATE SET"
            " until = excluded.until, granted_by = excluded.granted_by,"
            " granted_at = excluded.granted_at",
            (year, member_id, until.isoformat(), by, to_db(at)),
        )

    async def reopened_until(self, year: int, member_id: int) -> date | None:
        async with self._conn.execute(
            "SELECT until FROM registration_reopenings WHERE year = ? AND member_id = ?",
            (year, member_id),
        ) as cursor:
            row = await cursor.fetchone()
        return None if row is None else date.fromisoformat(row[0])
