"""/ngonngu (/language): switch between Vietnamese and English, remembered per member."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CallbackQueryHandler

from bot.domain.model import Identity
from bot.i18n import Translator, translator
from bot.i18n.labels import LANGUAGE_NAMES
from bot.settings import SUPPORTED_LANGUAGES
from handlers.kit.auth import member_only
from handlers.kit.buttons import button, pressed
from handlers.kit.callbacks import CallbackData, Text
from handlers.kit.context import BotContext
from handlers.kit.replies import replace, reply
from handlers.members.menu import refresh_member_menu


@dataclass(frozen=True)
class ChooseLanguage(CallbackData, prefix="lang:"):
    language: Annotated[str, Text("[a-z]{2,3}", example="vi")]


def language_keyboard(current: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                button(
                    ("✓ " if code == current else "") + LANGUAGE_NAMES[code], ChooseLanguage(code)
                )
                for code in SUPPORTED_LANGUAGES
            ]
        ]
    )


@member_only
async def ask_language(
    update: Update, context: BotContext, identity: Identity, t: Translator
) -> None:
    await reply(update, t("Choose your language:"), language_keyboard(t.language))


@member_only
async def choose_language(
    update: Update, context: BotContext, identity: Identity, t: Translator
) -> None:
    query = update.callback_query
    assert query is not None
    chosen = pressed(update, ChooseLanguage)
    language = "" if chosen is None else chosen.language
    if language not in SUPPORTED_LANGUAGES:
        await query.answer()
        return
    identity = await context.services.membership.set_language(identity, language)
    t = translator(language)
    await query.answer()
    await replace(update, t("From now on I will write to you in English."))
    chat = update.effective_chat
    if chat is not None:
        refresh_member_menu(context, identity, chat.id)


def buttons() -> list[BaseHandler[Update, Any, Any]]:
    return [CallbackQueryHandler(choose_language, pattern=ChooseLanguage.pattern())]
