"""Sending replies: HTML-escaped where people's words are inserted, keyboards built here."""

from __future__ import annotations

from telegram import InlineKeyboardMarkup, Message, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest


async def reply(update: Update, text: str, keyboard: InlineKeyboardMarkup | None = None) -> None:
    """Answer in the chat the update came from. ``text`` is HTML: escape inserted values.

    Telegram's answer (the sent message) is not made into a ``Message``: python-telegram-bot
    would build an object for every entity of the text (a help with forty commands: forty),
    the largest share of the bot's own work per update, for an answer nobody reads. A handler
    that needs the sent message (to edit it later) uses :func:`reply_message`."""
    chat = update.effective_chat
    if chat is None:
        return
    data: dict[str, object] = {"chat_id": chat.id, "text": text, "parse_mode": ParseMode.HTML}
    markup = some_buttons(keyboard)
    if markup is not None:
        data["reply_markup"] = markup
    # The Bot's own request path (defaults, the rate limiter, errors as exceptions), minus
    # the parsing of the result; python-telegram-bot is pinned below 23 (pyproject.toml).
    await update.get_bot()._post("sendMessage", data)


async def reply_message(
    update: Update, text: str, keyboard: InlineKeyboardMarkup | None = None
) -> Message | None:
    """As :func:`reply`, and the sent message (to edit it later)."""
    chat = update.effective_chat
    if chat is None:
        return None
    return await chat.send_message(
        text, parse_mode=ParseMode.HTML, reply_markup=some_buttons(keyboard)
    )


def some_buttons(keyboard: InlineKeyboardMarkup | None) -> InlineKeyboardMarkup | None:
    """A keyboard without buttons is sent as none: python-telegram-bot writes it as ``{}``,
    which Telegram refuses ("can't parse reply keyboard markup JSON object")."""
    if keyboard is None or not any(keyboard.inline_keyboard):
        return None
    return keyboard


# How Telegram refuses to edit a message that is gone or too old.
_NOT_EDITABLE = ("message to edit not found", "message can't be edited")


def pressed_message(update: Update) -> Message | None:
    """The message whose button was pressed, if the bot can still edit it. Telegram sends a
    message it no longer gives the bot (deleted, or too old) as an inaccessible one, dated 0;
    python-telegram-bot still makes a ``Message`` of it."""
    query = update.callback_query
    message = query.message if query is not None else None
    return message if isinstance(message, Message) and message.is_accessible else None


async def replace(update: Update, text: str, keyboard: InlineKeyboardMarkup | None = None) -> None:
    """Edit the message whose button was pressed (keeps the chat short), or reply."""
    message = pressed_message(update)
    if message is not None and message.text is not None:  # a file's caption stays as it is
        try:
            await message.edit_text(
                text, parse_mode=ParseMode.HTML, reply_markup=some_buttons(keyboard)
            )
            return
        except BadRequest as exc:
            # Pressing the same button twice asks for the same text: nothing to change.
            if "not modified" in exc.message:
                return
            # Gone meanwhile, or no longer editable: the answer comes as a new message.
            if not any(gone in exc.message.lower() for gone in _NOT_EDITABLE):
                raise
    await reply(update, text, keyboard)


async def replace_keyboard(update: Update, keyboard: InlineKeyboardMarkup | None) -> None:
    """Change only the buttons of the message whose button was pressed (a double tap asks
    for the same buttons twice: nothing to change)."""
    message = pressed_message(update)
    if message is None:
        return
    try:
        await message.edit_reply_markup(some_buttons(keyboard))
    except BadRequest as exc:
        if "not modified" not in exc.message:
            raise
