"""/start: joining with an invite code (a Telegram deep link, or the code typed: Zalo has no deep
links), or a greeting for someone already known."""

from __future__ import annotations

import html

from telegram import Update

from bot.domain.invites import typed_code
from bot.domain.model import Channel, Identity
from bot.i18n import N_, Translator
from bot.i18n.labels import role_label
from bot.services.members.membership import JoinStatus
from handlers.kit.auth import answer_stranger, identify
from handlers.kit.context import BotContext
from handlers.kit.groups import is_private, point_to_private_chat
from handlers.kit.translators import member_translator, user_language
from handlers.members.menu import refresh_member_menu

_MEMBER_TAKEN = N_(
    "This member is already linked to another {channel} account. If that is your old account, "
    "ask your cell secretary to re-invite you."
)

# When the code came in a link (Telegram's deep link).
_REFUSALS = {
    JoinStatus.WRONG_CODE: N_(
        "This invite code is not valid. Check that you opened the whole link, or ask your cell "
        "secretary for a new one."
    ),
    JoinStatus.EXPIRED: N_("This invite link has expired. Ask your cell secretary for a new one."),
    JoinStatus.USED: N_(
        "This invite link has already been used or was replaced by a newer one. "
        "Ask your cell secretary for a new link."
    ),
    JoinStatus.MEMBER_TAKEN: _MEMBER_TAKEN,
    JoinStatus.INACTIVE: N_(
        "This invite is for a member who is no longer active in the organisation. "
        "Ask your cell secretary."
    ),
    JoinStatus.TOO_MANY_ATTEMPTS: N_(
        "Too many wrong codes in the last hour. Please wait an hour and try again with the link "
        "your cell secretary sent you."
    ),
}

# When the member typed the code (Zalo, or the code alone on Telegram).
_TYPED_REFUSALS = {
    **_REFUSALS,
    JoinStatus.WRONG_CODE: N_(
        "This invite code is not valid. Check that you sent the whole code, or ask your cell "
        "secretary for a new one."
    ),
    JoinStatus.EXPIRED: N_("This invite code has expired. Ask your cell secretary for a new one."),
    JoinStatus.USED: N_(
        "This invite code has already been used or was replaced by a newer one. "
        "Ask your cell secretary for a new code."
    ),
    JoinStatus.TOO_MANY_ATTEMPTS: N_(
        "Too many wrong codes in the last hour. Please wait an hour and try again with the code "
        "your cell secretary sent you."
    ),
}


def welcome(identity: Identity, t: Translator) -> str:
    return t(
        "Welcome, <b>{name}</b>! You are now connected to the bot of <b>{organisation}</b>.\n"
        "Cell: {cell}\nRole: {role}\n\n"
        "Send /trogiup to see what you can do. To switch language, send /ngonngu.",
        name=html.escape(identity.member.full_name),
        organisation=html.escape(identity.organisation.name),
        role=html.escape(role_label(identity, t)),
        cell=html.escape(identity.cell.name),
    )


async def start(update: Update, context: BotContext) -> None:
    if not is_private(update):
        await point_to_private_chat(update, context)
        return
    user, chat = update.effective_user, update.effective_chat
    assert user is not None and chat is not None
    code = context.args[0] if context.args else None
    if code is None:
        identity = await identify(update, context)
        if identity is None:
            await answer_stranger(update, context)
            return
        t = member_translator(identity, context)
        await chat.send_message(
            t(
                "Hello, {name}! You are already connected. Send /trogiup to see what you can do.",
                name=identity.member.full_name,
            )
        )
        return

    await _join(update, context, code, typed=context.channel is not Channel.TELEGRAM)


async def join_by_typed_code(update: Update, context: BotContext) -> None:
    """A private message that is an invite code and nothing else joins as ``/start CODE`` does:
    on Zalo, which has no deep links, this is how a member joins."""
    message = update.effective_message
    code = None if message is None or message.text is None else typed_code(message.text)
    if code is None:  # the filter lets only a code through
        return
    await _join(update, context, code, typed=True)


async def _join(update: Update, context: BotContext, code: str, *, typed: bool) -> None:
    user, chat = update.effective_user, update.effective_chat
    assert user is not None and chat is not None
    channel = context.channel
    outcome = await context.services.membership.join(channel, str(user.id), str(chat.id), code)
    if outcome.status is JoinStatus.ALREADY_LINKED and outcome.identity is not None:
        t = member_translator(outcome.identity, context)
        await chat.send_message(
            t(
                "This {channel} account is already connected as {name}. Send /trogiup to see "
                "what you can do.",
                channel=channel.label,
                name=outcome.identity.member.full_name,
            )
        )
        return
    if outcome.identity is None:
        t = user_language(update, context)
        refusals = _TYPED_REFUSALS if typed else _REFUSALS
        refusal = refusals.get(outcome.status, refusals[JoinStatus.WRONG_CODE])
        await chat.send_message(t(refusal, channel=channel.label))
        return
    t = member_translator(outcome.identity, context)
    await chat.send_message(welcome(outcome.identity, t), parse_mode="HTML")
    refresh_member_menu(context, outcome.identity, chat.id)
