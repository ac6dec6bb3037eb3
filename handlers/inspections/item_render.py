"""An item's card as /kiemtra shows it: what it is, whom it is about, who runs it, its state and
dated history, the self-reports and remediation, the target member's breakthrough tasks, and
the buttons for the steps (and, for the programme's owner, the changes) the reader may make."""

from __future__ import annotations

import html
from datetime import date
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot import formatting
from bot.domain.inspections.model import ItemState
from bot.domain.inspections.records import Review
from bot.i18n import N_, Translator
from bot.i18n.inspection_labels import ITEM_KIND_NAMES, TARGET_KIND_NAMES
from bot.i18n.inspection_states import REVIEW_NAMES, STEP_BUTTONS, event_label, state_label
from bot.i18n.task_labels import status_label
from bot.i18n.update_labels import FILE_KINDS
from bot.services.inspections.remediation import ActionView
from bot.services.inspections.steps import ItemCard
from handlers.inspections.programme_buttons import (
    ChangeLead,
    ChangeTarget,
    MoveItem,
    OpenItem,
    PickMonth,
    ProgrammePage,
    ReviewItem,
    TakeStep,
)
from handlers.inspections.remediation_render import action_line
from handlers.kit.buttons import button

HISTORY_SHOWN = 15
NOBODY = N_("nobody yet")  # no lead named yet


def month_label(year: int, month: int, t: Translator) -> str:
    """«Tháng 4/2026»."""
    return t("Month {month}/{year}", month=month, year=year)


def target_text(card: ItemCard, t: Translator) -> str:
    target = card.item.target
    text = f"{t(TARGET_KIND_NAMES[target.kind])} {html.escape(card.target_name)}"
    if target.kind.is_person and card.cell_name:
        text += f" ({html.escape(card.cell_name)})"
    return text


def _people(card: ItemCard, t: Translator) -> str:
    item = card.item
    lead = card.names.get(item.lead_id, "") if item.lead_id is not None else ""
    team = ", ".join(html.escape(card.names.get(m, "?")) for m in item.team_ids) or "—"
    return t(
        "Lead: {lead}; team members: {team}",
        lead=html.escape(lead) if lead else t(NOBODY),
        team=team,
    )


def _history(card: ItemCard, zone: ZoneInfo, t: Translator) -> list[str]:
    lines = [t("<b>History</b>")]
    events = card.events[-HISTORY_SHOWN:]
    for event in events:
        who = (
            t("the command line")
            if event.member_id is None
            else html.escape(card.names.get(event.member_id, "?"))
        )
        at = event.at.astimezone(zone)
        when = f"{formatting.short_day(at.date(), t.language)} {at:%H:%M}"
        what = event_label(event.event, t)
        if event.event == "moved" and event.detail:
            what += f" ({html.escape(event.detail)})"
        lines.append(f"• {when} — {who}: {what}")
    return lines


def _self_reports(card: ItemCard, zone: ZoneInfo, t: Translator) -> list[str]:
    if not card.self_reports:
        return []
    lines = [t("<b>Self-reports received</b>")]
    for report in card.self_reports:
        when = report.at.astimezone(zone).date()
        what = (
            html.escape(report.text or "")
            if report.file_kind is None
            else t("{file} was received", file=t(FILE_KINDS[report.file_kind.value]))
            + (f": {html.escape(report.text)}" if report.text else "")
        )
        lines.append(f"• {formatting.short_day(when, t.language)}: {what}")
    return lines


def _actions(card: ItemCard, t: Translator) -> list[str]:
    if not card.actions:
        return []
    lines = [t("<b>Remediation</b>")]
    for number, action in enumerate(card.actions, 1):
        owner = card.names.get(action.owner_id, "?")
        lines.append(action_line(number, ActionView(action, card.item, owner), t))
    return lines


