"""Inspection reminders as a member reads them: the lead's before the planned month and on its
first day, the target's notice and due-date reminders, the team's before the verification
window closes, a remediation owner's and the lead's escalation, the committee's monthly digest
and quarterly warning. Each names the item as the rest of the feature does («content», its
kind and target) and the command to act with. The scheduler's reminder job is given
``renderer`` (see ``handlers.inspections.jobs``)."""

from __future__ import annotations

import html

from bot import formatting
from bot.domain.inspections.model import ItemState
from bot.domain.inspections.records import Item
from bot.domain.inspections.reminders import Occasion
from bot.domain.model import Member
from bot.i18n import Translator, translator
from bot.i18n.inspection_labels import ITEM_KIND_NAMES, quota_line
from bot.services.inspections.reminders import (
    BehindWarning,
    ItemReminder,
    Lateness,
    MonthDigest,
    Notice,
    OverdueStep,
    Render,
)


def _kind(item: Item, t: Translator) -> str:
    return t(ITEM_KIND_NAMES[item.kind])


def _lowered(text: str) -> str:
    return text[:1].lower() + text[1:]


def _item_lines(notice: ItemReminder, t: Translator) -> list[str]:
    item = notice.item
    lines = [
        f"{_kind(item, t)}: «{html.escape(item.content)}»",
        t("Target: {target}", target=html.escape(notice.target_name)),
    ]
    if item.period.strip():
        lines.append(t("Period under review: {period}", period=html.escape(item.period)))
    return lines


def _lead_text(notice: ItemReminder, t: Translator) -> list[str]:
    month, year = notice.item.month, notice.year
    if notice.reminder.occasion is Occasion.PREPARE:
        head = t(
            "🗓 <b>Next month ({month}/{year}) you lead this item: prepare the decision, the "
            "plan and the outline.</b>",
            month=month,
            year=year,
        )
        return [head, *_item_lines(notice, t), t("Record each step with /kiemtra.")]
    head = t("▶ <b>This month ({month}/{year}) you lead this item.</b>", month=month, year=year)
    if notice.item.state is ItemState.PLANNED:
        step = t("Next: the decision, the plan and the outline, then notifying the target.")
    else:
        step = t("Next: notify the target and say what to prepare.")
    return [head, *_item_lines(notice, t), step, t("Record each step with /kiemtra.")]


def _target_text(notice: ItemReminder, t: Translator) -> list[str]:
    due = notice.item.self_report_due
    assert due is not None
    occasion = notice.reminder.occasion
    if occasion is Occasion.NOTIFIED:
        head = t("📢 <b>Notice of {kind}</b>", kind=_lowered(_kind(notice.item, t)))
    elif occasion is Occasion.REPORT_SOON:
        days = (due - notice.today).days
        head = t.ngettext(
            "⏳ <b>The self-report is due in {n} day</b>",
            "⏳ <b>The self-report is due in {n} days</b>",
            days,
        )
    else:
        head = t("⏳ <b>The self-report is due today</b>")
    return [
        head,
        *_item_lines(notice, t),
        t("To prepare: a self-report on the content above, with the documents it refers to."),
        t("📅 Self-report due: {due}", due=formatting.day(due, t.language)),
        t("Send it with /tubaocao."),
    ]


def _team_text(notice: ItemReminder, t: Translator) -> list[str]:
    closes = notice.closes
    assert closes is not None
    days = (closes - notice.today).days
    return [
        t.ngettext(
            "🔎 <b>The verification window closes in {n} day</b>",
            "🔎 <b>The verification window closes in {n} days</b>",
            days,
        ),
        *_item_lines(notice, t),
        t("Verification ends: {day}", day=formatting.day(closes, t.language)),
        t("Finish the team's report and the draft conclusion; record it with /kiemtra."),
    ]


def _action_lines(notice: ItemReminder, t: Translator) -> list[str]:
    action = notice.action
    assert action is not None
    return [
        t("Action: {action}", action=html.escape(action.action)),
        t(
            "For: «{item}» — {target}",
            item=html.escape(notice.item.content),
            target=html.escape(notice.target_name),
        ),
        t("📅 Due: {due}", due=formatting.day(action.due, t.language)),
    ]


