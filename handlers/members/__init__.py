"""Members: joining with an invite link (/start) or a typed code, inviting (/moi), help, the language and the
command menu. (The organisation and the member import are the command line's.)"""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import BaseHandler, CommandHandler, MessageHandler, filters

from bot.domain.invites import TYPED_CODE
from bot.domain.permissions import may_invite
from bot.i18n import N_
from handlers.kit.commands import Command
from handlers.kit.feature import Feature
from handlers.members import help, invite, language, start


def _group_handlers() -> list[BaseHandler[Update, Any, Any]]:
    return [CommandHandler("start", start.start)]


def _handlers() -> list[BaseHandler[Update, Any, Any]]:
    return [
        CommandHandler(["trogiup", "help"], help.show_help),
        CommandHandler(["ngonngu", "language"], language.ask_language),
        CommandHandler(["moi", "invite"], invite.start_invite),
        *language.buttons(),
        *invite.buttons(),
    ]


def _plain_text() -> list[BaseHandler[Update, Any, Any]]:
    # An invite code sent on its own: how members join on Zalo, which has no deep links.
    return [
        MessageHandler(
            filters.ChatType.PRIVATE & filters.TEXT & filters.Regex(TYPED_CODE),
            start.join_by_typed_code,
        )
    ]


FEATURE = Feature(
    name="members",
    commands=(
        Command("trogiup", "help", N_("What I can do for you")),
        Command("ngonngu", "language", N_("Change language (Vietnamese / English)")),
        Command("moi", "invite", N_("Invite a member of your cell"), may_invite),
    ),
    group_handlers=_group_handlers,
    handlers=_handlers,
    plain_text=_plain_text,
)
