"""A member's meetings as an iCalendar file (RFC 5545) that phones import.

Each meeting keeps its UID (``meeting-<id>@butpha``) so importing the file again updates the
events rather than duplicating them; SEQUENCE rises with every move or cancellation, and a
cancelled meeting stays in the file with STATUS:CANCELLED so calendars remove it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, Timezone

from bot.domain.meetings import Meeting

PRODUCT = "-//butpha//meetings//VI"


def uid(meeting_id: int) -> str:
    return f"meeting-{meeting_id}@butpha"


def calendar_bytes(meetings: Iterable[Meeting], zone: ZoneInfo, now: datetime) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-timezone", zone.key)
    # The VTIMEZONE block, so a phone shows the organisation's times whatever its own zone.
    calendar.add_component(Timezone.from_tzid(zone.key))
    for meeting in meetings:
        event = Event()
        event.add("uid", uid(meeting.id))
        event.add("dtstamp", now)
        event.add("dtstart", meeting.starts_at.astimezone(zone))
        event.add("dtend", meeting.ends_at.astimezone(zone))
        event.add("summary", meeting.title)
        event.add("sequence", meeting.sequence)
        event.add("status", "CANCELLED" if meeting.cancelled else "CONFIRMED")
        location = meeting.place or meeting.online_link
        if location:
            event.add("location", location)
        if meeting.online_link:
            event.add("url", meeting.online_link)
        if meeting.agenda:
            event.add("description", meeting.agenda)
        calendar.add_component(event)
    return bytes(calendar.to_ical())
