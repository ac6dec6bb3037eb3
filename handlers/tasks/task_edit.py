"""Editing a task from its card: pick the field (title, product, deadline, area), answer one
question (or press an area), and see the card again — told when the change sends the task back
to the cell secretary for approval."""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any, Literal

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CallbackQueryHandler, MessageHandler
from telegram.ext import filters as f

from bot.domain.errors import UserError
from bot.domain.model import Identity
from bot.formatting import short_day
from bot.i18n import N_, Translator
from bot.services.tasks.task_edits import Edited
from bot.services.tasks.task_fields import check_deadline, check_product, check_title
from handlers.kit.auth import member_only
from handlers.kit.buttons import button, pressed
from handlers.kit.callbacks import CallbackData
from handlers.kit.context import BotContext
from handlers.kit.date_prompts import deadline_examples
from handlers.kit.refusals import refusal_text
from handlers.kit.replies import replace, reply
from handlers.tasks.task_card import EditTask, OpenCard, show_card, tell_owner
from handlers.tasks.task_conversation import END, conversation

Field = Literal["t", "p", "d"]  # title, product, deadline


@dataclass(frozen=True)
class EditField(CallbackData, prefix="tk:ef:"):
    """Enters the conversation that asks for the new value."""

    task: int
    field: Field


@dataclass(frozen=True)
class TaskArea(CallbackData, prefix="tk:ea:"):
    """Without an area: the areas to choose from; with one: that area is chosen."""

    task: int
    area: int | None = None


@dataclass
class FieldEdit:
    """The field of a task being changed, and the task's year (for a deadline's examples)."""

    task: int
    field: Field
    year: int


ANSWER = 0

_FIELDS: dict[Field, str] = {
    "t": N_("Task title"),
    "p": N_("Product or measure"),
    "d": N_("Deadline"),
}
_QUESTIONS = {
    "t": N_(
        "Now: {current}\nWrite the new title (at most 200 characters), for example: Write the "
        "textbook on party building. Send /huy to cancel."
    ),
    "p": N_(
        "Now: {current}\nWrite the new concrete product or measure, for example: 01 textbook "
        "accepted by the council. Send /huy to cancel."
    ),
    "d": N_("Now: {current}\nWrite the new deadline, for example {examples}. Send /huy to cancel."),
}
_EXAMPLES = {
    "t": N_("For example: Write the textbook on party building."),
    "p": N_("For example: 01 textbook accepted by the council."),
    "d": N_("For example: {examples}."),
}


def _deadline_examples(context: BotContext, year: int, t: Translator) -> str:
    return deadline_examples(context.services.tasks.today(), year, t)


def _notice(edited: Edited, t: Translator) -> str:
    if edited.back_to_approval:
        return t(
            "Saved. The task was changed, so it goes back to your cell secretary for approval."
        )
    return t("Saved.")


@member_only
async def choose_field(
    update: Update, context: BotContext, identity: Identity, t: Translator
) -> None:
    """``tk:e:<task>``: which field to change."""
    edited = pressed(update, EditTask)
    await _choices(update, context, identity, t, None if edited is None else edited.task)


@member_only
async def area_button(
    update: Update, context: BotContext, identity: Identity, t: Translator
) -> None:
    """``tk:ea:<task>``: which area; ``tk:ea:<task>:<area>``: that one."""
    chosen = pressed(update, TaskArea)
    if chosen is None or chosen.area is None:
        task = None if chosen is None else chosen.task
        await _choices(update, context, identity, t, task, areas_wanted=True)
        return
    await _picked_area(update, context, identity, t, chosen.task, chosen.area)


async def _choices(
    update: Update,
    context: BotContext,
    identity: Identity,
    t: Translator,
    task_id: int | None,
    *,
    areas_wanted: bool = False,
) -> None:
    query = update.callback_query
    assert query is not None
    if task_id is None:
        await query.answer()
        return
    options = await context.services.task_edits.options(identity, task_id)
    await query.answer()
    task = options.card.task
    back = [button(t("◀ Back"), OpenCard(task.id))]
    if areas_wanted:
        rows = [[button(a.name, TaskArea(task.id, a.id))] for a in options.areas]
        text = t("Choose the breakthrough area for «{title}»:", title=html.escape(task.title))
        await replace(update, text, InlineKeyboardMarkup([*rows, back]))
        return
    rows = [[button(t(label), EditField(task.id, key))] for key, label in _FIELDS.items()]
    if options.areas:
        rows.append([button(t("Breakthrough area"), TaskArea(task.id))])
    text = t("What would you like to change in «{title}»?", title=html.escape(task.title))
    if options.approval_required and task.status.is_public:
        text += "\n" + t(
            "After the change, the task goes back to your cell secretary for approval."
        )
    await replace(update, text, InlineKeyboardMarkup([*rows, back]))


async def _picked_area(
    update: Update,
    context: BotContext,
    identity: Identity,
    t: Translator,
    task_id: int,
    area_id: int,
) -> None:
    query = update.callback_query
    assert query is not None
    edited = await context.services.task_edits.edit_field(identity, task_id, area_id=area_id)
    await query.answer()
    await show_card(update, context, identity, t, edited.card, _notice(edited, t))
    await tell_owner(context, edited.card, identity)


@member_only(refused=END)
async def ask_field(update: Update, context: BotContext, identity: Identity, t: Translator) -> int:
    query = update.callback_query
    assert query is not None
    chosen = pressed(update, EditField)
    if chosen is None:
        await query.answer()
        return END
    which = chosen.field
    card = await context.services.tasks.changeable(identity, chosen.task)
    await query.answer()
    task = card.task
    context.slots.task_edit = FieldEdit(task.id, which, task.year)
    current = {"t": task.title, "p": task.product, "d": short_day(task.deadline, t.language)}[which]
    examples = _deadline_examples(context, task.year, t)
    await reply(update, t(_QUESTIONS[which], current=html.escape(current), examples=examples))
    return ANSWER


@member_only(refused=END)
async def answered(update: Update, context: BotContext, identity: Identity, t: Translator) -> int:
    message = update.effective_message
    assert message is not None and message.text is not None
    edit = context.slots.task_edit
    assert edit is not None  # forgotten only with the conversation itself, at a restart
    which = edit.field
    changes: dict[str, Any] = {}
    try:
        if which == "t":
            changes["title"] = check_title(message.text)
        elif which == "p":
            changes["product"] = check_product(message.text)
        else:
            changes["deadline"] = check_deadline(
                message.text, edit.year, context.services.tasks.today()
            )
    except UserError as error:
        examples = _deadline_examples(context, edit.year, t)
        reason = refusal_text(error, t)
        await reply(update, reason + " " + t(_EXAMPLES[which], examples=examples))
        return ANSWER
    edited = await context.services.task_edits.edit_field(identity, edit.task, **changes)
    await show_card(update, context, identity, t, edited.card, _notice(edited, t))
    await tell_owner(context, edited.card, identity)
    return END


def conversations() -> list[BaseHandler[Update, Any, Any]]:
    return [
        conversation(
            "task-edit",
            [CallbackQueryHandler(ask_field, pattern=EditField.pattern())],
            {ANSWER: [MessageHandler(f.TEXT & ~f.COMMAND, answered)]},
        )
    ]


def buttons() -> list[BaseHandler[Update, Any, Any]]:
    return [
        CallbackQueryHandler(choose_field, pattern=EditTask.pattern()),
        CallbackQueryHandler(area_button, pattern=TaskArea.pattern()),
    ]