def _owner_text(notice: ItemReminder, t: Translator) -> list[str]:
    action = notice.action
    assert action is not None
    days = (action.due - notice.today).days
    if days > 0:
        head = t.ngettext(
            "🛠 <b>Remediation due in {n} day</b>", "🛠 <b>Remediation due in {n} days</b>", days
        )
    elif days == 0:
        head = t("🛠 <b>Remediation due today</b>")
    else:
        head = t.ngettext(
            "⚠ <b>Remediation overdue by {n} day</b>",
            "⚠ <b>Remediation overdue by {n} days</b>",
            -days,
        )
    if notice.reminder.occasion is Occasion.ACTION_OVERDUE:
        head += " " + t("(reminder {number} of 3)", number=notice.reminder.number)
    return [
        head,
        *_action_lines(notice, t),
        t("When it is done, mark it with /khacphuc (a note or the evidence)."),
    ]


def _escalation_text(notice: ItemReminder, t: Translator) -> list[str]:
    return [
        t("🚨 <b>Remediation still not done after three reminders</b>"),
        t("Owner: {owner}", owner=html.escape(notice.owner_name)),
        *_action_lines(notice, t),
        t("Follow it up with /khacphuc."),
    ]


def _overdue_line(step: OverdueStep, t: Translator) -> str:
    item = html.escape(step.item.content)
    target = html.escape(step.target_name)
    since = formatting.day(step.since, t.language)
    if step.lateness is Lateness.SELF_REPORT:
        return t(
            "• Self-report not received (due {due}): «{item}» — {target}",
            due=since,
            item=item,
            target=target,
        )
    if step.lateness is Lateness.VERIFICATION:
        return t(
            "• Verification window closed on {due}: «{item}» — {target}",
            due=since,
            item=item,
            target=target,
        )
    assert step.action is not None
    return t(
        "• Remediation overdue (due {due}): {action} — «{item}», {target}",
        due=since,
        action=html.escape(step.action.action),
        item=item,
        target=target,
    )


def _digest_text(digest: MonthDigest, t: Translator) -> list[str]:
    month = digest.month
    lines = [
        t(
            "📋 <b>Inspection and supervision — {month}/{year}</b>",
            month=month.month,
            year=month.year,
        )
    ]
    if digest.items:
        lines.append(t("This month's items:"))
        lines += [
            f"• {_kind(item, t)}: «{html.escape(item.content)}» — {html.escape(name)}"
            for item, name in digest.items
        ]
    else:
        lines.append(t("No item is planned this month."))
    if digest.overdue:
        lines.append(t("Overdue steps:"))
        lines += [_overdue_line(step, t) for step in digest.overdue]
    else:
        lines.append(t("No step is overdue."))
    if digest.quota_lines:
        lines.append(t("The year's quota lines:"))
        lines += [quota_line(line, t) for line in digest.quota_lines]
    lines.append(t("The programme and each item: /kiemtra"))
    return lines


def _behind_text(warning: BehindWarning, t: Translator) -> list[str]:
    return [
        t("⚠ <b>The inspection and supervision programme is behind</b>"),
        t(
            "Closed: {closed} of the year's items; by the end of {month}/{year} the year's "
            "pro-rata share is {required}.",
            closed=formatting.ratio(warning.closed, warning.items, t.language),
            month=warning.months,
            year=warning.year,
            required=warning.required,
        ),
        t("Follow the items up with /kiemtra."),
    ]


def notice_text(notice: Notice, t: Translator) -> str:
    if isinstance(notice, MonthDigest):
        return "\n".join(_digest_text(notice, t))
    if isinstance(notice, BehindWarning):
        return "\n".join(_behind_text(notice, t))
    occasion = notice.reminder.occasion
    if occasion in (Occasion.PREPARE, Occasion.START):
        lines = _lead_text(notice, t)
    elif occasion in (Occasion.NOTIFIED, Occasion.REPORT_SOON, Occasion.REPORT_DUE):
        lines = _target_text(notice, t)
    elif occasion is Occasion.VERIFY:
        lines = _team_text(notice, t)
    elif occasion is Occasion.ESCALATION:
        lines = _escalation_text(notice, t)
    else:
        lines = _owner_text(notice, t)
    return "\n".join(lines)


def renderer(default_language: str) -> Render:
    """The ``render`` the inspection reminder service asks for, in the member's language."""

    def render(member: Member, notice: Notice) -> str:
        return notice_text(notice, translator(member.language, default_language))

    return render
