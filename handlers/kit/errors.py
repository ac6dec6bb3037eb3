"""The error handler: log first (the token never appears: see bot.log_redaction), then tell the
user something short in their language. The bot keeps running. An update from the inbox that
failed before changing anything is not apologised for here: the inbox tries it again, and
after its last attempt sets it aside and tells the member (:func:`tell_set_aside`)."""

from __future__ import annotations

import html
import logging
from typing import Any

from telegram import Update
from telegram.constants import ParseMode
from telegram.error import Forbidden
from telegram.ext import Application

from bot.domain.inbox import failed_attempt
from bot.i18n import Translator, translator
from handlers.kit.auth import identify
from handlers.kit.context import BotContext
from handlers.kit.translators import user_language

log = logging.getLogger(__name__)

# How much of a member's message is quoted back to them.
QUOTE_CHARS = 80


async def on_error(update: object, context: BotContext) -> None:
    if isinstance(context.error, Forbidden):
        # The person blocked the bot while it was answering: nothing went wrong on our side,
        # and no apology can reach them. (The sender marks them unreachable on its own sends.)
        log.info("could not answer, the bot is blocked: %s", context.error)
        return
    log.error("error while handling an update", exc_info=context.error)
    if not isinstance(update, Update) or update.effective_chat is None:
        return
    if context.error is not None and failed_attempt(context.error):
        return  # the inbox tries it again, or sets it aside and says so
    text = _apology(await _translator(update, context))
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


def _apology(t: Translator) -> str:
    return t("Sorry, something went wrong on my side. Please try again in a moment.")


async def _translator(update: Update, context: BotContext) -> Translator:
    language = None
    try:
        identity = await identify(update, context)
        language = identity.member.language if identity else user_language(update, context).language
    except Exception:  # the failure may be the database itself; apologise anyway
        log.debug("could not look up the user's language for the apology", exc_info=True)
    default = context.bot_data.services.default_language if context.bot_data.services else "vi"
    return translator(language or default, default)


async def tell_set_aside(
    update: Update, application: Application[Any, Any, Any, Any, Any, Any]
) -> None:
    """The member's message failed every attempt and was set aside (issue 15's inbox): the
    same apology as for any failure; the member may send it again."""
    chat = update.effective_chat
    if chat is None:
        return
    context = BotContext.from_update(update, application)
    text = _apology(await _translator(update, context))
    if update.callback_query is not None:
        try:
            await update.callback_query.answer(text, show_alert=True)
            return
        except Exception:
            log.debug("could not apologise in a popup", exc_info=True)
    await application.bot.send_message(chat.id, text)


async def tell_recorded(
    update: Update, application: Application[Any, Any, Any, Any, Any, Any]
) -> None:
    """What the member sent was done just before the bot stopped, and its answer was lost with
    it, none having been kept (issue 15's inbox: bot/inbox/kept_answers.py): say it was
    recorded, rather than do it again."""
    chat = update.effective_chat
    if chat is None:
        return
    context = BotContext.from_update(update, application)
    t = await _translator(update, context)
    message = update.effective_message
    said = (message.text or message.caption or "") if message is not None else ""
    if update.callback_query is not None or not said:
        text = t("Your last action reached me just before a restart and has been recorded.")
    else:
        quoted = said if len(said) <= QUOTE_CHARS else said[: QUOTE_CHARS - 1] + "…"
        text = t(
            "Your message “{message}” reached me just before a restart and has been recorded."
        ).format(message=html.escape(quoted))
    await application.bot.send_message(chat.id, text, parse_mode=ParseMode.HTML)
