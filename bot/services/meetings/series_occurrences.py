"""A series' occurrences written as ordinary meeting rows: ``materialise`` (the periodic job,
every active series a few months ahead) and the first months of a series just created.

A part of :class:`bot.services.meetings.meetings.MeetingService` (its base class), kept apart so
each module stays small. Occurrences are keyed by the series' own time, so running it again adds
nothing and a moved or cancelled occurrence is never recreated.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.clock import Clock
from bot.domain.meetings import NewMeeting, Series
from bot.services.meetings.ports import MeetingsUnitOfWork
from bot.services.meetings.recurrence import Recurrence
from bot.services.ports import Database

MATERIALISE_AHEAD = timedelta(days=120)
STEP = timedelta(days=1)  # how far behind ``until`` a series may lag between runs


class SeriesOccurrences:
    _db: Database[MeetingsUnitOfWork]
    _clock: Clock
    zone: ZoneInfo

    async def materialise(self, until: datetime | None = None) -> int:
        """Writes every active series' occurrences up to ``until``; returns how many were new."""
        now = self._clock.now()
        until = until or now + MATERIALISE_AHEAD
        async with self._db.read() as uow:
            found = await uow.meetings.active_series()
        # Run every few minutes with a thousand series: those materialised to within a day of
        # ``until`` wait for a later run (their next occurrence is months away), found without
        # holding the writer; the others are written a few at a time.
        due = [
            s.id
            for s in found
            if s.materialised_until is None or s.materialised_until < until - STEP
        ]
        added = 0
        for first in range(0, len(due), 50):
            async with self._db.write() as uow:
                for series_id in due[first : first + 50]:
                    series = await uow.meetings.get_series(series_id)
                    if series is not None and series.active:
                        added += len(await self._materialise_series(uow, series, until, now))
        return added

    def _starts(self, series: Series, until: datetime) -> Iterator[datetime]:
        """Occurrences from where the last run stopped (a year on, not every past one again)."""
        since = max(series.starts_from, series.materialised_until or series.starts_from)
        return Recurrence(dict(series.trigger)).occurrences(self.zone, since, until)

    async def _materialise_series(
        self, uow: MeetingsUnitOfWork, series: Series, until: datetime, now: datetime
    ) -> list[int]:
        known = await uow.meetings.occurrences(series.id)
        ids = []
        for start in self._starts(series, until):
            if start in known:
                continue
            meeting = NewMeeting(
                kind=series.kind, title=series.title, starts_at=start,
                ends_at=start + series.duration, attendees=series.attendees,
                unit_ids=series.unit_ids, remind=series.remind, place=series.place,
                online_link=series.online_link, agenda=series.agenda, series_id=series.id,
                occurrence_at=start,
            )  # fmt: skip
            ids.append(await uow.meetings.add(meeting, created_by=series.created_by, at=now))
        if series.materialised_until is None or until > series.materialised_until:
            await uow.meetings.set_materialised(series.id, until)
        return ids
