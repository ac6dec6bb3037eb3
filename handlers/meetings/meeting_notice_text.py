"""The day-before digest and the cancellation notice as members read them: the scheduler's
digest job is given ``digest_renderer`` (see ``handlers.meetings.jobs``), the command line and
/lichhop cancel with ``cancel_renderer``. Plain text, no Telegram (a contract keeps it so), so
the command line may read it."""

from __future__ import annotations

import html
from zoneinfo import ZoneInfo

from bot.domain.meetings import Meeting
from bot.domain.model import Member
from bot.formatting import moment
from bot.i18n import translator
from bot.i18n.meeting_labels import ABSENCE_REASON_NAMES
from bot.services.meetings.meeting_notices import DigestRender, MeetingDigest
from bot.services.meetings.meetings import CancelRender


def digest_renderer(zone: ZoneInfo, default_language: str) -> DigestRender:
    def render(digest: MeetingDigest) -> str:
        t = translator(digest.secretary.language, default_language)
        meeting = digest.meeting
        when = moment(meeting.starts_at.astimezone(zone), t.language)
        lines = [
            t("📋 <b>Coming up: {title}</b>", title=html.escape(meeting.title)),
            t("🕑 Time: {when}", when=when),
            t("✅ Attending ({count}):", count=len(digest.attending)),
        ]
        lines += [f"• {html.escape(name)}" for name in digest.attending]
        lines.append(t("❌ Excused ({count}):", count=len(digest.excused)))
        for excused in digest.excused:
            reason = t(ABSENCE_REASON_NAMES[excused.reason]) if excused.reason else ""
            if excused.text:
                reason = f"{reason}: {excused.text}" if reason else excused.text
            lines.append(f"• {html.escape(excused.name)} — {html.escape(reason)}")
        lines.append(t("❔ No answer ({count}):", count=len(digest.no_answer)))
        lines += [f"• {html.escape(name)}" for name in digest.no_answer]
        lines.append(t("📵 Not linked to the bot ({count}):", count=len(digest.not_linked)))
        lines += [f"• {html.escape(name)}" for name in digest.not_linked]
        return "\n".join(lines)

    return render


def cancel_renderer(zone: ZoneInfo, default_language: str) -> CancelRender:
    def render(member: Member, meeting: Meeting) -> str:
        t = translator(member.language, default_language)
        when = moment(meeting.starts_at.astimezone(zone), t.language)
        return t(
            "🚫 <b>Cancelled: {title}</b> ({when}). Please disregard the reminder.",
            title=html.escape(meeting.title),
            when=when,
        )

    return render
