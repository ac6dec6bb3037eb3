"""/duyet (/approve): the tasks waiting for a cell secretary (or the committee), approved with
one press or returned with a short reason; the member is told either way. The digest the
scheduler sends uses the same buttons."""

from __future__ import annotations

import html
import logging
from collections.abc import Callable
from typing import Any

from telegram import InlineKeyboardMarkup, Message, Update
from telegram.error import TelegramError
from telegram.ext import BaseHandler, CallbackQueryHandler, MessageHandler, filters

from bot.approval_list import (
    APPROVE,
    MAX_WITH_BUTTONS,
    OPEN_LIST,
    RETURN,
    pending_keyboard,
    pending_lines,
    without_task,
)
from bot.domain.errors import UserError
from bot.domain.model import Identity
from bot.i18n import Translator, translator
from bot.services.approvals import Decision
from bot.services.task_fields import check_note
from handlers.auth import member_only
from handlers.context import BotContext
from handlers.replies import reply, some_buttons
from handlers.task_card import ids
from handlers.task_conversation import END, conversation, recall, remember

log = logging.getLogger(__name__)

REASON = 0
TASK, TITLE, OWNER, LIST = "approval.task", "approval.title", "approval.owner", "approval.list"


async def _show_pending(
    update: Update, context: BotContext, identity: Identity, t: Translator
) -> None:
    try:
        pending = await context.services.approvals.pending(identity)
    except UserError as error:
        await reply(update, t(error.message, **error.params))
        return
    if not pending:
        await reply(update, t("No task is waiting for approval."))
        return
    shown = pending[:MAX_WITH_BUTTONS]
    lines = [
        t("<b>Tasks waiting for approval: {count}</b>", count=len(pending)),
        *pending_lines(shown, t),
    ]
    if len(pending) > len(shown):
        lines.append(
            t(
                "{count} more: decide on these first, then send /duyet again.",
                count=len(pending) - len(shown),
            )
        )
    await reply(update, "\n".join(lines), pending_keyboard(shown, t))


@member_only
async def show_pending(
    update: Update, context: BotContext, identity: Identity, t: Translator
) -> None:
    if update.callback_query is not None:  # "Open the approval list" in a digest
        await update.callback_query.answer()
    await _show_pending(update, context, identity, t)


def _approved(t: Translator, *, title: str) -> str:
    return t(
        "Your task «{title}» has been approved. Send /congviec to report its progress.", title=title
    )


def _returned(t: Translator, *, title: str, reason: str) -> str:
    return t(
        "Your task «{title}» was returned by your cell secretary. Reason: {reason}\n"
        "You can edit it and submit it again from /congviec.",
        title=title,
        reason=reason,
    )


def _notice(
    context: BotContext, build: Callable[..., str], **params: str
) -> Callable[[Decision], str]:
    """What the task's owner is told, in their language (queued with the decision)."""
    default = context.services.default_language

    def render(decision: Decision) -> str:
        t = translator(decision.owner.language, default)
        return build(t, title=html.escape(decision.task.title), **params)

    return render


async def _drop_buttons(
    context: BotContext, message: Message | None, markup: InlineKeyboardMarkup | None, task_id: int
) -> None:
    """The decided task's buttons leave the list (or digest) they were pressed in."""
    if message is None:
        return
    try:
        await context.bot.edit_message_reply_markup(
            message.chat.id,
            message.message_id,
            reply_markup=some_buttons(without_task(markup, task_id)),
        )
    except TelegramError as exc:
        log.debug("could not update the approval buttons: %s", exc)


@member_only
async def approve(update: Update, context: BotContext, identity: Identity, t: Translator) -> None:
    query = update.callback_query
    assert query is not None and query.data is not None
    numbers = ids(query.data, APPROVE)
    if not numbers or len(numbers) != 1:
        await query.answer()
        return
    try:
        decision = await context.services.approvals.approve(
            identity, numbers[0], _notice(context, _approved)
        )
    except UserError as error:
        await query.answer(t(error.message, **error.params), show_alert=True)
        return
    await query.answer(t("Approved."))
    message = query.message if isinstance(query.message, Message) else None
    await _drop_buttons(context, message, message.reply_markup if message else None, numbers[0])
    title = html.escape(decision.task.title)
    await reply(
        update,
        t(
            "Approved «{title}» of {name}.",
            title=title,
            name=html.escape(decision.owner.full_name),
        ),
    )


@member_only
async def ask_reason(update: Update, context: BotContext, identity: Identity, t: Translator) -> int:
    query = update.callback_query
    assert query is not None and query.data is not None
    numbers = ids(query.data, RETURN)
    if not numbers or len(numbers) != 1:
        await query.answer()
        return END
    try:
        card = await context.services.tasks.card(identity, numbers[0])  # authorises
    except UserError as error:
        await query.answer(t(error.message, **error.params), show_alert=True)
        return END
    await query.answer()
    remember(context, TASK, card.task.id)
    remember(context, LIST, query.message if isinstance(query.message, Message) else None)
    title, owner = html.escape(card.task.title), html.escape(card.owner_name)
    await reply(
        update,
        t(
            "Why are you returning «{title}» of {name}? Write a short reason, for example: "
            "Please state the concrete product. Send /huy to cancel.",
            title=title,
            name=owner,
        ),
    )
    return REASON


@member_only
async def received_reason(
    update: Update, context: BotContext, identity: Identity, t: Translator
) -> int:
    message = update.effective_message
    assert message is not None and message.text is not None
    try:
        reason = check_note(message.text)
    except UserError as error:
        await reply(
            update,
            t(error.message, **error.params)
            + " "
            + t("For example: Please state the concrete product."),
        )
        return REASON
    task_id: int = recall(context, TASK)
    try:
        decision = await context.services.approvals.send_back(
            identity, task_id, reason, _notice(context, _returned, reason=html.escape(reason))
        )
    except UserError as error:
        await reply(update, t(error.message, **error.params))
        return END
    pressed: Message | None = recall(context, LIST)
    await _drop_buttons(context, pressed, pressed.reply_markup if pressed else None, task_id)
    title = html.escape(decision.task.title)
    await reply(
        update,
        t(
            "Returned «{title}» to {name}.",
            title=title,
            name=html.escape(decision.owner.full_name),
        ),
    )
    return END


def conversations() -> list[BaseHandler[Update, Any, Any]]:
    return [
        conversation(
            "approval-return",
            [CallbackQueryHandler(ask_reason, pattern=rf"^{RETURN}\d+$")],
            {REASON: [MessageHandler(filters.TEXT & ~filters.COMMAND, received_reason)]},
        )
    ]


def buttons() -> list[BaseHandler[Update, Any, Any]]:
    return [
        CallbackQueryHandler(approve, pattern=rf"^{APPROVE}\d+$"),
        CallbackQueryHandler(show_pending, pattern=f"^{OPEN_LIST}$"),
    ]
