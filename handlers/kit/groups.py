"""Group chats: personal data stays in private chats, so the bot only points people there."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ChatType

from handlers.kit.context import BotContext
from handlers.kit.translators import user_language


def is_private(update: Update) -> bool:
    chat = update.effective_chat
    return chat is not None and chat.type == ChatType.PRIVATE


async def point_to_private_chat(update: Update, context: BotContext) -> None:
    t = user_language(update, context)
    keyboard = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    t("Open a private chat"), url=f"https://t.me/{context.bot.username}"
                )
            ]
        ]
    )
    text = t("Please talk to me in a private chat, where your personal information stays private.")
    if update.callback_query is not None:
        await update.callback_query.answer(text, show_alert=True)
        return
    message = update.effective_message
    if message is not None:
        await message.reply_text(text, reply_markup=keyboard)
