"""/khacphuc (/remediation): an owner's remediation actions, marked done with a note or evidence
(a document or a photo); the items a lead (the committee, the commission) follows up, where
actions are added — what, whose, by when, one question per message — and verified or sent back
with a reason.

Buttons carry an item or action id only; the service decides every one (refusing, and
auditing, a forged id), the handlers ask and render."""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any

from telegram import Update
from telegram.ext import (
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot.domain.model import Identity
from bot.domain.outbox import FileKind
from bot.i18n import Translator
from bot.services.date_fields import check_due
from handlers.inspections import remediation_render as render
from handlers.inspections.remediation_render import (
    AddAction,
    MarkDone,
    OpenRemediation,
    ReturnAction,
    VerifyAction,
)
from handlers.kit import conversations
from handlers.kit.auth import member_only
from handlers.kit.buttons import pressed
from handlers.kit.context import BotContext
from handlers.kit.date_prompts import deadline_examples
from handlers.kit.replies import reply

COMMANDS = ["khacphuc", "remediation"]
ACTION, OWNER, DUE, DONE_NOTE, REASON = range(5)
END = ConversationHandler.END


@dataclass
class RemediationDraft:
    """The item an action is being added to, and what was answered so far; or the action being
    marked done or sent back."""

    item: int = 0
    action: int = 0
    text: str = ""
    owner: int = 0
    owner_name: str = ""


def _draft(context: BotContext) -> RemediationDraft:
    if context.slots.remediation is None:
        context.slots.remediation = RemediationDraft()
    return context.slots.remediation


@member_only
async def show(update: Update, context: BotContext, identity: Identity, t: Translator) -> None:
    """/khacphuc: one's own actions, and the items one follows up."""
    service = context.services.remediation
    text, keyboard = render.overview(
        await service.mine(identity), await service.followed(identity), t
    )
    await reply(update, text, keyboard)


async def _show_item(
    update: Update, context: BotContext, identity: Identity, t: Translator, item_id: int
) -> None:
    followed = await context.services.remediation.item(identity, item_id)
    text, keyboard = render.item_view(followed, t)
    await reply(update, text, keyboard)


@member_only
async def on_open(update: Update, context: BotContext, identity: Identity, t: Translator) -> None:
    query = update.callback_query
    assert query is not None
    chosen = pressed(update, OpenRemediation)
    if chosen is not None:
        await _show_item(update, context, identity, t, chosen.item)
    await query.answer()


@member_only
async def on_verify(update: Update, context: BotContext, identity: Identity, t: Translator) -> None:
    query = update.callback_query
    assert query is not None
    chosen = pressed(update, VerifyAction)
    if chosen is None:
        await query.answer()
        return
    followed = await context.services.remediation.verify(identity, chosen.action)
    await query.answer(t("Verified."))
    text, keyboard = render.item_view(followed, t)
    await reply(update, text, keyboard)


# --- adding an action: what, whose, by when ------------------------------------------------


@member_only(refused=END)
async def ask_action(update: Update, context: BotContext, identity: Identity, t: Translator) -> int:
    query = update.callback_query
    assert query is not None
    chosen = pressed(update, AddAction)
    if chosen is None:
        await query.answer()
        return END
    await context.services.remediation.item(identity, chosen.item)  # refused if not theirs
    await query.answer()
    context.slots.remediation = RemediationDraft(item=chosen.item)
    await reply(
        update,
        t(
            "What is to be done? One action per message, e.g. "
            "<code>Viết bản kiểm điểm bổ sung</code>. /huy to stop."
        ),
    )
    return ACTION


@member_only(refused=ACTION)
async def on_action(update: Update, context: BotContext, identity: Identity, t: Translator) -> int:
    message = update.effective_message
    text = " ".join(((message.text if message else None) or "").split())
    if not text:
        await reply(update, t("Write what is to be done."))
        return ACTION
    _draft(context).text = text
    await reply(
        update,
        t(
            "Who does it? Write the member's code or name: the member inspected or someone in "
            "the cell inspected."
        ),
    )
    return OWNER


@member_only(refused=OWNER)
async def on_owner(update: Update, context: BotContext, identity: Identity, t: Translator) -> int:
    message = update.effective_message
    draft = _draft(context)
    owner = await context.services.remediation.owner_of(
        identity, draft.item, (message.text if message else None) or ""
    )
    draft.owner, draft.owner_name = owner.id, owner.full_name
    today = context.services.remediation.today()
    await reply(
        update,
        t(
            "By when? For example {examples}.",
            examples=deadline_examples(today, today.year, t),
        ),
    )
    return DUE


@member_only(refused=DUE)
async def on_due(update: Update, context: BotContext, identity: Identity, t: Translator) -> int:
    message = update.effective_message
    draft = _draft(context)
    service = context.services.remediation
    due = check_due((message.text if message else None) or "", service.today())
    added = await service.add(
        identity,
        draft.item,
        draft.text,
        draft.owner,
        due,
        render.new_action_notice(context.services.default_language),
    )
    context.services.delivery.wake()
    context.slots.remediation = None
    await reply(
        update,
        t(
            "✅ Added: {action} — {owner}, due {due}. {owner} is told.",
            action=html.escape(added.action.action),
            owner=html.escape(added.owner_name),
            due=added.action.due,
        ),
    )
    await _show_item(update, context, identity, t, draft.item)
    return END


# --- the owner marks an action done ---------------------------------------------------------


@member_only(refused=END)
async def ask_done(update: Update, context: BotContext, identity: Identity, t: Translator) -> int:
    query = update.callback_query
    assert query is not None
    chosen = pressed(update, MarkDone)
    if chosen is None:
        await query.answer()
        return END
    view = await context.services.remediation.owned(identity, chosen.action)
    await query.answer()
    context.slots.remediation = RemediationDraft(item=view.item.id, action=view.action.id)
    await reply(
        update,
        t(
            "What was done for «{action}»? Write a short note, or send the evidence (a document "
            "or a photo, with a caption if you like). /huy to stop.",
            action=html.escape(view.action.action),
        ),
    )
    return DONE_NOTE


@member_only(refused=DONE_NOTE)
async def on_done(update: Update, context: BotContext, identity: Identity, t: Translator) -> int:
    message = update.effective_message
    if message is None:
        return END
    file_id, kind = None, None
    if message.document is not None:
        file_id, kind = message.document.file_id, FileKind.DOCUMENT
    elif message.photo:
        file_id, kind = message.photo[-1].file_id, FileKind.PHOTO
    note = message.caption if file_id is not None else message.text
    view = await context.services.remediation.mark_done(
        identity,
        _draft(context).action,
        note=note,
        evidence_file_id=file_id,
        evidence_kind=kind,
        channel=context.channel,
        notice=render.done_notice(context.services.default_language),
    )
    context.services.delivery.wake()
    context.slots.remediation = None
    await reply(
        update,
        t(
            "✅ Marked done: {action}. The lead of the inspection team will verify it.",
            action=html.escape(view.action.action),
        ),
    )
    return END


# --- the lead sends an action back ----------------------------------------------------------


@member_only(refused=END)
async def ask_reason(update: Update, context: BotContext, identity: Identity, t: Translator) -> int:
    query = update.callback_query
    assert query is not None
    chosen = pressed(update, ReturnAction)
    if chosen is None:
        await query.answer()
        return END
    view = await context.services.remediation.returnable(identity, chosen.action)
    await query.answer()
    context.slots.remediation = RemediationDraft(item=view.item.id, action=view.action.id)
    await reply(
        update,
        t(
            "Why is «{action}» sent back to {owner}? Write the reason. /huy to stop.",
            action=html.escape(view.action.action),
            owner=html.escape(view.owner_name),
        ),
    )
    return REASON


@member_only(refused=REASON)
async def on_reason(update: Update, context: BotContext, identity: Identity, t: Translator) -> int:
    message = update.effective_message
    draft = _draft(context)
    view = await context.services.remediation.send_back(
        identity,
        draft.action,
        (message.text if message else None) or "",
        render.returned_notice(context.services.default_language),
    )
    context.services.delivery.wake()
    context.slots.remediation = None
    await reply(
        update,
        t(
            "↩️ Sent back to {owner}, who is told the reason.",
            owner=html.escape(view.owner_name),
        ),
    )
    await _show_item(update, context, identity, t, draft.item)
    return END


def conversation() -> ConversationHandler[BotContext]:
    text = filters.TEXT & ~filters.COMMAND
    evidence = (filters.Document.ALL | filters.PHOTO | filters.TEXT) & ~filters.COMMAND
    return conversations.conversation(
        "remediation",
        entry_points=[
            CallbackQueryHandler(ask_action, pattern=AddAction.pattern()),
            CallbackQueryHandler(ask_done, pattern=MarkDone.pattern()),
            CallbackQueryHandler(ask_reason, pattern=ReturnAction.pattern()),
        ],
        states={
            ACTION: [MessageHandler(text, on_action)],
            OWNER: [MessageHandler(text, on_owner)],
            DUE: [MessageHandler(text, on_due)],
            DONE_NOTE: [MessageHandler(evidence, on_done)],
            REASON: [MessageHandler(text, on_reason)],
        },
    )


def handlers() -> list[BaseHandler[Update, Any, Any]]:
    return [
        CommandHandler(COMMANDS, show),
        CallbackQueryHandler(on_open, pattern=OpenRemediation.pattern()),
        CallbackQueryHandler(on_verify, pattern=VerifyAction.pattern()),
    ]
