"""What the period report of inspection and supervision reads: a year's items with the times
of their steps, their remediation actions, and the targets noted on in a span of time."""

from __future__ import annotations

from datetime import datetime

import aiosqlite

from bot.domain.inspections.model import ItemKind, ItemState, Target, TargetKind
from bot.domain.inspections.records import Review
from storage.times import from_db, maybe_from_db, to_db

# Items of the adopted programmes of a year (and a draft's accepted ones are not counted: a
# draft is not a programme yet), with the first time each step was taken.
_ITEMS = (
    "SELECT i.id, i.kind, i.target_kind, i.target_id, i.target_cell_id, i.month, i.state,"
    " (SELECT min(e.at) FROM inspection_events e WHERE e.item_id = i.id"
    "  AND e.event = 'notified') AS notified_at,"
    " (SELECT min(e.at) FROM inspection_events e WHERE e.item_id = i.id"
    "  AND e.event = 'concluded') AS concluded_at,"
    " (SELECT min(e.at) FROM inspection_events e WHERE e.item_id = i.id"
    "  AND e.event = 'closed') AS closed_at"
    " FROM inspection_items i JOIN inspection_programmes p ON p.id = i.programme_id"
    " WHERE p.year = ? AND (p.adopted_at IS NOT NULL OR i.kind = 'violation_inspection')"
    f" AND i.review != '{Review.DROPPED.value}'"
)

# Looked up by value in a dict: thousands of rows, and an enum's call is slow.
_KINDS = {k.value: k for k in ItemKind}
_TARGETS = {k.value: k for k in TargetKind}
_STATES = {s.value: s for s in ItemState}

ItemRow = tuple[ItemKind, Target, int, ItemState, datetime | None, datetime | None, datetime | None]
ActionRow = tuple[datetime, datetime | None, datetime | None]


class SqliteInspectionFigures:
    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def year_items(self, year: int, unit_id: int | None) -> list[ItemRow]:
        """Every counted item of ``year``'s programmes (``unit_id`` None), or of one unit's:
        kind, target, month, state and when it was notified, concluded and closed."""
        where, params = (
            ("", (year,)) if unit_id is None else (" AND p.unit_id = ?", (year, unit_id))
        )
        async with self._conn.execute(_ITEMS + where, params) as cursor:
            rows = await cursor.fetchall()  # in one hop: a large programme has thousands
        return [
            (
                _KINDS[row[1]],
                Target(_TARGETS[row[2]], row[3], row[4]),
                row[5],
                _STATES[row[6]],
                maybe_from_db(row[7]),
                maybe_from_db(row[8]),
                maybe_from_db(row[9]),
            )
            for row in rows
        ]

    async def year_actions(self, year: int, unit_id: int | None) -> list[ActionRow]:
        """The remediation actions of those items: created, done and verified."""
        where, params = (
            ("", (year,)) if unit_id is None else (" AND p.unit_id = ?", (year, unit_id))
        )
        async with self._conn.execute(
            "SELECT a.created_at, a.done_at, a.verified_at FROM remediation_actions a"
            " JOIN inspection_items i ON i.id = a.item_id"
            " JOIN inspection_programmes p ON p.id = i.programme_id"
            f" WHERE p.year = ? AND i.review != 'dropped'{where}",
            params,
        ) as cursor:
            rows = await cursor.fetchall()
        return [(from_db(row[0]), maybe_from_db(row[1]), maybe_from_db(row[2])) for row in rows]

    async def noted_targets(self, since: datetime, until: datetime) -> set[tuple[TargetKind, int]]:
        """The targets with a supervision note dated in ``[since, until)``."""
        async with self._conn.execute(
            "SELECT DISTINCT target_kind, target_id FROM supervision_notes"
            " WHERE at >= ? AND at < ?",
            (to_db(since), to_db(until)),
        ) as cursor:
            rows = await cursor.fetchall()
        return {(_TARGETS[row[0]], row[1]) for row in rows}
