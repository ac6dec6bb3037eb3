"""/tiendo (/progress): how far are we — a member's own tasks, a secretary's cell, the whole
organisation for the committee — and the button that reminds those who have not registered.

Callback data carries ids and page numbers only; every press re-reads the figures from the
report service, which decides what the asker may see.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from functools import partial
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CallbackQueryHandler

from bot.domain.model import Identity
from bot.domain.permissions import may_remind_unregistered
from bot.domain.text import name_sort_key
from bot.i18n import Translator, translator
from bot.services.tasks.reports import Nudged, ReportScope
from bot.services.tasks.task_access import Recipient
from handlers.kit.auth import member_only
from handlers.kit.buttons import button, pressed
from handlers.kit.callbacks import CallbackData, any_of
from handlers.kit.context import BotContext
from handlers.kit.pages import clamp, navigation, page_line, paginate
from handlers.kit.replies import replace, reply
from handlers.tasks import overview_pages, unregistered_pages
from handlers.tasks import progress_render as render

log = logging.getLogger(__name__)


class Focus(StrEnum):
    """Which part of a cell's report was asked for."""

    ALL = "a"
    UNREGISTERED = "u"
    OVERDUE = "o"


@dataclass(frozen=True)
class OrganisationPage(CallbackData, prefix="prg:o:"):
    page: int


@dataclass(frozen=True)
class UnregisteredPage(CallbackData, prefix="prg:u:"):
    """Every cell's members who have not registered."""

    page: int


@dataclass(frozen=True)
class CellPage(CallbackData, prefix="prg:c:"):
    cell: int
    focus: Focus
    page: int


@dataclass(frozen=True)
class Nudge(CallbackData, prefix="prg:n:"):
    """Remind the cell's members who have not registered."""

    cell: int


async def _send(
    update: Update,
    t: Translator,
    body: str,
    page: int,
    pages: int,
    to_page: Callable[[int], CallbackData],
    extra: list[InlineKeyboardButton] | None = None,
) -> None:
    """Page ``page`` of ``pages`` with ◀/▶ when there are several; edits the message whose
    button was pressed."""
    footer = page_line(page, pages, t)
    text = body + (f"\n\n{footer}" if footer else "")
    rows = [row for row in (navigation(to_page, page, pages, t), extra or []) if row]
    await replace(update, text, InlineKeyboardMarkup(rows) if rows else None)


async def _show(
    update: Update,
    t: Translator,
    blocks: list[str],
    page: int,
    to_page: Callable[[int], CallbackData],
    extra: list[InlineKeyboardButton] | None = None,
) -> None:
    """One page of ``blocks``, all rendered (a cell's report: a cell is small)."""
    pages = paginate(blocks)
    page = clamp(page, len(pages))
    # A page may end on the blank line between two cells.
    await _send(update, t, pages[page].strip("\n"), page, len(pages), to_page, extra)


async def show_organisation(
    update: Update, context: BotContext, identity: Identity, t: Translator, page: int = 0
) -> None:
    """A page of the committee's overview, read and rendered alone."""
    reports = context.services.reports
    today = reports.today()
    shown = await reports.organisation_page(
        identity, lambda outline: overview_pages.choose(outline, page, today, t)
    )
    body = overview_pages.page_text(shown, today, t)
    await _send(update, t, body, shown.chosen.page, shown.chosen.pages, OrganisationPage)


async def show_unregistered_by_cell(
    update: Update, context: BotContext, identity: Identity, t: Translator, page: int = 0
) -> None:
    """A page of every cell's members who have not registered, read and rendered alone."""
    shown = await context.services.reports.unregistered_page(
        identity, lambda outline: unregistered_pages.choose(outline, page, t)
    )
    body = unregistered_pages.page_text(shown, t)
    await _send(update, t, body, shown.picked.page, shown.picked.pages, UnregisteredPage)


async def show_cell(
    update: Update,
    context: BotContext,
    identity: Identity,
    t: Translator,
    cell_id: int,
    focus: Focus = Focus.ALL,
    page: int = 0,
) -> None:
    reports = context.services.reports
    summary = await reports.cell(identity, cell_id)
    if focus is Focus.UNREGISTERED:
        blocks = render.cell_unregistered_blocks(summary, t)
    elif focus is Focus.OVERDUE:
        blocks = render.cell_overdue_blocks(summary, t)
    else:
        blocks = render.cell_blocks(summary, reports.today(), t)
    extra = []
    behind = summary.unregistered.party or summary.unregistered.non_party
    reminds = may_remind_unregistered(identity, cell_id)
    if summary.names_shown and behind and focus is not Focus.OVERDUE and reminds:
        extra.append(button(t("Remind those not registered"), Nudge(cell_id)))
    await _show(update, t, blocks, page, partial(CellPage, cell_id, focus), extra)


async def show_member(
    update: Update, context: BotContext, identity: Identity, t: Translator
) -> None:
    summary = await context.services.reports.member(identity)
    await reply(update, render.render_member(summary, t))


