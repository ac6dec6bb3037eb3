"""Long answers split into messages Telegram accepts (4,096 characters), with ◀/▶ buttons.

Lengths are counted in UTF-16 code units, as Telegram counts them, on the HTML as sent: the
tags and entities only make it longer than what Telegram measures, so a page that fits here
fits there.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from telegram import InlineKeyboardButton

from bot.i18n import Translator
from handlers.kit.buttons import button
from handlers.kit.callbacks import CallbackData

MAX_MESSAGE = 4096
# Room kept on every page for its heading and the "page 2/5" line.
RESERVED = 300
PAGE_SIZE = MAX_MESSAGE - RESERVED


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _pieces(block: str, limit: int) -> list[str]:
    """A block that fits, or its lines; renderers keep every line far below the limit."""
    if utf16_len(block) <= limit:
        return [block]
    return [line for line in block.split("\n") if line]


def paginate(blocks: Sequence[str], limit: int = PAGE_SIZE) -> list[str]:
    """Blocks joined by new lines into pages of at most ``limit``; a block is never split
    across pages unless it alone is longer than a page. Always at least one page."""
    pages: list[str] = []
    current = ""
    for block in blocks:
        for piece in _pieces(block, limit):
            candidate = f"{current}\n{piece}" if current else piece
            if current and utf16_len(candidate) > limit:
                pages.append(current)
                current = piece
            else:
                current = candidate
    pages.append(current)
    return pages


def clamp(page: int, pages: int) -> int:
    """A page number from callback data, kept in range (the list may have shrunk since)."""
    return max(0, min(page, pages - 1))


def page_line(page: int, pages: int, t: Translator) -> str:
    return t("Page {page}/{pages}", page=page + 1, pages=pages) if pages > 1 else ""


def navigation(
    to_page: Callable[[int], CallbackData], page: int, pages: int, t: Translator
) -> list[InlineKeyboardButton]:
    """◀ Previous / Next ▶; ``to_page`` makes a page number the button's data."""
    row = []
    if page > 0:
        row.append(button(t("◀ Previous"), to_page(page - 1)))
    if page + 1 < pages:
        row.append(button(t("Next ▶"), to_page(page + 1)))
    return row


def plan(sizes: Sequence[int], limit: int = PAGE_SIZE) -> list[range]:
    """Pages for blocks that will be at most ``sizes`` long once rendered, joined by new lines
    as :func:`paginate` joins them: the blocks each page holds. What a page shows can then be
    read and rendered alone. A block longer than ``limit`` gets a page to itself (the caller
    keeps blocks below it). Always at least one page."""
    pages: list[range] = []
    start = 0
    length = -1  # nothing yet: the first block needs no new line before it
    for index, size in enumerate(sizes):
        if index > start and length + 1 + size > limit:
            pages.append(range(start, index))
            start, length = index, size
        else:
            length += 1 + size
    pages.append(range(start, len(sizes)))
    return pages
