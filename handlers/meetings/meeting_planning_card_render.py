"""The texts and buttons of a planned meeting's card in /lichhop: the card itself and the
questions of what the secretary may do to it (edit a field, move, cancel, add a document).
Separate from ``meeting_planning_render``, which draws the menu and a new meeting's questions
and preview, because the card acts on a meeting already saved.
"""

from __future__ import annotations

import html
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardMarkup

from bot.domain.meetings import Meeting, MeetingDocument
from bot.formatting import moment
from bot.i18n import N_, NP_, Contextual, Translator
from handlers.kit.buttons import button
from handlers.meetings.attendance_render import OpenSheet
from handlers.meetings.meeting_planning_buttons import (
    AddDocument,
    CancelPlanned,
    CancelPlannedConfirmed,
    CardField,
    EditPlanned,
    EditPlannedField,
    MovePlanned,
    OpenPlanned,
    PlanningMenu,
)
from handlers.meetings.meeting_planning_render import markup
from handlers.meetings.schedule_render import details, document_lines

FIELDS: dict[CardField, str | Contextual] = {
    "title": NP_("meeting", "Title"),
    "place": N_("Place or link"),
    "agenda": N_("Agenda"),
}


def card(
    meeting: Meeting, documents: list[MeetingDocument], zone: ZoneInfo, t: Translator
) -> tuple[str, InlineKeyboardMarkup]:
    lines = details(meeting, zone, t) + document_lines(documents, t)
    if meeting.series_id is not None:
        lines += ["", t("Changes here apply to this meeting only, not the whole series.")]
    keyboard = markup(
        [
            button(t("✏️ Edit"), EditPlanned(meeting.id)),
            button(t("🕒 Move"), MovePlanned(meeting.id)),
        ],
        [button(t("📎 Add document"), AddDocument(meeting.id))],
        [button(t("📋 Attendance"), OpenSheet(meeting.id))],
        [button(t("✖️ Cancel this meeting"), CancelPlanned(meeting.id))],
        [button(t("◀ Back"), PlanningMenu())],
    )
    return "\n".join(lines), keyboard


def field_question(meeting_id: int, t: Translator) -> tuple[str, InlineKeyboardMarkup]:
    rows = [[button(t(label), EditPlannedField(key))] for key, label in FIELDS.items()]
    rows.append([button(t("◀ Back"), OpenPlanned(meeting_id))])
    return t("What do you want to change?"), markup(*rows)


def value_question(field: str, t: Translator) -> str:
    if field == "title":
        return t("Write the new title, for example: <i>Sinh hoạt chi bộ tháng 5</i>.")
    if field == "place":
        return t(
            "Write the new place, or an online link starting with https://. Send - to remove "
            "the place and the link."
        )
    return t("Write the new agenda. Send - to remove it.")


def move_question(meeting: Meeting, zone: ZoneInfo, examples: str, t: Translator) -> str:
    local = meeting.starts_at.astimezone(zone)
    return t(
        "It is now at {when}. Write the new day and time, for example: {examples}.",
        when=moment(local, t.language),
        examples=examples,
    )


def cancel_question(
    meeting: Meeting, zone: ZoneInfo, t: Translator
) -> tuple[str, InlineKeyboardMarkup]:
    text = t(
        "Cancel <b>{title}</b> on {when}? Members who were already reminded will be told. "
        "Other meetings of the series stay.",
        title=html.escape(meeting.title),
        when=moment(meeting.starts_at.astimezone(zone), t.language),
    )
    keyboard = markup(
        [button(t("✖️ Yes, cancel it"), CancelPlannedConfirmed(meeting.id))],
        [button(t("◀ No, keep it"), OpenPlanned(meeting.id))],
    )
    return text, keyboard


def document_question(t: Translator) -> str:
    return t(
        "Send the file or photo now (its caption, if any, becomes its title), or a link "
        "starting with https://. Send /huy to stop."
    )