def _tasks(card: ItemCard, t: Translator) -> list[str]:
    if not card.item.target.kind.is_person:
        return []
    lines = [
        t(
            "<b>Breakthrough tasks of {year} of {name}</b>",
            year=card.programme.year,
            name=html.escape(card.target_name),
        )
    ]
    if not card.tasks:
        return [*lines, t("No task registered.")] if card.may_change or card.next_steps else []
    overdue = 0
    for task in card.tasks:
        late = task.overdue(card.today)
        overdue += late
        lines.append(
            t(
                "• {title} — {status}, {progress}%, deadline {deadline}",
                title=html.escape(task.title),
                status=status_label(task.status, t),
                progress=task.progress,
                deadline=task.deadline,
            )
            + (" ⚠" if late else "")
        )
    if overdue:
        lines.append(t.ngettext("⚠ {n} task overdue", "⚠ {n} tasks overdue", overdue))
    return lines


def card_text(card: ItemCard, zone: ZoneInfo, t: Translator) -> str:
    item = card.item
    lines = [
        t(
            "<b>{kind} no. {id}: {content}</b>",
            kind=t(ITEM_KIND_NAMES[item.kind]),
            id=str(item.id),
            content=html.escape(item.content),
        ),
        t("Target: {target}", target=target_text(card, t)),
    ]
    if item.period:
        lines.append(t("Period under review: {period}", period=html.escape(item.period)))
    lines.append(t("Planned for: {month}", month=month_label(card.programme.year, item.month, t)))
    lines.append(_people(card, t))
    if item.method:
        lines.append(t("Method: {method}", method=html.escape(item.method)))
    if item.decision_ref:
        lines.append(t("Decision: {reference}", reference=html.escape(item.decision_ref)))
    if item.self_report_due is not None:
        lines.append(t("Self-report due: {due}", due=item.self_report_due))
    state = state_label(item.state, t)
    if not card.programme.adopted and not item.kind.is_restricted:
        state += " · " + t("draft: {review}", review=t(REVIEW_NAMES[item.review]))
    lines.append(t("State: {state}", state=state))
    if card.conclusion_visible and item.conclusion:
        lines.append(t("Conclusion (summary): {summary}", summary=html.escape(item.conclusion)))
    for block in (
        _self_reports(card, zone, t),
        _actions(card, t),
        _tasks(card, t),
        _history(card, zone, t),
    ):
        if block:
            lines += ["", *block]
    return "\n".join(lines)


def card_keyboard(card: ItemCard, page: int, t: Translator) -> InlineKeyboardMarkup:
    item = card.item
    rows: list[list[InlineKeyboardButton]] = [
        [button(t(STEP_BUTTONS[to]), TakeStep(item.id, to))] for to in card.next_steps
    ]
    if card.may_change:
        planned = item.state is ItemState.PLANNED
        draft = not card.programme.adopted and not item.kind.is_restricted
        if draft and item.review is not Review.ACCEPTED:
            rows.append([button(t("✔️ Accept"), ReviewItem(item.id, "ok"))])
        if planned:
            rows.append(
                [
                    button(t("🗓 Another month"), PickMonth(item.id)),
                    button(t("🎯 Change the target"), ChangeTarget(item.id)),
                ]
            )
        rows.append([button(t("👥 Change lead and team"), ChangeLead(item.id))])
        if planned and item.review is not Review.DROPPED:
            rows.append([button(t("🗑 Drop"), ReviewItem(item.id, "drop"))])
    rows.append([button(t("◀ The programme"), ProgrammePage(page))])
    return InlineKeyboardMarkup(rows)


def month_picker(item_id: int, year: int, today: date, t: Translator) -> InlineKeyboardMarkup:
    """The months left in the programme's year, four to a row."""
    first = today.month if year == today.year else 1
    months = list(range(first, 13)) if year >= today.year else list(range(1, 13))
    buttons = [button(month_label(year, m, t), MoveItem(item_id, m)) for m in months]
    rows = [buttons[i : i + 4] for i in range(0, len(buttons), 4)]
    rows.append([button(t("◀ Back to the item"), OpenItem(item_id))])
    return InlineKeyboardMarkup(rows)
