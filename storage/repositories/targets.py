"""Targets (chỉ tiêu) and the values recorded for them."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal

import aiosqlite

from bot.domain.inspections.model import ItemKind, TargetKind
from bot.domain.inspections.model import Target as InspectionTarget
from bot.domain.targets.model import Cadence, Comparator, Owner, Source, Target, TargetDraft, Update
from storage.times import from_db, to_db


def _target(row: sqlite3.Row) -> Target:
    return Target(
        id=row["id"],
        year=row["year"],
        title=row["title"],
        planned=Decimal(row["planned"]),
        comparator=Comparator(row["comparator"]),
        unit=row["unit"],
        section=row["section"],
        owner=Owner(row["owner_unit_id"], row["owner_member_id"]),
        accrues=bool(row["accrues"]),
        source=Source(row["source"]),
        cadence=Cadence(row["cadence"]),
        created_at=from_db(row["created_at"]),
        decimals=row["decimals"],
    )


def _update(row: sqlite3.Row) -> Update:
    return Update(
        id=row["id"],
        target_id=row["target_id"],
        at=from_db(row["at"]),
        member_id=row["member_id"],
        value=Decimal(row["value"]),
        note=row["note"],
        file_id=row["file_id"],
        file_kind=row["file_kind"],
        member_name=row["member_name"] or "",
    )


_UPDATES = (
    "SELECT u.*, m.full_name AS member_name FROM target_updates u"
    " LEFT JOIN members m ON m.id = u.member_id"
)


class SqliteTargets:
    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def add(self, year: int, draft: TargetDraft, at: datetime, member_id: int | None) -> int:
        cursor = await self._conn.execute(
            "INSERT INTO targets (year, section, title, unit, planned, comparator, source,"
            " accrues, cadence, owner_unit_id, owner_member_id, created_at, created_by, decimals)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                year,
                draft.section,
                draft.title,
                draft.unit,
                str(draft.planned),
                draft.comparator.value,
                draft.source.value,
                int(draft.accrues),
                draft.cadence.value,
                draft.owner.unit_id,
                draft.owner.member_id,
                to_db(at),
                member_id,
                draft.decimals,
            ),
        )
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    async def replace(self, target_id: int, draft: TargetDraft) -> None:
        await self._conn.execute(
            "UPDATE targets SET section = ?, unit = ?, planned = ?, comparator = ?, source = ?,"
            " accrues = ?, cadence = ?, owner_unit_id = ?, owner_member_id = ?, decimals = ?"
            " WHERE id = ?",
            (
                draft.section,
                draft.unit,
                str(draft.planned),
                draft.comparator.value,
                draft.source.value,
                int(draft.accrues),
                draft.cadence.value,
                draft.owner.unit_id,
                draft.owner.member_id,
                draft.decimals,
                target_id,
            ),
        )

    async def get(self, target_id: int) -> Target | None:
        async with self._conn.execute("SELECT * FROM targets WHERE id = ?", (target_id,)) as c:
            row = await c.fetchone()
        return None if row is None else _target(row)

    async def of_year(self, year: int) -> list[Target]:
        async with self._conn.execute(
            "SELECT * FROM targets WHERE year = ? ORDER BY id", (year,)
        ) as cursor:
            return [_target(row) for row in await cursor.fetchall()]

    async def years(self) -> list[int]:
        async with self._conn.execute("SELECT DISTINCT year FROM targets ORDER BY year") as c:
            return [row[0] for row in await c.fetchall()]

    async def record(
        self,
        target_id: int,
        at: datetime,
        member_id: int | None,
        value: Decimal,
        note: str | None,
        file_id: str | None,
        file_kind: str | None,
    ) -> int:
        cursor = await self._conn.execute(
            "INSERT INTO target_updates (target_id, at, member_id, value, note, file_id,"
            " file_kind) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (target_id, to_db(at), member_id, str(value), note, file_id, file_kind),
        )
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    async def updates(self, target_id: int, limit: int = 20) -> list[Update]:
        """The latest ``limit`` updates, newest first."""
        async with self._conn.execute(
            _UPDATES + " WHERE u.target_id = ? ORDER BY u.at DESC, u.id DESC LIMIT ?",
            (target_id, limit),
        ) as cursor:
            return [_update(row) for row in await cursor.fetchall()]

    async def update(self, update_id: int) -> Update | None:
        async with self._conn.execute(_UPDATES + " WHERE u.id = ?", (update_id,)) as cursor:
            row = await cursor.fetchone()
        return None if row is None else _update(row)

    async def latest(self, target_ids: Sequence[int], until: datetime) -> dict[int, Update]:
        """Each target's latest update at or before ``until``."""
        if not target_ids:
            return {}
        marks = ",".join("?" * len(target_ids))
        async with self._conn.execute(
            _UPDATES + f" WHERE u.target_id IN ({marks}) AND u.at <= ?"
            " ORDER BY u.target_id, u.at, u.id",
            (*target_ids, to_db(until)),
        ) as cursor:
            rows = await cursor.fetchall()
        return {row["target_id"]: _update(row) for row in rows}

    async def updated_since(self, since: datetime) -> set[int]:
        async with self._conn.execute(
            "SELECT DISTINCT target_id FROM target_updates WHERE at >= ?", (to_db(since),)
        ) as cursor:
            return {row[0] for row in await cursor.fetchall()}

    async def task_counts(
        self, year: int, until: datetime, cell_id: int | None = None
    ) -> tuple[int, int]:
        # Registered by the cut-off; done: finished now, its latest verdict recorded by the
        # cut-off (a task written done without one, as an import does: when it last changed).
        one = " AND (t.cell_id = ? OR t.owner_unit_id = ?)" if cell_id is not None else ""
        at = to_db(until)
        async with self._conn.execute(
            "SELECT count(*), coalesce(sum(t.status IN ('done', 'exceeded') AND coalesce(("
            "SELECT max(u.at) FROM task_updates u WHERE u.task_id = t.id"
            " AND u.kind IN ('done', 'exceeded')), t.updated_at) < ?), 0) FROM tasks t"
            " WHERE t.year = ? AND t.status NOT IN ('withdrawn', 'returned') AND t.created_at < ?"
            + one,
            (at, year, at, *((cell_id, cell_id) if cell_id is not None else ())),
        ) as cursor:
            row = await cursor.fetchone()
        return (0, 0) if row is None else (int(row[0]), int(row[1]))

    async def inspected(
        self, year: int, until: datetime
    ) -> list[tuple[ItemKind, InspectionTarget]]:
        async with self._conn.execute(
            "SELECT DISTINCT i.kind, i.target_kind, i.target_id, i.target_cell_id"
            " FROM inspection_items i JOIN inspection_programmes p ON p.id = i.programme_id"
            " WHERE p.year = ? AND p.adopted_at IS NOT NULL AND i.review != 'dropped'"
            " AND EXISTS (SELECT 1 FROM inspection_events e WHERE e.item_id = i.id"
            " AND e.event = 'notified' AND e.at <= ?)",
            (year, to_db(until)),
        ) as cursor:
            return [
                (ItemKind(row[0]), InspectionTarget(TargetKind(row[1]), row[2], row[3]))
                for row in await cursor.fetchall()
            ]

    async def cell_meeting_attendance(
        self, since: datetime, until: datetime
    ) -> list[tuple[int, int, int]]:
        """Each finalised cell meeting started in ``[since, until)`` and ended by ``until``:
        its members recorded (every one in scope, once finalised), attended, unexcused."""
        async with self._conn.execute(
            "SELECT count(a.member_id), coalesce(sum(a.status = 'attended'), 0),"
            " coalesce(sum(a.status = 'unexcused'), 0)"
            " FROM meetings m JOIN attendance_finalised f ON f.meeting_id = m.id"
            " JOIN attendance a ON a.meeting_id = m.id"
            " WHERE m.kind = 'cell_meeting' AND m.status = 'scheduled'"
            " AND m.starts_at >= ? AND m.starts_at < ? AND m.ends_at <= ?"
            " GROUP BY m.id",
            (to_db(since), to_db(until), to_db(until)),
        ) as cursor:
            return [(int(r[0]), int(r[1]), int(r[2])) for r in await cursor.fetchall()]
