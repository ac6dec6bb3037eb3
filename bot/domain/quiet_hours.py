"""Quiet hours: nobody is reminded at night unless the meeting leaves no other moment."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo


@dataclass(frozen=True)
class QuietHours:
    begins: time = time(21, 30)
    ends: time = time(6, 30)

    def _window(self, local: datetime) -> tuple[datetime, datetime] | None:
        """The quiet window (local begin, local end) that ``local`` falls in, if any."""
        clock = local.time().replace(tzinfo=None)
        today = local.replace(hour=0, minute=0, second=0, microsecond=0)

        def at(day: datetime, moment: time) -> datetime:
            return day.replace(hour=moment.hour, minute=moment.minute)

        if self.begins <= self.ends:  # a window inside one day
            if self.begins <= clock < self.ends:
                return at(today, self.begins), at(today, self.ends)
            return None
        if clock >= self.begins:  # the evening part of a window across midnight
            return at(today, self.begins), at(today + timedelta(days=1), self.ends)
        if clock < self.ends:  # the morning part
            return at(today - timedelta(days=1), self.begins), at(today, self.ends)
        return None

    def move(self, due: datetime, deadline: datetime, zone: ZoneInfo) -> datetime:
        """``due`` moved to the end of the quiet hours it falls in; to their beginning instead
        when their end is not before ``deadline`` (the meeting's start)."""
        window = self._window(due.astimezone(zone))
        if window is None:
            return due
        begin, end = window
        return end if end < deadline else begin
