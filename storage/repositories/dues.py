"""Party dues months (one row per member per month that something was recorded for)."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import datetime

import aiosqlite

from bot.domain.dues.model import DuesRecord, DuesState
from storage.times import from_db, to_db

_CHUNK = 900  # ids per statement: under SQLite's limit on parameters


def _record(row: sqlite3.Row) -> DuesRecord:
    return DuesRecord(
        member_id=row["member_id"],
        year=row["year"],
        month=row["month"],
        state=DuesState(row["state"]),
        reason=row["reason"],
        in_cash=bool(row["in_cash"]),
        recorded_by=row["recorded_by"],
        recorded_at=from_db(row["recorded_at"]),
    )


def _chunks(ids: list[int]) -> list[list[int]]:
    return [ids[start : start + _CHUNK] for start in range(0, len(ids), _CHUNK)]


class SqliteDues:
    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def get(self, member_id: int, year: int, month: int) -> DuesRecord | None:
        async with self._conn.execute(
            "SELECT * FROM dues_months WHERE member_id = ? AND year = ? AND month = ?",
            (member_id, year, month),
        ) as cursor:
            row = await cursor.fetchone()
        return None if row is None else _record(row)

    async def save(self, record: DuesRecord) -> None:
        assert record.recorded_at is not None
        await self._conn.execute(
            "INSERT INTO dues_months (member_id, year, month, state, reason, in_cash,"
            " recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (member_id, year, month) DO UPDATE SET state = excluded.state,"
            " reason = excluded.reason, in_cash = excluded.in_cash,"
            " recorded_by = excluded.recorded_by, recorded_at = excluded.recorded_at",
            (
                record.member_id,
                record.year,
                record.month,
                record.state.value,
                record.reason,
                int(record.in_cash),
                record.recorded_by,
                to_db(record.recorded_at),
            ),
        )

    async def of_year(self, year: int, member_ids: Sequence[int] | None) -> list[DuesRecord]:
        """The year's records of ``member_ids`` (None: everyone's), by member and month."""
        if member_ids is None:
            async with self._conn.execute(
                "SELECT * FROM dues_months WHERE year = ? ORDER BY member_id, month", (year,)
            ) as cursor:
                return [_record(row) async for row in cursor]
        found: list[DuesRecord] = []
        ids = list(member_ids)
        for start in range(0, len(ids), _CHUNK):
            chunk = ids[start : start + _CHUNK]
            marks = ",".join("?" * len(chunk))
            async with self._conn.execute(
                f"SELECT * FROM dues_months WHERE year = ? AND member_id IN ({marks})"
                " ORDER BY member_id, month",
                (year, *chunk),
            ) as cursor:
                found += [_record(row) async for row in cursor]
        return found

    async def all(self) -> list[DuesRecord]:
        """Every month recorded, by year, member and month (the export)."""
        async with self._conn.execute(
            "SELECT * FROM dues_months ORDER BY year, member_id, month"
        ) as cursor:
            return [_record(row) async for row in cursor]

    async def states_of_year(
        self, year: int, member_ids: Sequence[int] | None
    ) -> dict[int, dict[int, DuesState]]:
        """Member → month → state, for ``member_ids`` (None: everyone): what the figures and
        the reminders count, without the rest of each row."""
        found: dict[int, dict[int, DuesState]] = {}
        states = {state.value: state for state in DuesState}
        sql = "SELECT member_id, month, state FROM dues_months WHERE year = ?"
        chunks = [None] if member_ids is None else _chunks(list(member_ids))
        for chunk in chunks:
            query, params = sql, [year]
            if chunk is not None:
                query += f" AND member_id IN ({','.join('?' * len(chunk))})"
                params += chunk
            async with self._conn.execute(query, params) as cursor:
                async for member_id, month, state in cursor:
                    found.setdefault(member_id, {})[month] = states[state]
        return found

    async def claims(self, member_ids: Sequence[int] | None) -> list[DuesRecord]:
        """Months ``member_ids`` (None: anyone) said they paid, not confirmed yet."""
        sql = "SELECT * FROM dues_months WHERE state = 'claimed'"
        found: list[DuesRecord] = []
        for chunk in [None] if member_ids is None else _chunks(list(member_ids)):
            query, params = sql, list(chunk or [])
            if chunk is not None:
                query += f" AND member_id IN ({','.join('?' * len(chunk))})"
            async with self._conn.execute(query, params) as cursor:
                found += [_record(row) async for row in cursor]
        return sorted(found, key=lambda r: (r.year, r.month, r.member_id))

    async def listed_at(self, member_ids: Sequence[int] | None = None) -> dict[int, datetime]:
        """When each of ``member_ids`` (None: every member) was put on the list: their first
        tracked month."""
        if member_ids is None:
            async with self._conn.execute("SELECT id, created_at FROM members") as cursor:
                return {row["id"]: from_db(row["created_at"]) async for row in cursor}
        found: dict[int, datetime] = {}
        ids = list(member_ids)
        for start in range(0, len(ids), _CHUNK):
            chunk = ids[start : start + _CHUNK]
            marks = ",".join("?" * len(chunk))
            async with self._conn.execute(
                f"SELECT id, created_at FROM members WHERE id IN ({marks})", chunk
            ) as cursor:
                found.update({row["id"]: from_db(row["created_at"]) async for row in cursor})
        return found
