"""The texts and buttons of attendance: the meetings open for check-in, and the secretary's
one message of toggles with the meeting's figures."""

from __future__ import annotations

import html
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.domain.attendance import Status
from bot.domain.meetings import Meeting
from bot.formatting import moment, percent
from bot.i18n import Translator
from bot.services.attendance import Sheet

CHECK_IN = "dd:c:"  # + meeting id: the member checks in
TOGGLE = "dd:t:"  # + meeting id:member id: the secretary's toggle
BUTTON_TITLE = 36

ICONS = {Status.ATTENDED: "✅", Status.EXCUSED: "🟡", Status.UNEXCUSED: "❌", None: "⬜"}


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def check_in_button(meeting_id: int, t: Translator) -> InlineKeyboardButton:
    return InlineKeyboardButton(t("✋ Check in"), callback_data=f"{CHECK_IN}{meeting_id}")


def open_meetings(
    meetings: list[Meeting], zone: ZoneInfo, t: Translator
) -> tuple[str, InlineKeyboardMarkup | None]:
    if not meetings:
        return (
            t(
                "No meeting is open for check-in now. Check-in opens 30 minutes before a "
                "meeting starts and closes at its end."
            ),
            None,
        )
    lines = [t("<b>Check in</b>: press the meeting you are at.")]
    rows = []
    for meeting in meetings:
        when = moment(meeting.starts_at.astimezone(zone), t.language)
        lines.append(f"• {html.escape(meeting.title)} — {when}")
        label = "✋ " + _shorten(meeting.title, BUTTON_TITLE)
        rows.append([InlineKeyboardButton(label, callback_data=f"{CHECK_IN}{meeting.id}")])
    return "\n".join(lines), InlineKeyboardMarkup(rows)


def sheet_view(sheet: Sheet, zone: ZoneInfo, t: Translator) -> tuple[str, InlineKeyboardMarkup]:
    """The figures on top, then one button per member that cycles on press."""
    meeting, figures, language = sheet.meeting, sheet.figures, t.language
    when = moment(meeting.starts_at.astimezone(zone), language)
    lines = [
        t("<b>Attendance: {title}</b>", title=html.escape(meeting.title)),
        when,
        "",
        t(
            "✅ Present: {attended}/{expected} ({rate})",
            attended=figures.attended,
            expected=figures.expected,
            rate=percent(figures.attended, max(figures.expected, 1), language),
        ),
        t("🟡 Absent with leave: {count}", count=figures.excused),
        t("❌ Absent without leave: {count}", count=figures.unexcused),
        t("⬜ Not marked yet: {count}", count=figures.unmarked),
        (
            t("Meets the quality bar (more than 85% present, no absence without leave).")
            if figures.meets_bar
            else t("Below the quality bar (more than 85% present, no absence without leave).")
        ),
        "",
        t("Press a name to change it: ✅ present → 🟡 with leave → ❌ without leave."),
    ]
    rows = [
        [
            InlineKeyboardButton(
                f"{ICONS[status]} {_shorten(member.full_name, BUTTON_TITLE)}",
                callback_data=f"{TOGGLE}{meeting.id}:{member.id}",
            )
        ]
        for member, status in sheet.rows
    ]
    return "\n".join(lines), InlineKeyboardMarkup(rows)
