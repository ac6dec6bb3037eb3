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


def entry(item: PublicTask, t: Translator) -> str:
    task = item.task
    return t(
        "<b>{owner}</b> — {title}\nProduct: {product}\nDue {deadline} · {status}, {progress}",
        owner=html.escape(item.owner_name),
        title=html.escape(task.title),
        product=html.escape(task.product),
        deadline=task.deadline,
        status=status_label(task.status, t),
        progress=percent_of(task.progress, t),
    )


def registry_pages(items: Sequence[PublicTask], t: Translator, limit: int = PAGE_SIZE) -> list[str]:
    """Pages of whole entries under their cell's heading; a cell that runs over a page break
    gets its heading again, marked as continued. At least one page."""
    pages: list[str] = []
    current: list[str] = []
    cell: int | None = None
    for item in items:
        text = entry(item, t)
        heading = f"<b>{cell_title(item.cell_name, t)}</b>"
        if item.cell_id == cell:
            added = ["", text]
        else:
            added = (["", ""] if current else []) + [heading, "", text]
        if current and utf16_len("\n".join(current + added)) > limit:
            pages.append("\n".join(current))
            if item.cell_id == cell:
                continued = t("(continued)")
                heading = f"{heading} {continued}"
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
