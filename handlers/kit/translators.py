"""Which language to answer in: a member's choice, else their Telegram language, else the
organisation's default."""

from __future__ import annotations

from telegram import Update

from bot.domain.model import Identity
from bot.i18n import Translator, translator
from bot.settings import SUPPORTED_LANGUAGES
from handlers.kit.context import BotContext


def user_language(update: Update, context: BotContext) -> Translator:
    """For someone who is not (yet) a member: their Telegram language if supported."""
    default = context.services.default_language
    user = update.effective_user
    code = (user.language_code or "")[:2] if user else ""
    return translator(code if code in SUPPORTED_LANGUAGES else default, default)


def member_translator(identity: Identity, context: BotContext) -> Translator:
    default = context.services.default_language
    return translator(identity.member.language or default, default)
