"""/trogiup (/help): the commands this member's roles allow, in their language."""

from __future__ import annotations

import html
from collections.abc import Sequence

from telegram import Update

from bot.domain.model import Identity
from bot.i18n import Translator
from handlers.kit.auth import member_only
from handlers.kit.commands import Command, commands_for, describe
from handlers.kit.context import BotContext
from handlers.kit.replies import reply


def render_help(identity: Identity, catalogue: Sequence[Command], t: Translator) -> str:
    lines = [t("<b>What you can do</b>"), ""]
    for command in commands_for(identity, catalogue):
        lines.append(f"/{command.name} (/{command.alias}) — {html.escape(describe(command, t))}")
    return "\n".join(lines)


@member_only
async def show_help(update: Update, context: BotContext, identity: Identity, t: Translator) -> None:
    await reply(update, render_help(identity, context.bot_data.commands, t))
