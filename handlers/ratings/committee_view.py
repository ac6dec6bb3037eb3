"""What /xeploai shows the committee: the distribution against the cap and the targets (with a
warning when the targets conflict with the cap), then the table by cell, a page at a time, each
cell a button; publishing, asked first."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.i18n import Translator
from bot.services.ratings.committee import Overview
from handlers.kit.buttons import button
from handlers.kit.pages import clamp, navigation, page_line
from handlers.ratings.rating_buttons import (
    OpenCellRatings,
    OpenCycleForm,
    PublishRatings,
    RatingsOverview,
)
from handlers.ratings.rating_text import (
    cell_line,
    conflict_lines,
    cycle_dates,
    distribution_lines,
    period,
)

CELLS_PER_PAGE = 20


def overview_view(overview: Overview, page: int, t: Translator) -> tuple[str, InlineKeyboardMarkup]:
    cycle = overview.cycle
    pages = max(1, -(-len(overview.cells) // CELLS_PER_PAGE))
    page = clamp(page, pages)
    shown = overview.cells[page * CELLS_PER_PAGE : (page + 1) * CELLS_PER_PAGE]
    lines = [
        t("<b>Review and rating: {period}</b>", period=period(cycle, t)),
        cycle_dates(cycle, t),
    ]
    if cycle.published:
        lines.append(t("✅ Published."))
    lines.append("")
    lines.append(
        t("<b>Distribution as it stands</b> (the committee's level, else the cell's proposal):")
    )
    lines += distribution_lines(overview.distribution, overview.rules, t)
    lines += conflict_lines(overview.conflicts, overview.rules, t)
    lines.append("")
    lines += [cell_line(line, t) for line in shown]
    footer = page_line(page, pages, t)
    if footer:
        lines.append(footer)
    rows: list[list[InlineKeyboardButton]] = []
    pair: list[InlineKeyboardButton] = []
    for line in shown:
        pair.append(button(line.cell.name[:30], OpenCellRatings(line.cell.id)))
        if len(pair) == 2:
            rows.append(pair)
            pair = []
    if pair:
        rows.append(pair)
    nav = navigation(RatingsOverview, page, pages, t)
    if nav:
        rows.append(nav)
    if cycle.published:
        rows.append([button(t("🔓 Open a review cycle"), OpenCycleForm())])
    else:
        rows.append([button(t("📣 Publish the ratings"), PublishRatings(0))])
    return "\n".join(lines), InlineKeyboardMarkup(rows)
