"""The committee's overview a page at a time: pages are planned on what is cheap to read (the
cells' names, the committee's work items), then only the page's cells are counted.

The overview's blocks are its heading (the organisation's total and the study figures), one line
per cell, then the work items. Each cell's line is planned at the longest its figures could make
it, the heading at :data:`HEADING_ROOM`, so a page planned to fit does once its figures are in;
the pages stay where they are while the figures change.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from bot.i18n import Translator
from bot.services.tasks.report_summaries import OrganisationOutline, OrganisationPage
from handlers.kit.pages import clamp, plan, utf16_len
from handlers.tasks import overview_render as render


@dataclass(frozen=True)
class OverviewPage:
    """Page ``page`` of ``pages``: the blocks it holds, and the cells among them."""

    page: int
    pages: int
    blocks: range  # 0: the heading; 1…n: the cells; then the work items
    cells: Sequence[int]
    heading: bool


def choose(outline: OrganisationOutline, page: int, today: date, t: Translator) -> OverviewPage:
    """Which blocks page ``page`` (from 0, kept in range) holds."""
    tail = _tail(outline, today, t)
    room = render.cell_line_room(t)
    sizes = [
        render.HEADING_ROOM,
        *(room(name) for _, name in outline.cells),
        *(utf16_len(block) for block in tail),
    ]
    pages = plan(sizes)
    page = clamp(page, len(pages))
    blocks = pages[page]
    cells = [cell for n, (cell, _) in enumerate(outline.cells, 1) if n in blocks]
    return OverviewPage(page, len(pages), blocks, cells, heading=0 in blocks)


def _tail(outline: OrganisationOutline, today: date, t: Translator) -> list[str]:
    return render.work_item_blocks(outline.work_items, outline.year.areas, today, t)


def page_text(shown: OrganisationPage[OverviewPage], today: date, t: Translator) -> str:
    """The page's blocks, rendered (without the page line)."""
    outline = shown.outline
    count = len(outline.cells)
    lines = {cell.cell_id: render.cell_line(cell, t) for cell in shown.cells}
    tail = _tail(outline, today, t)
    blocks = []
    for index in shown.chosen.blocks:
        if index == 0:
            assert shown.total is not None
            blocks.append(
                render.organisation_heading(outline.year.year, shown.total, shown.study, t)
            )
        elif index <= count:
            cell = outline.cells[index - 1][0]
            blocks.append(lines[cell])
        else:
            blocks.append(tail[index - count - 1])
    # A page may begin or end on a blank line between sections.
    return "\n".join(blocks).strip("\n")
