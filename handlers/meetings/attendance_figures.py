"""/chuyencan (/attendance): attendance over the year. A member sees their own line, a cell
secretary their cell's table, the committee picks a cell (or names it: ``/chuyencan Liên
khoa``). Callback data carries a cell id and a page; the service decides who may see it."""

from __future__ import annotations

from functools import partial
from typing import Any

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler

from bot.domain.model import Identity
from bot.i18n import Translator
from bot.services.meetings.attendance_figures import CellYear, FiguresView
from handlers.kit.auth import member_only
from handlers.kit.buttons import pressed
from handlers.kit.callbacks import any_of
from handlers.kit.context import BotContext
from handlers.kit.pages import clamp, navigation, page_line, paginate
from handlers.kit.replies import replace, reply
from handlers.meetings import attendance_figures_render as render
from handlers.meetings.attendance_figures_render import CellFigures, CellsFigures


async def _show_cell(update: Update, table: CellYear, page: int, t: Translator) -> None:
    pages = paginate(render.cell_blocks(table, t))
    page = clamp(page, len(pages))
    footer = page_line(page, len(pages), t)
    text = pages[page] + (f"\n\n{footer}" if footer else "")
    row = navigation(partial(CellFigures, table.cell.id), page, len(pages), t)
    await replace(update, text, InlineKeyboardMarkup([row]) if row else None)


async def _show_cells(
    update: Update, context: BotContext, identity: Identity, t: Translator, page: int
) -> None:
    cells = await context.services.attendance_figures.cells(identity)
    rows, pages = render.cell_buttons([(c.id, c.name) for c in cells], page)
    page = clamp(page, pages)
    nav = navigation(CellsFigures, page, pages, t)
    footer = page_line(page, pages, t)
    text = render.picker_text(t) + (f"\n\n{footer}" if footer else "")
    await replace(update, text, InlineKeyboardMarkup([*rows, nav] if nav else rows))


@member_only
async def attendance_figures_command(
    update: Update, context: BotContext, identity: Identity, t: Translator
) -> None:
    """/chuyencan, or /chuyencan and a cell's name."""
    service = context.services.attendance_figures
    name = " ".join(context.args or []).strip()
    if name:
        await _show_cell(update, await service.cell_named(identity, name), 0, t)
        return
    view = service.view(identity)
    if view is FiguresView.ORGANISATION:
        await _show_cells(update, context, identity, t, 0)
    elif view is FiguresView.CELL:
        table = await service.cell(identity, service.default_cell(identity))
        await _show_cell(update, table, 0, t)
    else:
        year, line = await service.mine(identity)
        await reply(update, render.member_text(year, line, t))


@member_only
async def attendance_figures_button(
    update: Update, context: BotContext, identity: Identity, t: Translator
) -> None:
    query = update.callback_query
    assert query is not None
    wanted = pressed(update, CellFigures, CellsFigures)
    if isinstance(wanted, CellFigures):
        # The service refuses a cell the asker may not see (forged data).
        table = await context.services.attendance_figures.cell(identity, wanted.cell)
        await _show_cell(update, table, wanted.page, t)
    elif isinstance(wanted, CellsFigures):
        await _show_cells(update, context, identity, t, wanted.page)
    await query.answer()


def handlers() -> list[BaseHandler[Update, Any, Any]]:
    return [
        CommandHandler(["chuyencan", "attendance"], attendance_figures_command),
        CallbackQueryHandler(attendance_figures_button, pattern=any_of(CellFigures, CellsFigures)),
    ]
