"""A task's card: what it is, how far it has come, its latest updates, and the buttons that make
sense for its status and for who is looking. Pressing one calls the service, which authorises
(callback data carries ids only; a forged id is refused and audited there)."""

from __future__ import annotations

import html
import logging
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CallbackQueryHandler

from bot.approval_list import APPROVE_ON_CARD, RETURN_ON_CARD, VIEW
from bot.domain.errors import UserError
from bot.domain.model import Identity
from bot.domain.permissions import Access, secretary_of
from bot.domain.tasks import Task, TaskStatus, TaskUpdate
from bot.formatting import short_day
from bot.i18n import Translator, translator
from bot.i18n.task_labels import VERDICT_NAMES, status_label
from bot.i18n.update_labels import FILE_KINDS, UPDATE_NAMES
from bot.services.task_cards import TaskCard
from handlers.auth import member_only
from handlers.command_text import number
from handlers.context import BotContext
from handlers.notices import notify as queue_notice
from handlers.replies import replace, reply

log = logging.getLogger(__name__)

OPEN = "tk:c:"  # tk:c:<task>, in place of the pressed message; VIEW (tk:v:) below it
PROGRESS = "tk:p:"  # tk:p:<task>:<percent>
DONE = "tk:d:"  # the verdicts: a conversation (handlers.task_verdicts)
EXCEEDED = "tk:x:"
NOT_ACHIEVED = "tk:n:"
UNDO = "tk:u:"  # take the verdict back
TYPE_PROGRESS = "tk:t:"  # conversations (handlers.task_actions, handlers.task_edit)
NOTE = "tk:o:"
EDIT = "tk:e:"
WITHDRAW = "tk:w:"
MY_LIST = "tk:l:"  # tk:l:<page>
CELL_LIST = "tk:cell:"  # tk:cell:<page>

STEPS = (25, 50, 75, 100)
SHORT_TEXT = 120  # a note or reason on the card, cut for a phone screen


def ids(data: str, prefix: str) -> list[int] | None:
    """The numbers after ``prefix`` in callback data, or None when it is not ours."""
    parts = data.removeprefix(prefix).split(":")
    numbers = [n for n in (number(p) for p in parts) if n is not None]
    return numbers if len(numbers) == len(parts) else None


def shorten(text: str, limit: int = SHORT_TEXT) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def deadline_note(task: Task, today: date, t: Translator) -> str:
    """Days left or overdue, for a task still to be done; empty otherwise."""
    if not task.status.is_open:
        return ""
    if task.is_overdue(today):
        days = -task.days_left(today)
        return t.ngettext("⚠ overdue by {n} day", "⚠ overdue by {n} days", days)
    if task.days_left(today) == 0:
        return t("due today")
    return t.ngettext("{n} day left", "{n} days left", task.days_left(today))


def describe_update(update: TaskUpdate, t: Translator) -> str:
    """What one update did, HTML-escaped."""
    text = html.escape(shorten(update.text or ""))
    name = UPDATE_NAMES[update.kind]
    undone = update.previous_status
    what = t(
        name,
        text=text,
        progress=update.progress or 0,
        status=t(VERDICT_NAMES[undone]) if undone in VERDICT_NAMES else "",
    )
    if update.file_kind in FILE_KINDS:
        what += f" ({t(FILE_KINDS[update.file_kind])})"
        if text:
            what += f": {text}"
    elif text and "{text}" not in name:  # a verdict's product or reason
        what += f": {text}"
    return what


def render_card(card: TaskCard, t: Translator, zone: ZoneInfo) -> str:
    task = card.task
    due = t("Deadline: {deadline}", deadline=task.deadline)
    note = deadline_note(task, card.today, t)
    lines = [
        f"<b>{html.escape(task.title)}</b>",
        t("Product: {product}", product=html.escape(task.product)),
        f"{due} — {note}" if note else due,
    ]
    if card.area_name:
        lines.append(t("Breakthrough area: {area}", area=html.escape(card.area_name)))
    lines += [
        t("Status: {status}", status=status_label(task.status, t)),
        t("Progress: {progress}%", progress=task.progress),
        t("Owner: {name}", name=html.escape(card.owner_name)),
    ]
    if card.updates:
        lines += ["", t("<b>Latest updates</b>")]
        for update, actor in card.updates:
            when = short_day(update.at.astimezone(zone).date(), t.language)
            line = f"• {when} — {describe_update(update, t)}"
            if actor:
                line += f" — {html.escape(actor)}"
            if update.on_behalf:
                line += " " + t("(on behalf)")
            lines.append(line)
    return "\n".join(lines)


