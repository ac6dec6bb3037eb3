"""The secretary's attendance alert as they read it; the scheduler's finalising job is given
``alert_renderer`` (see ``handlers.meetings.jobs``). Plain text, no Telegram."""

from __future__ import annotations

import html
from zoneinfo import ZoneInfo

from bot.domain.attendance import AlertKind
from bot.domain.meetings import Meeting
from bot.domain.model import Member
from bot.formatting import moment
from bot.i18n import N_, translator
from bot.services.meetings.attendance import Render

TEXTS = {
    AlertKind.UNEXCUSED: N_("⚠️ {name} was absent without leave from {title} ({when})."),
    AlertKind.IN_A_ROW: N_(
        "⚠️ {name} has now been absent 3 times in a row (the latest: {title}, {when})."
    ),
    AlertKind.MONTHS_AWAY: N_(
        "⚠️ {name} has not attended a meeting for 3 months (the latest: {title}, {when})."
    ),
}


def alert_renderer(zone: ZoneInfo, default_language: str) -> Render:
    def render(secretary: Member, member: Member, meeting: Meeting, kind: AlertKind) -> str:
        t = translator(secretary.language, default_language)
        return t(
            TEXTS[kind],
            name=html.escape(member.full_name),
            title=html.escape(meeting.title),
            when=moment(meeting.starts_at.astimezone(zone), t.language),
        )

    return render
