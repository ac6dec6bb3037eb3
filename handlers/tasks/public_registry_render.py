"""The public registry as text: approved tasks grouped by cell, cut into pages by whole entries."""

from __future__ import annotations

import html
from collections.abc import Sequence

from bot.domain.reports import PublicTask
from bot.i18n import Translator
from bot.i18n.task_labels import status_label
from handlers.kit.cells import cell_title
from handlers.kit.pages import PAGE_SIZE, utf16_len
from handlers.tasks.progress_render import percent_of

# Tasks on a page of /congkhai: a fixed number, so a page is read from the database alone.
PER_PAGE = 10
# Shorter and shorter titles and products, tried in turn when a page of very long entries
# would not fit in a message (the spreadsheet has them whole).
_CUTS = (None, 300, 150, 80, 40)


def _cut(text: str, cut: int | None) -> str:
    return text if cut is None or len(text) <= cut else text[: cut - 1].rstrip() + "…"


def entry(item: PublicTask, t: Translator, cut: int | None = None) -> str:
    task = item.task
    return t(
        "<b>{owner}</b> — {title}\nProduct: {product}\nDue {deadline} · {status}, {progress}",
        owner=html.escape(item.owner_name),
        title=html.escape(_cut(task.title, cut)),
        product=html.escape(_cut(task.product, cut)),
        deadline=task.deadline,
        status=status_label(task.status, t),
        progress=percent_of(task.progress, t),
    )


def registry_page(
    items: Sequence[PublicTask], t: Translator, *, continued: bool, limit: int = PAGE_SIZE
) -> str:
    """One page of the registry, its entries under their cell's heading (``continued``: the
    first cell began on an earlier page); titles and products shortened only if the page
    would not fit otherwise."""
    for cut in _CUTS:
        [page, *more] = registry_pages(items, t, limit, cut=cut, continued=continued)
        if not more:
            return page
    return page


def registry_pages(
    items: Sequence[PublicTask],
    t: Translator,
    limit: int = PAGE_SIZE,
    *,
    cut: int | None = None,
    continued: bool = False,
) -> list[str]:
    """Pages of whole entries under their cell's heading; a cell that runs over a page break
    gets its heading again, marked as continued. At least one page."""
    pages: list[str] = []
    current: list[str] = []
    cell: int | None = None
    more = t("(continued)")
    for item in items:
        text = entry(item, t, cut)
        title = f"<b>{cell_title(item.cell_name, t)}</b>"
        heading = f"{title} {more}" if cell is None and continued else title
        if item.cell_id == cell:
            added = ["", text]
        else:
            added = (["", ""] if current else []) + [heading, "", text]
        if current and utf16_len("\n".join(current + added)) > limit:
            pages.append("\n".join(current))
            if item.cell_id == cell:
                heading = f"{title} {more}"
            current = [heading, "", text]
        else:
            current += added
        cell = item.cell_id
    pages.append("\n".join(current) if current else t("No approved tasks yet."))
    return pages


def page_heading(year: int, cell_name: str | None, t: Translator) -> str:
    if cell_name is None:
        return t("<b>Breakthrough tasks of {year}, made public</b>", year=year)
    return t(
        "<b>Breakthrough tasks of {year}, made public</b> — {cell}",
        year=year,
        cell=cell_title(cell_name, t),
    )
