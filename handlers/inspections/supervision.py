"""/giamsat (/supervision): regular supervision notes, for the committee and the inspection
commission only. Pick a cell (a button each) or a member (by code or name), read the recent
notes about them, write one. Anyone else is refused politely (the service audits it); a note
never reaches whom it is about."""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import (
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot.domain.model import Identity, Unit
from bot.i18n import Translator
from bot.services.inspections.supervision_notes import NoteView, Subject
from handlers.inspections.self_report import shorten
from handlers.kit import conversations
from handlers.kit.auth import member_only
from handlers.kit.buttons import button, pressed
from handlers.kit.callbacks import CallbackData
from handlers.kit.cells import cell_title
from handlers.kit.context import BotContext
from handlers.kit.pages import clamp, navigation, page_line
from handlers.kit.replies import replace, reply

COMMANDS = ["giamsat", "supervision"]
MEMBER, NOTE = range(2)
END = ConversationHandler.END


@dataclass(frozen=True)
class SuperviseCell(CallbackData, prefix="isv:c:"):
    cell: int


@dataclass(frozen=True)
class SuperviseMember(CallbackData, prefix="isv:m"):
    pass


@dataclass(frozen=True)
class SuperviseCells(CallbackData, prefix="isv:p:"):
    """A page of the list of cells."""

    page: int


CELLS_PER_PAGE = 10


@dataclass(frozen=True)
class Supervising:
    """Whom the note being written is about."""

    subject: Subject


def _menu(cells: list[Unit], page: int, t: Translator) -> tuple[str, InlineKeyboardMarkup]:
    pages = max(1, -(-len(cells) // CELLS_PER_PAGE))
    page = clamp(page, pages)
    chunk = cells[page * CELLS_PER_PAGE : (page + 1) * CELLS_PER_PAGE]
    rows: list[list[InlineKeyboardButton]] = [
        [button(cell.name[:60], SuperviseCell(cell.id))] for cell in chunk
    ]
    nav = navigation(SuperviseCells, page, pages, t)
    if nav:
        rows.append(nav)
    rows.append([button(t("👤 A member"), SuperviseMember())])
    text = t(
        "Regular supervision: whom is the note about? Pick a cell, or a member. Notes are "
        "seen by the committee and the inspection commission only."
    )
    if line := page_line(page, pages, t):
        text += "\n" + line
    return text, InlineKeyboardMarkup(rows)


@member_only
async def start(update: Update, context: BotContext, identity: Identity, t: Translator) -> None:
    cells = await context.services.supervision.cells(identity)
    text, keyboard = _menu(cells, 0, t)
    await reply(update, text, keyboard)


@member_only
async def on_page(update: Update, context: BotContext, identity: Identity, t: Translator) -> None:
    query = update.callback_query
    assert query is not None
    turned = pressed(update, SuperviseCells)
    cells = await context.services.supervision.cells(identity)
    await query.answer()
    text, keyboard = _menu(cells, 0 if turned is None else turned.page, t)
    await replace(update, text, keyboard)


# Ten notes of up to 2,000 characters would not fit one message (4,096): each is shown shortened.
SHOWN_NOTE = 300


def _notes(notes: list[NoteView], title: str, zone: ZoneInfo, t: Translator) -> str:
    lines = [t("<b>Supervision notes: {name}</b>", name=title)]
    if not notes:
        lines.append(t("No note yet."))
    for view in notes:
        lines.append(
            t(
                "• {when} — {author} wrote: {note}",
                when=view.note.at.astimezone(zone),
                author=html.escape(view.author),
                note=html.escape(shorten(view.note.note, SHOWN_NOTE)),
            )
        )
    lines.append("")
    lines.append(t("Write the new note in one message, or /huy to stop."))
    return "\n".join(lines)


async def _ask_note(
    update: Update, context: BotContext, identity: Identity, t: Translator, subject: Subject
) -> int:
    notes = await context.services.supervision.recent(identity, subject)
    context.slots.supervision = Supervising(subject)
    title = (
        html.escape(subject.name) if subject.target.kind.is_person else cell_title(subject.name, t)
    )
    await reply(update, _notes(notes, title, context.services.zone, t))
    return NOTE


@member_only(refused=END)
async def on_cell(update: Update, context: BotContext, identity: Identity, t: Translator) -> int:
    query = update.callback_query
    assert query is not None
    chosen = pressed(update, SuperviseCell)
    if chosen is None:
        await query.answer()
        return END
    subject = await context.services.supervision.cell(identity, chosen.cell)
    await query.answer()
    return await _ask_note(update, context, identity, t, subject)


@member_only(refused=END)
async def ask_member(update: Update, context: BotContext, identity: Identity, t: Translator) -> int:
    query = update.callback_query
    assert query is not None
    await context.services.supervision.cells(identity)  # refused (and audited) to others
    await query.answer()
    await reply(update, t("Which member? Write their code or name. /huy to stop."))
    return MEMBER


@member_only(refused=MEMBER)
async def on_member(update: Update, context: BotContext, identity: Identity, t: Translator) -> int:
    message = update.effective_message
    subject = await context.services.supervision.member(
        identity, (message.text if message else None) or ""
    )
    return await _ask_note(update, context, identity, t, subject)


@member_only(refused=NOTE)
async def on_note(update: Update, context: BotContext, identity: Identity, t: Translator) -> int:
    message = update.effective_message
    supervising = context.slots.supervision
    if message is None or supervising is None:
        return END
    await context.services.supervision.write(identity, supervising.subject, message.text or "")
    context.slots.supervision = None
    await reply(update, t("✅ Note kept. Only the committee and the inspection commission see it."))
    return END


def conversation() -> ConversationHandler[BotContext]:
    text = filters.TEXT & ~filters.COMMAND
    return conversations.conversation(
        "supervision-note",
        entry_points=[
            CallbackQueryHandler(on_cell, pattern=SuperviseCell.pattern()),
            CallbackQueryHandler(ask_member, pattern=SuperviseMember.pattern()),
        ],
        states={
            MEMBER: [MessageHandler(text, on_member)],
            NOTE: [MessageHandler(text, on_note)],
        },
    )


def handlers() -> list[BaseHandler[Update, Any, Any]]:
    return [
        CommandHandler(COMMANDS, start),
        CallbackQueryHandler(on_page, pattern=SuperviseCells.pattern()),
    ]
