"""A typed context instead of grab-bag ``bot_data`` and ``user_data`` lookups."""

from __future__ import annotations

from typing import Any

from telegram.ext import CallbackContext, ContextTypes, ExtBot

from bot.domain.model import Channel
from bot.services.container import Services
from handlers.kit.commands import Command
from handlers.kit.user_data import UserData


class BotData:
    """What the whole application shares; filled in by the composition root at start-up."""

    def __init__(self) -> None:
        self.services: Services | None = None
        # The command catalogue, every feature's in order (handlers.wiring), for /help and the
        # command menu.
        self.commands: tuple[Command, ...] = ()
        # The messenger this application serves (the composition root sets it).
        self.channel: Channel = Channel.TELEGRAM
        # Groups that are no cell's and were pointed to the private chat once: the bot says
        # nothing more there (handlers.kit.groups), whoever adds it to a group of their own.
        self.pointed_groups: set[int] = set()


class BotContext(CallbackContext[ExtBot[None], UserData, dict[Any, Any], BotData]):
    @property
    def services(self) -> Services:
        services = self.bot_data.services
        if services is None:
            raise RuntimeError("services are not ready: post_init has not run")
        return services

    @property
    def channel(self) -> Channel:
        """The messenger the update came from (Telegram, Zalo)."""
        return self.bot_data.channel

    @property
    def slots(self) -> UserData:
        """What this member's conversations keep; for an update from no one (none is kept
        then), a blank that is forgotten."""
        return self.user_data if self.user_data is not None else UserData()


CONTEXT_TYPES = ContextTypes(context=BotContext, bot_data=BotData, user_data=UserData)
