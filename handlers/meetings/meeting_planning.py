"""/lichhop (/meetings): cell secretaries plan their cells' meetings, the committee any —
a new meeting step by step (handlers.meetings.meeting_planning_steps), and the meetings already
planned, to edit, move, cancel or give documents (handlers.meetings.meeting_planning_card).

One conversation per member (per chat), its draft in memory; /huy stops it, and it ends by
itself after 30 minutes without an answer. Whoever may not plan meetings is told so politely:
the service decides, the handlers only ask."""

from __future__ import annotations

import re
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
from bot.i18n import Translator
from handlers.kit import conversations
from handlers.kit.auth import member_only
from handlers.kit.callbacks import any_of, namespace
from handlers.kit.context import BotContext
from handlers.kit.conversations import TIMEOUT_SECONDS
from handlers.kit.replies import reply
from handlers.meetings import meeting_planning_card as card
from handlers.meetings import meeting_planning_preview as preview
from handlers.meetings import meeting_planning_steps as steps
from handlers.meetings.meeting_planning_buttons import (
    BUTTONS,
    PLANNED_BUTTONS,
    PREVIEW_BUTTONS,
    SCOPE_BUTTONS,
    ChooseAttendees,
    ChooseKind,
    ChooseRepeat,
    EditPlannedField,
    NewMeeting,
    PlanningMenu,
    PlanningPage,
    SkipAnswer,
)
from handlers.meetings.meeting_planning_state import (
    AGENDA,
    ATTENDEES,
    CANCEL,
    CARD,
    DOCUMENT,
    EDIT_FIELD,
    EDIT_VALUE,
    END,
    KIND,
    MENU,
    MOVE,
    PLACE,
    PREVIEW,
    REPEAT,
    SCOPE,
    START,
    TITLE,
    forget_draft,
)

COMMANDS = ["lichhop", "meetings"]


@member_only
async def _cancel(update: Update, context: BotContext, identity: Identity, t: Translator) -> int:
    forget_draft(context.slots)
    await reply(update, t("Stopped; nothing more was changed. Send /lichhop to start again."))
    return END


@member_only
async def _timed_out(update: Update, context: BotContext, identity: Identity, t: Translator) -> int:
    forget_draft(context.slots)
    await reply(
        update,
        t(
            "We stopped planning as there was no answer for a while; the unfinished meeting "
            "was not saved. Send /lichhop to start again."
        ),
    )
    return END


@member_only
async def _stray(
    update: Update, context: BotContext, identity: Identity, t: Translator
) -> int | None:
    """A message or an old button that does not answer the question asked."""
    if update.callback_query is not None:
        await update.callback_query.answer(
            t("Please answer the last question, or send /huy to stop."), show_alert=True
        )
    else:
        await reply(update, t("Please answer the last question, or send /huy to stop."))
    return None


@member_only
async def stale_button(
    update: Update, context: BotContext, identity: Identity, t: Translator
) -> None:
    """A planning button from a conversation that has ended."""
    query = update.callback_query
    assert query is not None
    await query.answer(t("This step has ended. Send /lichhop to start again."), show_alert=True)


def conversation(timeout: float = TIMEOUT_SECONDS) -> ConversationHandler[BotContext]:
    text = filters.TEXT & ~filters.COMMAND
    old_button: list[BaseHandler[Update, BotContext, Any]] = [
        CallbackQueryHandler(_stray, pattern=namespace(*BUTTONS))
    ]
    # While a question waits, anything else typed is answered; at the menu or a card, what
    # is typed goes on to the other handlers (a question, another command).
    stray: list[BaseHandler[Update, BotContext, Any]] = [
        MessageHandler(~filters.COMMAND, _stray),
        *old_button,
    ]

    def button(callback: Any, pattern: re.Pattern[str]) -> CallbackQueryHandler[BotContext, Any]:
        return CallbackQueryHandler(callback, pattern=pattern)

    def typed_or_button(
        callback: Any, pattern: re.Pattern[str]
    ) -> list[BaseHandler[Update, BotContext, Any]]:
        return [MessageHandler(text, callback), button(callback, pattern), *stray]

    # One plan at a time per member, whichever message its buttons are on.
    return conversations.conversation(
        "meeting-planning",
        # With re-entry, these are looked at first in every state: the menu and the
        # meeting buttons work from any message, and the service checks every one.
        entry_points=[
            CommandHandler(COMMANDS, card.start),
            CallbackQueryHandler(steps.new_meeting, pattern=NewMeeting.pattern()),
            CallbackQueryHandler(card.on_menu, pattern=any_of(PlanningMenu, PlanningPage)),
            CallbackQueryHandler(card.on_action, pattern=any_of(*PLANNED_BUTTONS)),
        ],
        states={
            MENU: old_button,
            KIND: [button(steps.on_kind, ChooseKind.pattern()), *stray],
            TITLE: [MessageHandler(text, steps.on_title), *stray],
            SCOPE: [button(steps.on_scope, any_of(*SCOPE_BUTTONS)), *stray],
            ATTENDEES: [button(steps.on_attendees, ChooseAttendees.pattern()), *stray],
            START: [MessageHandler(text, steps.on_start), *stray],
            REPEAT: typed_or_button(steps.on_repeat, ChooseRepeat.pattern()),
            PLACE: typed_or_button(steps.on_place, SkipAnswer.pattern()),
            AGENDA: typed_or_button(steps.on_agenda, SkipAnswer.pattern()),
            PREVIEW: [button(preview.on_preview, any_of(*PREVIEW_BUTTONS)), *stray],
            CARD: old_button,
            EDIT_FIELD: [button(card.on_field, EditPlannedField.pattern()), *stray],
            EDIT_VALUE: [MessageHandler(text, card.on_value), *stray],
            MOVE: [MessageHandler(text, card.on_move), *stray],
            CANCEL: old_button,
            DOCUMENT: [
                MessageHandler(
                    (filters.Document.ALL | filters.PHOTO | text) & ~filters.COMMAND,
                    card.on_document,
                ),
                *stray,
            ],
        },
        on_cancel=_cancel,
        on_timeout=_timed_out,
        timeout=timeout,
    )


def buttons() -> list[BaseHandler[Update, Any, Any]]:
    return [CallbackQueryHandler(stale_button, pattern=namespace(*BUTTONS))]
