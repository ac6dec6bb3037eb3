"""A task's card: what it is, how far it has come, its latest updates, and the buttons that make
sense for its status and for who is looking. Pressing one calls the service, which authorises
(callback data carries ids only; a forged id is refused and audited there)."""

from __future__ import annotations

import html
import logging
from dataclasses import dataclass
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CallbackQueryHandler

from bot.domain.model import Identity
from bot.domain.permissions import Access, secretary_of
from bot.domain.tasks import Task, TaskStatus, TaskUpdate
from bot.formatting import short_day
from bot.i18n import Translator, translator
from bot.i18n.task_labels import VERDICT_NAMES, status_label
from bot.i18n.update_labels import FILE_KINDS, UPDATE_NAMES
from bot.services.tasks.task_cards import TaskCard
from handlers.kit.auth import member_only
from handlers.kit.buttons import button, pressed
from handlers.kit.callbacks import CallbackData, any_of
from handlers.kit.context import BotContext
from handlers.kit.replies import replace, reply
from handlers.tasks.approval_list import ApproveOnCard, ReturnOnCard, ViewTask
from handlers.tasks.notices import notify as queue_notice

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class OpenCard(CallbackData, prefix="tk:c:"):
    """The card in place of the pressed message (ViewTask, tk:v:, below it)."""

    task: int


@dataclass(frozen=True)
class SetProgress(CallbackData, prefix="tk:p:"):
    task: int
    percent: int


# The verdicts: a conversation each (handlers.tasks.task_verdicts).
@dataclass(frozen=True)
class MarkDone(CallbackData, prefix="tk:d:"):
    task: int


@dataclass(frozen=True)
class MarkExceeded(CallbackData, prefix="tk:x:"):
    task: int


@dataclass(frozen=True)
class MarkNotAchieved(CallbackData, prefix="tk:n:"):
    task: int


@dataclass(frozen=True)
class UndoVerdict(CallbackData, prefix="tk:u:"):
    task: int


# Conversations (handlers.tasks.task_actions, handlers.tasks.task_edit).
@dataclass(frozen=True)
class TypeProgress(CallbackData, prefix="tk:t:"):
    task: int


@dataclass(frozen=True)
class WriteNote(CallbackData, prefix="tk:o:"):
    task: int


@dataclass(frozen=True)
class EditTask(CallbackData, prefix="tk:e:"):
    task: int


@dataclass(frozen=True)
class WithdrawTask(CallbackData, prefix="tk:w:"):
    task: int


@dataclass(frozen=True)
class MyTasksPage(CallbackData, prefix="tk:l:"):
    page: int


@dataclass(frozen=True)
class CellTasksPage(CallbackData, prefix="tk:cell:"):
    page: int


STEPS = (25, 50, 75, 100)
SHORT_TEXT = 120  # a note or reason on the card, cut for a phone screen


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


def card_keyboard(card: TaskCard, identity: Identity, t: Translator) -> InlineKeyboardMarkup:
    """Only the buttons that make sense for the task's status and the reader's access."""
    task, i = card.task, card.task.id
    rows: list[list[InlineKeyboardButton]] = []
    acting = card.access in (Access.OWNER, Access.ON_BEHALF)
    if task.status is TaskStatus.SUBMITTED and card.access is not Access.OWNER:
        rows.append(
            [
                button("✅ " + t("Approve"), ApproveOnCard(i)),
                button("↩️ " + t("Return"), ReturnOnCard(i)),
            ]
        )
    if acting and task.status is TaskStatus.IN_PROGRESS:
        rows.append([button(f"{step}%", SetProgress(i, step)) for step in STEPS])
        rows.append(
            [
                button(t("Type a %"), TypeProgress(i)),
                button(t("Note / evidence"), WriteNote(i)),
            ]
        )
        finish = [
            button(t("Done"), MarkDone(i)),
            button(t("Exceeded the target"), MarkExceeded(i)),
        ]
        if card.access is Access.ON_BEHALF:
            finish.append(button(t("Not achieved"), MarkNotAchieved(i)))
        rows.append(finish)
    elif acting and task.status is not TaskStatus.WITHDRAWN:
        rows.append([button(t("Note / evidence"), WriteNote(i))])
        if task.status is TaskStatus.DONE:
            rows.append([button(t("Exceeded the target"), MarkExceeded(i))])
    if card.can_undo:
        undo = t("Undo «{status}»", status=t(VERDICT_NAMES[task.status]))
        rows.append([button(f"↩️ {undo}", UndoVerdict(i))])
    if acting and (task.status.is_open):
        rows.append(
            [button(t("Edit"), EditTask(i)), button(t("Withdraw the task"), WithdrawTask(i))]
        )
    if card.access is Access.OWNER and task.owner_member_id == identity.member.id:
        rows.append([button(t("◀ My tasks"), MyTasksPage(0))])
    elif secretary_of(identity):
        rows.append([button(t("◀ My cell's tasks"), CellTasksPage(0))])
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
    assert query is not None
    found = pressed(update, OpenCard, ViewTask, SetProgress, UndoVerdict)
    tasks = context.services.tasks
    match found:
        case OpenCard(task) | ViewTask(task):
            card = await tasks.card(identity, task)
        case SetProgress(task, percent):
            card = await tasks.set_progress(identity, task, min(percent, 100))
        case UndoVerdict(task):
            card = await context.services.task_verdicts.undo(identity, task)
        case _:
            await query.answer()
            return
    opened = isinstance(found, OpenCard | ViewTask)
    await query.answer(None if opened else t("Saved."))
    notice = None
    if isinstance(found, UndoVerdict):
        notice = t(
            "Undone: the task is «{status}» again, at {progress}%.",
            status=status_label(card.task.status, t),
            progress=card.task.progress,
        )
    await show_card(update, context, identity, t, card, notice, below=isinstance(found, ViewTask))
    await tell_owner(context, card, identity)


def buttons() -> list[BaseHandler[Update, Any, Any]]:
    return [
        CallbackQueryHandler(
            card_button, pattern=any_of(OpenCard, ViewTask, SetProgress, UndoVerdict)
        )
    ]
