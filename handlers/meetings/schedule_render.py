"""The texts and buttons of /lich: the list of a member's meetings with their answer, and one
meeting's card with its documents and the buttons to answer."""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.domain.meetings import Meeting, MeetingDocument
from bot.domain.rsvps import Answer, Rsvp
from bot.formatting import moment
from bot.i18n import Translator
from bot.i18n.meeting_labels import ABSENCE_REASON_NAMES, ATTENDEE_NAMES, kind_beside_title
from handlers.kit.buttons import button
from handlers.kit.callbacks import CallbackData
from handlers.meetings.attendance_render import check_in_button
from handlers.meetings.meeting_reminder import Absent, Attend


# The card as a new message, from a reminder, is handlers.meetings.meeting_reminder.MeetingDetails.
@dataclass(frozen=True)
class OpenMeeting(CallbackData, prefix="lich:m:"):
    """The meeting's card, in place of the list."""

    meeting: int


@dataclass(frozen=True)
class MeetingFile(CallbackData, prefix="lich:f:"):
    """The bot sends the document."""

    document: int


@dataclass(frozen=True)
class MyMeetings(CallbackData, prefix="lich:l"):
    """Back to the list."""


BUTTON_TITLE = 36  # characters of a title on a button
DAYS = 30


def shorten(text: str, limit: int = BUTTON_TITLE) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def when(at: datetime, zone: ZoneInfo, t: Translator) -> str:
    return moment(at.astimezone(zone), t.language)


def where(meeting: Meeting, t: Translator) -> list[str]:
    lines = []
    if meeting.place:
        lines.append(t("Place: {place}", place=html.escape(meeting.place)))
    if meeting.online_link:
        lines.append(t("Online: {link}", link=html.escape(meeting.online_link)))
    return lines


def heading(meeting: Meeting, t: Translator) -> str:
    kind = kind_beside_title(meeting, t)
    if kind is None:
        return f"<b>{html.escape(meeting.title)}</b>"
    return f"<b>{html.escape(kind.capitalize())}</b>: {html.escape(meeting.title)}"


def my_answer(rsvp: Rsvp | None, t: Translator) -> str:
    """✅ attending / ❌ absent (reason) / ❔ no answer yet."""
    if rsvp is None:
        return t("❔ no answer yet")
    if rsvp.answer is Answer.ATTENDING:
        return t("✅ attending")
    reason = t(ABSENCE_REASON_NAMES[rsvp.reason_kind]) if rsvp.reason_kind else ""
    if rsvp.reason_text:
        reason = f"{reason}: {rsvp.reason_text}" if reason else rsvp.reason_text
    if not reason:
        return t("❌ absent")
    return t("❌ absent ({reason})", reason=html.escape(reason))


def schedule_list(
    meetings: list[Meeting], answers: dict[int, Rsvp], zone: ZoneInfo, t: Translator
) -> tuple[str, InlineKeyboardMarkup | None]:
    """Every meeting in a few lines with my answer, and a button per meeting for its card."""
    if not meetings:
        return t("You have no meetings in the next {days} days.", days=DAYS), None
    lines = [t("<b>Your meetings in the next {days} days</b>", days=DAYS)]
    rows = []
    for number, meeting in enumerate(meetings, start=1):
        mark = "❌ " + t("(cancelled)") + " " if meeting.cancelled else ""
        lines += ["", f"{number}. {mark}{heading(meeting, t)}"]
        lines.append("    🕑 " + when(meeting.starts_at, zone, t))
        lines += ["    📍 " + line for line in where(meeting, t)]
        if not meeting.cancelled:
            lines.append(
                "    " + t("Your answer: {answer}", answer=my_answer(answers.get(meeting.id), t))
            )
        label = f"{number}. {shorten(meeting.title)}"
        rows.append([button(label, OpenMeeting(meeting.id))])
    lines += [
        "",
        t(
            "Choose a meeting to see its agenda. Send /lich ics to put them in your phone's "
            "calendar."
        ),
    ]
    return "\n".join(lines), InlineKeyboardMarkup(rows)


def details(meeting: Meeting, zone: ZoneInfo, t: Translator) -> list[str]:
    """Kind and title, start–end, place or link, who attends, the agenda."""
    starts, ends = meeting.starts_at.astimezone(zone), meeting.ends_at.astimezone(zone)
    # The end is a time of day when the meeting ends the day it starts.
    end = f"{ends:%H:%M}" if ends.date() == starts.date() else when(ends, zone, t)
    lines = [heading(meeting, t)]
    if meeting.cancelled:
        lines.append("❌ " + t("This meeting has been cancelled."))
    lines.append(t("Time: {start} – {end}", start=when(starts, zone, t), end=end))
    lines += where(meeting, t)
    lines.append(t("For: {attendees}", attendees=t(ATTENDEE_NAMES[meeting.attendees])))
    if meeting.agenda:
        lines += ["", t("<b>Agenda</b>"), html.escape(meeting.agenda)]
    return lines


def document_lines(documents: list[MeetingDocument], t: Translator) -> list[str]:
    if not documents:
        return []
    return ["", t("<b>Documents</b>")] + [f"📎 {html.escape(d.title)}" for d in documents]


def document_buttons(
    documents: list[MeetingDocument], t: Translator
) -> list[list[InlineKeyboardButton]]:
    """A file opens through the bot (its id only in the button); a link opens directly."""
    rows = []
    for document in documents:
        label = "📄 " + shorten(document.title)
        if document.url is not None:
            rows.append([InlineKeyboardButton("🔗 " + shorten(document.title), url=document.url)])
        else:
            rows.append([button(label, MeetingFile(document.id))])
    return rows


def meeting_card(
    meeting: Meeting,
    documents: list[MeetingDocument],
    rsvp: Rsvp | None,
    zone: ZoneInfo,
    t: Translator,
) -> tuple[str, InlineKeyboardMarkup]:
    """The details, the documents, my answer with buttons to change it, check-in, back."""
    lines = details(meeting, zone, t) + document_lines(documents, t)
    rows = document_buttons(documents, t)
    if not meeting.cancelled:
        lines += ["", t("Your answer: {answer}", answer=my_answer(rsvp, t))]
        rows.append(
            [
                button(t("✅ Attending"), Attend(meeting.id)),
                button(t("❌ Absent"), Absent(meeting.id)),
            ]
        )
        # Check-in only works during the meeting; the service says so when pressed too early.
        rows.append([check_in_button(meeting.id, t)])
    rows.append([button(t("◀ My meetings"), MyMeetings())])
    return "\n".join(lines), InlineKeyboardMarkup(rows)
