"""Aggregates for "how far are we?": counted in SQL, so a cell of any size costs a few queries."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import date

import aiosqlite

from bot.domain.model import Member
from bot.domain.reports import CellProgress, Headcount, OverdueTask, PublicTask
from bot.domain.tasks import TaskStatus
from storage.repositories.members import member_from_row
from storage.repositories.tasks import task_from_row

_OPEN = "('submitted', 'returned', 'in_progress')"
_PUBLIC = "('in_progress', 'done', 'exceeded', 'not_achieved')"

# The public registry's queries, shared with the read-only snapshot a worker process builds
# the registry's spreadsheet from (storage/snapshot.py).
PUBLIC_COUNTS = (
    "SELECT cell, sum(n) FROM ("
    " SELECT cell_id AS cell, tasks AS n FROM public_task_counts WHERE year = ? AND tasks > 0"
    " UNION ALL"
    " SELECT m.cell_id, count(*) FROM tasks t JOIN members m ON m.id = t.owner_member_id"
    f" WHERE t.year = ? AND t.cell_id IS NULL AND t.status IN {_PUBLIC}"
    " GROUP BY m.cell_id"
    ") GROUP BY cell ORDER BY cell"
)


def public_tasks_in_sql(cells: int) -> str:
    """Approved personal tasks of ``cells`` cells (their ids, then the year, as parameters)."""
    return (
        "SELECT t.*, m.full_name AS owner_name, u.id AS cell_id, u.name AS cell_name"
        " FROM members m JOIN tasks t ON t.owner_member_id = m.id"
        " JOIN units u ON u.id = m.cell_id"
        f" WHERE m.cell_id IN ({','.join('?' * cells)}) AND t.year = ?"
        f" AND t.status IN {_PUBLIC} ORDER BY u.id, m.id, t.id"
    )


_REGISTERED = (
    "EXISTS (SELECT 1 FROM tasks r WHERE r.owner_member_id = m.id AND r.year = ?"
    " AND r.status != 'withdrawn')"
)


class SqliteProgress:
    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def cells(self, year: int, today: date, cell_id: int | None = None) -> list[CellProgress]:
        """Figures per cell (one cell, or every cell of the organisation). Tasks are counted on
        their ``cell_id`` (the owner's cell while active), straight from a covering index."""
        one = "AND cell_id = ?" if cell_id is not None else ""
        params = (cell_id,) if cell_id is not None else ()
        names: dict[int, str] = {}
        async with self._conn.execute(
            f"SELECT id, name FROM units WHERE kind = 'cell' {one.replace('cell_id', 'id')}"
            " ORDER BY id",
            params,
        ) as cursor:
            async for row in cursor:
                names[row[0]] = row[1]
        # Active members and those of them registered, party members and non-party staff
        # apart: one pass over the cell's members, each probing the owner index once.
        party: dict[int, Headcount] = {}
        non_party: dict[int, Headcount] = {}
        async with self._conn.execute(
            f"SELECT m.cell_id, m.kind = 'non_party', count(*), sum({_REGISTERED})"
            f" FROM members m WHERE m.status = 'active' {one.replace('cell_id', 'm.cell_id')}"
            " GROUP BY m.cell_id, m.kind = 'non_party'",
            (year, *params),
        ) as cursor:
            async for row in cursor:
                (non_party if row[1] else party)[row[0]] = Headcount(row[2], row[3] or 0)
        statuses: dict[int, dict[TaskStatus, int]] = {}
        overdue: dict[int, int] = {}
        async with self._conn.execute(
            f"SELECT cell_id, status, count(*), sum(deadline < ? AND status IN {_OPEN})"
            f" FROM tasks WHERE year = ? AND cell_id IS NOT NULL {one}"
            " GROUP BY cell_id, status",
            (today.isoformat(), year, *params),
        ) as cursor:
            async for row in cursor:
                statuses.setdefault(row[0], {})[TaskStatus(row[1])] = row[2]
                overdue[row[0]] = overdue.get(row[0], 0) + (row[3] or 0)
        return [
            CellProgress(
                cell_id=cid,
                cell_name=name,
                party=party.get(cid, Headcount()),
                non_party=non_party.get(cid, Headcount()),
                by_status=statuses.get(cid, {}),
                overdue=overdue.get(cid, 0),
            )
            for cid, name in names.items()
        ]

    async def overdue(
        self, year: int, today: date, cell_id: int | None, limit: int
    ) -> list[OverdueTask]:
        sql = (
            "SELECT t.id, t.title, m.full_name, t.deadline FROM tasks t"
            " JOIN members m ON m.id = t.owner_member_id"
            f" WHERE t.year = ? AND t.deadline < ? AND t.status IN {_OPEN} AND m.status = 'active'"
        )
        params: list[object] = [year, today.isoformat()]
        if cell_id is not None:
            sql += " AND m.cell_id = ?"
            params.append(cell_id)
        sql += " ORDER BY t.deadline, t.id LIMIT ?"
        params.append(limit)
        async with self._conn.execute(sql, params) as cursor:
            return [
                OverdueTask(row[0], row[1], row[2], date.fromisoformat(row[3]))
                async for row in cursor
            ]

    async def unregistered(self, year: int, cell_id: int | None) -> list[Member]:
        """Active members without a task of ``year`` in one cell, or in every cell."""
        one = "AND m.cell_id = ?" if cell_id is not None else ""
        params = (cell_id,) if cell_id is not None else ()
        async with self._conn.execute(
            f"SELECT m.* FROM members m WHERE m.status = 'active' {one} AND NOT {_REGISTERED}",
            (*params, year),
        ) as cursor:
            return [member_from_row(row) async for row in cursor]

    async def public_tasks(self, year: int, cell_id: int | None) -> list[PublicTask]:
        """Approved personal tasks, by cell, then owner."""
        sql = (
            "SELECT t.*, m.full_name AS owner_name, u.id AS cell_id, u.name AS cell_name"
            " FROM tasks t JOIN members m ON m.id = t.owner_member_id"
            " JOIN units u ON u.id = m.cell_id"
            f" WHERE t.year = ? AND t.status IN {_PUBLIC}"
        )
        params: list[object] = [year]
        if cell_id is not None:
            sql += " AND u.id = ?"
            params.append(cell_id)
        async with self._conn.execute(sql + " ORDER BY u.id, m.id, t.id", params) as cursor:
            return [public_task(row) async for row in cursor]

    async def public_counts(self, year: int) -> list[tuple[int, int]]:
        """(cell, approved tasks) in cell order, counting a task in its owner's cell as
        :meth:`public_tasks` does: the active owners' from the counts the triggers keep
        (``public_task_counts``, migration 0020), the few of members who have left through
        their row."""
        rows = await self._conn.execute_fetchall(PUBLIC_COUNTS, (year, year))
        return [(row[0], row[1]) for row in rows]

    async def public_tasks_in(self, year: int, cell_ids: Sequence[int]) -> list[PublicTask]:
        """Approved personal tasks of a few cells, by cell, then owner (one round trip)."""
        if not cell_ids:
            return []
        rows = await self._conn.execute_fetchall(
            public_tasks_in_sql(len(cell_ids)), (*cell_ids, year)
        )
        return [public_task(row) for row in rows]


def public_task(row: sqlite3.Row) -> PublicTask:
    return PublicTask(task_from_row(row), row["owner_name"], row["cell_id"], row["cell_name"])
