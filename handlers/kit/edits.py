"""Edited messages never act again. Telegram sends an edit as an update of its own, and
python-telegram-bot's message and command handlers take edits too: an edited ``/dangky`` line
would register a second task, an edited answer would be taken as a new one. So every edit
stops here, before any other handler; in a private chat the writer is told the bot did not
follow it, and in a group nothing is said."""

from __future__ import annotations

from telegram import Update
from telegram.constants import ChatType
from telegram.ext import ApplicationHandlerStop

from handlers.kit.auth import identify
from handlers.kit.context import BotContext
from handlers.kit.replies import reply
from handlers.kit.translators import member_translator, user_language


async def edited(update: Update, context: BotContext) -> None:
    chat = update.effective_chat
    if chat is not None and chat.type == ChatType.PRIVATE and update.edited_message is not None:
        identity = await identify(update, context)
        t = (
            user_language(update, context)
            if identity is None
            else member_translator(identity, context)
        )
        await reply(
            update,
            t(
                "Edit received; the bot does not change anything because of an edited "
                "message. If something should change, please send it again as a new message."
            ),
        )
    raise ApplicationHandlerStop
