"""/chitieu (/targets) and what follows it: nothing, the year's targets one may see; a number,
that target's card; a number and a value (and a note), the value recorded in one line
(``/chitieu 3 23 Đã mở thêm 1 lớp``); ``them`` and a line, a target added
(``/chitieu them Lớp đào tạo; ≥ 22; lớp; chính trị``), or alone, how to, with the form; a year
(``/chitieu 2020``), that year's targets."""

from __future__ import annotations

import html
import re

from telegram import Update

from bot.domain.model import Identity
from bot.domain.targets.access import may_set_targets, sees_every_target
from bot.domain.text import fold
from bot.i18n import Translator
from handlers.kit.auth import member_only
from handlers.kit.context import BotContext
from handlers.kit.replies import reply
from handlers.targets import add_target, render

_NUMBER = re.compile(r"^[#№]?(\d{1,9})$")
_YEAR = re.compile(r"^(20\d\d|2100)$")
ADD_WORDS = frozenset({"them", "add"})


async def show_overview(
    update: Update, context: BotContext, identity: Identity, t: Translator, year: int | None
) -> None:
    service = context.services.targets
    year = year or service.today().year
    views = await service.overview(identity, year)
    pages, keyboard = render.overview(
        views, year, may_set_targets(identity), t, sees_all=sees_every_target(identity)
    )
    for page in pages[:-1]:
        await reply(update, page)
    await reply(update, pages[-1], keyboard)


async def show_card(
    update: Update, context: BotContext, identity: Identity, t: Translator, target_id: int
) -> None:
    found = await context.services.targets.card(identity, target_id)
    text, keyboard = render.card(found, t, context.services.zone)
    await reply(update, text, keyboard)


@member_only
async def chitieu(update: Update, context: BotContext, identity: Identity, t: Translator) -> None:
    message = update.effective_message
    text = (message.text if message else None) or ""
    _, _, rest = text.partition(" ")
    words = rest.split(None, 2)
    if not words:
        await show_overview(update, context, identity, t, None)
        return
    first = words[0]
    if fold(first) in ADD_WORDS:
        await add_target.one_line(update, context, identity, t, rest.split(None, 1)[1:])
        return
    if _YEAR.match(first) and len(words) == 1:
        await show_overview(update, context, identity, t, int(first))
        return
    number = _NUMBER.match(first)
    if number is None:
        await reply(update, _help(t, first))
        return
    target_id = int(number.group(1))
    if len(words) == 1:
        await show_card(update, context, identity, t, target_id)
        return
    note = words[2] if len(words) > 2 else None
    found = await context.services.targets.record(
        identity, target_id, words[1], note=note, channel=context.channel
    )
    await reply(update, t("✅ Recorded: the value is saved."))
    text, keyboard = render.card(found, t, context.services.zone)
    await reply(update, text, keyboard)


def _help(t: Translator, word: str) -> str:
    return t(
        "/chitieu does not know «{word}». It understands: <code>/chitieu</code> (the year's "
        "targets), <code>/chitieu 3</code> (target №3's card), <code>/chitieu 3 23 note</code> "
        "(record its value), <code>/chitieu them …</code> (add a target), <code>/chitieu "
        "2020</code> (another year's).",
        word=html.escape(word[:50]),
    )
