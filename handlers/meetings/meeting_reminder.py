"""A meeting reminder as a member reads it, with its answer buttons. The scheduler's reminder
and nudge jobs are given ``renderer`` (see ``handlers.meetings.jobs``); the handlers edit a
reminder after an answer."""

from __future__ import annotations

import html
import json
from dataclasses import dataclass
from datetime import timedelta
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.domain.meetings import Meeting
from bot.domain.model import Member
from bot.domain.rsvps import AbsenceReason
from bot.formatting import moment
from bot.i18n import Translator, translator
from bot.i18n.meeting_labels import ABSENCE_REASON_NAMES, kind_beside_title
from bot.services.meetings.reminders import Render
from handlers.kit.callbacks import CallbackData


# Callback data. Reminders wait in the outbox and stay in chats: keep these formats stable.
@dataclass(frozen=True)
class Attend(CallbackData, prefix="rv:a:"):
    meeting: int


@dataclass(frozen=True)
class Absent(CallbackData, prefix="rv:n:"):
    """Asks for the reason."""

    meeting: int


@dataclass(frozen=True)
class GiveReason(CallbackData, prefix="rv:r:"):
    meeting: int
    reason: AbsenceReason


@dataclass(frozen=True)
class SnoozeHour(CallbackData, prefix="rv:s1:"):
    meeting: int


@dataclass(frozen=True)
class SnoozeEvening(CallbackData, prefix="rv:se:"):
    meeting: int


@dataclass(frozen=True)
class MeetingDetails(CallbackData, prefix="lich:i:"):
    """The meeting's card (agenda, documents) as a new message, handled by /lich."""

    meeting: int


AGENDA_CHARS = 1500


def reminder_text(meeting: Meeting, zone: ZoneInfo, t: Translator) -> str:
    kind = kind_beside_title(meeting, t)
    lines = [
        t("🔔 <b>Reminder: {title}</b>", title=html.escape(meeting.title)),
        *([kind.capitalize()] if kind else []),
        t("🕑 Time: {when}", when=moment(meeting.starts_at.astimezone(zone), t.language)),
    ]
    if meeting.place:
        lines.append(t("📍 Place: {place}", place=html.escape(meeting.place)))
    if meeting.online_link:
        lines.append(t("🔗 Link: {link}", link=html.escape(meeting.online_link)))
    if meeting.agenda:
        agenda = meeting.agenda[:AGENDA_CHARS]
        lines.append(t("Agenda:\n{agenda}", agenda=html.escape(agenda)))
    return "\n".join(lines)


def answer_keyboard(meeting_id: int, t: Translator) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(t("✅ Attending"), callback_data=Attend(meeting_id).pack()),
                InlineKeyboardButton(t("❌ Absent"), callback_data=Absent(meeting_id).pack()),
            ],
            [
                InlineKeyboardButton(
                    t("⏰ In 1 hour"), callback_data=SnoozeHour(meeting_id).pack()
                ),
                InlineKeyboardButton(
                    t("🌙 Tonight"), callback_data=SnoozeEvening(meeting_id).pack()
                ),
            ],
            [
                InlineKeyboardButton(
                    t("📄 Details"), callback_data=MeetingDetails(meeting_id).pack()
                )
            ],
        ]
    )


def reason_keyboard(meeting_id: int, t: Translator) -> InlineKeyboardMarkup:
    buttons = [
        InlineKeyboardButton(t(name), callback_data=GiveReason(meeting_id, reason).pack())
        for reason, name in ABSENCE_REASON_NAMES.items()
    ]
    return InlineKeyboardMarkup([buttons[:2], buttons[2:]])


def renderer(zone: ZoneInfo, default_language: str) -> Render:
    """The ``render`` the reminder service asks for: text and buttons in the member's language."""

    # The same text for every member of a meeting who reads the same language: rendered once
    # per planning run (a study for the whole organisation is tens of thousands of reminders).
    done: dict[tuple[Meeting, str | None], tuple[str, str | None]] = {}

    def render(
        member: Member, meeting: Meeting, offset: timedelta | None
    ) -> tuple[str, str | None]:
        found = done.get((meeting, member.language))
        if found is None:
            t = translator(member.language, default_language)
            keyboard = answer_keyboard(meeting.id, t)
            found = reminder_text(meeting, zone, t), json.dumps(keyboard.to_dict())
            done[(meeting, member.language)] = found
        return found

    return render
