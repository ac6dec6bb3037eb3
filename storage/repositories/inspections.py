"""Inspection programmes, their items, steps and changes, and supervision notes (self-reports
and remediation are in ``inspection_responses``, whose methods the repository inherits)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime

from bot.domain.inspections.model import ItemKind, ItemState, Target, TargetKind
from bot.domain.inspections.records import (
    Event,
    Item,
    ItemDraft,
    Programme,
    Review,
    SupervisionNote,
)
from storage.repositories.inspection_responses import SqliteInspectionResponses
from storage.times import from_db, maybe_from_db, to_db

# The columns an item's change may set, and how a value is written.
_SETTABLE = frozenset(
    {
        "kind",
        "content",
        "target_kind",
        "target_id",
        "target_cell_id",
        "period",
        "month",
        "lead_id",
        "method",
        "decision_ref",
        "self_report_due",
        "state",
        "review",
        "conclusion",
        "self_report_at",
    }
)

# Items per INSERT statement (14 parameters each: well under SQLite's 32,766).
_ROWS_PER_INSERT = 250

_ITEMS = (
    "SELECT i.*, (SELECT group_concat(member_id) FROM inspection_team t"
    " WHERE t.item_id = i.id) AS team FROM inspection_items i"
)


def _date(value: str | None) -> date | None:
    return None if value is None else date.fromisoformat(value)


def _programme(row: sqlite3.Row) -> Programme:
    return Programme(
        row["id"], row["year"], row["unit_id"], maybe_from_db(row["adopted_at"]), row["adopted_by"]
    )


def _item(row: sqlite3.Row) -> Item:
    team = row["team"]
    return Item(
        id=row["id"],
        programme_id=row["programme_id"],
        kind=ItemKind(row["kind"]),
        content=row["content"],
        target=Target(TargetKind(row["target_kind"]), row["target_id"], row["target_cell_id"]),
        month=row["month"],
        lead_id=row["lead_id"],
        team_ids=tuple(sorted(int(m) for m in team.split(","))) if team else (),
        period=row["period"],
        method=row["method"],
        decision_ref=row["decision_ref"],
        reason=row["reason"],
        state=ItemState(row["state"]),
        review=Review(row["review"]),
        self_report_due=_date(row["self_report_due"]),
        self_report_at=maybe_from_db(row["self_report_at"]),
        conclusion=row["conclusion"],
    )


def _value(value: object) -> object:
    if isinstance(value, datetime):
        return to_db(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


class SqliteInspections(SqliteInspectionResponses):
    # Programmes

    async def programme(self, year: int, unit_id: int) -> Programme | None:
        async with self._conn.execute(
            "SELECT * FROM inspection_programmes WHERE year = ? AND unit_id = ?", (year, unit_id)
        ) as cursor:
            row = await cursor.fetchone()
        return None if row is None else _programme(row)

    async def programme_by_id(self, programme_id: int) -> Programme | None:
        async with self._conn.execute(
            "SELECT * FROM inspection_programmes WHERE id = ?", (programme_id,)
        ) as cursor:
            row = await cursor.fetchone()
        return None if row is None else _programme(row)

    async def programmes(self, year: int) -> list[Programme]:
        async with self._conn.execute(
            "SELECT * FROM inspection_programmes WHERE year = ? ORDER BY id", (year,)
        ) as cursor:
            return [_programme(row) async for row in cursor]

    async def all_programmes(self) -> list[Programme]:
        """Every year's programmes, the organisation's and the cells' (the export)."""
        async with self._conn.execute(
            "SELECT * FROM inspection_programmes ORDER BY year, id"
        ) as cursor:
            return [_programme(row) async for row in cursor]

    async def create_programme(self, year: int, unit_id: int, at: datetime) -> int:
        cursor = await self._conn.execute(
            "INSERT INTO inspection_programmes (year, unit_id, created_at) VALUES (?, ?, ?)",
            (year, unit_id, to_db(at)),
        )
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    async def clear_draft(self, programme_id: int, limit: int | None = None) -> int:
        """Removes a draft's items (a new proposal replaces them), at most ``limit`` of them
        (a large draft is cleared a few hundred items a transaction); how many went."""
        if limit is None:
            cursor = await self._conn.execute(
                "DELETE FROM inspection_items WHERE programme_id = ?", (programme_id,)
            )
        else:
            cursor = await self._conn.execute(
                "DELETE FROM inspection_items WHERE id IN (SELECT id FROM inspection_items"
                " WHERE programme_id = ? LIMIT ?)",
                (programme_id, limit),
            )
        return cursor.rowcount

    async def adopt(self, programme_id: int, at: datetime, member_id: int | None) -> None:
        await self._conn.execute(
            "UPDATE inspection_programmes SET adopted_at = ?, adopted_by = ? WHERE id = ?",
            (to_db(at), member_id, programme_id),
        )
        await self._conn.execute(
            "UPDATE inspection_items SET review = 'accepted'"
            " WHERE programme_id = ? AND review = 'proposed'",
            (programme_id,),
        )
        await self._conn.execute(
            "DELETE FROM inspection_items WHERE programme_id = ? AND review = 'dropped'",
            (programme_id,),
        )

    # Items

    async def add_items(
        self, programme_id: int, drafts: Sequence[ItemDraft], review: Review, at: datetime
    ) -> list[int]:
        """The new items' ids, in ``drafts``' order. A statement per 250 items (a multi-row
        insert numbers its rows in order: the ids returned, sorted, are the drafts') and one for
        their teams: a few round trips to the writer's thread, not two per item."""
        ids: list[int] = []
        for start in range(0, len(drafts), _ROWS_PER_INSERT):
            chunk = drafts[start : start + _ROWS_PER_INSERT]
            ids += await self._insert_items(programme_id, chunk, review, at)
        await self._conn.executemany(
            "INSERT OR IGNORE INTO inspection_team (item_id, member_id) VALUES (?, ?)",
            [
                (item_id, member_id)
                for item_id, draft in zip(ids, drafts, strict=True)
                for member_id in draft.team_ids
            ],
        )
        return ids

    async def _insert_items(
        self, programme_id: int, drafts: Sequence[ItemDraft], review: Review, at: datetime
    ) -> list[int]:
        values = ", ".join(["(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"] * len(drafts))
        params: list[object] = []
        for draft in drafts:
            params += [
                programme_id,
                draft.kind.value,
                draft.content,
                draft.target.kind.value,
                draft.target.id,
                draft.target.cell_id,
                draft.period,
                draft.month,
                draft.lead_id,
                draft.method,
                draft.decision_ref,
                review.value,
                draft.reason,
                to_db(at),
            ]
        rows = await self._conn.execute_fetchall(
            "INSERT INTO inspection_items (programme_id, kind, content, target_kind,"
            " target_id, target_cell_id, period, month, lead_id, method, decision_ref,"
            f" review, reason, created_at) VALUES {values} RETURNING id",
            params,
        )
        return sorted(int(row[0]) for row in rows)

    async def item(self, item_id: int) -> Item | None:
        async with self._conn.execute(f"{_ITEMS} WHERE i.id = ?", (item_id,)) as cursor:
            row = await cursor.fetchone()
        return None if row is None else _item(row)

    async def items(self, programme_id: int) -> list[Item]:
        async with self._conn.execute(
            f"{_ITEMS} WHERE i.programme_id = ? ORDER BY i.month, i.id", (programme_id,)
        ) as cursor:
            return [_item(row) async for row in cursor]

    async def items_of_year(self, year: int, *, adopted_only: bool = True) -> list[Item]:
        """Every item of ``year``'s programmes (the organisation's and the cells')."""
        adopted = " AND p.adopted_at IS NOT NULL AND i.review != 'dropped'" if adopted_only else ""
        async with self._conn.execute(
            f"{_ITEMS} JOIN inspection_programmes p ON p.id = i.programme_id"
            f" WHERE p.year = ?{adopted} ORDER BY i.month, i.id",
            (year,),
        ) as cursor:
            return [_item(row) async for row in cursor]

    async def open_items(self) -> list[Item]:
        """Items of adopted programmes that are not closed, whatever the year."""
        async with self._conn.execute(
            f"{_ITEMS} JOIN inspection_programmes p ON p.id = i.programme_id"
            " WHERE p.adopted_at IS NOT NULL AND i.review != 'dropped' AND i.state != 'closed'"
            " ORDER BY i.id"
        ) as cursor:
            return [_item(row) async for row in cursor]

    async def update_item(self, item_id: int, fields: Mapping[str, object]) -> None:
        unknown = set(fields) - _SETTABLE
        if unknown:
            raise ValueError(f"not an item's column: {sorted(unknown)}")
        if not fields:
            return
        columns = ", ".join(f"{name} = ?" for name in fields)
        await self._conn.execute(
            f"UPDATE inspection_items SET {columns} WHERE id = ?",
            [*(_value(v) for v in fields.values()), item_id],
        )

    async def set_team(self, item_id: int, member_ids: Iterable[int]) -> None:
        await self._conn.execute("DELETE FROM inspection_team WHERE item_id = ?", (item_id,))
        await self._conn.executemany(
            "INSERT OR IGNORE INTO inspection_team (item_id, member_id) VALUES (?, ?)",
            [(item_id, member_id) for member_id in member_ids],
        )

    async def quota_targets(self, year: int, unit_id: int) -> list[tuple[ItemKind, Target]]:
        """The kind and target of each item of an adopted programme, for the quota lines:
        one row per distinct (kind, target), counted in SQL whatever the programme's size."""
        async with self._conn.execute(
            "SELECT DISTINCT i.kind, i.target_kind, i.target_id, i.target_cell_id"
            " FROM inspection_items i JOIN inspection_programmes p ON p.id = i.programme_id"
            " WHERE p.year = ? AND p.unit_id = ? AND i.review != 'dropped'",
            (year, unit_id),
        ) as cursor:
            return [
                (ItemKind(row[0]), Target(TargetKind(row[1]), row[2], row[3]))
                async for row in cursor
            ]

    # History

    async def add_event(
        self, item_id: int, at: datetime, member_id: int | None, event: str, detail: str = ""
    ) -> None:
        await self._conn.execute(
            "INSERT INTO inspection_events (item_id, at, member_id, event, detail)"
            " VALUES (?, ?, ?, ?, ?)",
            (item_id, to_db(at), member_id, event, detail),
        )

    async def add_events(
        self,
        item_ids: Sequence[int],
        at: datetime,
        member_id: int | None,
        event: str,
        detail: str = "",
    ) -> None:
        """The same event for each of ``item_ids`` (a draft's items created), one statement."""
        await self._conn.executemany(
            "INSERT INTO inspection_events (item_id, at, member_id, event, detail)"
            " VALUES (?, ?, ?, ?, ?)",
            [(item_id, to_db(at), member_id, event, detail) for item_id in item_ids],
        )

    async def events(self, item_id: int) -> list[Event]:
        async with self._conn.execute(
            "SELECT at, member_id, event, detail FROM inspection_events WHERE item_id = ?"
            " ORDER BY id",
            (item_id,),
        ) as cursor:
            return [Event(from_db(row[0]), row[1], row[2], row[3]) async for row in cursor]

    async def last_done(self, before_year: int) -> list[tuple[ItemKind, Target, date]]:
        """Each target's latest concluded item before ``before_year``: the planner's history."""
        async with self._conn.execute(
            "SELECT i.kind, i.target_kind, i.target_id, i.target_cell_id, max(e.at)"
            " FROM inspection_items i JOIN inspection_programmes p ON p.id = i.programme_id"
            " JOIN inspection_events e ON e.item_id = i.id AND e.event = 'concluded'"
            " WHERE p.year < ? GROUP BY i.kind, i.target_kind, i.target_id",
            (before_year,),
        ) as cursor:
            return [
                (
                    ItemKind(row[0]),
                    Target(TargetKind(row[1]), row[2], row[3]),
                    from_db(row[4]).date(),
                )
                async for row in cursor
            ]

    # Regular supervision notes

    async def add_note(self, target: Target, at: datetime, member_id: int | None, note: str) -> int:
        cursor = await self._conn.execute(
            "INSERT INTO supervision_notes (target_kind, target_id, target_cell_id, at,"
            " member_id, note) VALUES (?, ?, ?, ?, ?, ?)",
            (target.kind.value, target.id, target.cell_id, to_db(at), member_id, note),
        )
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    async def notes(self, target: Target, limit: int = 20) -> list[SupervisionNote]:
        async with self._conn.execute(
            "SELECT * FROM supervision_notes WHERE target_kind = ? AND target_id = ?"
            " ORDER BY at DESC, id DESC LIMIT ?",
            (target.kind.value, target.id, limit),
        ) as cursor:
            return [
                SupervisionNote(
                    row["id"],
                    Target(TargetKind(row["target_kind"]), row["target_id"], row["target_cell_id"]),
                    from_db(row["at"]),
                    row["member_id"],
                    row["note"],
                )
                async for row in cursor
            ]
