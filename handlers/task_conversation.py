"""What every task conversation shares: where it keeps the task it is about, /huy (/cancel),
and the polite end after half an hour of silence."""

from __future__ import annotations

import warnings
from typing import Any

from telegram import Update
from telegram.ext import (
    BaseHandler,
    CommandHandler,
    ConversationHandler,
    TypeHandler,
)

from bot.domain.model import Identity
from bot.i18n import Translator
from handlers.auth import member_only
from handlers.context import BotContext
from handlers.replies import reply

TIMEOUT_SECONDS = 1800
END = ConversationHandler.END


def remember(context: BotContext, key: str, value: Any) -> None:
    assert context.user_data is not None
    context.user_data[key] = value


def recall(context: BotContext, key: str) -> Any:
    """What :func:`remember` kept for this conversation, or None (after a restart, say)."""
    return None if context.user_data is None else context.user_data.get(key)


@member_only
async def cancel(update: Update, context: BotContext, identity: Identity, t: Translator) -> int:
    await reply(update, t("Cancelled; nothing was changed."))
    return END


@member_only
async def timed_out(update: Update, context: BotContext, identity: Identity, t: Translator) -> int:
    await reply(
        update,
        t(
            "We stopped here as there was no answer for a while; nothing was changed. "
            "Send /congviec to start again."
        ),
    )
    return END


def conversation(
    name: str,
    entry_points: list[BaseHandler[Update, Any, Any]],
    states: dict[object, list[BaseHandler[Update, Any, Any]]],
) -> ConversationHandler[Any]:
    """A task conversation: in memory, per chat and user, re-entered by pressing its button
    again, left with /huy or after half an hour."""
    with warnings.catch_warnings():
        # Per chat, not per message, on purpose: one conversation at a time per member,
        # whichever message its button was on (PTB warns about that combination).
        warnings.filterwarnings("ignore", message="If 'per_message=False'")
        return ConversationHandler(
            entry_points=entry_points,
            states={**states, ConversationHandler.TIMEOUT: [TypeHandler(Update, timed_out)]},
            fallbacks=[CommandHandler(["huy", "cancel"], cancel)],
            allow_reentry=True,
            per_message=False,
            conversation_timeout=TIMEOUT_SECONDS,
            name=name,
        )
