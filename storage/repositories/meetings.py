"""Meetings, their units and documents, and the recurring series that materialise them."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from datetime import datetime, timedelta

import aiosqlite

from bot.domain.meetings import (
    Attendees,
    Meeting,
    MeetingDocument,
    MeetingKind,
    MeetingStatus,
    NewMeeting,
    NewSeries,
    Series,
)
from storage.times import from_db, maybe_from_db, to_db

_MEETING = (
    "SELECT m.id, m.kind, m.title, m.starts_at, m.ends_at, m.place, m.online_link, m.agenda,"
    " m.attendees, m.series_id, m.occurrence_at, m.remind_offsets, m.status, m.sequence,"
    " m.created_by, m.created_at,"
    " (SELECT group_concat(unit_id) FROM meeting_units u WHERE u.meeting_id = m.id) AS units"
    " FROM meetings m"
)
_SERIES = (
    "SELECT id, kind, title, rule, trigger_spec, duration_minutes, place, online_link, agenda,"
    " attendees, unit_ids, remind_offsets, starts_from, active, materialised_until, created_by,"
    " created_at FROM meeting_series"
)


_DOCUMENT = "SELECT id, meeting_id, title, file_id, url, added_at FROM meeting_documents"


def _document(row: sqlite3.Row) -> MeetingDocument:
    return MeetingDocument(
        id=row["id"],
        meeting_id=row["meeting_id"],
        title=row["title"],
        file_id=row["file_id"],
        url=row["url"],
        added_at=from_db(row["added_at"]),
    )


def _offsets(text: str) -> tuple[timedelta, ...]:
    return tuple(timedelta(seconds=s) for s in json.loads(text))


def _offsets_json(offsets: Iterable[timedelta]) -> str:
    return json.dumps([int(o.total_seconds()) for o in offsets])


def _meeting(row: sqlite3.Row) -> Meeting:
    units = row["units"] or ""
    return Meeting(
        id=row["id"],
        kind=MeetingKind(row["kind"]),
        title=row["title"],
        starts_at=from_db(row["starts_at"]),
        ends_at=from_db(row["ends_at"]),
        place=row["place"],
        online_link=row["online_link"],
        agenda=row["agenda"],
        attendees=Attendees(row["attendees"]),
        series_id=row["series_id"],
        occurrence_at=maybe_from_db(row["occurrence_at"]),
        remind=_offsets(row["remind_offsets"]),
        status=MeetingStatus(row["status"]),
        sequence=row["sequence"],
        unit_ids=frozenset(int(u) for u in units.split(",") if u),
        created_by=row["created_by"],
        created_at=from_db(row["created_at"]),
    )


def _series(row: sqlite3.Row) -> Series:
    return Series(
        id=row["id"],
        kind=MeetingKind(row["kind"]),
        title=row["title"],
        rule=row["rule"],
        trigger=dict(json.loads(row["trigger_spec"])),
        duration=timedelta(minutes=row["duration_minutes"]),
        place=row["place"],
        online_link=row["online_link"],
        agenda=row["agenda"],
        attendees=Attendees(row["attendees"]),
        unit_ids=frozenset(json.loads(row["unit_ids"])),
        remind=_offsets(row["remind_offsets"]),
        starts_from=from_db(row["starts_from"]),
        active=bool(row["active"]),
        materialised_until=maybe_from_db(row["materialised_until"]),
        created_by=row["created_by"],
        created_at=from_db(row["created_at"]),
    )


class SqliteMeetings:
    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def add(self, meeting: NewMeeting, *, created_by: int | None, at: datetime) -> int:
        async with self._conn.execute(
            "INSERT INTO meetings (kind, title, starts_at, ends_at, place, online_link, agenda,"
            " attendees, series_id, occurrence_at, remind_offsets, created_by, created_at,"
            " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            (
                meeting.kind.value,
                meeting.title,
                to_db(meeting.starts_at),
                to_db(meeting.ends_at),
                meeting.place,
                meeting.online_link,
                meeting.agenda,
                meeting.attendees.value,
                meeting.series_id,
                None if meeting.occurrence_at is None else to_db(meeting.occurrence_at),
                _offsets_json(meeting.remind),
                created_by,
                to_db(at),
                to_db(at),
            ),
        ) as cursor:
            row = await cursor.fetchone()
        assert row is not None
        meeting_id = int(row[0])
        await self._conn.executemany(
            "INSERT INTO meeting_units (meeting_id, unit_id) VALUES (?, ?)",
            [(meeting_id, unit_id) for unit_id in sorted(meeting.unit_ids)],
        )
        return meeting_id

    async def get(self, meeting_id: int) -> Meeting | None:
        async with self._conn.execute(f"{_MEETING} WHERE m.id = ?", (meeting_id,)) as cursor:
            row = await cursor.fetchone()
        return None if row is None else _meeting(row)

    async def between(self, start: datetime, end: datetime) -> list[Meeting]:
        """Meetings starting in ``[start, end)``, cancelled ones included, by start."""
        async with self._conn.execute(
            f"{_MEETING} WHERE m.starts_at >= ? AND m.starts_at < ? ORDER BY m.starts_at, m.id",
            (to_db(start), to_db(end)),
        ) as cursor:
            return [_meeting(row) async for row in cursor]

    async def all(self) -> list[Meeting]:
        async with self._conn.execute(f"{_MEETING} ORDER BY m.starts_at, m.id") as cursor:
            return [_meeting(row) async for row in cursor]

    async def reschedule(
        self, meeting_id: int, starts_at: datetime, ends_at: datetime, at: datetime
    ) -> None:
        await self._conn.execute(
            "UPDATE meetings SET starts_at = ?, ends_at = ?, sequence = sequence + 1,"
            " updated_at = ? WHERE id = ?",
            (to_db(starts_at), to_db(ends_at), to_db(at), meeting_id),
        )

    async def cancel(self, meeting_id: int, at: datetime) -> None:
        await self._conn.execute(
            "UPDATE meetings SET status = 'cancelled', sequence = sequence + 1, updated_at = ?"
            " WHERE id = ?",
            (to_db(at), meeting_id),
        )

    async def edit(
        self,
        meeting_id: int,
        *,
        title: str,
        place: str | None,
        online_link: str | None,
        agenda: str | None,
        at: datetime,
    ) -> None:
        await self._conn.execute(
            "UPDATE meetings SET title = ?, place = ?, online_link = ?, agenda = ?,"
            " sequence = sequence + 1, updated_at = ? WHERE id = ?",
            (title, place, online_link, agenda, to_db(at), meeting_id),
        )

    async def add_document(
        self, meeting_id: int, title: str, *, file_id: str | None, url: str | None, at: datetime
    ) -> int:
        async with self._conn.execute(
            "INSERT INTO meeting_documents (meeting_id, title, file_id, url, added_at)"
            " VALUES (?, ?, ?, ?, ?) RETURNING id",
            (meeting_id, title, file_id, url, to_db(at)),
        ) as cursor:
            row = await cursor.fetchone()
        assert row is not None
        return int(row[0])

    async def documents(self, meeting_id: int) -> list[MeetingDocument]:
        async with self._conn.execute(
            f"{_DOCUMENT} WHERE meeting_id = ? ORDER BY id", (meeting_id,)
        ) as cursor:
            return [_document(row) async for row in cursor]

    async def document(self, document_id: int) -> MeetingDocument | None:
        async with self._conn.execute(f"{_DOCUMENT} WHERE id = ?", (document_id,)) as cursor:
            row = await cursor.fetchone()
        return None if row is None else _document(row)

    async def occurrences(self, series_id: int) -> set[datetime]:
        """The series times already materialised (moved or cancelled ones too)."""
        async with self._conn.execute(
            "SELECT occurrence_at FROM meetings WHERE series_id = ?", (series_id,)
        ) as cursor:
            return {from_db(row[0]) async for row in cursor}

    async def add_series(self, series: NewSeries, *, created_by: int | None, at: datetime) -> int:
        async with self._conn.execute(
            "INSERT INTO meeting_series (kind, title, rule, trigger_spec, duration_minutes, place,"
            " online_link, agenda, attendees, unit_ids, remind_offsets, starts_from, created_by,"
            " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            (
                series.kind.value,
                series.title,
                series.rule,
                json.dumps(series.trigger, sort_keys=True),
                int(series.duration.total_seconds()) // 60,
                series.place,
                series.online_link,
                series.agenda,
                series.attendees.value,
                json.dumps(sorted(series.unit_ids)),
                _offsets_json(series.remind),
                to_db(series.starts_from),
                created_by,
                to_db(at),
            ),
        ) as cursor:
            row = await cursor.fetchone()
        assert row is not None
        return int(row[0])

    async def get_series(self, series_id: int) -> Series | None:
        async with self._conn.execute(f"{_SERIES} WHERE id = ?", (series_id,)) as cursor:
            row = await cursor.fetchone()
        return None if row is None else _series(row)

    async def active_series(self) -> list[Series]:
        async with self._conn.execute(f"{_SERIES} WHERE active = 1 ORDER BY id") as cursor:
            return [_series(row) async for row in cursor]

    async def set_materialised(self, series_id: int, until: datetime) -> None:
        await self._conn.execute(
            "UPDATE meeting_series SET materialised_until = ? WHERE id = ?",
            (to_db(until), series_id),
        )