def _button(text: str, data: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(text, callback_data=data)


def card_keyboard(card: TaskCard, identity: Identity, t: Translator) -> InlineKeyboardMarkup:
    """Only the buttons that make sense for the task's status and the reader's access."""
    task, i = card.task, card.task.id
    rows: list[list[InlineKeyboardButton]] = []
    acting = card.access in (Access.OWNER, Access.ON_BEHALF)
    if task.status is TaskStatus.SUBMITTED and card.access is not Access.OWNER:
        rows.append(
            [
                _button("✅ " + t("Approve"), f"{APPROVE_ON_CARD}{i}"),
                _button("↩️ " + t("Return"), f"{RETURN_ON_CARD}{i}"),
            ]
        )
    if acting and task.status is TaskStatus.IN_PROGRESS:
        rows.append([_button(f"{step}%", f"{PROGRESS}{i}:{step}") for step in STEPS])
        rows.append(
            [
                _button(t("Type a %"), f"{TYPE_PROGRESS}{i}"),
                _button(t("Note / evidence"), f"{NOTE}{i}"),
            ]
        )
        finish = [
            _button(t("Done"), f"{DONE}{i}"),
            _button(t("Exceeded the target"), f"{EXCEEDED}{i}"),
        ]
        if card.access is Access.ON_BEHALF:
            finish.append(_button(t("Not achieved"), f"{NOT_ACHIEVED}{i}"))
        rows.append(finish)
    elif acting and task.status is not TaskStatus.WITHDRAWN:
        rows.append([_button(t("Note / evidence"), f"{NOTE}{i}")])
        if task.status is TaskStatus.DONE:
            rows.append([_button(t("Exceeded the target"), f"{EXCEEDED}{i}")])
    if card.can_undo:
        undo = t("Undo «{status}»", status=t(VERDICT_NAMES[task.status]))
        rows.append([_button(f"↩️ {undo}", f"{UNDO}{i}")])
    if acting and (task.status.is_open):
        rows.append(
            [_button(t("Edit"), f"{EDIT}{i}"), _button(t("Withdraw the task"), f"{WITHDRAW}{i}")]
        )
    if card.access is Access.OWNER and task.owner_member_id == identity.member.id:
        rows.append([_button(t("◀ My tasks"), f"{MY_LIST}0")])
    elif secretary_of(identity):
        rows.append([_button(t("◀ My cell's tasks"), f"{CELL_LIST}0")])
    return InlineKeyboardMarkup(rows)


async def tell_owner(context: BotContext, card: TaskCard, identity: Identity) -> None:
    """When a secretary recorded on a member's behalf, the member hears what was recorded."""
    notify = card.notify
    if notify is None or notify.chat_id is None or not card.updates:
        return
    t = translator(notify.language, context.services.default_language)
    text = t(
        "{secretary} recorded on your behalf for the task «{title}»: {what}.",
        secretary=html.escape(identity.member.full_name),
        title=html.escape(card.task.title),
        what=describe_update(card.updates[0][0], t),
    )
    update = card.updates[0][0]
    await queue_notice(context, notify, text, f"task:{card.task.id}:update:{update.at.isoformat()}")


async def show_card(
    update: Update,
    context: BotContext,
    identity: Identity,
    t: Translator,
    card: TaskCard,
    notice: str | None = None,
    *,
    below: bool = False,
) -> None:
    """The card in place of the pressed message (``below``: as a new message), ``notice``
    (HTML) first."""
    text = render_card(card, t, context.services.zone)
    text = f"{notice}\n\n{text}" if notice else text
    await (reply if below else replace)(update, text, card_keyboard(card, identity, t))


@member_only
async def card_button(
    update: Update, context: BotContext, identity: Identity, t: Translator
) -> None:
    """Open a card, change progress from it, or undo its verdict."""
    query = update.callback_query
    assert query is not None and query.data is not None
    data = query.data
    prefix = next((p for p in (OPEN, VIEW, PROGRESS, UNDO) if data.startswith(p)), None)
    numbers = None if prefix is None else ids(data, prefix)
    if prefix is None or not numbers or len(numbers) != (2 if prefix == PROGRESS else 1):
        await query.answer()
        return
    tasks = context.services.tasks
    try:
        if prefix in (OPEN, VIEW):
            card = await tasks.card(identity, numbers[0])
        elif prefix == PROGRESS:
            card = await tasks.set_progress(identity, numbers[0], min(numbers[1], 100))
        else:
            card = await context.services.task_verdicts.undo(identity, numbers[0])
    except UserError as error:
        await query.answer(t(error.message, **error.params), show_alert=True)
        return
    await query.answer(None if prefix in (OPEN, VIEW) else t("Saved."))
    notice = None
    if prefix == UNDO:
        notice = t(
            "Undone: the task is «{status}» again, at {progress}%.",
            status=status_label(card.task.status, t),
            progress=card.task.progress,
        )
    await show_card(update, context, identity, t, card, notice, below=prefix == VIEW)
    await tell_owner(context, card, identity)


def buttons() -> list[BaseHandler[Update, Any, Any]]:
    return [
        CallbackQueryHandler(
            card_button, pattern=rf"^({OPEN}\d+|{VIEW}\d+|{PROGRESS}\d+:\d+|{UNDO}\d+)$"
        )
    ]
