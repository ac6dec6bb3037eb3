"""/congkhai (/public): the year's approved tasks, public to every member — paged for a phone,
filtered by cell, and for secretaries and the committee also as an ``.xlsx`` file.

Callback data: ``pub:p:<cell>:<page>`` (cell 0 = every cell), ``pub:l:<page>`` (the cell
picker), ``pub:c:<cell>`` (choose a cell), ``pub:x:<cell>`` (the spreadsheet).
"""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, InputFile, Update

from bot.domain.errors import UserError
from bot.domain.model import Identity
from bot.domain.permissions import may_export_registry
from bot.i18n import Translator
from handlers.auth import member_only
from handlers.command_text import number
from handlers.context import BotContext
from handlers.pages import clamp, navigation, page_line
from handlers.progress import error_text
from handlers.registry_render import page_heading, registry_pages
from handlers.replies import replace, reply

PAGE = "pub:p:"
CELLS = "pub:l:"
CHOOSE = "pub:c:"
EXCEL = "pub:x:"
CELLS_PER_PAGE = 20


async def show_page(
    update: Update, context: BotContext, identity: Identity, t: Translator, cell: int, page: int
) -> None:
    year, items = await context.services.reports.public(cell or None)
    pages = registry_pages(items, t)
    page = clamp(page, len(pages))
    cell_name = items[0].cell_name if cell and items else None
    footer = page_line(page, len(pages), t)
    text = f"{page_heading(year.year, cell_name, t)}\n\n{pages[page]}"
    text += f"\n\n{footer}" if footer else ""
    rows = [navigation(f"{PAGE}{cell}:", page, len(pages), t)]
    tools = [InlineKeyboardButton(t("Choose a cell"), callback_data=f"{CELLS}0")]
    if may_export_registry(identity):
        tools.append(InlineKeyboardButton(t("Download Excel"), callback_data=f"{EXCEL}{cell}"))
    rows.append(tools)
    await replace(update, text, InlineKeyboardMarkup([row for row in rows if row]))


async def show_cells(update: Update, context: BotContext, t: Translator, page: int) -> None:
    cells = await context.services.reports.cells()
    pages = max(1, -(-len(cells) // CELLS_PER_PAGE))
    page = clamp(page, pages)
    shown = cells[page * CELLS_PER_PAGE : (page + 1) * CELLS_PER_PAGE]
    rows = [[InlineKeyboardButton(t("All cells"), callback_data=f"{CHOOSE}0")]]
    rows += [[InlineKeyboardButton(c.name, callback_data=f"{CHOOSE}{c.id}")] for c in shown]
    rows.append(navigation(CELLS, page, pages, t))
    await replace(update, t("Choose a cell:"), InlineKeyboardMarkup([row for row in rows if row]))


async def send_excel(
    update: Update, context: BotContext, identity: Identity, t: Translator, cell: int
) -> None:
    exported = await context.services.registry_export.workbook(identity, cell or None, t)
    chat = update.effective_chat
    assert chat is not None
    await chat.send_document(
        InputFile(exported.content, filename=exported.filename),
        caption=t("Approved breakthrough tasks of {year}.", year=exported.year),
    )


@member_only
async def show_registry(
    update: Update, context: BotContext, identity: Identity, t: Translator
) -> None:
    """/congkhai, or /congkhai and a cell's name."""
    name = " ".join(context.args or []).strip()
    try:
        cell = (await context.services.reports.find_public_cell(name)).id if name else 0
        await show_page(update, context, identity, t, cell, 0)
    except UserError as error:
        await reply(update, error_text(error, t))


def _ids(data: str, prefix: str, count: int) -> list[int] | None:
    numbers = [number(p) for p in data.removeprefix(prefix).split(":")]
    found = [n for n in numbers if n is not None]
    return found if len(found) == len(numbers) == count else None


@member_only
async def registry_callback(
    update: Update, context: BotContext, identity: Identity, t: Translator
) -> None:
    query = update.callback_query
    assert query is not None and query.data is not None
    data = query.data
    prefix = next((p for p in (PAGE, CELLS, CHOOSE, EXCEL) if data.startswith(p)), None)
    ids = _ids(data, prefix, 2 if prefix == PAGE else 1) if prefix else None
    try:
        if ids is None:
            pass  # an old or malformed button: nothing to do
        elif prefix == PAGE:
            await show_page(update, context, identity, t, ids[0], ids[1])
        elif prefix == CELLS:
            await show_cells(update, context, t, ids[0])
        elif prefix == CHOOSE:
            await show_page(update, context, identity, t, ids[0], 0)
        else:
            await send_excel(update, context, identity, t, ids[0])
    except UserError as error:
        await query.answer(error_text(error, t), show_alert=True)
        return
    await query.answer()
