"""The error handler: log first (the token never appears: see bot.log_redaction), then tell the
user something short in their language. The bot keeps running."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import Forbidden

from bot.i18n import translator
from handlers.kit.auth import identify
from handlers.kit.context import BotContext
from handlers.kit.translators import user_language

log = logging.getLogger(__name__)


async def on_error(update: object, context: BotContext) -> None:
    if isinstance(context.error, Forbidden):
        # The person blocked the bot while it was answering: nothing went wrong on our side,
        # and no apology can reach them. (The sender marks them unreachable on its own sends.)
        log.info("could not answer, the bot is blocked: %s", context.error)
        return
    log.error("error while handling an update", exc_info=context.error)
    if not isinstance(update, Update) or update.effective_chat is None:
        return
    language = None
    try:
        identity = await identify(update, context)
        language = identity.member.language if identity else user_language(update, context).language
    except Exception:  # the failure may be the database itself; apologise anyway
        log.debug("could not look up the user's language for the apology", exc_info=True)
    default = context.bot_data.services.default_language if context.bot_data.services else "vi"
    t = translator(language or default, default)
    text = t("Sorry, something went wrong on my side. Please try again in a moment.")
    if update.callback_query is not None:
        try:
            await update.callback_query.answer(text, show_alert=True)
            return
        except Exception:
            # The press was answered already (the failure came after): say it in the chat.
            log.debug("could not apologise in a popup", exc_info=True)
    try:
        await update.effective_chat.send_message(text)
    except Exception:
        log.warning("could not send the apology", exc_info=True)
