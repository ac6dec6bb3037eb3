"""The texts and buttons of attendance: the meetings open for check-in, and the secretary's
one message of toggles with the meeting's figures."""

from __future__ import annotations

import html
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.domain.attendance import QUALITY_BAR, MeetingFigures, Status
from bot.domain.meetings import Meeting
from bot.domain.rsvps import AbsenceReason, Rsvp
from bot.formatting import moment, percent, ratio
from bot.i18n import NP_, Translator
from bot.meeting_reminder import REASON_NAMES
from bot.services.attendance import Sheet

CHECK_IN = "dd:c:"  # + meeting id: the member checks in
TOGGLE = "dd:t:"  # + meeting id:member id: the secretary's toggle
BUTTON_TITLE = 36
NAMES_SHOWN = 20  # names listed under each count
REASON_CHARS = 40

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


def _names(names: list[str], t: Translator) -> list[str]:
    """The names under a count, a few dozen at most so the message stays within Telegram's
    limit whatever the cell's size (the buttons below list everyone)."""
    if not names:
        return []
    shown = ", ".join(names[:NAMES_SHOWN])
    if len(names) > NAMES_SHOWN:
        shown += " " + t(NP_("people", "… and {count} more"), count=len(names) - NAMES_SHOWN)
    return [f"    <i>{shown}</i>"]


def _reason(rsvp: Rsvp, t: Translator) -> str:
    if rsvp.reason_kind is None:
        return ""
    if rsvp.reason_kind is AbsenceReason.OTHER and rsvp.reason_text:
        return html.escape(_shorten(rsvp.reason_text, REASON_CHARS))
    return t(REASON_NAMES[rsvp.reason_kind]).lower()


def verdict(figures: MeetingFigures, t: Translator) -> str:
    """Whether the meeting meets the quality bar, and if not, why."""
    if figures.meets_bar:
        return t("Meets the quality bar (more than 85% present, no absence without leave).")
    reasons = []
    if figures.rate <= QUALITY_BAR:
        reasons.append(
            t(
                "{percent} present, more than 85% needed",
                percent=percent(figures.attended, figures.expected, t.language),
            )
        )
    if figures.unexcused:
        reasons.append(t("{count} absent without leave", count=figures.unexcused))
    if figures.unmarked:
        reasons.append(t("{count} not marked yet", count=figures.unmarked))
    return t("Below the quality bar: {reasons}.", reasons="; ".join(reasons))


def sheet_view(sheet: Sheet, zone: ZoneInfo, t: Translator) -> tuple[str, InlineKeyboardMarkup]:
    """The figures on top, then one button per member that cycles on press."""
    meeting, figures, language = sheet.meeting, sheet.figures, t.language
    when = moment(meeting.starts_at.astimezone(zone), language)
    by_status: dict[Status | None, list[str]] = {status: [] for status in ICONS}
    for member, status in sheet.rows:
        name = html.escape(member.full_name)
        if status is Status.EXCUSED and member.id in sheet.absences:
            name = f"{name} ({_reason(sheet.absences[member.id], t)})"
        by_status[status].append(name)
    lines = [
        t("<b>Attendance: {title}</b>", title=html.escape(meeting.title)),
        when,
        "",
        t("✅ Present: {ratio}", ratio=ratio(figures.attended, figures.expected, language)),
        *_names(by_status[Status.ATTENDED], t),
        t("🟡 Absent with leave: {count}", count=figures.excused),
        *_names(by_status[Status.EXCUSED], t),
        t("❌ Absent without leave: {count}", count=figures.unexcused),
        *_names(by_status[Status.UNEXCUSED], t),
        t("⬜ Not marked yet: {count}", count=figures.unmarked),
        *_names(by_status[None], t),
        verdict(figures, t),
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
