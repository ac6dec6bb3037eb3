"""Quiet hours: nobody is reminded at night unless the meeting leaves no other moment."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

_OFF = {"tắt", "tat", "off", "không", "khong", "không cần", "khong can", "none", "no"}
_TIME = r"(\d{1,2})\s*(?:(?::|\.|h|g|giờ|gio)\s*(\d{1,2})?)?"
_RANGE = re.compile(rf"^{_TIME}\s*(?:-|–|—|đến|den|to)\s*{_TIME}$")


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
    """``"22:00-06:00"``, ``"22h-6h"``, ``"21g30 đến 6g"``, ``"21.30 – 6.30"`` → the window;
    ``"tắt"``/``"off"`` or the same begin and end → no quiet hours (00:00–00:00); None when
    unreadable."""
    clean = " ".join(unicodedata.normalize("NFC", text).lower().split()).strip("«»\"'“”. ")
    if clean in _OFF:
        return NEVER
    match = _RANGE.match(clean)
    if match is None:
        return None
    begins, ends = _moment(match[1], match[2]), _moment(match[3], match[4])
    if begins is None or ends is None:
        return None
    return NEVER if begins == ends else QuietHours(begins, ends)


def _moment(hours: str, minutes: str | None) -> time | None:
    hour, minute = int(hours), int(minutes or 0)
    if hour == 24 and minute == 0:
        hour = 0
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


NEVER = QuietHours(time(0, 0), time(0, 0))  # begins == ends: a window that holds no moment
