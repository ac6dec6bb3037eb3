"""What every conversation shares: in memory, per chat and user, re-entered from its entry
points, left with /huy (/cancel) or after half an hour of silence, with a polite word either
way."""

from __future__ import annotations

import warnings
from collections.abc import Callable, Coroutine, Sequence
from typing import Any

from telegram import Update
from telegram.ext import BaseHandler, CommandHandler, ConversationHandler, TypeHandler

from bot.domain.model import Identity
from bot.i18n import Translator
from handlers.auth import member_only
from handlers.context import BotContext
from handlers.replies import reply

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
