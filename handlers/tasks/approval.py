"""/duyet (/approve): the tasks waiting for a cell secretary (or the committee), a page at a
time; each approved with one press or returned with a short reason, or all at once after a
question. The list (or the digest it was pressed in) is edited in place, so approving 28 tasks
adds no message to the approver's chat, while each member is told through the outbox, one
message each. Pressed on a task's card, the card itself shows the new status and history."""

from __future__ import annotations

import contextlib
import html
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from telegram import InlineKeyboardMarkup, Message, Update
from telegram.constants import ParseMode
from telegram.error import TelegramError
from telegram.ext import BaseHandler, CallbackQueryHandler, MessageHandler, filters

from bot.domain.errors import UserError
from bot.domain.model import Identity
from bot.domain.permissions import oversees_everyone
from bot.i18n import Translator, translator
from bot.services.tasks.approvals import Decision, approvable
from bot.services.tasks.task_fields import check_note
from handlers.kit.auth import member_only
from handlers.kit.buttons import pressed
from handlers.kit.callbacks import any_of
from handlers.kit.context import BotContext
from handlers.kit.refusals import Shown, refusal_text
from handlers.kit.replies import pressed_message, replace, reply, some_buttons
from handlers.tasks.approval_list import (
    ApprovalPage,
    ApproveAll,
    ApproveAllConfirmed,
    ApproveOnCard,
    ApproveTask,
    OpenApprovalList,
    ReturnOnCard,
    ReturnTask,
)
from handlers.tasks.approval_render import approve_all_question, list_page
from handlers.tasks.task_card import card_keyboard, render_card, show_card
from handlers.tasks.task_conversation import END, conversation

log = logging.getLogger(__name__)

REASON = 0


@dataclass
class Returning:
    """The task being returned, and where the return was pressed: the message, and the list
    page it showed (None for a task's card), to show again once the reason is given."""

    task: int
    pressed: Message | None
    page: int | None


async def _list(
    context: BotContext, identity: Identity, t: Translator, page: int, notice: str | None = None
) -> tuple[str, InlineKeyboardMarkup | None]:
    pending = await context.services.approvals.pending(identity)
    several = oversees_everyone(identity) or len({p.cell_name for p in pending}) > 1
    return list_page(
        pending, len(approvable(pending, identity)), page, t, show_cell=several, notice=notice
    )


@member_only(shown=Shown.AS_MESSAGE)
async def show_pending(
    update: Update, context: BotContext, identity: Identity, t: Translator
) -> None:
    """/duyet, or «Open the approval list» in a digest: the first page, as a new message."""
    if update.callback_query is not None:
        await update.callback_query.answer()
    text, keyboard = await _list(context, identity, t, 0)
    await reply(update, text, keyboard)


@member_only(shown=Shown.IN_PLACE)
async def turn_page(update: Update, context: BotContext, identity: Identity, t: Translator) -> None:
    query = update.callback_query
    assert query is not None
    turned = pressed(update, ApprovalPage)
    await query.answer()
    if turned is None:
        return
    await replace(update, *await _list(context, identity, t, turned.page))


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


@member_only
async def approve(update: Update, context: BotContext, identity: Identity, t: Translator) -> None:
    """``ap:y:<task>[:<page>]`` in a list or digest, ``ap:cy:<task>`` on a card."""
    query = update.callback_query
    assert query is not None
    chosen = pressed(update, ApproveTask, ApproveOnCard)
    if not isinstance(chosen, ApproveTask | ApproveOnCard):
        await query.answer()
        return
    decision = await context.services.approvals.approve(
        identity, chosen.task, _notice(context, _approved)
    )
    await query.answer(t("Approved."))
    notice = "✅ " + t(
        "Approved «{title}» of {name}.",
        title=html.escape(decision.task.title),
        name=html.escape(decision.owner.full_name),
    )
    if isinstance(chosen, ApproveOnCard):
        card = await context.services.tasks.card(identity, chosen.task)
        await show_card(update, context, identity, t, card, notice)
        return
    await replace(update, *await _list(context, identity, t, chosen.page or 0, notice))


@member_only(shown=Shown.IN_PLACE)
async def ask_to_approve_all(
    update: Update, context: BotContext, identity: Identity, t: Translator
) -> None:
    query = update.callback_query
    assert query is not None
    await query.answer()
    waiting = approvable(await context.services.approvals.pending(identity), identity)
    if not waiting:
        await replace(update, *await _list(context, identity, t, 0))
        return
    context.slots.approve_all = [p.task.id for p in waiting]
    await replace(update, *approve_all_question(len(waiting), t))


