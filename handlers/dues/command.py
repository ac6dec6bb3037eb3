"""/dangphi (/dues): a member's own months, a secretary's cell grid, the committee's figures by
cell; the buttons of the grid and of the monthly reminder. Callback data carries ids; the
services decide who may see and record what (a forged press is refused and audited)."""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler

from bot.domain.dues.model import DuesState, Month
from bot.domain.model import Identity
from bot.domain.text import fold
from bot.i18n import N_, Translator
from bot.services.dues.recording import Recorded
from bot.services.dues.status import DuesView
from handlers.dues import render
from handlers.dues.buttons import Cells, Claim, Confirm, Entry, Grid, Mark, MonthMembers
from handlers.kit.auth import member_only
from handlers.kit.buttons import pressed
from handlers.kit.callbacks import any_of
from handlers.kit.command_text import number
from handlers.kit.context import BotContext
from handlers.kit.replies import replace, reply

MINE = frozenset({"toi", "me", "cua toi", "mine"})  # /dangphi toi: one's own months
CONFIRMED = N_("✅ {name}: month {month}/{year} confirmed as paid.")
IN_CASH = N_("💵 {name}: month {month}/{year} paid in cash.")
NOT_PAID = N_("↩️ {name}: month {month}/{year} marked not paid.")


def _today(context: BotContext) -> Month:
    return Month.of(context.services.dues.today())


async def _year(context: BotContext) -> int:
    args = context.args or []
    year = number(args[0]) if len(args) == 1 else None
    if year is not None and 2000 <= year <= 2100:
        return year
    return context.services.dues.today().year


@member_only
async def dues_command(
    update: Update, context: BotContext, identity: Identity, t: Translator
) -> None:
    """/dangphi; /dangphi YEAR; /dangphi toi (one's own months, for a secretary or the
    committee too); /dangphi and a cell's name (the committee, a secretary)."""
    service = context.services.dues
    args = context.args or []
    year = await _year(context)
    name = "" if len(args) == 1 and number(args[0]) is not None else " ".join(args).strip()
    view = service.view(identity)
    if fold(name) in MINE:
        name, view = "", DuesView.MEMBER
    if name:
        grid = await service.cell_named(identity, name, year)
        back = view is DuesView.ORGANISATION
        await reply(
            update,
            render.grid_text(grid, 0, t),
            render.grid_keyboard(grid, 0, t, back_to_cells=back),
        )
        return
    if view is DuesView.ORGANISATION:
        cells = await service.cells(identity, year)
        today = _today(context)
        await reply(
            update,
            render.cells_text(cells, year, today, 0, t),
            render.cells_keyboard(cells, year, 0, t),
        )
        return
    if view is DuesView.CELL:
        # The grid alone (the secretary's own row is in it): on Zalo, numbers answer the
        # latest message with choices, so one message with choices per answer.
        grid = await service.cell_grid(identity, service.default_cell(identity), year)
        await reply(
            update,
            render.grid_text(grid, 0, t),
            render.grid_keyboard(grid, 0, t, back_to_cells=False),
        )
        return
    mine = await service.mine(identity, year)
    today = _today(context)
    await reply(update, render.member_text(mine, today, t), render.member_keyboard(mine, today, t))


def _claimed_text(done: Recorded, t: Translator) -> str:
    at = done.month
    if done.changed:
        return t(
            "✅ Noted: you paid the party dues of month {month}/{year}. Your cell secretary "
            "will confirm it.",
            month=at.month,
            year=at.year,
        )
    return t(
        "Month {month}/{year} is recorded already. See /dangphi.", month=at.month, year=at.year
    )


@member_only
async def claim_button(
    update: Update, context: BotContext, identity: Identity, t: Translator
) -> None:
    query = update.callback_query
    assert query is not None
    wanted = pressed(update, Claim)
    if wanted is None:
        await query.answer()
        return
    done = await context.services.dues_recording.claim(
        identity, wanted.month.year, wanted.month.month
    )
    text = _claimed_text(done, t)
    await query.answer()
    await replace(update, text)


