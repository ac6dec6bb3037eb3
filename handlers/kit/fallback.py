"""Whatever no other handler took: strangers learn whom to ask, members get a pointer to help."""

from __future__ import annotations

from telegram import Update

from bot.domain.model import Identity
from bot.i18n import Translator
from handlers.kit.auth import member_only
from handlers.kit.context import BotContext
from handlers.kit.replies import reply


@member_only
async def not_understood(
    update: Update, context: BotContext, identity: Identity, t: Translator
) -> None:
    if update.callback_query is not None:
        # A button from an old message whose feature no longer exists.
        await update.callback_query.answer(t("This button is no longer active."))
        return
    await reply(update, t("I did not understand that. Send /trogiup to see what I can do."))
