"""A broadcast as members read it: who it is from, then the author's words, escaped and cut
into messages Telegram accepts. The author's preview and every member's copy come from here."""

from __future__ import annotations

import html

from bot.domain.broadcasts import (
    HEADER_ROOM,
    MAX_CAPTION,
    MAX_TEXT,
    split_text,
    utf16_len,
)
from bot.domain.outbox import FileKind
from bot.domain.text import fold
from bot.i18n import N_, translator

MAX_NOTICE = 16_000  # characters: about four messages; longer belongs in an attached document
_MAX_SENDER = 120


def sender_label(unit_name: str, *, is_cell: bool, language: str, default: str) -> str:
    """ "Chi bộ Phòng Đào tạo" for a cell, the organisation's own name otherwise."""
    name = unit_name if len(unit_name) <= _MAX_SENDER else unit_name[: _MAX_SENDER - 1] + "…"
    if not is_cell or fold(name).startswith("chi bo "):
        return name
    t = translator(language, default)
    return t("Cell {name}", name=name)


def compose(
    text: str,
    *,
    sender: str,
    file_kind: FileKind | None,
    language: str,
    default: str,
) -> list[str]:
    """The HTML of each message, in order. With a file, the first is its caption."""
    t = translator(language, default)
    header = t("📢 <b>Notice from {sender}</b>", sender=html.escape(sender, quote=False))
    # Escaped before splitting, so a cut never lands inside what escaping produced.
    parts = split_text(html.escape(text.strip(), quote=False), MAX_TEXT - HEADER_ROOM)
    first = parts[0]
    if file_kind is not None and utf16_len(first) > MAX_CAPTION - HEADER_ROOM:
        # Too long for a caption: the file comes with the heading, the words after it.
        return [header, *parts]
    return [f"{header}\n\n{first}" if first else header, *parts[1:]]


def too_long(text: str) -> bool:
    return len(text) > MAX_NOTICE


NOTICE_TOO_LONG = N_(
    "This notice is too long ({length} characters; at most {limit}). Shorten it, or attach "
    "it as a document."
)
