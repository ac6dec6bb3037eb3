"""Every handler, in the order that matters: specific commands and buttons first, the catch-all
last. Group chats only ever get a pointer to a private chat."""

from __future__ import annotations

from typing import Any

from telegram.ext import Application, CallbackQueryHandler, CommandHandler, MessageHandler, filters

from handlers import fallback, help, invite, language, start
from handlers.errors import on_error
from handlers.groups import point_to_private_chat


def register(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    groups = filters.ChatType.GROUPS
    # Conversations first: while one waits for an answer, what the member types is that answer.
    application.add_handlers(
        [
            # <conversations: registration>
            # <conversations: task cards and approval>
        ]
    )
    application.add_handlers(
        [
            CommandHandler("start", start.start),
            # In groups, any other command only gets a pointer to a private chat.
            MessageHandler(groups & filters.COMMAND, point_to_private_chat),
            CommandHandler(["trogiup", "help"], help.show_help),
            CommandHandler(["ngonngu", "language"], language.ask_language),
            CommandHandler(["moi", "invite"], invite.start_invite),
            CallbackQueryHandler(language.choose_language, pattern=f"^{language.CALLBACK_PREFIX}"),
            CallbackQueryHandler(invite.invite_callback, pattern=r"^inv:"),
            # <commands and buttons: registration and year>
            # <commands and buttons: task cards and approval>
            # <commands and buttons: progress, registry, questions>
            # Last: anything else in a private chat, or a stale button anywhere.
            MessageHandler(filters.ChatType.PRIVATE, fallback.not_understood),
            CallbackQueryHandler(fallback.not_understood),
        ]
    )
    application.add_error_handler(on_error)
