"""/congviec (/tasks): the member's tasks for the year, one button each to open its card; a
cell secretary also reaches their cell's members' tasks from here."""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import date
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CallbackQueryHandler

from bot.domain.model import Identity
from bot.domain.permissions import secretary_of
from bot.domain.tasks import Task
from bot.i18n import Translator
from bot.i18n.task_labels import status_label
from handlers.kit.auth import member_only
from handlers.kit.buttons import button, pressed
from handlers.kit.callbacks import any_of
from handlers.kit.context import BotContext
from handlers.kit.refusals import Shown
from handlers.kit.replies import replace
from handlers.tasks.task_card import CellTasksPage, MyTasksPage, OpenCard, deadline_note, shorten

PAGE_SIZE = 10
BUTTON_TITLE = 40  # characters of a title on a button


def task_line(number: int, task: Task, today: date, t: Translator) -> str:
    """``1. <b>Title</b>`` and, below it, status · progress · deadline, days left or overdue."""
    facts = t(
        "{status} · {progress}% · deadline {deadline}",
        status=status_label(task.status, t),
        progress=task.progress,
        deadline=task.deadline,
    )
    note = deadline_note(task, today, t)
    warning = "⚠ " if task.is_overdue(today) else ""
    return f"{number}. {warning}<b>{html.escape(shorten(task.title))}</b>\n    {facts}" + (
        f", {note}" if note else ""
    )


def _page(
    entries: Sequence[tuple[Task, str | None]],
    page: int,
    today: date,
    t: Translator,
    turn: type[MyTasksPage | CellTasksPage],
) -> tuple[list[str], list[list[InlineKeyboardButton]]]:
    """One page of tasks (with the owner's name above each owner's first task, if given):
    the lines, a button per task, and ◀ ▶ when there is more."""
    pages = max(1, -(-len(entries) // PAGE_SIZE))
    page = min(max(page, 0), pages - 1)
    lines: list[str] = []
    rows: list[list[InlineKeyboardButton]] = []
    owner_shown = None
    for number, (task, owner) in enumerate(entries, start=1):
        if not page * PAGE_SIZE < number <= (page + 1) * PAGE_SIZE:
            continue
        if owner is not None and owner != owner_shown:
            lines += ["", f"<b>{html.escape(owner)}</b>"]
            owner_shown = owner
        lines.append(task_line(number, task, today, t))
        label = f"{number}. {shorten(task.title, BUTTON_TITLE)}"
        rows.append([button(label, OpenCard(task.id))])
    navigation = []
    if page > 0:
        navigation.append(button(t("◀ Previous"), turn(page - 1)))
    if page + 1 < pages:
        navigation.append(button(t("Next ▶"), turn(page + 1)))
    if navigation:
        rows.append(navigation)
    return lines, rows


async def _show_mine(
    update: Update, context: BotContext, identity: Identity, t: Translator, page: int
) -> None:
    year, tasks = await context.services.tasks.mine(identity)
    today = context.services.tasks.today()
    cell_button = [button(t("My cell's tasks"), CellTasksPage(0))]
    extra = [cell_button] if secretary_of(identity) else []
    if not tasks:
        text = t(
            "You have not registered any breakthrough tasks for {year} yet. Send /dangky to "
            "register one.",
            year=year.year,
        )
        await replace(update, text, InlineKeyboardMarkup(extra) if extra else None)
        return
    lines, rows = _page([(task, None) for task in tasks], page, today, t, MyTasksPage)
    text = "\n".join(
        [
            t("<b>Your breakthrough tasks for {year}</b>", year=year.year),
            *lines,
            "",
            t("Choose a task to see it and report progress."),
        ]
    )
    await replace(update, text, InlineKeyboardMarkup([*rows, *extra]))


@member_only(shown=Shown.IN_PLACE)
async def show_my_tasks(
    update: Update, context: BotContext, identity: Identity, t: Translator
) -> None:
    await _show_mine(update, context, identity, t, 0)


@member_only(shown=Shown.IN_PLACE)
async def list_button(
    update: Update, context: BotContext, identity: Identity, t: Translator
) -> None:
    """``tk:l:<page>``: the member's own list; ``tk:cell:<page>``: the secretary's cell."""
    query = update.callback_query
    assert query is not None
    turned = pressed(update, MyTasksPage, CellTasksPage)
    await query.answer()
    if turned is None:
        return
    if isinstance(turned, MyTasksPage):
        await _show_mine(update, context, identity, t, turned.page)
        return
    assert isinstance(turned, CellTasksPage)
    found = await context.services.cell_tasks.of_my_cells(identity)
    back = [button(t("◀ My tasks"), MyTasksPage(0))]
    if not found:
        await replace(
            update,
            t("No member of your cell has registered a task yet."),
            InlineKeyboardMarkup([back]),
        )
        return
    today = context.services.tasks.today()
    entries = [(m.task, m.owner_name) for m in found]
    lines, rows = _page(entries, turned.page, today, t, CellTasksPage)
    text = "\n".join(
        [
            t("<b>Your cell's tasks</b>"),
            *lines,
            "",
            t("Choose a task to see it or record progress for the member."),
        ]
    )
    await replace(update, text, InlineKeyboardMarkup([*rows, back]))


def buttons() -> list[BaseHandler[Update, Any, Any]]:
    return [CallbackQueryHandler(list_button, pattern=any_of(MyTasksPage, CellTasksPage))]
