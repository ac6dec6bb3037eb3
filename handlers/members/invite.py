"""/moi (/invite): a secretary picks a member not yet linked and gets a fresh invite link; when
the organisation is on Zalo too, the code to send to its Zalo bot, in a message of its own that
the member can copy whole.

Callback data carries only a page number or a member id; the service decides whether this
secretary may invite that member, so forged data is refused (and audited) there.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CallbackQueryHandler

from bot.domain.invites import ZaloJoining, invite_link
from bot.domain.model import Channel, Identity
from bot.i18n import Translator
from bot.services.members.invites import IssuedInvite, MemberPage
from handlers.kit.auth import member_only
from handlers.kit.buttons import button, pressed
from handlers.kit.callbacks import CallbackData
from handlers.kit.context import BotContext
from handlers.kit.pages import navigation
from handlers.kit.refusals import Shown
from handlers.kit.replies import replace, reply


@dataclass(frozen=True)
class InvitePage(CallbackData, prefix="inv:p:"):
    page: int


@dataclass(frozen=True)
class InviteMember(CallbackData, prefix="inv:m:"):
    member: int


def _keyboard(page: MemberPage, t: Translator) -> InlineKeyboardMarkup:
    rows = [[button(m.full_name, InviteMember(m.id))] for m in page.members]
    turn = navigation(InvitePage, page.page, page.pages, t)
    if turn:
        rows.append(turn)
    return InlineKeyboardMarkup(rows)


async def _show_page(
    update: Update, context: BotContext, identity: Identity, t: Translator, number: int
) -> None:
    page = await context.services.invites.invitable(identity, number)
    if not page.members:
        await replace(update, t("Everyone you can invite has already joined the bot."))
        return
    text = t(
        "Choose the member to invite (page {page}/{pages}):", page=page.page + 1, pages=page.pages
    )
    await replace(update, text, _keyboard(page, t))


@member_only
async def start_invite(
    update: Update, context: BotContext, identity: Identity, t: Translator
) -> None:
    await _show_page(update, context, identity, t, 0)


@member_only(shown=Shown.AS_MESSAGE)
async def turn_page(update: Update, context: BotContext, identity: Identity, t: Translator) -> None:
    query = update.callback_query
    assert query is not None
    await query.answer()
    turned = pressed(update, InvitePage)
    if turned is not None:
        await _show_page(update, context, identity, t, turned.page)


@member_only
async def invite(update: Update, context: BotContext, identity: Identity, t: Translator) -> None:
    """A fresh link for the member pressed; the service refuses one this member may not invite."""
    query = update.callback_query
    assert query is not None
    chosen = pressed(update, InviteMember)
    if chosen is None:
        await query.answer()
        return
    issued = await context.services.invites.issue(identity, chosen.member)
    await query.answer()
    invites = context.services.invites
    on_telegram = context.channel is Channel.TELEGRAM
    if on_telegram and invites.zalo is None:
        link = invite_link(context.bot.username, issued.code)
        await replace(
            update,
            t(
                "Invite link for <b>{name}</b> ({cell}). Forward this message to them; the link "
                "works once and expires in {days} days. Issuing a new link cancels this one."
                "\n\n{link}",
                name=html.escape(issued.member.full_name),
                cell=html.escape(issued.cell_name),
                days=invites.ttl_days,
                link=html.escape(link),
            ),
        )
        return
    # Asked on Zalo: the organisation is on Zalo, with or without the bot's link in the settings.
    zalo = invites.zalo or ZaloJoining()
    username = context.bot.username if on_telegram else invites.telegram_username
    await replace(update, invite_text(issued, t, invites.ttl_days, username, zalo))
    # On its own, so that the member can copy the whole message and send it to the bot.
    await reply(update, issued.code)


def invite_text(
    issued: IssuedInvite, t: Translator, days: int, username: str | None, zalo: ZaloJoining
) -> str:
    """The invite when the organisation is on Zalo: the Telegram link (when the bot's
    @username is known) and how to join on Zalo with the code that follows."""
    parts = [
        t(
            "Invite for <b>{name}</b> ({cell}). Forward this message and the code after it to "
            "them; the invite works once and expires in {days} days. Issuing a new invite "
            "cancels this one.",
            name=html.escape(issued.member.full_name),
            cell=html.escape(issued.cell_name),
            days=days,
        )
    ]
    if username is not None:
        link = invite_link(username, issued.code)
        parts.append(t("On Telegram, open this link:\n{link}", link=html.escape(link)))
    if zalo.bot_link is not None:
        parts.append(
            t(
                "On Zalo, send the code in the next message to the organisation's Zalo bot:\n"
                "{link}",
                link=html.escape(zalo.bot_link),
            )
        )
    else:
        parts.append(
            t("On Zalo, send the code in the next message to the organisation's Zalo bot.")
        )
    return "\n\n".join(parts)


def buttons() -> list[BaseHandler[Update, Any, Any]]:
    return [
        CallbackQueryHandler(turn_page, pattern=InvitePage.pattern()),
        CallbackQueryHandler(invite, pattern=InviteMember.pattern()),
    ]
