"""Buttons with typed callback data: making one, and reading the one that was pressed."""

from __future__ import annotations

from typing import TypeVar, overload

from telegram import InlineKeyboardButton, Update

from handlers.kit.callbacks import CallbackData

D = TypeVar("D", bound=CallbackData)


def button(label: str, data: CallbackData) -> InlineKeyboardButton:
    return InlineKeyboardButton(label, callback_data=data.pack())


@overload
def pressed(update: Update, family: type[D], /) -> D | None: ...


@overload
def pressed(update: Update, *families: type[CallbackData]) -> CallbackData | None: ...


def pressed(update: Update, *families: type[CallbackData]) -> CallbackData | None:
    """What the pressed button says, read as the first of ``families`` that reads it; None for
    anything else (the handler's pattern normally lets nothing else through)."""
    query = update.callback_query
    data = None if query is None else query.data
    for family in families:
        found = family.unpack(data)
        if found is not None:
            return found
    return None
