"""Quiet hours: nobody is reminded at night unless the meeting leaves no other moment."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

_WINDOW = re.compile(r"^\s*(\d{1,2})(?:[:h.](\d{2})?)?\s*[-–—]\s*(\d{1,2})(?:[:h.](\d{2})?)?\s*$")


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


def parse_window(text: str) -> QuietHours | None:
    """``"22:00-06:00"``, ``"22h-6h"``, ``"21.30 – 6.30"`` → the window; None when unreadable.
    The same begin and end (``"0:00-0:00"``) means no quiet hours at all."""
    match = _WINDOW.match(text.strip().lower())
    if match is None:
        return None
    hours = (int(match[1]), int(match[3]))
    minutes = (int(match[2] or 0), int(match[4] or 0))
    if any(h > 23 for h in hours) or any(m > 59 for m in minutes):
        return None
    return QuietHours(time(hours[0], minutes[0]), time(hours[1], minutes[1]))
