"""Every feature's handlers, in the order that matters, and the command catalogue.

A feature is one line in ``FEATURES``; what it brings is in its package (``Feature`` in
``handlers/<feature>/__init__.py``). Python-telegram-bot gives an update to the first handler of
a group that takes it, so the order is fixed here, once, for every feature:

1. before everything, answering nothing: whoever writes is reachable again (group -2);
2. an edited message stops: it never acts a second time (group -1);
3. conversations, every feature's: while one waits for an answer, what the member types is
   that answer;
4. what acts in group chats too (/start, linking a cell's group), then the pointer that answers
   any other command in a group with a private chat;
5. /huy when no conversation took it, then every feature's commands and buttons (each
   feature's buttons have prefixes of their own, so their order among features does not
   matter);
6. private text nobody took: the plain questions ("tiến độ", "ai chưa đăng ký");
7. last, anything else in a private chat, or a stale button anywhere: the fallback;

and, after the command's own answer (group 1), a reminder of a form still waiting. Group chats
only ever get a pointer to a private chat.
"""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from handlers import (
    broadcasts,
    dues,
    inspections,
    meetings,
    members,
    period_report,
    ratings,
    targets,
    tasks,
)
from handlers.kit import conversations, edits, fallback, reachability
from handlers.kit.commands import Command
from handlers.kit.context import BotData
from handlers.kit.errors import on_error
from handlers.kit.feature import Feature
from handlers.kit.groups import point_to_private_chat

# In this order in /help and the command menu.
FEATURES: tuple[Feature, ...] = (
    members.FEATURE,
    tasks.FEATURE,
    meetings.FEATURE,
    broadcasts.FEATURE,
    inspections.FEATURE,
    targets.FEATURE,
    ratings.FEATURE,
    dues.FEATURE,
    period_report.FEATURE,
)

COMMANDS: tuple[Command, ...] = tuple(c for f in FEATURES for c in f.commands)


def register(application: Application[Any, Any, Any, Any, BotData, Any]) -> None:
    application.bot_data.commands = COMMANDS
    application.add_handler(TypeHandler(Update, reachability.seen), group=-2)
    application.add_handler(MessageHandler(filters.UpdateType.EDITED, edits.edited), group=-1)
    application.add_handlers([h for f in FEATURES for h in f.conversations()])
    application.add_handlers([h for f in FEATURES for h in f.group_handlers()])
    application.add_handler(
        MessageHandler(filters.ChatType.GROUPS & filters.COMMAND, point_to_private_chat)
    )
    application.add_handler(CommandHandler(["huy", "cancel"], conversations.nothing_to_cancel))
    application.add_handlers([h for f in FEATURES for h in f.handlers()])
    application.add_handlers([h for f in FEATURES for h in f.plain_text()])
    application.add_handlers(
        [
            MessageHandler(filters.ChatType.PRIVATE, fallback.not_understood),
            CallbackQueryHandler(fallback.not_understood),
        ]
    )
    # Every conversation above: one form at a time, and a reminder after other commands.
    conversations.track_forms(application)
    application.add_error_handler(on_error)
