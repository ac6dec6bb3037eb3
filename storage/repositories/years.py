from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime

import aiosqlite

from bot.domain.tasks import Area, Year
from bot.domain.year_changes import AreaPlan, AreaTask, OverLimit, StoredArea
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

    async def area_names(self) -> dict[int, str]:
        """Every area of every year by id, those no longer listed too (tasks keep them)."""
        async with self._conn.execute("SELECT id, name FROM areas") as cursor:
            return {row[0]: row[1] async for row in cursor}

    async def get(self, year: int) -> Year | None:
        return await self._one("year = ?", (year,))

    async def save(self, year: Year, *, at: datetime) -> None:
        """Create or change the year (not its areas) and make it the current one."""
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

    async def stored_areas(self, year: int) -> list[StoredArea]:
        """Every area of the year in its order, listed or not, with how many tasks carry it."""
        async with self._conn.execute(
            "SELECT a.id, a.name, a.position < 1000,"
            " (SELECT count(*) FROM tasks t WHERE t.area_id = a.id)"
            " FROM areas a WHERE a.year = ? ORDER BY a.position, a.id",
            (year,),
        ) as cursor:
            return [
                StoredArea(Area(row[0], row[1]), bool(row[2]), int(row[3])) async for row in cursor
            ]

    async def area_tasks(self, area_id: int, limit: int) -> list[AreaTask]:
        """Some tasks that carry the area, oldest first."""
        async with self._conn.execute(
            "SELECT coalesce(m.full_name, u.name, ''), t.title FROM tasks t"
            " LEFT JOIN members m ON m.id = t.owner_member_id"
            " LEFT JOIN units u ON u.id = t.owner_unit_id"
            " WHERE t.area_id = ? ORDER BY t.id LIMIT ?",
            (area_id, limit),
        ) as cursor:
            return [AreaTask(row[0], row[1]) async for row in cursor]

    async def apply_areas(self, plan: AreaPlan, moves: Mapping[int, int]) -> None:
        """Make the year's areas ``plan.slots``: new ones added, kept ones renamed and put in
        order; the tasks of each removed area moved to the slot ``moves`` names, and the
        removed areas (and any other area no slot keeps) deleted."""
        ids: list[int] = []
        for position, slot in enumerate(plan.slots):
            if slot.area_id is not None:
                ids.append(slot.area_id)
                continue
            # A placeholder until the areas that go are deleted (names are unique); a stored
            # name never begins with a space.
            async with self._conn.execute(
                "INSERT INTO areas (year, name, position) VALUES (?, ?, ?) RETURNING id",
                (plan.year, f" new {position}", position),
            ) as cursor:
                row = await cursor.fetchone()
            assert row is not None
            ids.append(int(row[0]))
        for area_id, position in moves.items():
            await self._conn.execute(
                "UPDATE tasks SET area_id = ? WHERE area_id = ?", (ids[position], area_id)
            )
        marks = ", ".join("?" * len(ids))
        await self._conn.execute(
            f"DELETE FROM areas WHERE year = ? AND id NOT IN ({marks})", (plan.year, *ids)
        )
        for position, (area_id, slot) in enumerate(zip(ids, plan.slots, strict=True)):
            await self._conn.execute(
                "UPDATE areas SET name = ?, position = ? WHERE id = ?",
                (slot.name, position, area_id),
            )

    async def over_limit(self, year: int, limit: int) -> list[OverLimit]:
        """Active members with more than ``limit`` tasks that count toward the maximum."""
        async with self._conn.execute(
            "SELECT m.full_name, count(*) FROM tasks t JOIN members m ON m.id = t.owner_member_id"
            " WHERE t.year = ? AND t.status != 'withdrawn' AND m.status = 'active'"
            " GROUP BY m.id HAVING count(*) > ?",
            (year, limit),
        ) as cursor:
            return [OverLimit(row[0], int(row[1])) async for row in cursor]

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
