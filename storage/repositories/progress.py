"""Aggregates for "how far are we?": counted in SQL, so a cell of any size costs a few queries."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import date

import aiosqlite

from bot.domain.model import Member
from bot.domain.reports import CellCount, CellProgress, Headcount, OverdueTask, PublicTask
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

# At least what a member's name counts in UTF-16 once html.escape has written it, cheaply: its
# UTF-8 bytes (never fewer than its UTF-16 units), six times that for the rare name with a
# character escaping writes as up to six ("&quot;").
_NAME_ROOM = (
    "length(CAST(m.full_name AS BLOB)) * CASE WHEN m.full_name GLOB '*[&<>\"'']*' THEN 6 ELSE 1 END"
)


class SqliteProgress:
    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def cells(self, year: int, today: date, cell_id: int | None = None) -> list[CellProgress]:
        """Figures per cell (one cell, or every cell of the organisation). Tasks are counted on
        their ``cell_id`` (the owner's cell while active), straight from a covering index."""
        one = "AND id = ?" if cell_id is not None else ""
        params = (cell_id,) if cell_id is not None else ()
        names = await self._cell_names(f"kind = 'cell' {one}", params)
        only = [cell_id] if cell_id is not None else None
        return await self._figures(year, today, names, only)

    async def cells_in(self, year: int, today: date, cell_ids: Sequence[int]) -> list[CellProgress]:
        """Figures of a few cells (a page of them), in cell order: each query reads only
        their members and tasks, through the cell indexes."""
        if not cell_ids:
            return []
        marks = ",".join("?" * len(cell_ids))
        names = await self._cell_names(f"kind = 'cell' AND id IN ({marks})", tuple(cell_ids))
        return await self._figures(year, today, names, list(names))

    async def cell_names(self) -> list[tuple[int, str]]:
        """Every cell's id and name, in cell order: what a page of cells is planned on."""
        return list((await self._cell_names("kind = 'cell'", ())).items())

    async def _cell_names(self, where: str, params: tuple[object, ...]) -> dict[int, str]:
        names: dict[int, str] = {}
        async with self._conn.execute(
            f"SELECT id, name FROM units WHERE {where} ORDER BY id", params
        ) as cursor:
            async for row in cursor:
                names[row[0]] = row[1]
        return names

    async def _figures(
        self, year: int, today: date, names: dict[int, str], only: list[int] | None
    ) -> list[CellProgress]:
        """The figures of the cells ``names`` lists; ``only``: read just those cells' rows
        (None: every cell's, in one pass)."""
        marks = f"IN ({','.join('?' * len(only))})" if only else ""
        params = tuple(only or ())
        # Active members and those of them registered, party members and non-party staff
        # apart: one pass over the cells' members, each probing the owner index once.
        party: dict[int, Headcount] = {}
        non_party: dict[int, Headcount] = {}
        async with self._conn.execute(
            f"SELECT m.cell_id, m.kind = 'non_party', count(*), sum({_REGISTERED})"
            f" FROM members m WHERE m.status = 'active' {'AND m.cell_id ' + marks if only else ''}"
            " GROUP BY m.cell_id, m.kind = 'non_party'",
            (year, *params),
        ) as cursor:
            async for row in cursor:
                (non_party if row[1] else party)[row[0]] = Headcount(row[2], row[3] or 0)
        statuses: dict[int, dict[TaskStatus, int]] = {}
        overdue: dict[int, int] = {}
        async with self._conn.execute(
            f"SELECT cell_id, status, count(*), sum(deadline < ? AND status IN {_OPEN})"
            f" FROM tasks WHERE year = ? AND cell_id IS NOT NULL"
            f" {'AND cell_id ' + marks if only else ''} GROUP BY cell_id, status",
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

    async def organisation_total(self, year: int, today: date, name: str) -> CellProgress:
        """Every cell's figures added up (what :func:`bot.domain.reports.total` gives from
        :meth:`cells`), without a row per cell: the members in one pass grouped by kind, the
        tasks by cell and status straight from the covering index, the overdue ones apart."""
        cells = "(SELECT id FROM units WHERE kind = 'cell')"
        party = non_party = Headcount()
        async with self._conn.execute(
            f"SELECT m.kind = 'non_party', count(*), sum({_REGISTERED}) FROM members m"
            f" WHERE m.status = 'active' AND m.cell_id IN {cells} GROUP BY m.kind = 'non_party'",
            (year,),
        ) as cursor:
            async for row in cursor:
                if row[0]:
                    non_party = Headcount(row[1], row[2] or 0)
                else:
                    party = Headcount(row[1], row[2] or 0)
        ids = set(await self._cell_names("kind = 'cell'", ()))
        by_status: dict[TaskStatus, int] = {}
        async with self._conn.execute(
            "SELECT cell_id, status, count(*) FROM tasks WHERE year = ? AND cell_id IS NOT NULL"
            " GROUP BY cell_id, status",
            (year,),
        ) as cursor:
            async for row in cursor:
                if row[0] in ids:
                    status = TaskStatus(row[1])
                    by_status[status] = by_status.get(status, 0) + row[2]
        [(overdue,)] = await self._conn.execute_fetchall(
            f"SELECT count(*) FROM tasks WHERE year = ? AND cell_id IN {cells}"
            f" AND status IN {_OPEN} AND deadline < ?",
            (year, today.isoformat()),
        )
        return CellProgress(0, name, party, non_party, by_status, overdue)

    async def registration_by_cell(self, year: int) -> list[tuple[CellProgress, int]]:
        """Every cell's registration figures (party members and non-party staff apart; no task
        figures), in cell order, each with the most a member's name of the cell can take once
        escaped for HTML (:data:`_NAME_ROOM`), so how long a list of the cell's names can be
        is known before they are read. One pass over the members."""
        names = await self._cell_names("kind = 'cell'", ())
        party: dict[int, Headcount] = {}
        non_party: dict[int, Headcount] = {}
        longest: dict[int, int] = {}
        async with self._conn.execute(
            f"SELECT m.cell_id, m.kind = 'non_party', count(*), sum({_REGISTERED}),"
            f" max({_NAME_ROOM})"
            " FROM members m WHERE m.status = 'active' GROUP BY m.cell_id, m.kind = 'non_party'",
            (year,),
        ) as cursor:
            async for row in cursor:
                (non_party if row[1] else party)[row[0]] = Headcount(row[2], row[3] or 0)
                longest[row[0]] = max(longest.get(row[0], 0), row[4] or 0)
        return [
            (
                CellProgress(
                    cid, name, party.get(cid, Headcount()), non_party.get(cid, Headcount())
                ),
                longest.get(cid, 0),
            )
            for cid, name in names.items()
        ]

    async def unregistered_in(self, year: int, cell_ids: Sequence[int]) -> list[Member]:
        """Active members without a task of ``year`` in a few cells (a page of them)."""
        if not cell_ids:
            return []
        marks = ",".join("?" * len(cell_ids))
        async with self._conn.execute(
            f"SELECT m.* FROM members m WHERE m.cell_id IN ({marks}) AND m.status = 'active'"
            f" AND NOT {_REGISTERED}",
            (*cell_ids, year),
        ) as cursor:
            return [member_from_row(row) async for row in cursor]

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

    async def public_counts(self, year: int) -> list[CellCount]:
        """(cell, approved tasks) in cell order, counting a task in its owner's cell as
        :meth:`public_tasks` does: the active owners' from the counts the triggers keep
        (``public_task_counts``, migration 0020), the few of members who have left through
        their row."""
        rows = await self._conn.execute_fetchall(PUBLIC_COUNTS, (year, year))
        return [CellCount(row[0], row[1]) for row in rows]

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
