"""A member the sender found unreachable (blocked the bot, say) becomes reachable again the
moment they write to the bot, and the account they write from becomes the one last used (where
their notices go unless they chose a channel). Runs before every other handler and never
answers anything."""

from __future__ import annotations

from telegram import Update

from bot.domain.inbox import not_the_update_itself
from handlers.kit.context import BotContext


async def seen(update: Update, context: BotContext) -> None:
    user = update.effective_user
    chat = update.effective_chat
    if user is None or chat is None or chat.type != "private":
        return
    with not_the_update_itself():
        await context.services.delivery.reachable_again(str(user.id), context.channel)
