"""The command menu: per language for everyone, per chat for members with more commands or
another language than the default. A refusal from the server is logged, never fatal. The
commands are the catalogue the wiring puts together from every feature's (``BotData.commands``).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from telegram import Bot, BotCommand, BotCommandScopeAllPrivateChats, BotCommandScopeChat
from telegram.error import TelegramError

from bot.domain.model import Identity
from bot.i18n import translator
from bot.services.loop_share import LoopShare
from handlers.kit.commands import Command, commands_for, describe, for_everyone
from handlers.kit.context import BotContext

log = logging.getLogger(__name__)

Catalogue = Sequence[Command]


def _bot_commands(commands: list[Command], language: str) -> list[BotCommand]:
    t = translator(language)
    return [BotCommand(c.name, describe(c, t)) for c in commands]


async def _set(bot: Bot, commands: list[BotCommand], **where: object) -> None:
    try:
        await bot.set_my_commands(commands, **where)  # type: ignore[arg-type]
    except TelegramError as exc:
        log.warning("could not set the command menu: %s", exc)


async def set_default_menus(bot: Bot, catalogue: Catalogue, default_language: str) -> None:
    """The menu every private chat shows: members' commands, in each supported language.
    Each call stands alone, so one refusal does not cost the others."""
    scope = BotCommandScopeAllPrivateChats()
    everyone = for_everyone(catalogue)
    await _set(bot, _bot_commands(everyone, default_language), scope=scope)
    for language in ("vi", "en"):
        await _set(bot, _bot_commands(everyone, language), scope=scope, language_code=language)


async def set_member_menu(
    bot: Bot, catalogue: Catalogue, identity: Identity, chat_id: int, default: str
) -> None:
    language = identity.member.language or default
    await _set(
        bot,
        _bot_commands(commands_for(identity, catalogue), language),
        scope=BotCommandScopeChat(chat_id),
    )


def needs_own_menu(identity: Identity, catalogue: Catalogue) -> bool:
    """Whether the default menu does not fit: more commands, or another chosen language."""
    extra = len(commands_for(identity, catalogue)) > len(for_everyone(catalogue))
    return extra or identity.member.language is not None


async def set_startup_menus(context: BotContext) -> None:
    """At start-up: the default menus, then each member's own where theirs differs."""
    services, catalogue = context.services, context.bot_data.commands
    await set_default_menus(context.bot, catalogue, services.default_language)
    share = LoopShare()  # tens of thousands of members: the loop is not held meanwhile
    for identity, chat_id in await services.membership.linked_identities(context.channel):
        await share()
        if needs_own_menu(identity, catalogue):
            await set_member_menu(
                context.bot, catalogue, identity, chat_id, services.default_language
            )


def refresh_member_menu(context: BotContext, identity: Identity, chat_id: int) -> None:
    """Give this member's chat its own menu (their commands, their language), in the background."""
    catalogue = context.bot_data.commands
    if not needs_own_menu(identity, catalogue):
        return
    context.application.create_task(
        set_member_menu(
            context.bot, catalogue, identity, chat_id, context.services.default_language
        ),
        update=None,
    )
