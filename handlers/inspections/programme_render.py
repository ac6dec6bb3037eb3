"""The programme as /kiemtra lists it for one reader: a page of items grouped by month (one line
each: kind, target, lead, state), a button per item to open its card, the quota lines on every
page for the committee and the commission, and, for the committee, the draft's buttons."""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import date

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot import formatting
from bot.domain.inspections.quotas import QuotaLine
from bot.domain.inspections.records import Review
from bot.i18n import N_, Translator
from bot.i18n.inspection_labels import ITEM_KIND_NAMES, TARGET_KIND_NAMES, quota_line, spread_lines
from bot.i18n.inspection_states import REVIEW_NAMES, state_label
from bot.services.inspections.listing import ListedItem, ProgrammeView
from handlers.inspections.item_render import NOBODY
from handlers.inspections.programme_buttons import (
    AddItemForm,
    AdoptProgramme,
    OpenItem,
    ProgrammePage,
    ProposeDraft,
)
from handlers.kit.buttons import button
from handlers.kit.pages import clamp, navigation, page_line

ITEMS_PER_PAGE = 10
QUOTA_HEADING = N_("Quota lines:")


def item_line(listed: ListedItem, t: Translator) -> str:
    item = listed.item
    target = f"{t(TARGET_KIND_NAMES[item.target.kind])} {html.escape(listed.target_name)}"
    if item.target.kind.is_person and listed.cell_name:
        target += f" ({html.escape(listed.cell_name)})"
    state = state_label(item.state, t)
    if item.review is not Review.ACCEPTED:
        state = t(REVIEW_NAMES[item.review])
    line = t(
        "№{id} {kind}: {target} — lead: {lead} — {state}",
        id=str(item.id),
        kind=t(ITEM_KIND_NAMES[item.kind]),
        target=target,
        lead=html.escape(listed.lead_name) if listed.lead_name else t(NOBODY),
        state=state,
    )
    if listed.cell_programme:
        line += " " + t("(the cell's programme)")
    return line


def _quotas(view: ProgrammeView, t: Translator) -> list[str]:
    """The quota lines, and a warning when the programme is bunched at the year's end."""
    lines = quota_block(view.quotas, t)
    if view.spread is not None and view.spread.warning:
        lines += ([] if lines else [""]) + spread_lines(view.spread, t)
    return lines


def quota_block(quotas: Sequence[QuotaLine], t: Translator) -> list[str]:
    """The quota lines under a blank line, as the report writes them; none: nothing."""
    if not quotas:
        return []
    return ["", t(QUOTA_HEADING), *(quota_line(line, t) for line in quotas)]


def _heading(view: ProgrammeView, t: Translator) -> str:
    if view.draft is not None:
        return t(
            "<b>Draft inspection and supervision programme for {year}</b> (not adopted yet)",
            year=view.year,
        )
    return t("<b>Inspection and supervision programme for {year}</b>", year=view.year)


def empty_text(view: ProgrammeView, t: Translator) -> str:
    lines = [
        t(
            "/kiemtra shows the year's inspection and supervision programme: the committee and "
            "the inspection commission see all of it, a cell's secretary the cell's, and each "
            "member the items they lead or sit on, and those about them once they are notified."
        ),
        t("There is nothing for you in {year}'s programme.", year=view.year),
    ]
    if view.may_draft:
        lines.append(
            t(
                "No programme is adopted yet: «Propose a programme» stores the planner's "
                "proposal as a draft for the committee to review item by item and adopt."
            )
        )
    return "\n".join([*lines, *_quotas(view, t)])


def page(
    view: ProgrammeView, number: int, today: date, t: Translator
) -> tuple[str, InlineKeyboardMarkup | None]:
    """Page ``number`` of the programme (kept in range) and its buttons."""
    rows: list[list[InlineKeyboardButton]] = []
    if view.may_draft:
        label = t("🔁 Propose again") if view.draft is not None else t("📋 Propose a programme")
        rows.append([button(label, ProposeDraft())])
    if view.draft is not None and view.items:
        rows.append([button(t("✅ Adopt"), AdoptProgramme(view.draft.id))])
    if view.may_add:
        rows.append([button(t("➕ Add an item"), AddItemForm())])
    if not view.items:
        return empty_text(view, t), InlineKeyboardMarkup(rows) if rows else None
    pages = max(1, -(-len(view.items) // ITEMS_PER_PAGE))
    number = clamp(number, pages)
    shown = view.items[number * ITEMS_PER_PAGE : (number + 1) * ITEMS_PER_PAGE]
    lines = [_heading(view, t)]
    month = 0
    for listed in shown:
        if listed.item.month != month:
            month = listed.item.month
            lines += ["", month_heading(view.year, month, t)]
        lines.append(item_line(listed, t))
    lines += _quotas(view, t)
    footer = page_line(number, pages, t)
    if footer:
        lines += ["", footer]
    lines += ["", t("Open an item below, or write /kiemtra and its number.")]
    item_rows = [
        [
            button(
                f"№{listed.item.id} {t(ITEM_KIND_NAMES[listed.item.kind])}: {listed.target_name}"[
                    :60
                ],
                OpenItem(listed.item.id),
            )
        ]
        for listed in shown
    ]
    nav = navigation(ProgrammePage, number, pages, t)
    keyboard = item_rows + ([nav] if nav else []) + rows
    return "\n".join(lines), InlineKeyboardMarkup(keyboard)


def month_heading(year: int, month: int, t: Translator) -> str:
    return formatting.month_name(date(year, month, 1), t.language).capitalize() + ":"
