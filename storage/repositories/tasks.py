from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from datetime import date, datetime

import aiosqlite

from bot.domain.task_queues import OpenTask, WaitingSubmission
from bot.domain.tasks import (
    Task,
    TaskDraft,
    TaskStatus,
    TaskUpdate,
    UpdateKind,
)
from storage.times import from_db, to_db

_COLUMNS = (
    "t.id, t.year, t.owner_member_id, t.owner_unit_id, t.responsible_member_id, t.title,"
    " t.product, t.deadline, t.area_id, t.status, t.progress"
)


def task_from_row(row: sqlite3.Row) -> Task:
    return Task(
        id=row["id"],
        year=row["year"],
        owner_member_id=row["owner_member_id"],
        owner_unit_id=row["owner_unit_id"],
        responsible_member_id=row["responsible_member_id"],
        title=row["title"],
        product=row["product"],
        deadline=date.fromisoformat(row["deadline"]),
        area_id=row["area_id"],
        status=TaskStatus(row["status"]),
        progress=row["progress"],
    )


def _update(row: sqlite3.Row) -> TaskUpdate:
    previous = row["previous_status"]
    return TaskUpdate(
        task_id=row["task_id"],
        at=from_db(row["at"]),
        kind=UpdateKind(row["kind"]),
        actor_member_id=row["actor_member_id"],
        on_behalf=bool(row["on_behalf"]),
        progress=row["progress"],
        text=row["text"],
        file_id=row["file_id"],
        file_kind=row["file_kind"],
        previous_status=None if previous is None else TaskStatus(previous),
        previous_progress=row["previous_progress"],
    )


