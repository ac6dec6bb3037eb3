"""In a cell's Telegram group: ``/lienketnhom`` (``/linkgroup``) links the group to the cell, so
broadcasts to the cell are also posted there; ``/huylienket`` (``/unlinkgroup``) undoes it.

Only the cell's secretary may (the service decides); anyone else gets a polite refusal in the
group that names nobody. Registered before the catch-all that answers other commands in groups
with a pointer to a private chat.
"""

from __future__ import annotations

import html
from typing import Any

from telegram import Update
from telegram.constants import ChatType
from telegram.ext import BaseHandler, CommandHandler

from bot.domain.errors import UserError
from bot.domain.model import Identity
from bot.i18n import N_, Translator
from handlers.kit.auth import identify
from handlers.kit.command_text import command_arguments
from handlers.kit.context import BotContext
from handlers.kit.refusals import refusal_text
from handlers.kit.translators import member_translator, user_language

REFUSED = N_("Only the cell's secretary can link this group to the cell.")
# An anonymous admin writes as the group itself: Telegram does not say who it is.
ANONYMOUS = N_(
    "I cannot tell who is writing: the message comes from the group itself (an anonymous "
    "admin). The cell's secretary should turn off «Remain anonymous» in their admin rights, "
    "then send {command} here again."
)


async def _asker(update: Update, context: BotContext) -> tuple[Identity | None, Translator]:
    identity = await identify(update, context)
    t = member_translator(identity, context) if identity else user_language(update, context)
    return identity, t


async def _answer(update: Update, text: str) -> None:
    message = update.effective_message
    if message is not None:
        await message.reply_html(text)


def _in_group(update: Update) -> bool:
    chat = update.effective_chat
    return chat is not None and chat.type in (ChatType.GROUP, ChatType.SUPERGROUP)


def _anonymous(update: Update) -> bool:
    """Written on behalf of a chat (``from`` is then Telegram's stand-in), or by nobody."""
    message = update.effective_message
    return message is not None and (message.sender_chat is not None or message.from_user is None)


async def link_group(update: Update, context: BotContext) -> None:
    identity, t = await _asker(update, context)
    chat = update.effective_chat
    if chat is None:
        return
    if not _in_group(update):
        await _answer(
            update,
            t(
                "Add me to your cell's Telegram group, then send /lienketnhom in the group. "
                "Notices to the cell will then also be posted there."
            ),
        )
        return
    if identity is None:
        await _answer(
            update, t(ANONYMOUS, command="/lienketnhom") if _anonymous(update) else t(REFUSED)
        )
        return
    try:
        link = await context.services.group_links.link(
            identity, chat.id, chat.title, command_arguments(update)
        )
    except UserError as error:
        await _answer(update, refusal_text(error, t))
        return
    await _answer(
        update,
        t(
            "✅ This group is now linked to the cell {cell}. Notices to the cell will also be "
            "posted here. To undo it, the secretary sends /huylienket here.",
            cell=html.escape(link.cell_name),
        ),
    )


async def unlink_group(update: Update, context: BotContext) -> None:
    identity, t = await _asker(update, context)
    chat = update.effective_chat
    if chat is None:
        return
    if not _in_group(update):
        await _answer(update, t("Send /huylienket in the group you want to unlink."))
        return
    if identity is None:
        await _answer(
            update,
            t(ANONYMOUS, command="/huylienket")
            if _anonymous(update)
            else t("Only the cell's secretary can unlink this group."),
        )
        return
    try:
        link = await context.services.group_links.unlink(identity, chat.id)
    except UserError as error:
        await _answer(update, refusal_text(error, t))
        return
    await _answer(
        update,
        t(
            "This group is no longer linked to the cell {cell}; notices will not be posted here.",
            cell=html.escape(link.cell_name),
        ),
    )


def handlers() -> list[BaseHandler[Update, Any, Any]]:
    return [
        CommandHandler(["lienketnhom", "linkgroup"], link_group),
        CommandHandler(["huylienket", "unlinkgroup"], unlink_group),
    ]
