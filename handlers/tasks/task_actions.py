"""The card's buttons that need words from the member: a typed percentage, a note or evidence
(text, or a document or photo kept as a Telegram file reference), and the reason to withdraw.
Each asks one question, asks again with the reason and an example when the answer does not fit,
and ends with the card as it now stands."""

from __future__ import annotations

import html
from typing import Any

from telegram import Update
from telegram.ext import BaseHandler, CallbackQueryHandler, MessageHandler
from telegram.ext import filters as f

from bot.domain.errors import UserError
from bot.domain.model import Identity
from bot.domain.progress import parse_progress
from bot.i18n import Translator
from bot.services.tasks.task_cards import TaskCard
from bot.services.tasks.task_fields import check_note
from handlers.kit.auth import member_only
from handlers.kit.buttons import pressed
from handlers.kit.context import BotContext
from handlers.kit.refusals import refusal_text
from handlers.kit.replies import reply
from handlers.tasks.task_card import TypeProgress, WithdrawTask, WriteNote, show_card, tell_owner
from handlers.tasks.task_conversation import END, conversation, file_of

PROGRESS_STATE, NOTE_STATE, REASON_STATE = range(3)
TEXT = f.TEXT & ~f.COMMAND


async def _enter(
    update: Update,
    context: BotContext,
    identity: Identity,
    t: Translator,
    family: type[TypeProgress | WriteNote | WithdrawTask],
) -> TaskCard | None:
    """The card of the task the pressed button names, if this member may act on it."""
    query = update.callback_query
    assert query is not None
    found = pressed(update, family)
    if found is None:
        await query.answer()
        return None
    card = await context.services.tasks.changeable(identity, found.task)
    await query.answer()
    context.slots.task_action = card.task.id
    return card


def _task(context: BotContext) -> int:
    """The task the question is about (kept when the question was asked)."""
    task = context.slots.task_action
    assert task is not None  # forgotten only with the conversation itself, at a restart
    return task


def html_title(card: TaskCard) -> str:
    return html.escape(card.task.title)


async def _finish(
    update: Update,
    context: BotContext,
    identity: Identity,
    t: Translator,
    card: TaskCard,
    notice: str | None = None,
) -> int:
    await show_card(update, context, identity, t, card, notice)
    await tell_owner(context, card, identity)
    return END


# --- progress as a typed number -----------------------------------------------------------


@member_only(refused=END)
async def ask_progress(
    update: Update, context: BotContext, identity: Identity, t: Translator
) -> int:
    card = await _enter(update, context, identity, t, TypeProgress)
    if card is None:
        return END
    await reply(
        update,
        t(
            "How far has «{title}» come? Type a percentage from 0 to 100, for example 60 or "
            "60%. Send /huy to cancel.",
            title=html_title(card),
        ),
    )
    return PROGRESS_STATE


@member_only(refused=END)
async def typed_progress(
    update: Update, context: BotContext, identity: Identity, t: Translator
) -> int:
    message = update.effective_message
    assert message is not None and message.text is not None
    try:
        progress = parse_progress(message.text)
    except ValueError:
        await reply(
            update,
            t(
                "I could not read that as a percentage. Type a whole number from 0 to 100, "
                "for example 60 or 60%."
            ),
        )
        return PROGRESS_STATE
    card = await context.services.tasks.set_progress(identity, _task(context), progress)
    return await _finish(update, context, identity, t, card)


# --- a note or evidence -------------------------------------------------------------------


@member_only(refused=END)
async def ask_note(update: Update, context: BotContext, identity: Identity, t: Translator) -> int:
    card = await _enter(update, context, identity, t, WriteNote)
    if card is None:
        return END
    await reply(
        update,
        t(
            "Write a note for «{title}», or send a document or a photo as evidence (with a "
            "caption if you like). Send /huy to cancel.",
            title=html_title(card),
        ),
    )
    return NOTE_STATE


@member_only(refused=END)
async def received_note(
    update: Update, context: BotContext, identity: Identity, t: Translator
) -> int:
    message = update.effective_message
    assert message is not None
    attachment = file_of(message)
    text = (message.caption if attachment else message.text) or ""
    try:
        if text.strip() or attachment is None:
            check_note(text)
    except UserError as error:
        example = t("Write it again, for example: The first chapter is drafted.")
        await reply(update, refusal_text(error, t) + " " + example)
        return NOTE_STATE
    file_id, file_kind = attachment if attachment else (None, None)
    card = await context.services.tasks.add_note(
        identity, _task(context), text, file_id=file_id, file_kind=file_kind
    )
    return await _finish(update, context, identity, t, card)


# --- withdrawing, with a reason -----------------------------------------------------------


@member_only(refused=END)
async def ask_reason(update: Update, context: BotContext, identity: Identity, t: Translator) -> int:
    card = await _enter(update, context, identity, t, WithdrawTask)
    if card is None:
        return END
    await reply(
        update,
        t(
            "Why is «{title}» being withdrawn? A short reason is needed; the task stays in the "
            "history. For example: Moved to another unit. Send /huy to cancel.",
            title=html_title(card),
        ),
    )
    return REASON_STATE


@member_only(refused=END)
async def received_reason(
    update: Update, context: BotContext, identity: Identity, t: Translator
) -> int:
    message = update.effective_message
    assert message is not None and message.text is not None
    try:
        reason = check_note(message.text)
    except UserError as error:
        example = t("Please write a short reason, for example: Moved to another unit.")
        await reply(update, refusal_text(error, t) + " " + example)
        return REASON_STATE
    card = await context.services.tasks.withdraw(identity, _task(context), reason)
    notice = t("The task was withdrawn; it stays in the history.")
    return await _finish(update, context, identity, t, card, notice)


def conversations() -> list[BaseHandler[Update, Any, Any]]:
    files = f.Document.ALL | f.PHOTO
    return [
        conversation(
            "task-progress",
            [CallbackQueryHandler(ask_progress, pattern=TypeProgress.pattern())],
            {PROGRESS_STATE: [MessageHandler(TEXT, typed_progress)]},
        ),
        conversation(
            "task-note",
            [CallbackQueryHandler(ask_note, pattern=WriteNote.pattern())],
            {NOTE_STATE: [MessageHandler(TEXT | files, received_note)]},
        ),
        conversation(
            "task-withdraw",
            [CallbackQueryHandler(ask_reason, pattern=WithdrawTask.pattern())],
            {REASON_STATE: [MessageHandler(TEXT, received_reason)]},
        ),
    ]
