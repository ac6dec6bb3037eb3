"""What follows a command in a message: ``/dangky A | B | C`` → ``A | B | C``."""

from __future__ import annotations

from telegram import Update


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
