"""The monthly dues reminder (with «✅ Tôi đã đóng») and the unpaid-months alerts as their
readers see them. The scheduler's job is given ``renderer`` (see ``handlers.dues.jobs``)."""

from __future__ import annotations

import html
import json

from telegram import InlineKeyboardMarkup

from bot.domain.dues.rules import AlertLevel
from bot.domain.model import Member
from bot.i18n import Translator, translator
from bot.services.dues.reminders import DuesAlert, DuesNotice, DuesReminder, Render
from handlers.dues.buttons import Claim
from handlers.kit.buttons import button


def reminder_text(notice: DuesReminder, t: Translator) -> str:
    month = notice.month.month
    return "\n".join(
        [
            t("💰 <b>Party dues, month {month}</b>", month=month),
            t(
                "Pay the party dues of month {month} on the National Public Service Portal or "
                "to your cell.",
                month=month,
            ),
            t("Paid already? Tap «✅ I paid» for your cell to confirm it."),
        ]
    )


def reminder_keyboard(notice: DuesReminder, t: Translator) -> InlineKeyboardMarkup:
    at = notice.month
    return InlineKeyboardMarkup([[button(t("✅ I paid"), Claim(at.first_day))]])


def alert_text(alert: DuesAlert, t: Translator) -> str:
    months = ", ".join(str(m) for m in alert.unpaid)
    member = html.escape(alert.member.full_name)
    cell = html.escape(alert.cell_name)
    if alert.level is AlertLevel.SECRETARY:
        head = t(
            "⚠️ <b>Party dues: {name} (cell {cell}) has {count} unpaid months in {year}</b>",
            name=member,
            cell=cell,
            count=len(alert.unpaid),
            year=alert.year,
        )
        rule = t(
            "Remind the member, or record an exemption, reduction or deferral with its reason."
        )
    else:
        head = t(
            "🚨 <b>Party dues: {name} (cell {cell}) has {count} unpaid months in {year}</b>",
            name=member,
            cell=cell,
            count=len(alert.unpaid),
            year=alert.year,
        )
        rule = t(
            "Quy định 01-QĐ/TW: 3 months in a year without paying the party dues and without "
            "good reason → the cell considers it and proposes removal from the party."
        )
    return "\n".join(
        [head, t("Unpaid months: {months}", months=months), rule, t("See and record at /dangphi.")]
    )


def notice_text(member: Member, notice: DuesNotice, t: Translator) -> tuple[str, str | None]:
    if isinstance(notice, DuesReminder):
        keyboard = reminder_keyboard(notice, t)
        return reminder_text(notice, t), json.dumps(keyboard.to_dict())
    return alert_text(notice, t), None


def renderer(default_language: str) -> Render:
    """The ``render`` the dues reminder service asks for, in the recipient's language."""

    def render(member: Member, notice: DuesNotice) -> tuple[str, str | None]:
        return notice_text(member, notice, translator(member.language, default_language))

    return render
