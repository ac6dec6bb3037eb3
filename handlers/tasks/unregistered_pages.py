"""Who has not registered, every cell, a page at a time: pages are planned on each cell's
figures (how many names, and the longest a name of the cell can be written), then only the
page's cells' names are read.

The answer's blocks are its heading, then for each cell where somebody has not registered a
blank line, its title, the count and the lines of names (party members, then non-party staff,
:data:`~handlers.tasks.progress_render.NAMES_PER_BLOCK` a line), then the cells where everyone
has. A page that begins inside a cell repeats its title, marked as continued.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

from bot.domain.reports import CellProgress, Headcount
from bot.i18n import Translator
from bot.services.tasks.report_summaries import UnregisteredNames, UnregisteredOutline
from handlers.kit.cells import cell_title
from handlers.kit.pages import PAGE_SIZE, clamp, plan, utf16_len
from handlers.tasks import progress_render as render


class Kind(Enum):
    HEADING = "heading"
    BLANK = "blank"
    TITLE = "title"  # a cell's title
    LINE = "line"  # line ``line`` of a cell's :func:`render.unregistered_lines` (0: the count)
    COMPLETE = "complete"  # a line of the cells where everyone has registered


@dataclass(frozen=True)
class Block:
    kind: Kind
    cell: int = 0  # the cell's id, for a title or a line
    line: int = 0


@dataclass(frozen=True)
class NamesPage:
    """Page ``page`` of ``pages``: its blocks, and the cells whose names they hold."""

    page: int
    pages: int
    blocks: list[Block]
    cells: list[int]


_WIDE = Headcount(9_999_999, 0)


def _name_line_rooms(count: int, label_room: int, longest: int) -> list[int]:
    """The longest each line of ``count`` names can be, names of at most ``longest`` units
    under a label of ``label_room``."""
    per = render.NAMES_PER_BLOCK
    rooms = []
    for start in range(0, count, per):
        names = min(per, count - start)
        rooms.append((label_room if start == 0 else 0) + names * longest + 2 * (names - 1))
    return rooms


def _complete_lines(cells: list[CellProgress], t: Translator) -> list[str]:
    """The cells where everyone has registered, in lines that each fit well within a page."""
    if not cells:
        return []
    lines: list[list[str]] = [[]]
    for cell in cells:
        names = [*lines[-1], html.escape(cell.cell_name)]
        if lines[-1] and utf16_len(", ".join(names)) > PAGE_SIZE // 2:
            lines.append([html.escape(cell.cell_name)])
        else:
            lines[-1] = names
    return [t("Everyone has registered in: {cells}.", cells=", ".join(line)) for line in lines]


def _title(name: str, t: Translator) -> str:
    return f"<b>{cell_title(name, t)}</b>"


def _title_room(t: Translator) -> Callable[[str], int]:
    """How long a cell's title can be, from its name (the word "cell" counted always)."""
    rest = utf16_len(_title("", t))
    return lambda name: rest + utf16_len(html.escape(name))


def choose(outline: UnregisteredOutline, page: int, t: Translator) -> NamesPage:
    """Which blocks page ``page`` (from 0, kept in range) holds."""
    title_room = _title_room(t)
    count_room = utf16_len(render.unregistered_count(CellProgress(0, "", _WIDE, _WIDE), t))
    party_room = utf16_len(t(render.PARTY_NAMES, names=""))
    non_party_room = utf16_len(t(render.NON_PARTY_NAMES, names=""))
    blocks = [Block(Kind.HEADING)]
    sizes = [utf16_len(render.unregistered_heading(outline.year.year, outline.total, t))]
    again = 0  # the longest title
    for cell in outline.behind:
        longest = outline.longest_name.get(cell.cell_id, 0)
        rooms = [
            count_room,
            *_name_line_rooms(cell.party.unregistered, party_room, longest),
            *_name_line_rooms(cell.non_party.unregistered, non_party_room, longest),
        ]
        title = title_room(cell.cell_name)
        again = max(again, title)
        blocks += [Block(Kind.BLANK), Block(Kind.TITLE, cell.cell_id)]
        sizes += [0, title]
        blocks += [Block(Kind.LINE, cell.cell_id, n) for n in range(len(rooms))]
        sizes += rooms
    complete = _complete_lines(outline.complete, t)
    if complete:
        blocks.append(Block(Kind.BLANK))
        sizes.append(0)
    blocks += [Block(Kind.COMPLETE, line=n) for n in range(len(complete))]
    sizes += [utf16_len(line) for line in complete]
    # Room on every page for a cell's title repeated, marked as continued.
    pages = plan(sizes, PAGE_SIZE - again - 2 - utf16_len(t("(continued)")))
    page = clamp(page, len(pages))
    held = [blocks[n] for n in pages[page]]
    cells = list(dict.fromkeys(b.cell for b in held if b.kind in (Kind.TITLE, Kind.LINE)))
    return NamesPage(page, len(pages), held, cells)


def page_text(shown: UnregisteredNames[NamesPage], t: Translator) -> str:
    """The page's blocks, rendered (without the page line)."""
    outline = shown.outline
    titles = {cell.progress.cell_id: _title(cell.progress.cell_name, t) for cell in shown.cells}
    lines = {cell.progress.cell_id: render.unregistered_lines(cell, t) for cell in shown.cells}
    complete = _complete_lines(outline.complete, t)
    out: list[str] = []
    for block in shown.picked.blocks:
        match block.kind:
            case Kind.HEADING:
                out.append(render.unregistered_heading(outline.year.year, outline.total, t))
            case Kind.BLANK:
                out.append("")
            case Kind.TITLE:
                out.append(titles[block.cell])
            case Kind.LINE:
                if not any(line for line in out):
                    # The page begins inside a cell: its title again.
                    out.append(f"{titles[block.cell]} {t('(continued)')}")
                out.append(lines[block.cell][block.line])
            case Kind.COMPLETE:
                out.append(complete[block.line])
    # A page may begin or end on a blank line between cells.
    return "\n".join(out).strip("\n")
