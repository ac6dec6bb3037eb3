"""Which chat's update is being handled: an edit is sent again on Zalo (which cannot edit) only
when it answers that chat's own action; an edit made by a job (a report refreshing itself) or
while handling someone else's update is not sent."""

from __future__ import annotations

from contextvars import ContextVar
from typing import Any

from telegram import Update
from telegram.ext import Application

# The chat (its integer id) whose update the current task is handling, if any.
handling_chat: ContextVar[int | None] = ContextVar("zalo_handling_chat", default=None)


class ZaloApplication(Application[Any, Any, Any, Any, Any, Any]):
    """An Application that notes, while it handles an update, whose it is."""

    async def process_update(self, update: object) -> None:
        chat = update.effective_chat if isinstance(update, Update) else None
        token = handling_chat.set(chat.id if chat is not None else None)
        try:
            await super().process_update(update)
        finally:
            handling_chat.reset(token)
