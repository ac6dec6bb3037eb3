"""What follows a command in a message: ``/dangky A | B | C`` → ``A | B | C``; numbers in
what people type and in button data."""

from __future__ import annotations

import re

from telegram import Update

# ASCII digits, few enough for the database's 64-bit integers. ``str.isdigit`` also says yes to
# "²" (which ``int`` refuses) and to thirty digits (which SQLite refuses).
_NUMBER = re.compile(r"[0-9]{1,18}")


def command_arguments(update: Update) -> str:
    message = update.effective_message
    text = (message.text or "") if message is not None else ""
    if not text.startswith("/"):
        return ""
    # Split on any whitespace (a newline after the command counts too).
    parts = text.split(maxsplit=1)
    return parts[1].strip() if len(parts) > 1 else ""


def split_parts(text: str, separator: str = "|") -> list[str]:
    return [part.strip() for part in text.split(separator)]


def number(text: str) -> int | None:
    """``text`` as a whole number (an id, a page, a percentage), or None."""
    return int(text) if _NUMBER.fullmatch(text) else None