class SqliteTasks:
    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def _many(self, sql: str, params: Iterable[object]) -> list[Task]:
        async with self._conn.execute(sql, tuple(params)) as cursor:
            return [task_from_row(row) async for row in cursor]

    async def add(
        self,
        *,
        year: int,
        owner_member_id: int | None,
        owner_unit_id: int | None,
        responsible_member_id: int | None,
        draft: TaskDraft,
        status: TaskStatus,
        at: datetime,
    ) -> Task:
        cursor = await self._conn.execute(
            "INSERT INTO tasks (year, owner_member_id, owner_unit_id, responsible_member_id,"
            " title, product, deadline, area_id, status, progress, created_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)",
            (
                year,
                owner_member_id,
                owner_unit_id,
                responsible_member_id,
                draft.title,
                draft.product,
                draft.deadline.isoformat(),
                draft.area_id,
                status.value,
                to_db(at),
                to_db(at),
            ),
        )
        assert cursor.lastrowid is not None
        task = await self.get(cursor.lastrowid)
        assert task is not None
        return task

    async def get(self, task_id: int) -> Task | None:
        found = await self._many(f"SELECT {_COLUMNS} FROM tasks t WHERE t.id = ?", (task_id,))
        return found[0] if found else None

    async def of_member(self, member_id: int, year: int) -> list[Task]:
        return await self._many(
            f"SELECT {_COLUMNS} FROM tasks t WHERE t.owner_member_id = ? AND t.year = ?"
            " ORDER BY t.deadline, t.id",
            (member_id, year),
        )

    async def of_units(self, unit_ids: Iterable[int], year: int) -> list[Task]:
        ids = list(unit_ids)
        if not ids:
            return []
        return await self._many(
            f"SELECT {_COLUMNS} FROM tasks t WHERE t.year = ?"
            f" AND t.owner_unit_id IN ({','.join('?' * len(ids))})"
            " ORDER BY t.owner_unit_id, t.area_id, t.deadline, t.id",
            (year, *ids),
        )

    async def all(self) -> list[Task]:
        return await self._many(f"SELECT {_COLUMNS} FROM tasks t ORDER BY t.id", ())

    async def count_registered(self, member_id: int, year: int) -> int:
        """Tasks that count toward the member's maximum: all but withdrawn ones."""
        async with self._conn.execute(
            "SELECT count(*) FROM tasks WHERE owner_member_id = ? AND year = ?"
            " AND status != 'withdrawn'",
            (member_id, year),
        ) as cursor:
            row = await cursor.fetchone()
        return 0 if row is None else int(row[0])

    async def save(self, task: Task, *, at: datetime, resubmitted: bool = False) -> None:
        """Store the task's current fields; ``resubmitted`` puts it back in the next digest."""
        await self._conn.execute(
            "UPDATE tasks SET title = ?, product = ?, deadline = ?, area_id = ?, status = ?,"
            " progress = ?, responsible_member_id = ?, updated_at = ?"
            + (", digest_sent_at = NULL" if resubmitted else "")
            + " WHERE id = ?",
            (
                task.title,
                task.product,
                task.deadline.isoformat(),
                task.area_id,
                task.status.value,
                task.progress,
                task.responsible_member_id,
                to_db(at),
                task.id,
            ),
        )

    async def add_update(self, update: TaskUpdate) -> None:
        await self._conn.execute(
            "INSERT INTO task_updates (task_id, at, kind, actor_member_id, on_behalf, progress,"
            " text, file_id, file_kind, previous_status, previous_progress)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                update.task_id,
                to_db(update.at),
                update.kind.value,
                update.actor_member_id,
                int(update.on_behalf),
                update.progress,
                update.text,
                update.file_id,
                update.file_kind,
                None if update.previous_status is None else update.previous_status.value,
                update.previous_progress,
            ),
        )

    async def updates(self, task_id: int, limit: int) -> list[TaskUpdate]:
        """The latest ``limit`` updates, newest first."""
        async with self._conn.execute(
            "SELECT * FROM task_updates WHERE task_id = ? ORDER BY id DESC LIMIT ?",
            (task_id, limit),
        ) as cursor:
            return [_update(row) async for row in cursor]

    async def last_update(self, task_id: int, kinds: Iterable[UpdateKind]) -> TaskUpdate | None:
        """The newest update of one of ``kinds``."""
        wanted = [kind.value for kind in kinds]
        async with self._conn.execute(
            f"SELECT * FROM task_updates WHERE task_id = ? AND kind IN ({','.join('?' * len(wanted))})"
            " ORDER BY id DESC LIMIT 1",
            (task_id, *wanted),
        ) as cursor:
            row = await cursor.fetchone()
        return None if row is None else _update(row)

    async def all_updates(self) -> list[TaskUpdate]:
        async with self._conn.execute("SELECT * FROM task_updates ORDER BY id") as cursor:
            return [_update(row) async for row in cursor]

    async def submitted(self, year: int, cell_ids: frozenset[int] | None) -> list[Task]:
        """Personal tasks waiting for approval in these cells (all cells for ``None``)."""
        sql = (
            f"SELECT {_COLUMNS} FROM tasks t JOIN members m ON m.id = t.owner_member_id"
            " WHERE t.year = ? AND t.status = 'submitted'"
        )
        params: list[object] = [year]
        if cell_ids is not None:
            sql += f" AND m.cell_id IN ({','.join('?' * len(cell_ids))})"
            params.extend(sorted(cell_ids))
        return await self._many(sql + " ORDER BY m.cell_id, t.id", params)

    async def waiting_digest(self, year: int) -> list[WaitingSubmission]:
        """Submissions no digest has announced yet, with the owner's cell."""
        async with self._conn.execute(
            f"SELECT {_COLUMNS}, m.cell_id AS cell_id FROM tasks t"
            " JOIN members m ON m.id = t.owner_member_id"
            " WHERE t.year = ? AND t.status = 'submitted' AND t.digest_sent_at IS NULL"
            " ORDER BY m.cell_id, t.id",
            (year,),
        ) as cursor:
            return [WaitingSubmission(task_from_row(row), row["cell_id"]) async for row in cursor]

    async def mark_digested(self, task_ids: Iterable[int], at: datetime) -> None:
        await self._conn.executemany(
            "UPDATE tasks SET digest_sent_at = ? WHERE id = ? AND digest_sent_at IS NULL",
            [(to_db(at), task_id) for task_id in task_ids],
        )

    async def open_personal(
        self, year: int, *, after: int = 0, owners: int | None = None
    ) -> list[OpenTask]:
        """Open personal tasks of active members, by owner: every owner's, or those of the
        next ``owners`` owners whose id is above ``after`` (a batch, so a job can stream the
        year a few hundred members at a time)."""
        # cell_id is set only while the owner is active (kept by triggers).
        where = (
            "t.year = ? AND t.owner_member_id IS NOT NULL"
            " AND t.cell_id IS NOT NULL AND t.status IN ('submitted', 'in_progress')"
        )
        params: list[object] = [year]
        if owners is not None:
            where += (
                " AND t.owner_member_id IN (SELECT DISTINCT o.owner_member_id FROM tasks o"
                " WHERE o.owner_member_id > ? AND o.year = ? AND o.cell_id IS NOT NULL"
                " AND o.status IN ('submitted', 'in_progress')"
                " ORDER BY o.owner_member_id LIMIT ?)"
            )
            params += [after, year, owners]
        rows = await self._conn.execute_fetchall(
            f"SELECT {_COLUMNS}, t.created_at AS created_at,"
            " (SELECT max(u.at) FROM task_updates u WHERE u.task_id = t.id) AS touched_at"
            f" FROM tasks t WHERE {where} ORDER BY t.owner_member_id, t.deadline, t.id",
            params,
        )
        return [
            OpenTask(
                task_from_row(row),
                registered_at=from_db(row["created_at"]),
                touched_at=from_db(row["touched_at"] or row["created_at"]),
            )
            for row in rows
        ]
