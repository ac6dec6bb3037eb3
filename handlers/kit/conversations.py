"""What every conversation shares: in memory, per chat and user, re-entered from its entry
points, left with /huy (/cancel) or after half an hour of silence, with a polite word either
way.

A conversation that waits for something typed is a form. One form at a time: another one is
not started while a form waits (the member is told to finish or /huy it first), since what they
type next would go to the first. A command typed while a form waits is answered as usual and
the form keeps waiting — what was answered so far is kept — and the member is reminded of it,
so that the next words they type do not land in the form unawares. /huy with nothing open says
so."""

from __future__ import annotations

import warnings
from collections.abc import Callable, Coroutine, Sequence
from typing import Any

from telegram import Update
from telegram.ext import (
    Application,
    BaseHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot.domain.model import Identity
from bot.i18n import N_, Translator
from handlers.kit.auth import identify, member_only
from handlers.kit.context import BotContext
from handlers.kit.replies import reply
from handlers.kit.translators import member_translator

TIMEOUT_SECONDS = 1800
END = ConversationHandler.END

Step = Callable[[Update, Any], Coroutine[Any, Any, object]]


@member_only
async def cancelled(update: Update, context: BotContext, identity: Identity, t: Translator) -> int:
    await reply(update, t("Cancelled; nothing was changed."))
    return END


@member_only
async def stopped_waiting(
    update: Update, context: BotContext, identity: Identity, t: Translator
) -> int:
    await reply(
        update,
        t("We stopped here as there was no answer for a while; nothing was changed."),
    )
    return END


def conversation(
    name: str,
    entry_points: Sequence[BaseHandler[Update, Any, Any]],
    states: dict[object, list[BaseHandler[Update, Any, Any]]],
    *,
    on_cancel: Step = cancelled,
    on_timeout: Step = stopped_waiting,
    fallbacks: Sequence[BaseHandler[Update, Any, Any]] = (),
    timeout: float = TIMEOUT_SECONDS,
) -> ConversationHandler[Any]:
    with warnings.catch_warnings():
        # Per chat, not per message, on purpose: one conversation at a time per member,
        # whichever message its button was on (PTB warns about that combination).
        warnings.filterwarnings("ignore", message="If 'per_message=False'")
        return ConversationHandler(
            entry_points=list(entry_points),
            states={**states, ConversationHandler.TIMEOUT: [TypeHandler(Update, on_timeout)]},
            fallbacks=[CommandHandler(["huy", "cancel"], on_cancel), *fallbacks],
            allow_reentry=True,
            per_message=False,
            conversation_timeout=timeout,
            name=name,
        )


# --- forms: which conversation waits for an answer ----------------------------------------

FORM_NAMES = {
    "registration": N_("registering a task"),
    "broadcast": N_("writing a notice"),
    "meeting-planning": N_("planning a meeting"),
    "task-progress": N_("reporting a task's progress"),
    "task-note": N_("writing a note on a task"),
    "task-withdraw": N_("withdrawing a task"),
    "task-edit": N_("changing a task"),
    "approval-return": N_("returning a task"),
    "rsvp-other": N_("giving the reason for an absence"),
    "settings-hours": N_("setting quiet hours"),
    "self-report": N_("sending a self-report"),
    "remediation": N_("writing a remediation action"),
    "supervision-note": N_("writing a supervision note"),
    "inspection-item": N_("answering about an item of the inspection programme"),
    "inspection-add": N_("adding an item to the inspection programme"),
    "target-value": N_("recording a target's value"),
    "target-add": N_("adding a target"),
    "rating-self-review": N_("writing your self-review"),
    "rating-open": N_("opening a review cycle"),
    "rating-answer": N_("answering about a member's rating"),
    "dues-reason": N_("giving the reason for a party dues month"),
}
SOME_FORM = N_("filling in a form")


def _form_name(name: str, t: Translator) -> str:
    return t(FORM_NAMES.get(name, SOME_FORM))


def _tracked_step(
    name: str, step: Any, waiting: frozenset[object], *, entry: bool, ends: bool
) -> Step:
    """``step``, noting afterwards whether its conversation now waits for something typed;
    as an entry point, refused while another form waits."""

    async def tracked(update: Update, context: BotContext) -> object:
        forms = context.slots.open_forms
        context.slots.answered = update.update_id
        others = sorted(forms - {name})
        if entry and others:
            await _refuse_second_form(update, context, others[0])
            return END if name not in forms else None
        state = await step(update, context)
        if entry and state is None and name not in context.slots.conversations:
            # Refused at the door: PTB would still time out a conversation that never began
            # and say "we stopped here" half an hour later.
            state = END
        if state == END or ends:
            context.slots.conversations.discard(name)
        elif state is not None:
            context.slots.conversations.add(name)
        if ends or state == END or (state is not None and state not in waiting):
            forms.discard(name)
        elif state is not None:
            forms.add(name)
        return state

    return tracked


async def _translator(update: Update, context: BotContext) -> Translator | None:
    """The member's translator; None for anyone else (a form is only ever open for a member)."""
    identity = await identify(update, context)
    return None if identity is None else member_translator(identity, context)


async def _refuse_second_form(update: Update, context: BotContext, other: str) -> None:
    t = await _translator(update, context)
    if t is None:
        return
    text = t(
        "You are still {form}. Answer the question above, or send /huy to stop it and then send "
        "the command again.",
        form=_form_name(other, t),
    )
    if update.callback_query is not None:
        await update.callback_query.answer(text, show_alert=True)
    else:
        await reply(update, text)


def track(handler: ConversationHandler[Any]) -> None:
    """Note, for every step of ``handler``, whether its conversation is open and waits."""
    name = handler.name or ""
    # A state waits for something typed when a message handler is among its handlers (a
    # menu of buttons alone lets what is typed go on to the other handlers).
    waiting = frozenset(
        state
        for state, handlers in handler.states.items()
        if state != ConversationHandler.TIMEOUT
        and any(isinstance(h, MessageHandler) for h in handlers)
    )
    for h in handler.entry_points:
        h.callback = _tracked_step(name, h.callback, waiting, entry=True, ends=False)
    for state, handlers in handler.states.items():
        for h in handlers:
            ends = state == ConversationHandler.TIMEOUT
            h.callback = _tracked_step(name, h.callback, waiting, entry=False, ends=ends)
    for h in handler.fallbacks:
        h.callback = _tracked_step(name, h.callback, waiting, entry=False, ends=False)


async def remind_open_form(update: Update, context: BotContext) -> None:
    """After a command no form took (it was answered as usual): the form still waits."""
    forms = context.slots.open_forms
    answered = context.slots.answered == update.update_id
    t = await _translator(update, context) if forms and not answered else None
    if t is not None:
        text = t(
            "📝 You are still {form}: the question above waits for your answer. Answer it, or "
            "send /huy to stop.",
            form=_form_name(sorted(forms)[0], t),
        )
        await reply(update, text)


@member_only
async def nothing_to_cancel(
    update: Update, context: BotContext, identity: Identity, t: Translator
) -> None:
    """/huy when no form is open."""
    await reply(update, t("There is nothing under way to cancel."))


def track_forms(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Follow every conversation registered so far, and remind of a waiting form after any
    other command (a later handler group, so it comes after the command's own answer)."""
    for handler in application.handlers.get(0, []):
        if isinstance(handler, ConversationHandler):
            track(handler)
    application.add_handler(
        MessageHandler(filters.COMMAND & filters.ChatType.PRIVATE, remind_open_form), group=1
    )
