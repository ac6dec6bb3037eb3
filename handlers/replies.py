"""Sending replies: HTML-escaped where people's words are inserted, keyboards built here."""

from __future__ import annotations

from telegram import InlineKeyboardMarkup, Message, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest


async def reply(
    update: Update, text: str, keyboard: InlineKeyboardMarkup | None = None
) -> Message | None:
    """Answer in the chat the update came from. ``text`` is HTML: escape inserted values."""
    chat = update.effective_chat
    if chat is None:
        return None
    return await chat.send_message(text, parse_mode=ParseMode.HTML, reply_markup=keyboard)


async def replace(update: Update, text: str, keyboard: InlineKeyboardMarkup | None = None) -> None:
    """Edit the message whose button was pressed (keeps the chat short), or reply."""
    query = update.callback_query
    if query is not None and query.message is not None and isinstance(query.message, Message):
        try:
            await query.message.edit_text(text, parse_mode=ParseMode.HTML, reply_markup=keyboard)
        except BadRequest as exc:
            # Pressing the same button twice asks for the same text: nothing to change.
            if "not modified" not in exc.message:
                raise
    else:
        await reply(update, text, keyboard)


async def replace_keyboard(update: Update, keyboard: InlineKeyboardMarkup | None) -> None:
    """Change only the buttons of the message whose button was pressed (a double tap asks
    for the same buttons twice: nothing to change)."""
    query = update.callback_query
    if query is None or not isinstance(query.message, Message):
        return
    try:
        await query.message.edit_reply_markup(keyboard)
    except BadRequest as exc:
        if "not modified" not in exc.message:
            raise
