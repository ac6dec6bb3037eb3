"""Done, exceeded the target, or not achieved, from a task's card — never in one tap.

The button asks first for the product or evidence (a short text, a document or a photo, or
«Bỏ qua»), then shows what will change and asks to confirm. Afterwards the card offers
↩️ to undo it: the owner for 24 hours, the cell secretary any time (the service decides).
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CallbackQueryHandler, MessageHandler
from telegram.ext import filters as f

from bot.domain.errors import UserError
from bot.domain.model import Identity
from bot.domain.permissions import Access
from bot.domain.tasks import TaskStatus
from bot.domain.text import means_skip
from bot.i18n import N_, Translator
from bot.services.tasks.task_fields import check_note
from handlers.kit.auth import member_only
from handlers.kit.buttons import button, pressed
from handlers.kit.callbacks import CallbackData, any_of
from handlers.kit.context import BotContext
from handlers.kit.refusals import Shown, refusal_text
from handlers.kit.replies import replace, reply
from handlers.tasks.task_card import (
    MarkDone,
    MarkExceeded,
    MarkNotAchieved,
    show_card,
    tell_owner,
)
from handlers.tasks.task_conversation import END, conversation, file_of

EVIDENCE, CONFIRM = range(2)


@dataclass(frozen=True)
class SkipEvidence(CallbackData, prefix="tk:f:skip"):
    pass


@dataclass(frozen=True)
class ConfirmVerdict(CallbackData, prefix="tk:f:ok"):
    pass


@dataclass(frozen=True)
class CancelVerdict(CallbackData, prefix="tk:f:no"):
    pass


VERDICTS: dict[type[MarkDone | MarkExceeded | MarkNotAchieved], TaskStatus] = {
    MarkDone: TaskStatus.DONE,
    MarkExceeded: TaskStatus.EXCEEDED,
    MarkNotAchieved: TaskStatus.NOT_ACHIEVED,
}
QUESTIONS = {
    TaskStatus.DONE: N_(
        "You are marking «{title}» done. Send the product or the evidence: a short text, a "
        "document or a photo (a caption is welcome). Nothing to attach? Choose Skip."
    ),
    TaskStatus.EXCEEDED: N_(
        "You are marking «{title}» as having exceeded the target. Send the product or the "
        "evidence: a short text, a document or a photo (a caption is welcome). Nothing to "
        "attach? Choose Skip."
    ),
    TaskStatus.NOT_ACHIEVED: N_(
        "You are marking «{title}» not achieved. Write the reason, or send a document or a "
        "photo. Nothing to add? Choose Skip."
    ),
}
QUESTIONS_TITLE = {
    TaskStatus.DONE: N_("<b>Mark «{title}» done?</b>"),
    TaskStatus.EXCEEDED: N_("<b>Mark «{title}» as having exceeded the target?</b>"),
    TaskStatus.NOT_ACHIEVED: N_("<b>Mark «{title}» not achieved?</b>"),
}
CONFIRM_BUTTONS = {
    TaskStatus.DONE: N_("Confirm: done"),
    TaskStatus.EXCEEDED: N_("Confirm: exceeded"),
    TaskStatus.NOT_ACHIEVED: N_("Confirm: not achieved"),
}


@dataclass
class Verdict:
    """What is being marked, and the evidence given so far; in ``context.slots`` meanwhile."""

    task_id: int
    status: TaskStatus
    title: str
    owner_name: str
    progress: int  # before
    on_behalf: bool
    text: str | None = None
    file_id: str | None = None
    file_kind: str | None = None


def _verdict(context: BotContext) -> Verdict | None:
    return context.slots.task_verdict


def _skip_or_cancel(t: Translator) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                button("⏭ " + t("Skip"), SkipEvidence()),
                button("✖️ " + t("Cancel"), CancelVerdict()),
            ]
        ]
    )


def confirmation(verdict: Verdict, t: Translator) -> tuple[str, InlineKeyboardMarkup]:
    """What will change, what is attached, who is told and how to take it back."""
    lines = [t(QUESTIONS_TITLE[verdict.status], title=html.escape(verdict.title))]
    after = 100 if verdict.status.is_finished else verdict.progress
    if after != verdict.progress:
        lines.append(t("Progress: {before}% → {after}%", before=verdict.progress, after=after))
    if verdict.file_kind == "document":
        lines.append(t("Attached: a document"))
    elif verdict.file_kind == "photo":
        lines.append(t("Attached: a photo"))
    if verdict.text:
        lines.append(t("Product or evidence: {text}", text=html.escape(verdict.text)))
    elif verdict.file_kind is None:
        lines.append(t("No product or evidence attached."))
    if verdict.on_behalf:
        lines.append(t("{name} will be told.", name=html.escape(verdict.owner_name)))
        lines.append(t("You can undo it from the card at any time."))
    else:
        lines.append(
            t("You can undo it from the card within 24 hours; after that, your cell secretary can.")
        )
    keyboard = InlineKeyboardMarkup(
        [
            [
                button("✅ " + t(CONFIRM_BUTTONS[verdict.status]), ConfirmVerdict()),
                button("✖️ " + t("Cancel"), CancelVerdict()),
            ]
        ]
    )
    return "\n".join(lines), keyboard


@member_only(refused=END)
async def ask_evidence(
    update: Update, context: BotContext, identity: Identity, t: Translator
) -> int:
    query = update.callback_query
    assert query is not None
    marked = pressed(update, *VERDICTS)
    if not isinstance(marked, MarkDone | MarkExceeded | MarkNotAchieved):
        await query.answer()
        return END
    status = VERDICTS[type(marked)]
    card = await context.services.task_verdicts.check(identity, marked.task, status)
    await query.answer()
    task = card.task
    verdict = Verdict(
        task.id,
        status,
        task.title,
        card.owner_name,
        task.progress,
        card.access is Access.ON_BEHALF,
    )
    context.slots.task_verdict = verdict
    question = t(QUESTIONS[status], title=html.escape(task.title))
    await reply(
        update,
        question + "\n" + t("Send /huy to cancel."),
        _skip_or_cancel(t),
    )
    return EVIDENCE


async def _ask_to_confirm(
    update: Update, verdict: Verdict, t: Translator, *, in_place: bool
) -> int:
    text, keyboard = confirmation(verdict, t)
    await (replace if in_place else reply)(update, text, keyboard)
    return CONFIRM


@member_only
async def received_evidence(
    update: Update, context: BotContext, identity: Identity, t: Translator
) -> int:
    """A text, a document or a photo (its caption as the text); a skip word skips."""
    verdict = _verdict(context)
    message = update.effective_message
    if verdict is None or message is None:
        return END
    attachment = file_of(message)
    text = ((message.caption if attachment else message.text) or "").strip()
    if attachment is None and means_skip(text):
        return await _ask_to_confirm(update, verdict, t, in_place=False)
    try:
        note = check_note(text) if text or attachment is None else None
    except UserError as error:
        example = t(
            "Write it again, for example: The textbook was accepted on 20/11. Or choose Skip."
        )
        await reply(update, refusal_text(error, t) + " " + example, _skip_or_cancel(t))
        return EVIDENCE
    verdict.text = note
    verdict.file_id, verdict.file_kind = attachment if attachment else (None, None)
    return await _ask_to_confirm(update, verdict, t, in_place=False)


@member_only
async def not_evidence(
    update: Update, context: BotContext, identity: Identity, t: Translator
) -> int:
    """A sticker, a voice message…: say what fits."""
    await reply(
        update,
        t("Please send a short text, a document or a photo, or choose Skip."),
        _skip_or_cancel(t),
    )
    return EVIDENCE


@member_only
async def typed_at_confirmation(
    update: Update, context: BotContext, identity: Identity, t: Translator
) -> int:
    verdict = _verdict(context)
    if verdict is None:
        return END
    await reply(update, t("Please choose one of the options below."))
    return await _ask_to_confirm(update, verdict, t, in_place=False)


@member_only(refused=END, shown=Shown.IN_PLACE)
async def chosen(update: Update, context: BotContext, identity: Identity, t: Translator) -> int:
    """Skip (to the confirmation), Cancel, or Confirm."""
    query = update.callback_query
    assert query is not None
    verdict = _verdict(context)
    if verdict is None:
        await query.answer(t("This button is no longer active."))
        return END
    await query.answer()
    choice = pressed(update, SkipEvidence, ConfirmVerdict, CancelVerdict)
    if isinstance(choice, SkipEvidence):
        verdict.text = verdict.file_id = verdict.file_kind = None
        return await _ask_to_confirm(update, verdict, t, in_place=True)
    context.slots.task_verdict = None
    if not isinstance(choice, ConfirmVerdict):
        await replace(update, t("Cancelled; nothing was changed."))
        return END
    card = await context.services.tasks.finish(
        identity,
        verdict.task_id,
        verdict.status,
        text=verdict.text,
        file_id=verdict.file_id,
        file_kind=verdict.file_kind,
    )
    await show_card(update, context, identity, t, card, t("Saved."))
    await tell_owner(context, card, identity)
    return END


def conversations() -> list[BaseHandler[Update, Any, Any]]:
    text = f.TEXT & ~f.COMMAND
    files = f.Document.ALL | f.PHOTO
    return [
        conversation(
            "task-verdict",
            [CallbackQueryHandler(ask_evidence, pattern=any_of(*VERDICTS))],
            {
                EVIDENCE: [
                    MessageHandler(text | files, received_evidence),
                    MessageHandler(~f.COMMAND, not_evidence),
                    CallbackQueryHandler(chosen, pattern=any_of(SkipEvidence, CancelVerdict)),
                ],
                CONFIRM: [
                    CallbackQueryHandler(chosen, pattern=any_of(ConfirmVerdict, CancelVerdict)),
                    MessageHandler(~f.COMMAND, typed_at_confirmation),
                ],
            },
        )
    ]
