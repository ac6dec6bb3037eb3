"""Who is asking: every member-only handler is wrapped by :func:`member_only`, which also
shows what the services refuse (handlers.kit.refusals)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Coroutine
from functools import wraps
from typing import Any, Protocol, TypeVar, cast, overload

from telegram import Update
from telegram.constants import ChatType

from bot.domain import refusal_trace
from bot.domain.errors import NotAllowed, UserError
from bot.domain.model import Channel, Identity
from bot.i18n import Translator
from handlers.kit.context import BotContext
from handlers.kit.groups import point_to_private_chat
from handlers.kit.refusals import Shown, refuse
from handlers.kit.replies import reply
from handlers.kit.translators import member_translator, user_language

log = logging.getLogger(__name__)

# A conversation step returns its next state; a plain handler returns None.
R = TypeVar("R")
MemberHandler = Callable[[Update, BotContext, Identity, Translator], Coroutine[Any, Any, R]]
Handler = Callable[[Update, BotContext], Coroutine[Any, Any, R | None]]


class _Wrap(Protocol):
    def __call__(self, handler: MemberHandler[R], /) -> Handler[R]: ...


async def identify(update: Update, context: BotContext) -> Identity | None:
    user = update.effective_user
    if user is None:
        return None
    return await context.services.membership.identify(context.channel, str(user.id))


async def answer_stranger(update: Update, context: BotContext) -> None:
    """The only thing a stranger ever gets: what this bot is and whom to ask."""
    t = user_language(update, context)
    organisation = await context.services.membership.organisation_name() or ""
    if context.channel is Channel.TELEGRAM:
        text = t(
            "This bot serves the members of {organisation}. To use it, ask your cell secretary "
            "for an invite link.",
            organisation=organisation,
        )
    else:  # no deep links: the member types the code
        text = t(
            "This bot serves the members of {organisation}. To use it, ask your cell secretary "
            "for an invite code and send it here.",
            organisation=organisation,
        )
    if update.callback_query is not None:
        await update.callback_query.answer(text, show_alert=True)
    else:
        await reply(update, text)


async def audit_refusal(
    update: Update, context: BotContext, identity: Identity, error: NotAllowed
) -> None:
    """Every refusal is audited: this one, which no service wrote down, with what was asked
    (a button's data, or the command and its words, cut short)."""
    query = update.callback_query
    message = update.effective_message
    asked = query.data if query is not None else (message.text if message is not None else "")
    try:
        await context.services.membership.audit_refusal(identity, (asked or "")[:80], error.message)
    except Exception:  # the member has their answer; a failed audit row is only logged
        log.exception("could not audit a refusal")


@overload
def member_only(handler: MemberHandler[R], /) -> Handler[R]: ...


@overload
def member_only(*, refused: object = None, shown: Shown = Shown.ALERT) -> _Wrap: ...


def member_only(
    handler: MemberHandler[Any] | None = None,
    /,
    *,
    refused: object = None,
    shown: Shown = Shown.ALERT,
) -> Handler[Any] | _Wrap:
    """Run ``handler`` for a linked, active member in a private chat; answer anyone else
    (and return None, which leaves a conversation where it was).

    A :class:`UserError` the handler lets through is shown to the member (``shown``: a popup
    for a button and a reply to a message, unless the handler answered the press already) and
    the handler returns ``refused``: a conversation's state after a refusal, which only the
    step knows (``@member_only(refused=END)``)."""

    def wrap(handler: MemberHandler[R]) -> Handler[R]:
        @wraps(handler)
        async def wrapper(update: Update, context: BotContext) -> R | None:
            chat = update.effective_chat
            if chat is not None and chat.type != ChatType.PRIVATE:
                await point_to_private_chat(update, context)
                return None
            identity = await identify(update, context)
            if identity is None:
                await answer_stranger(update, context)
                return None
            t = member_translator(identity, context)
            refusal_trace.start()
            try:
                return await handler(update, context, identity, t)
            except UserError as error:
                await refuse(update, error, t, shown)
                if isinstance(error, NotAllowed) and not refusal_trace.audited():
                    await audit_refusal(update, context, identity, error)
                return cast(R | None, refused)

        return wrapper

    return wrap if handler is None else wrap(handler)
