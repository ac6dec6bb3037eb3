"""/tubaocao (/selfreport): the member (or the secretary of the cell) an item inspects sends
the self-report — text, a document or a photo — once the item is notified. With one item
waiting it goes straight to "send it now"; with several the member chooses. On Zalo a photo
arrives as Zalo gives it (its address as the file reference) and text as text.

The button carries the item id only: the service refuses (and audits) an item the member may
not see, so a forged button sends nothing."""

from __future__ import annotations

import html
from dataclasses import dataclass

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot.domain.inspections.records import Item
from bot.domain.model import Identity
from bot.domain.outbox import FileKind
from bot.i18n import Translator, translator
from bot.i18n.update_labels import FILE_KINDS
from bot.services.inspections.self_reports import Notice, SelfReportSent
from handlers.kit import conversations
from handlers.kit.auth import member_only
from handlers.kit.buttons import button, pressed
from handlers.kit.callbacks import CallbackData
from handlers.kit.context import BotContext
from handlers.kit.replies import reply

COMMANDS = ["tubaocao", "selfreport"]
WAITING = 0
END = ConversationHandler.END


@dataclass(frozen=True)
class ChooseReportItem(CallbackData, prefix="isr:i:"):
    item: int


def shorten(text: str, limit: int) -> str:
    """A notice that carries a file is a caption (1,024 characters at most): long words cut."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _item_line(item: Item) -> str:
    return html.escape(item.content)


def lead_notice(default_language: str) -> Notice:
    """The lead's notice that the target's self-report arrived, in the lead's language."""

    def render(sent: SelfReportSent) -> str:
        t = translator(sent.language or default_language, default_language)
        what = t("written in the chat") if sent.kind is None else t(FILE_KINDS[sent.kind.value])
        text = t(
            "📥 {name} has sent the self-report ({what}) for «{item}».",
            name=html.escape(sent.sender_name),
            what=what,
            item=html.escape(shorten(sent.item.content, 200)),
        )
        if sent.first:
            text += "\n" + t("The item is now at «self-report received».")
        return text + "\n" + t("Open it with /kiemtra.")

    return render


def _ask(item: Item, t: Translator) -> str:
    return t(
        "Send the self-report for «{item}» now: write it as text, or send a document or a "
        "photo. /huy to stop.",
        item=_item_line(item),
    )


@member_only(refused=END)
async def start(update: Update, context: BotContext, identity: Identity, t: Translator) -> int:
    items = await context.services.self_reports.awaiting(identity)
    if not items:
        await reply(
            update,
            t(
                "No inspection or supervision is waiting for your self-report. You are asked "
                "for one when an item about you (or your cell) is notified."
            ),
        )
        return END
    if len(items) == 1:
        context.slots.self_report = items[0].id
        await reply(update, _ask(items[0], t))
        return WAITING
    keyboard = InlineKeyboardMarkup(
        [[button(item.content[:60], ChooseReportItem(item.id))] for item in items]
    )
    await reply(update, t("Which item is the self-report for?"), keyboard)
    return END


@member_only(refused=END)
async def on_choose(update: Update, context: BotContext, identity: Identity, t: Translator) -> int:
    query = update.callback_query
    assert query is not None
    chosen = pressed(update, ChooseReportItem)
    if chosen is None:
        await query.answer()
        return END
    item = await context.services.self_reports.sendable(identity, chosen.item)
    await query.answer()
    context.slots.self_report = item.id
    await reply(update, _ask(item, t))
    return WAITING


@member_only(refused=WAITING)
async def on_report(update: Update, context: BotContext, identity: Identity, t: Translator) -> int:
    message = update.effective_message
    item_id = context.slots.self_report
    if message is None or item_id is None:
        return END
    file_id, kind = None, None
    if message.document is not None:
        file_id, kind = message.document.file_id, FileKind.DOCUMENT
    elif message.photo:
        file_id, kind = message.photo[-1].file_id, FileKind.PHOTO  # the largest size
    text = message.caption if file_id is not None else message.text
    sent = await context.services.self_reports.send(
        identity,
        item_id,
        text=text,
        file_id=file_id,
        file_kind=kind,
        channel=context.channel,
        notice=lead_notice(context.services.default_language),
    )
    context.services.delivery.wake()
    context.slots.self_report = None
    answer = t("✅ Received: your self-report for «{item}» is kept.", item=_item_line(sent.item))
    if sent.item.lead_id is not None:
        answer += "\n" + t("The lead of the inspection team is told.")
    await reply(update, answer)
    return END


def conversation() -> ConversationHandler[BotContext]:
    report = (filters.Document.ALL | filters.PHOTO | filters.TEXT) & ~filters.COMMAND
    return conversations.conversation(
        "self-report",
        entry_points=[
            CommandHandler(COMMANDS, start),
            CallbackQueryHandler(on_choose, pattern=ChooseReportItem.pattern()),
        ],
        states={
            WAITING: [MessageHandler(report, on_report)],
        },
    )
