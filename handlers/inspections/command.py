"""/kiemtra (/inspections) and what follows it: nothing, the programme; a number, that item's
card; a word, the action of :data:`ACTIONS` it names (one line each, so another action is one
more line). An unknown word gets the list of what /kiemtra understands."""

from __future__ import annotations

import html
from collections.abc import Callable, Coroutine
from typing import Any

from telegram import Update

from bot.domain.model import Identity
from bot.domain.text import fold
from bot.i18n import Translator
from handlers.inspections import add_item, programme, report
from handlers.kit.auth import member_only
from handlers.kit.context import BotContext
from handlers.kit.replies import reply

# An action gets what follows its word, as typed.
Action = Callable[[Update, BotContext, Identity, Translator, str], Coroutine[Any, Any, None]]

ACTIONS: dict[str, Action] = {
    "them": add_item.one_line,  # /kiemtra them kiểm tra; Liên khoa; 5; nội dung
    "add": add_item.one_line,
    "baocao": report.show_report,  # /kiemtra baocao 6thang 2020
    "report": report.show_report,
}


async def _help(update: Update, t: Translator, word: str) -> None:
    await reply(
        update,
        t(
            "/kiemtra does not know «{word}». It understands: <code>/kiemtra</code> (the "
            "programme), <code>/kiemtra 12</code> (item №12's card), <code>/kiemtra them "
            "…</code> (add an item; <code>/kiemtra them</code> alone explains how), "
            "<code>/kiemtra baocao 6thang</code> (the period report).",
            word=html.escape(word),
        ),
    )


@member_only
async def kiemtra(update: Update, context: BotContext, identity: Identity, t: Translator) -> None:
    message = update.effective_message
    text = (message.text if message else None) or ""
    _, _, rest = text.partition(" ")
    rest = rest.strip()
    if not rest:
        await programme.show(update, context, identity, t)
        return
    word, _, tail = rest.partition(" ")
    number = word.lstrip("#№")
    if number.isascii() and number.isdecimal() and len(number) <= 18:
        await programme.show_card(update, context, identity, t, int(number), edit=False)
        return
    action = ACTIONS.get(fold(word))
    if action is None:
        await _help(update, t, word[:50])
        return
    await action(update, context, identity, t, tail)
