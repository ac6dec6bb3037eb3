"""/congkhai (/public): the year's approved tasks, public to every member — paged for a phone,
filtered by cell, and for secretaries and the committee also as an ``.xlsx`` file.

Callback data: ``pub:p:<cell>:<page>`` (cell 0 = every cell), ``pub:l:<page>`` (the cell
picker), ``pub:c:<cell>`` (choose a cell), ``pub:x:<cell>`` (the spreadsheet).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Any

from telegram import InlineKeyboardMarkup, InputFile, Update
from telegram.ext import BaseHandler, CallbackQueryHandler

from bot.domain.model import Channel, Identity
from bot.domain.permissions import may_export_registry
from bot.i18n import Translator
from handlers.kit.auth import member_only
from handlers.kit.buttons import button, pressed
from handlers.kit.callbacks import CallbackData, any_of
from handlers.kit.context import BotContext
from handlers.kit.pages import clamp, navigation, page_line
from handlers.kit.replies import replace
from handlers.tasks.public_registry_render import PER_PAGE, page_heading, registry_page


@dataclass(frozen=True)
class RegistryPage(CallbackData, prefix="pub:p:"):
    """A page of the registry; cell 0: every cell."""

    cell: int
    page: int


@dataclass(frozen=True)
class RegistryCells(CallbackData, prefix="pub:l:"):
    """A page of the cell picker."""

    page: int


@dataclass(frozen=True)
class RegistryCell(CallbackData, prefix="pub:c:"):
    """The registry of one cell (0: every cell)."""

    cell: int


@dataclass(frozen=True)
class RegistryExcel(CallbackData, prefix="pub:x:"):
    """The spreadsheet (cell 0: every cell)."""

    cell: int


CELLS_PER_PAGE = 20


async def show_page(
    update: Update, context: BotContext, identity: Identity, t: Translator, cell: int, page: int
) -> None:
    shown = await context.services.public_registry.page(cell or None, page, PER_PAGE)
    body = registry_page(shown.items, t, continued=shown.continued)
    cell_name = shown.cell.name if cell and shown.cell is not None else None
    footer = page_line(shown.page, shown.pages, t)
    text = f"{page_heading(shown.year.year, cell_name, t)}\n\n{body}"
    text += f"\n\n{footer}" if footer else ""
    rows = [navigation(partial(RegistryPage, cell), shown.page, shown.pages, t)]
    tools = [button(t("Choose a cell"), RegistryCells(0))]
    if may_export_registry(identity):
        tools.append(button(t("Download Excel"), RegistryExcel(cell)))
    rows.append(tools)
    await replace(update, text, InlineKeyboardMarkup([row for row in rows if row]))


async def show_cells(update: Update, context: BotContext, t: Translator, page: int) -> None:
    cells = await context.services.reports.cells()
    pages = max(1, -(-len(cells) // CELLS_PER_PAGE))
    page = clamp(page, pages)
    shown = cells[page * CELLS_PER_PAGE : (page + 1) * CELLS_PER_PAGE]
    rows = [[button(t("All cells"), RegistryCell(0))]]
    rows += [[button(c.name, RegistryCell(c.id))] for c in shown]
    rows.append(navigation(RegistryCells, page, pages, t))
    await replace(update, t("Choose a cell:"), InlineKeyboardMarkup([row for row in rows if row]))


async def send_excel(
    update: Update, context: BotContext, identity: Identity, t: Translator, cell: int
) -> None:
    """The spreadsheet, built off the event loop. The press is answered at once and, on
    Telegram, a "being made" message is edited once the file is sent (the whole
    organisation's takes a while); Zalo takes no files and says so instead."""
    chat = update.effective_chat
    query = update.callback_query
    assert chat is not None and query is not None
    if not may_export_registry(identity):
        await context.services.registry_export.workbook(identity, cell or None, t)  # refused
    await query.answer()
    progress = None
    if context.channel is Channel.TELEGRAM:
        progress = await chat.send_message(t("⏳ Making the file…"))
    try:
        exported = await context.services.registry_export.workbook(identity, cell or None, t)
        await chat.send_document(
            InputFile(exported.content, filename=exported.filename),
            caption=t("Approved breakthrough tasks of {year}.", year=exported.year),
        )
    except Exception:
        if progress is not None:
            await progress.edit_text(t("The file could not be made."))
        raise
    if progress is not None:
        await progress.edit_text(t("✅ The file is ready: {name}", name=exported.filename))


@member_only
async def show_registry(
    update: Update, context: BotContext, identity: Identity, t: Translator
) -> None:
    """/congkhai, or /congkhai and a cell's name."""
    name = " ".join(context.args or []).strip()
    cell = (await context.services.reports.find_public_cell(name)).id if name else 0
    await show_page(update, context, identity, t, cell, 0)


@member_only
async def registry_callback(
    update: Update, context: BotContext, identity: Identity, t: Translator
) -> None:
    query = update.callback_query
    assert query is not None
    match pressed(update, RegistryPage, RegistryCells, RegistryCell, RegistryExcel):
        case RegistryPage(cell, page):
            await show_page(update, context, identity, t, cell, page)
        case RegistryCells(page):
            await show_cells(update, context, t, page)
        case RegistryCell(cell):
            await show_page(update, context, identity, t, cell, 0)
        case RegistryExcel(cell):
            await send_excel(update, context, identity, t, cell)
            return  # answered before the file was made
    await query.answer()


def buttons() -> list[BaseHandler[Update, Any, Any]]:
    return [
        CallbackQueryHandler(
            registry_callback,
            pattern=any_of(RegistryPage, RegistryCells, RegistryCell, RegistryExcel),
        )
    ]
