"""Review cycles, their entries (one per party member) and the cells' collective reviews; and
the evidence the bot already holds for a member's self-review (tasks, meetings, study)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import date, datetime

import aiosqlite

from bot.domain.model import Channel
from bot.domain.ratings.levels import Level
from bot.domain.ratings.records import CellReview, Cycle, Entry, NotRated, SelfReview
from storage.times import from_db, maybe_from_db, to_db

_CYCLE = (
    "SELECT id, year, quarter, self_review_due, cells_by, decision_by, opened_at, published_at"
    " FROM rating_cycles"
)
_ENTRY = (
    "SELECT e.cycle_id, e.member_id, m.full_name, e.cell_id, e.not_rated, e.not_rated_note,"
    " e.sick_leave, e.answers, e.file_id, e.file_kind, e.self_level, e.self_score,"
    " e.submitted_at, e.proposed_level, e.votes_for, e.votes_total, e.decided_level,"
    " e.decision_reason, e.channel FROM rating_entries e JOIN members m ON m.id = e.member_id"
)


def _cycle(row: Sequence[object]) -> Cycle:
    return Cycle(
        id=int(str(row[0])),
        year=int(str(row[1])),
        quarter=None if row[2] is None else int(str(row[2])),
        self_review_due=date.fromisoformat(str(row[3])),
        cells_by=date.fromisoformat(str(row[4])),
        decision_by=date.fromisoformat(str(row[5])),
        opened_at=from_db(str(row[6])),
        published_at=maybe_from_db(None if row[7] is None else str(row[7])),
    )


def _level(value: object) -> Level | None:
    return None if value is None else Level(str(value))


def _entry(row: Sequence[object]) -> Entry:
    review = None
    if row[12] is not None:
        review = SelfReview(
            answers=json.loads(str(row[7])) if row[7] else {},
            file_id=None if row[8] is None else str(row[8]),
            file_kind=None if row[9] is None else str(row[9]),
            level=Level(str(row[10])),
            score=None if row[11] is None else int(str(row[11])),
            submitted_at=from_db(str(row[12])),
            channel=None if row[18] is None else str(row[18]),
        )
    return Entry(
        cycle_id=int(str(row[0])),
        member_id=int(str(row[1])),
        full_name=str(row[2]),
        cell_id=int(str(row[3])),
        not_rated=None if row[4] is None else NotRated(str(row[4])),
        not_rated_note=str(row[5]),
        sick_leave=bool(row[6]),
        review=review,
        proposed=_level(row[13]),
        votes_for=None if row[14] is None else int(str(row[14])),
        votes_total=None if row[15] is None else int(str(row[15])),
        decided=_level(row[16]),
        decision_reason=str(row[17]),
    )


class SqliteRatings:
    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    # --- cycles -----------------------------------------------------------------------------

    async def open_cycle(
        self,
        *,
        year: int,
        quarter: int | None,
        self_review_due: date,
        cells_by: date,
        decision_by: date,
        at: datetime,
        by: int | None,
    ) -> int:
        cursor = await self._conn.execute(
            "INSERT INTO rating_cycles (year, quarter, self_review_due, cells_by, decision_by,"
            " opened_at, opened_by) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                year,
                quarter,
                self_review_due.isoformat(),
                cells_by.isoformat(),
                decision_by.isoformat(),
                to_db(at),
                by,
            ),
        )
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    async def cycle_for(self, year: int, quarter: int | None) -> Cycle | None:
        async with self._conn.execute(
            _CYCLE + " WHERE year = ? AND coalesce(quarter, 0) = ?", (year, quarter or 0)
        ) as cursor:
            row = await cursor.fetchone()
        return None if row is None else _cycle(row)

    async def cycle(self, cycle_id: int) -> Cycle | None:
        async with self._conn.execute(_CYCLE + " WHERE id = ?", (cycle_id,)) as cursor:
            row = await cursor.fetchone()
        return None if row is None else _cycle(row)

    async def latest(self) -> Cycle | None:
        """The cycle under way (the newest not published), else the newest."""
        async with self._conn.execute(
            _CYCLE + " ORDER BY published_at IS NULL DESC, opened_at DESC, id DESC LIMIT 1"
        ) as cursor:
            row = await cursor.fetchone()
        return None if row is None else _cycle(row)

    async def cycles(self) -> list[Cycle]:
        """Every cycle, oldest first (the export)."""
        async with self._conn.execute(_CYCLE + " ORDER BY year, coalesce(quarter, 0), id") as cur:
            return [_cycle(row) async for row in cur]

    async def open_cycles(self) -> list[Cycle]:
        async with self._conn.execute(_CYCLE + " WHERE published_at IS NULL ORDER BY id") as cur:
            return [_cycle(row) async for row in cur]

    async def publish(self, cycle_id: int, at: datetime) -> None:
        await self._conn.execute(
            "UPDATE rating_cycles SET published_at = ? WHERE id = ?", (to_db(at), cycle_id)
        )

    # --- entries ----------------------------------------------------------------------------

    async def add_entries(self, cycle_id: int, members: Iterable[tuple[int, int]]) -> int:
        """One entry per (member, cell); returns how many were added."""
        rows = [(cycle_id, member_id, cell_id) for member_id, cell_id in members]
        await self._conn.executemany(
            "INSERT INTO rating_entries (cycle_id, member_id, cell_id) VALUES (?, ?, ?)"
            " ON CONFLICT DO NOTHING",
            rows,
        )
        return len(rows)

    async def entry(self, cycle_id: int, member_id: int) -> Entry | None:
        async with self._conn.execute(
            _ENTRY + " WHERE e.cycle_id = ? AND e.member_id = ?", (cycle_id, member_id)
        ) as cursor:
            row = await cursor.fetchone()
        return None if row is None else _entry(row)

    async def entries(self, cycle_id: int, cell_id: int | None = None) -> list[Entry]:
        where = " WHERE e.cycle_id = ?" + ("" if cell_id is None else " AND e.cell_id = ?")
        params: tuple[int, ...] = (cycle_id,) if cell_id is None else (cycle_id, cell_id)
        async with self._conn.execute(
            _ENTRY + where + " ORDER BY e.cell_id, m.full_name, e.member_id", params
        ) as cursor:
            return [_entry(row) async for row in cursor]

    async def mark_not_rated(
        self, cycle_id: int, member_id: int, reason: NotRated | None, note: str
    ) -> None:
        await self._conn.execute(
            "UPDATE rating_entries SET not_rated = ?, not_rated_note = ?"
            " WHERE cycle_id = ? AND member_id = ?",
            (None if reason is None else reason.value, note, cycle_id, member_id),
        )

    async def mark_sick_leave(self, cycle_id: int, member_id: int, sick: bool) -> None:
        await self._conn.execute(
            "UPDATE rating_entries SET sick_leave = ? WHERE cycle_id = ? AND member_id = ?",
            (int(sick), cycle_id, member_id),
        )

    async def save_review(
        self, cycle_id: int, member_id: int, review: SelfReview, channel: Channel
    ) -> None:
        await self._conn.execute(
            "UPDATE rating_entries SET answers = ?, file_id = ?, file_kind = ?, channel = ?,"
            " self_level = ?, self_score = ?, submitted_at = ?"
            " WHERE cycle_id = ? AND member_id = ?",
            (
                json.dumps(review.answers, ensure_ascii=False) if review.answers else None,
                review.file_id,
                review.file_kind,
                channel.value,
                review.level.value,
                review.score,
                to_db(review.submitted_at),
                cycle_id,
                member_id,
            ),
        )

    async def propose(
        self,
        cycle_id: int,
        member_id: int,
        level: Level,
        votes: tuple[int, int] | None,
        at: datetime,
        by: int | None,
    ) -> None:
        await self._conn.execute(
            "UPDATE rating_entries SET proposed_level = ?, votes_for = ?, votes_total = ?,"
            " proposed_at = ?, proposed_by = ? WHERE cycle_id = ? AND member_id = ?",
            (
                level.value,
                None if votes is None else votes[0],
                None if votes is None else votes[1],
                to_db(at),
                by,
                cycle_id,
                member_id,
            ),
        )

    async def decide(
        self,
        cycle_id: int,
        member_id: int,
        level: Level,
        reason: str,
        at: datetime,
        by: int | None,
    ) -> None:
        await self._conn.execute(
            "UPDATE rating_entries SET decided_level = ?, decision_reason = ?, decided_at = ?,"
            " decided_by = ? WHERE cycle_id = ? AND member_id = ?",
            (level.value, reason, to_db(at), by, cycle_id, member_id),
        )

    async def accept_proposals(self, cycle_id: int, at: datetime, by: int | None) -> int:
        """Every proposal not yet decided becomes the decision; returns how many."""
        cursor = await self._conn.execute(
            "UPDATE rating_entries SET decided_level = proposed_level, decided_at = ?,"
            " decided_by = ? WHERE cycle_id = ? AND decided_level IS NULL"
            " AND proposed_level IS NOT NULL AND not_rated IS NULL",
            (to_db(at), by, cycle_id),
        )
        return cursor.rowcount

    async def level_counts(self, cycle_id: int) -> dict[tuple[int, Level], int]:
        """Per cell and level: those rated at it as things stand (decided, else proposed)."""
        async with self._conn.execute(
            "SELECT cell_id, coalesce(decided_level, proposed_level) AS level, count(*)"
            " FROM rating_entries WHERE cycle_id = ? AND not_rated IS NULL"
            " AND coalesce(decided_level, proposed_level) IS NOT NULL"
            " GROUP BY cell_id, level",
            (cycle_id,),
        ) as cursor:
            return {(row[0], Level(row[1])): row[2] async for row in cursor}

    async def state_counts(self, cycle_id: int) -> dict[int, tuple[int, int, int, int, int]]:
        """Per cell: entries, not rated, submitted, proposed, decided."""
        async with self._conn.execute(
            "SELECT cell_id, count(*), count(not_rated), count(submitted_at),"
            " count(proposed_level), count(decided_level)"
            " FROM rating_entries WHERE cycle_id = ? GROUP BY cell_id",
            (cycle_id,),
        ) as cursor:
            return {row[0]: (row[1], row[2], row[3], row[4], row[5]) async for row in cursor}

    # --- cells ------------------------------------------------------------------------------

    async def cell_review(self, cycle_id: int, cell_id: int) -> CellReview:
        async with self._conn.execute(
            "SELECT level, note, submitted_at FROM rating_cells WHERE cycle_id = ? AND cell_id = ?",
            (cycle_id, cell_id),
        ) as cursor:
            row = await cursor.fetchone()
        if row is None:
            return CellReview(cycle_id, cell_id)
        return CellReview(cycle_id, cell_id, _level(row[0]), row[1], maybe_from_db(row[2]))

    async def cell_reviews(self, cycle_id: int) -> dict[int, CellReview]:
        async with self._conn.execute(
            "SELECT cell_id, level, note, submitted_at FROM rating_cells WHERE cycle_id = ?",
            (cycle_id,),
        ) as cursor:
            return {
                row[0]: CellReview(cycle_id, row[0], _level(row[1]), row[2], maybe_from_db(row[3]))
                async for row in cursor
            }

    async def save_cell_review(self, cycle_id: int, cell_id: int, level: Level, note: str) -> None:
        await self._conn.execute(
            "INSERT INTO rating_cells (cycle_id, cell_id, level, note) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (cycle_id, cell_id) DO UPDATE SET level = excluded.level,"
            " note = excluded.note",
            (cycle_id, cell_id, level.value, note),
        )

    async def submit_cell(self, cycle_id: int, cell_id: int, at: datetime, by: int | None) -> None:
        await self._conn.execute(
            "INSERT INTO rating_cells (cycle_id, cell_id, submitted_at, submitted_by)"
            " VALUES (?, ?, ?, ?) ON CONFLICT (cycle_id, cell_id) DO UPDATE SET"
            " submitted_at = excluded.submitted_at, submitted_by = excluded.submitted_by",
            (cycle_id, cell_id, to_db(at), by),
        )

    # --- evidence ---------------------------------------------------------------------------

    async def finished_tasks(
        self, member_id: int, year: int
    ) -> list[tuple[str, date, datetime | None]]:
        """A member's approved tasks of ``year``: status, deadline, and when the verdict that
        closed it was recorded (None while open)."""
        async with self._conn.execute(
            "SELECT t.status, t.deadline, (SELECT max(u.at) FROM task_updates u"
            "  WHERE u.task_id = t.id AND u.kind IN ('done', 'exceeded', 'not_achieved'))"
            " FROM tasks t WHERE t.owner_member_id = ? AND t.year = ?"
            " AND t.status IN ('in_progress', 'done', 'exceeded', 'not_achieved')",
            (member_id, year),
        ) as cursor:
            return [
                (row[0], date.fromisoformat(row[1]), maybe_from_db(row[2])) async for row in cursor
            ]

    async def attendance(
        self, member_id: int, since: datetime, until: datetime
    ) -> dict[str, dict[str, int]]:
        """Per meeting kind and attendance status: how many, of the meetings held in
        ``[since, until)``."""
        found: dict[str, dict[str, int]] = {}
        async with self._conn.execute(
            "SELECT m.kind, a.status, count(*) FROM attendance a"
            " JOIN meetings m ON m.id = a.meeting_id"
            " WHERE a.member_id = ? AND m.status = 'scheduled'"
            " AND m.starts_at >= ? AND m.starts_at < ? GROUP BY m.kind, a.status",
            (member_id, to_db(since), to_db(until)),
        ) as cursor:
            async for kind, status, count in cursor:
                found.setdefault(kind, {})[status] = count
        return found
