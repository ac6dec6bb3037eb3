"""The texts and buttons of /lich: the list of a member's meetings and one meeting's card."""

from __future__ import annotations

import html
from datetime import datetime
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.domain.meetings import Meeting
from bot.formatting import moment
from bot.i18n import Translator
from bot.i18n.meeting_labels import ATTENDEE_NAMES, MEETING_KIND_NAMES
from handlers.attendance_render import check_in_button

OPEN = "lich:m:"  # + meeting id: open its card
LIST = "lich:l"  # back to the list
BUTTON_TITLE = 36  # characters of a title on a button
DAYS = 30


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _when(at: datetime, zone: ZoneInfo, t: Translator) -> str:
    return moment(at.astimezone(zone), t.language)


def _where(meeting: Meeting, t: Translator) -> list[str]:
    lines = []
    if meeting.place:
        lines.append(t("Place: {place}", place=html.escape(meeting.place)))
    if meeting.online_link:
        lines.append(t("Online: {link}", link=html.escape(meeting.online_link)))
    return lines


def _heading(meeting: Meeting, t: Translator) -> str:
    kind = t(MEETING_KIND_NAMES[meeting.kind])
    return f"<b>{html.escape(kind.capitalize())}</b>: {html.escape(meeting.title)}"


def schedule_list(
    meetings: list[Meeting], zone: ZoneInfo, t: Translator
) -> tuple[str, InlineKeyboardMarkup | None]:
    """Every meeting in two or three lines, and a button per meeting to open its card."""
    if not meetings:
        return t("You have no meetings in the next {days} days.", days=DAYS), None
    lines = [t("<b>Your meetings in the next {days} days</b>", days=DAYS)]
    rows = []
    for number, meeting in enumerate(meetings, start=1):
        mark = "❌ " + t("(cancelled)") + " " if meeting.cancelled else ""
        lines += ["", f"{number}. {mark}{_heading(meeting, t)}"]
        lines.append("    🕑 " + _when(meeting.starts_at, zone, t))
        lines += ["    📍 " + line for line in _where(meeting, t)]
        label = f"{number}. {_shorten(meeting.title, BUTTON_TITLE)}"
        rows.append([InlineKeyboardButton(label, callback_data=f"{OPEN}{meeting.id}")])
    lines += [
        "",
        t(
            "Choose a meeting to see its agenda. Send /lich ics to put them in your phone's "
            "calendar."
        ),
    ]
    return "\n".join(lines), InlineKeyboardMarkup(rows)


def meeting_card(
    meeting: Meeting, zone: ZoneInfo, t: Translator
) -> tuple[str, InlineKeyboardMarkup]:
    """Kind and title, start–end, place or link, who attends, the agenda."""
    starts, ends = meeting.starts_at.astimezone(zone), meeting.ends_at.astimezone(zone)
    # The end is a time of day when the meeting ends the day it starts.
    end = f"{ends:%H:%M}" if ends.date() == starts.date() else _when(ends, zone, t)
    lines = [_heading(meeting, t)]
    if meeting.cancelled:
        lines.append("❌ " + t("This meeting has been cancelled."))
    lines.append(t("Time: {start} – {end}", start=_when(starts, zone, t), end=end))
    lines += _where(meeting, t)
    lines.append(t("For: {attendees}", attendees=t(ATTENDEE_NAMES[meeting.attendees])))
    if meeting.agenda:
        lines += ["", t("<b>Agenda</b>"), html.escape(meeting.agenda)]
    back = InlineKeyboardButton(t("◀ My meetings"), callback_data=LIST)
    # Check-in only works during the meeting; the service says so when pressed too early.
    rows = [[back]] if meeting.cancelled else [[check_in_button(meeting.id, t)], [back]]
    return "\n".join(lines), InlineKeyboardMarkup(rows)