async def _show_grid(
    update: Update,
    context: BotContext,
    identity: Identity,
    t: Translator,
    cell: int,
    year: int,
    page: int,
) -> None:
    service = context.services.dues
    grid = await service.cell_grid(identity, cell, year)
    back = service.view(identity) is DuesView.ORGANISATION
    await replace(
        update,
        render.grid_text(grid, page, t),
        render.grid_keyboard(grid, page, t, back_to_cells=back),
    )


async def _show_month(
    update: Update,
    context: BotContext,
    identity: Identity,
    t: Translator,
    cell: int,
    year: int,
    month: int,
    page: int,
) -> None:
    if not 1 <= month <= 12:
        return
    grid = await context.services.dues.cell_grid(identity, cell, year)
    await replace(
        update, render.month_text(grid, month, t), render.month_keyboard(grid, month, page, t)
    )


async def _show_entry(
    update: Update,
    context: BotContext,
    identity: Identity,
    t: Translator,
    member_id: int,
    year: int,
    month: int,
) -> None:
    if not 1 <= month <= 12:
        return
    member = await context.services.dues_recording.member_for(identity, member_id)
    grid = await context.services.dues.cell_grid(identity, member.cell_id, year)
    row = next((r for r in grid.rows if r.member.id == member_id), None)
    if row is None:
        return
    await replace(
        update,
        render.entry_text(row, month, t),
        render.entry_keyboard(row, month, member.cell_id, t),
    )


@member_only
async def grid_button(
    update: Update, context: BotContext, identity: Identity, t: Translator
) -> None:
    query = update.callback_query
    assert query is not None
    wanted = pressed(update, Grid, MonthMembers, Entry, Confirm, Mark, Cells)
    if isinstance(wanted, Grid):
        await _show_grid(update, context, identity, t, wanted.cell, wanted.year, wanted.page)
    elif isinstance(wanted, MonthMembers):
        at = wanted.month
        await _show_month(update, context, identity, t, wanted.cell, at.year, at.month, wanted.page)
    elif isinstance(wanted, Entry):
        at = wanted.month
        await _show_entry(update, context, identity, t, wanted.member, at.year, at.month)
    elif isinstance(wanted, Confirm | Mark):
        await _record(update, context, identity, t, wanted)
        return
    elif isinstance(wanted, Cells):
        cells = await context.services.dues.cells(identity, wanted.year)
        today = _today(context)
        await replace(
            update,
            render.cells_text(cells, wanted.year, today, wanted.page, t),
            render.cells_keyboard(cells, wanted.year, wanted.page, t),
        )
    await query.answer()


async def _record(
    update: Update, context: BotContext, identity: Identity, t: Translator, wanted: Confirm | Mark
) -> None:
    """A claim confirmed (one tap), a month paid in cash or back to unpaid; the popup says
    what was recorded and the view below shows it."""
    query = update.callback_query
    assert query is not None
    at = wanted.month
    if isinstance(wanted, Confirm):
        state, message = DuesState.PAID, CONFIRMED
    elif wanted.mark == "cash":
        state, message = DuesState.PAID, IN_CASH
    else:
        state, message = DuesState.UNPAID, NOT_PAID
    in_cash = isinstance(wanted, Mark) and wanted.mark == "cash"
    done = await context.services.dues_recording.record(
        identity, wanted.member, at.year, at.month, state, in_cash=in_cash
    )
    await query.answer(t(message, name=done.member.full_name, month=at.month, year=at.year))
    cell = done.member.cell_id
    if isinstance(wanted, Confirm) and wanted.back == "g":
        await _show_grid(update, context, identity, t, cell, at.year, 0)
    else:
        await _show_month(update, context, identity, t, cell, at.year, at.month, 0)


def handlers() -> list[BaseHandler[Update, Any, Any]]:
    return [
        CommandHandler(["dangphi", "dues"], dues_command),
        CallbackQueryHandler(claim_button, pattern=Claim.pattern()),
        CallbackQueryHandler(
            grid_button, pattern=any_of(Grid, MonthMembers, Entry, Confirm, Mark, Cells)
        ),
    ]
