"""The texts and buttons of attendance: the meetings open for check-in, the meetings whose
attendance a secretary records (today's and the last 30 days'), and the secretary's message of
toggles with the meeting's figures, a page of names at a time."""

from __future__ import annotations

import html
from dataclasses import dataclass
from functools import partial
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.domain.attendance import QUALITY_BAR, MeetingFigures, Status
from bot.domain.meetings import Meeting
from bot.domain.rsvps import AbsenceReason, Rsvp
from bot.formatting import moment, percent, ratio, short_day
from bot.i18n import NP_, Translator
from bot.i18n.meeting_labels import ABSENCE_REASON_NAMES
from bot.services.meetings.attendance import RECENT_DAYS
from bot.services.meetings.attendance_sheets import Recent, Sheet
from handlers.kit.buttons import button
from handlers.kit.callbacks import CallbackData
from handlers.kit.cells import cell_title
from handlers.kit.pages import clamp, navigation, page_line


@dataclass(frozen=True)
class CheckIn(CallbackData, prefix="dd:c:"):
    """The member checks in."""

    meeting: int


@dataclass(frozen=True)
class ToggleAttendance(CallbackData, prefix="dd:t:"):
    """The secretary's toggle for one member."""

    meeting: int
    member: int


@dataclass(frozen=True)
class SheetPage(CallbackData, prefix="dd:s:"):
    """A page of the sheet, in place of the pressed message."""

    meeting: int
    page: int


@dataclass(frozen=True)
class OpenSheet(CallbackData, prefix="dd:o:"):
    """The sheet as a new message (from a /lichhop card)."""

    meeting: int


@dataclass(frozen=True)
class MeetingsToRecord(CallbackData, prefix="dd:l:"):
    """The meetings whose attendance one records; cell 0: every cell one records."""

    cell: int
    page: int


BUTTON_TITLE = 36
CHOICE_LABEL = 56  # characters of "date time · whose · title" on a button
NAMES_SHOWN = 20  # names listed under each count
NAMES_PER_PAGE = 15  # toggles on one page of the sheet
MEETINGS_PER_PAGE = 8
REASON_CHARS = 40

ICONS = {Status.ATTENDED: "✅", Status.EXCUSED: "🟡", Status.UNEXCUSED: "❌", None: "⬜"}


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def check_in_button(meeting_id: int, t: Translator) -> InlineKeyboardButton:
    return button(t("✋ Check in"), CheckIn(meeting_id))


def _check_in_part(
    meetings: list[Meeting], zone: ZoneInfo, t: Translator
) -> tuple[list[str], list[list[InlineKeyboardButton]]]:
    lines = [t("<b>Check in</b>: choose the meeting you are at.")]
    rows = []
    for meeting in meetings:
        when = moment(meeting.starts_at.astimezone(zone), t.language)
        lines.append(f"• {html.escape(meeting.title)} — {when}")
        label = "✋ " + _shorten(meeting.title, BUTTON_TITLE)
        rows.append([button(label, CheckIn(meeting.id))])
    return lines, rows


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
    lines, rows = _check_in_part(meetings, zone, t)
    return "\n".join(lines), InlineKeyboardMarkup(rows)


def choices(
    open_now: list[Meeting], recent: Recent, page: int, zone: ZoneInfo, t: Translator
) -> tuple[str, InlineKeyboardMarkup | None]:
    """For one who keeps attendance: the meetings they can check in to themselves, then the
    meetings to record, newest first, a page of buttons at a time."""
    markable, cell = recent.meetings, recent.cell
    lines: list[str] = []
    rows: list[list[InlineKeyboardButton]] = []
    if open_now:
        lines, rows = _check_in_part(open_now, zone, t)
        lines.append("")
    lines.append(t("<b>Attendance sheets</b>"))
    if cell is not None:
        lines.append(cell_title(cell.name, t))
    pages = max(1, -(-len(markable) // MEETINGS_PER_PAGE))
    page = clamp(page, pages)
    if markable:
        lines.append(
            t(
                "Meetings of today and the last {days} days, newest first. Choose one to record "
                "who came.",
                days=RECENT_DAYS,
            )
        )
    else:
        lines.append(t("There is no meeting of today or the last {days} days.", days=RECENT_DAYS))
    if recent.everyone and cell is None:
        lines.append(t("To see one cell's meetings only, send /diemdanh and the cell's name."))
    footer = page_line(page, pages, t)
    if footer:
        lines.append(footer)
    for choice in markable[page * MEETINGS_PER_PAGE : (page + 1) * MEETINGS_PER_PAGE]:
        meeting = choice.meeting
        local = meeting.starts_at.astimezone(zone)
        parts = [f"{short_day(local.date(), t.language)[:5]} {local:%H:%M}"]
        if choice.scope:
            parts.append(_shorten(choice.scope, 20))
        parts.append(meeting.title)
        label = "📋 " + _shorten(" · ".join(parts), CHOICE_LABEL)
        rows.append([button(label, SheetPage(meeting.id, 0))])
    nav = navigation(partial(MeetingsToRecord, 0 if cell is None else cell.id), page, pages, t)
    if nav:
        rows.append(nav)
    return "\n".join(lines), InlineKeyboardMarkup(rows) if rows else None


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
    return t(ABSENCE_REASON_NAMES[rsvp.reason_kind]).lower()


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


def sheet_page(sheet: Sheet, member_id: int) -> int:
    """The page of the sheet where ``member_id``'s button is."""
    return sheet.position(member_id) // NAMES_PER_PAGE


def sheet_view(
    sheet: Sheet, page: int, zone: ZoneInfo, t: Translator
) -> tuple[str, InlineKeyboardMarkup]:
    """The figures on top, then one button per member that cycles on press, a page at a
    time (an organisation-wide study has everyone on it)."""
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
    ]
    if sheet.started:  # before the start there is nothing to judge yet
        lines += [
            verdict(figures, t),
            "",
            t("Choose a name to change it: ✅ present → 🟡 with leave → ❌ without leave."),
        ]
    else:
        lines += ["", t("Attendance can be recorded from the start of the meeting.")]
    pages = max(1, -(-len(sheet.rows) // NAMES_PER_PAGE))
    page = clamp(page, pages)
    footer = page_line(page, pages, t)
    if footer:
        lines.append(footer)
    shown = sheet.rows[page * NAMES_PER_PAGE : (page + 1) * NAMES_PER_PAGE]
    rows = [
        [
            button(
                f"{ICONS[status]} {_shorten(member.full_name, BUTTON_TITLE)}",
                ToggleAttendance(meeting.id, member.id),
            )
        ]
        for member, status in shown
    ]
    nav = navigation(partial(SheetPage, meeting.id), page, pages, t)
    if nav:
        rows.append(nav)
    rows.append([button(t("◀ Meeting list"), MeetingsToRecord(0, 0))])
    return "\n".join(lines), InlineKeyboardMarkup(rows)
