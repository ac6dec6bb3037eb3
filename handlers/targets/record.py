"""Recording a target's value from its card: «✏️ Record a value» → the value (the total so
far), with a note after it if one likes (``23 Đã mở thêm 1 lớp``), or a document or photo as
evidence whose caption is the value and note. Zalo passes the bot only text (its channel
answers a picture itself), so there the question says plainly that evidence goes by Telegram.

The button carries the target's id only; the service refuses (and audits) whoever may not
record it."""

from __future__ import annotations

import html
from typing import Any

from telegram import Update
from telegram.ext import (
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot import formatting
from bot.domain.model import Channel, Identity
from bot.domain.outbox import FileKind
from bot.i18n import Translator
from bot.i18n.target_lines import target_line
from bot.services.targets.targets import TargetView
from handlers.kit import conversations
from handlers.kit.auth import member_only
from handlers.kit.buttons import pressed
from handlers.kit.context import BotContext
from handlers.kit.replies import reply
from handlers.targets import command, render
from handlers.targets.buttons import OpenTarget, RecordValue, ShowEvidence

VALUE = 0
END = ConversationHandler.END


@member_only
async def on_open(update: Update, context: BotContext, identity: Identity, t: Translator) -> None:
    query = update.callback_query
    assert query is not None
    chosen = pressed(update, OpenTarget)
    if chosen is not None:
        await command.show_card(update, context, identity, t, chosen.target)
    await query.answer()


@member_only
async def on_evidence(
    update: Update, context: BotContext, identity: Identity, t: Translator
) -> None:
    """Sends a value's evidence file to whoever may see its target."""
    query = update.callback_query
    assert query is not None
    chosen = pressed(update, ShowEvidence)
    if chosen is None:
        await query.answer()
        return
    found = await context.services.targets.evidence(identity, chosen.update)
    await query.answer()
    chat = update.effective_chat
    assert chat is not None and found.file_id is not None
    caption = t(
        "Evidence of {value} recorded on {day}",
        value=formatting.decimal_number(found.value, context.services.targets.decimals, t.language),
        day=formatting.short_day(found.at.astimezone(context.services.zone).date(), t.language),
    )
    if found.file_kind == FileKind.PHOTO.value:
        await chat.send_photo(found.file_id, caption=caption)
    else:
        await chat.send_document(found.file_id, caption=caption)


@member_only(refused=END)
async def ask_value(update: Update, context: BotContext, identity: Identity, t: Translator) -> int:
    query = update.callback_query
    assert query is not None
    chosen = pressed(update, RecordValue)
    if chosen is None:
        await query.answer()
        return END
    view = await context.services.targets.recordable(identity, chosen.target)
    await query.answer()
    context.slots.target_value = view.target.id
    title, now = html.escape(view.target.title), html.escape(_now(view, t))
    if context.channel is Channel.ZALO:
        # Zalo passes the bot nothing but text (the channel answers a picture itself).
        asked = t(
            "The value of «{title}» so far (now: {line})? Write the number, and a note after it "
            "if you like: <code>23 Đã mở thêm 1 lớp</code>. Evidence (a document or a photo) "
            "reaches the bot on Telegram only: Zalo passes it only text. /huy to stop.",
            title=title,
            line=now,
        )
    else:
        asked = t(
            "The value of «{title}» so far (now: {line})? Write the number, and a note after it "
            "if you like: <code>23 Đã mở thêm 1 lớp</code>. Or send the evidence (a document "
            "or a photo) with the value as its caption. /huy to stop.",
            title=title,
            line=now,
        )
    await reply(update, asked)
    return VALUE


def _now(view: TargetView, t: Translator) -> str:
    """The line without its title: «8/22 lớp (36,36%) — đang thực hiện»."""
    return target_line(view.line, t).partition(": ")[2]


@member_only(refused=VALUE)
async def on_value(update: Update, context: BotContext, identity: Identity, t: Translator) -> int:
    message = update.effective_message
    target_id = context.slots.target_value
    if message is None or target_id is None:
        return END
    file_id, kind = None, None
    if message.document is not None:
        file_id, kind = message.document.file_id, FileKind.DOCUMENT
    elif message.photo:
        file_id, kind = message.photo[-1].file_id, FileKind.PHOTO
    text = ((message.caption if file_id is not None else message.text) or "").strip()
    if not text:
        await reply(update, t("Write the value as the caption, e.g. <code>23</code>."))
        return VALUE
    value, _, note = text.partition(" ")
    found = await context.services.targets.record(
        identity,
        target_id,
        value,
        note=note or None,
        file_id=file_id,
        file_kind=None if kind is None else kind.value,
        channel=context.channel,
    )
    context.slots.target_value = None
    await reply(update, t("✅ Recorded: the value is saved."))
    text, keyboard = render.card(found, t, context.services.zone)
    await reply(update, text, keyboard)
    return END


def conversation() -> ConversationHandler[BotContext]:
    evidence = (filters.Document.ALL | filters.PHOTO | filters.TEXT) & ~filters.COMMAND
    return conversations.conversation(
        "target-value",
        entry_points=[CallbackQueryHandler(ask_value, pattern=RecordValue.pattern())],
        states={VALUE: [MessageHandler(evidence, on_value)]},
    )


def handlers() -> list[BaseHandler[Update, Any, Any]]:
    return [
        CommandHandler(["chitieu", "targets"], command.chitieu),
        CallbackQueryHandler(on_open, pattern=OpenTarget.pattern()),
        CallbackQueryHandler(on_evidence, pattern=ShowEvidence.pattern()),
    ]
