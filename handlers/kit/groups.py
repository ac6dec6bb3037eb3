"""Group chats: personal data stays in private chats, so the bot only points people there —
in a group that is no cell's (anyone can add the bot to a group of their own), once, and then
it stays silent there: each reply in a group waits for the group's 20 a minute, and a busy
group should not keep the bot at it (issue 15)."""

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
    if message is None:
        return
    chat = update.effective_chat
    if chat is not None and not is_private(update):
        pointed = context.bot_data.pointed_groups
        if chat.id in pointed:
            return
        if not await context.services.group_links.is_linked(chat.id):
            pointed.add(chat.id)  # the last word in a group that is no cell's
    await message.reply_text(text, reply_markup=keyboard)