@member_only
async def approve_all(
    update: Update, context: BotContext, identity: Identity, t: Translator
) -> None:
    """Confirmed: approve exactly the tasks the question counted."""
    query = update.callback_query
    assert query is not None
    task_ids = context.slots.approve_all
    context.slots.approve_all = None
    if not task_ids:
        await query.answer(t("This button is no longer active."))
        # The list again for an approver; for anyone else (a forged button) the popup is all.
        with contextlib.suppress(UserError):
            await replace(update, *await _list(context, identity, t, 0))
        return
    approved = await context.services.approvals.approve_all(
        identity, list(task_ids), _notice(context, _approved)
    )
    await query.answer(t("Approved."))
    count = len(approved.decisions)
    notice = "✅ " + t.ngettext(
        "Approved {n} task; the member is told.",
        "Approved {n} tasks; each member is told in a message of their own.",
        count,
    )
    if approved.no_longer_waiting:
        notice += "\n" + t.ngettext(
            "{n} was no longer waiting.",
            "{n} were no longer waiting.",
            approved.no_longer_waiting,
        )
    await replace(update, *await _list(context, identity, t, 0, notice))


@member_only(refused=END)
async def ask_reason(update: Update, context: BotContext, identity: Identity, t: Translator) -> int:
    """``ap:n:<task>[:<page>]`` in a list or digest, ``ap:cn:<task>`` on a card."""
    query = update.callback_query
    assert query is not None
    chosen = pressed(update, ReturnTask, ReturnOnCard)
    if not isinstance(chosen, ReturnTask | ReturnOnCard):
        await query.answer()
        return END
    card = await context.services.approvals.decidable(identity, chosen.task)
    await query.answer()
    page = None if isinstance(chosen, ReturnOnCard) else (chosen.page or 0)
    context.slots.task_return = Returning(card.task.id, pressed_message(update), page)
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


async def _edit(
    context: BotContext, message: Message, text: str, keyboard: InlineKeyboardMarkup | None
) -> None:
    """Show ``text`` in a message the approver pressed earlier (the list, or the card)."""
    try:
        await context.bot.edit_message_text(
            text,
            chat_id=message.chat.id,
            message_id=message.message_id,
            parse_mode=ParseMode.HTML,
            reply_markup=some_buttons(keyboard),
        )
    except TelegramError as exc:  # deleted meanwhile, or too old to edit
        log.debug("could not update the approval list: %s", exc)


@member_only(refused=END)
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
            refusal_text(error, t) + " " + t("For example: Please state the concrete product."),
        )
        return REASON
    returning = context.slots.task_return
    assert returning is not None  # forgotten only with the conversation itself, at a restart
    task_id = returning.task
    decision = await context.services.approvals.send_back(
        identity, task_id, reason, _notice(context, _returned, reason=html.escape(reason))
    )
    title = html.escape(decision.task.title)
    await reply(
        update,
        t(
            "Returned «{title}» to {name}.",
            title=title,
            name=html.escape(decision.owner.full_name),
        ),
    )
    message, page = returning.pressed, returning.page
    if message is None:
        return END
    if page is None:
        card = await context.services.tasks.card(identity, task_id)
        text = render_card(card, t, context.services.zone)
        await _edit(context, message, text, card_keyboard(card, identity, t))
    else:
        await _edit(context, message, *await _list(context, identity, t, page))
    return END


def conversations() -> list[BaseHandler[Update, Any, Any]]:
    return [
        conversation(
            "approval-return",
            [CallbackQueryHandler(ask_reason, pattern=any_of(ReturnTask, ReturnOnCard))],
            {REASON: [MessageHandler(filters.TEXT & ~filters.COMMAND, received_reason)]},
        )
    ]


def buttons() -> list[BaseHandler[Update, Any, Any]]:
    return [
        CallbackQueryHandler(approve, pattern=any_of(ApproveTask, ApproveOnCard)),
        CallbackQueryHandler(turn_page, pattern=ApprovalPage.pattern()),
        CallbackQueryHandler(ask_to_approve_all, pattern=ApproveAll.pattern()),
        CallbackQueryHandler(approve_all, pattern=ApproveAllConfirmed.pattern()),
        CallbackQueryHandler(show_pending, pattern=OpenApprovalList.pattern()),
    ]
