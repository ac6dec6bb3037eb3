"""A typed context instead of grab-bag ``bot_data`` lookups."""

from __future__ import annotations

from typing import Any

from telegram.ext import CallbackContext, ContextTypes, ExtBot

from bot.services.container import Services


class BotData:
    """What the whole application shares; filled in by the composition root at start-up."""

    def __init__(self) -> None:
        self.services: Services | None = None


class BotContext(CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], BotData]):
    @property
    def services(self) -> Services:
        services = self.bot_data.services
        if services is None:
            raise RuntimeError("services are not ready: post_init has not run")
        return services


CONTEXT_TYPES = ContextTypes(context=BotContext, bot_data=BotData)