async def show_overdue(
    update: Update, context: BotContext, identity: Identity, t: Translator
) -> None:
    tasks = await context.services.reports.overdue(identity)
    # A short list (the service caps it): whole pages in a row, no buttons to keep.
    for text in paginate(render.overdue_list_blocks(tasks, t)):
        await reply(update, text)


async def answer(
    update: Update,
    context: BotContext,
    identity: Identity,
    t: Translator,
    focus: Focus = Focus.ALL,
    cell_name: str | None = None,
) -> None:
    """The answer to "how far are we?" (or to who has not registered, or what is late) for a
    named cell, or for what the asker sees by default. Raises :class:`UserError`."""
    reports = context.services.reports
    if cell_name:
        cell = await reports.find_cell(identity, cell_name)
        await show_cell(update, context, identity, t, cell.id, focus)
        return
    if focus is Focus.OVERDUE:
        await show_overdue(update, context, identity, t)
        return
    scope = reports.scope(identity)
    if scope is ReportScope.ORGANISATION and focus is Focus.UNREGISTERED:
        await show_unregistered_by_cell(update, context, identity, t)
    elif scope is ReportScope.ORGANISATION:
        await show_organisation(update, context, identity, t)
    elif scope is ReportScope.CELL or focus is Focus.UNREGISTERED:
        # A plain member asking who has not registered gets their cell's figures.
        await show_cell(update, context, identity, t, reports.own_cell(identity), focus)
    else:
        await show_member(update, context, identity, t)


@member_only
async def show_progress(
    update: Update, context: BotContext, identity: Identity, t: Translator
) -> None:
    """/tiendo, or /tiendo and a cell's name."""
    name = " ".join(context.args or []).strip()
    await answer(update, context, identity, t, Focus.ALL, name or None)


def _reminder(default: str) -> Callable[[Recipient], str]:
    """The reminder in each member's own language (the outbox delivers it)."""

    def render(recipient: Recipient) -> str:
        t = translator(recipient.language or default, default)
        return t(
            "Dear comrade {name}, you have not registered your breakthrough tasks for this year "
            "yet. Please send /dangky to register: it takes about a minute. Thank you!",
            name=html.escape(recipient.full_name),
        )

    return render


def _names(recipients: list[Recipient]) -> str:
    return ", ".join(
        html.escape(name) for name in sorted((r.full_name for r in recipients), key=name_sort_key)
    )


def nudged_text(nudged: Nudged, t: Translator) -> str:
    """Whom the button reminded, who had been reminded today already, and who never opened
    the bot (they need an invite link, which /moi gives)."""
    lines = []
    if nudged.reminded:
        lines.append(
            t.ngettext(
                "Reminded {n} member who has not registered: {names}.",
                "Reminded {n} members who have not registered: {names}.",
                len(nudged.reminded),
                names=_names(nudged.reminded),
            )
        )
    if nudged.already_today:
        lines.append(
            t.ngettext(
                "Not reminded again: {n} member already reminded today (tomorrow you can remind "
                "them again): {names}.",
                "Not reminded again: {n} members already reminded today (tomorrow you can remind "
                "them again): {names}.",
                len(nudged.already_today),
                names=_names(nudged.already_today),
            )
        )
    if nudged.not_linked:
        lines.append(
            t.ngettext(
                "{n} member has never opened the bot, so could not be reminded: {names}. Send "
                "/moi to get an invite link to send them.",
                "{n} members have never opened the bot, so could not be reminded: {names}. Send "
                "/moi to get invite links to send them.",
                len(nudged.not_linked),
                names=_names(nudged.not_linked),
            )
        )
    return "\n".join(lines) or t("Everyone has registered.")


async def _nudge(
    update: Update, context: BotContext, identity: Identity, t: Translator, cell_id: int
) -> None:
    query = update.callback_query
    assert query is not None
    nudged = await context.services.reports.nudge_unregistered(
        identity, cell_id, _reminder(context.services.default_language)
    )
    await query.answer()
    await reply(update, nudged_text(nudged, t))


@member_only
async def progress_callback(
    update: Update, context: BotContext, identity: Identity, t: Translator
) -> None:
    query = update.callback_query
    assert query is not None
    wanted = pressed(update, Nudge, OrganisationPage, UnregisteredPage, CellPage)
    if isinstance(wanted, Nudge):
        await _nudge(update, context, identity, t, wanted.cell)
        return
    # The service refuses a cell the asker may not see (forged data), or a year no longer set up.
    match wanted:
        case OrganisationPage(page):
            await show_organisation(update, context, identity, t, page)
        case UnregisteredPage(page):
            await show_unregistered_by_cell(update, context, identity, t, page)
        case CellPage(cell, focus, page):
            await show_cell(update, context, identity, t, cell, focus, page)
    await query.answer()


def buttons() -> list[BaseHandler[Update, Any, Any]]:
    return [
        CallbackQueryHandler(
            progress_callback, pattern=any_of(OrganisationPage, UnregisteredPage, CellPage, Nudge)
        )
    ]
