"""The reminder to record a target's value, in the recipient's language."""

from __future__ import annotations

import html

from bot.i18n import translator
from bot.services.targets.reminders import Render, TargetReminder


def renderer(default_language: str) -> Render:
    def render(reminder: TargetReminder) -> str:
        t = translator(reminder.member.language, default_language)
        target = reminder.target
        return t(
            "📊 Target №{number} «{title}» has no value recorded for this period yet. Send it "
            "with <code>/chitieu {number} value note</code>, or open <code>/chitieu "
            "{number}</code> and press «✏️ Record a value».",
            number=target.id,
            title=html.escape(target.title),
        )

    return render
