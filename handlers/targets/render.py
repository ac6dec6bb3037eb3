"""What /chitieu shows: the targets by section with their lines, a target's card with the history
of its values, and its buttons."""

from __future__ import annotations

import html
from itertools import groupby
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot import formatting
from bot.domain.targets.model import Update
from bot.i18n import Translator
from bot.i18n.target_lines import SOURCE_NAMES, section_key, section_name, target_line
from bot.services.targets.targets import TargetCard, TargetView
from handlers.kit.buttons import button
from handlers.kit.pages import paginate
from handlers.targets.buttons import AddTargetForm, OpenTarget, RecordValue, ShowEvidence

PER_ROW = 5
MAX_BUTTONS = 40
NOTE_SHOWN = 200  # characters of a note on the card; the rest is in the export


def overview(
    views: list[TargetView], year: int, may_add: bool, t: Translator, sees_all: bool = True
) -> tuple[list[str], InlineKeyboardMarkup | None]:
    """The messages (a long list comes in several, cut between sections or lines) and the
    last one's buttons."""
    blocks = [t("<b>Targets of {year}</b>", year=year)]
    if not views:
        blocks.append(
            t("No targets are set for {year} yet.", year=year)
            if sees_all
            else t(
                "None of {year}'s targets is yours: a member sees the targets they own, a cell "
                "secretary also the cell's and the organisation's.",
                year=year,
            )
        )
    ordered = sorted(views, key=lambda v: (section_key(v.target.section), v.target.id))
    for section, group in groupby(ordered, key=lambda v: v.target.section):
        lines = ["", f"<b>{html.escape(section_name(section, t))}</b>"]
        for view in group:
            lines.append(f"№{view.target.id}. {html.escape(target_line(view.line, t))}")
        blocks.append("\n".join(lines))
    lines = [""]
    if views:
        lines.append(
            t(
                "<code>/chitieu 3</code>: target №3's card and history; <code>/chitieu 3 23 "
                "note</code>: record its value (the total so far)."
            )
        )
    if may_add:
        lines.append(
            t("<code>/chitieu them</code>: add a target (one line, or a form step by step).")
        )
    blocks.append("\n".join(lines))
    rows: list[list[InlineKeyboardButton]] = []
    shown = ordered if len(ordered) <= MAX_BUTTONS else []  # more: /chitieu N opens one
    for start in range(0, len(shown), PER_ROW):
        rows.append(
            [
                button(f"№{v.target.id}", OpenTarget(v.target.id))
                for v in ordered[start : start + PER_ROW]
            ]
        )
    return paginate(blocks), InlineKeyboardMarkup(rows) if rows else None


def _update_line(update: Update, t: Translator, decimals: int, zone: ZoneInfo) -> str:
    who = html.escape(update.member_name or t.pgettext("target", "the command line"))
    day = formatting.short_day(update.at.astimezone(zone).date(), t.language)
    text = f"{day} — {who}: {formatting.decimal_number(update.value, decimals, t.language)}"
    if update.note:
        note = update.note if len(update.note) <= NOTE_SHOWN else update.note[:NOTE_SHOWN] + "…"
        text += " — " + html.escape(note)
    if update.file_id:
        text += " 📎"
    return "• " + text


def card(
    found: TargetCard, t: Translator, zone: ZoneInfo
) -> tuple[str, InlineKeyboardMarkup | None]:
    view = found.view
    target = view.target
    lines = [
        t(
            "<b>Target №{number} — {title}</b>",
            number=target.id,
            title=html.escape(target.title),
        ),
        t(
            "Section: {section} · Owner: {owner} · Source: {source}",
            section=html.escape(section_name(target.section, t)),
            owner=html.escape(view.owner_name),
            source=t(SOURCE_NAMES[target.source]),
        ),
        html.escape(target_line(view.line, t)),
    ]
    if not target.source.computed:
        lines.append("")
        if found.history:
            lines.append(t("<b>Values recorded</b> (newest first):"))
            lines.extend(_update_line(u, t, view.line.decimals, zone) for u in found.history)
        else:
            lines.append(t("No value recorded yet."))
    rows: list[list[InlineKeyboardButton]] = []
    files = [u for u in found.history if u.file_id]
    for start in range(0, len(files), 2):
        rows.append(
            [
                button(
                    "📎 " + formatting.short_day(u.at.astimezone(zone).date(), t.language),
                    ShowEvidence(u.id),
                )
                for u in files[start : start + 2]
            ]
        )
    if view.may_record:
        rows.append([button(t("✏️ Record a value"), RecordValue(target.id))])
    return "\n".join(lines), InlineKeyboardMarkup(rows) if rows else None


def form_button(t: Translator) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[button(t("📝 Fill in a form"), AddTargetForm())]])
