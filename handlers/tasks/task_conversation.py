"""What every task conversation shares: the end after half an hour of silence that points back
to /congviec, and the file a member sends as evidence."""

from __future__ import annotations

from typing import Any

from telegram import Message, Update
from telegram.ext import BaseHandler, ConversationHandler

from bot.domain.model import Identity
from bot.i18n import Translator
from handlers.kit import conversations
from handlers.kit.auth import member_only
from handlers.kit.context import BotContext
from handlers.kit.conversations import END as END
from handlers.kit.replies import reply


@member_only
async def timed_out(update: Update, context: BotContext, identity: Identity, t: Translator) -> int:
    await reply(
        update,
        t(
            "We stopped here as there was no answer for a while; nothing was changed. "
            "Send /congviec to start again."
        ),
    )
    return END


def conversation(
    name: str,
    entry_points: list[BaseHandler[Update, Any, Any]],
    states: dict[object, list[BaseHandler[Update, Any, Any]]],
) -> ConversationHandler[Any]:
    """A task conversation: the shared one, ending with a pointer back to /congviec."""
    return conversations.conversation(name, entry_points, states, on_timeout=timed_out)


def file_of(message: Message) -> tuple[str, str] | None:
    """The Telegram file reference and its kind, for a document or a photo (evidence)."""
    if message.document is not None:
        return message.document.file_id, "document"
    if message.photo:
        return message.photo[-1].file_id, "photo"  # the largest size
    return None
