"""One way to say no. A service refuses with a :class:`UserError`; the member's handler does not
catch it: :func:`handlers.kit.auth.member_only` shows it once, in the member's language — as a popup
for a button, as a reply to a message — with what was typed (the parameters) escaped in HTML."""

from __future__ import annotations

import html
from enum import Enum

from telegram import Update
from telegram.error import BadRequest

from bot.domain.errors import UserError
from bot.i18n import Translator
from handlers.kit.replies import replace, reply


class Shown(Enum):
    """Where a handler's refusal appears."""

    ALERT = "alert"  # a popup for a button, a reply to a message
    IN_PLACE = "in place"  # in place of the pressed message (the press is answered already)
    AS_MESSAGE = "as a message"  # a new message, even for a button (answered already)


# How Telegram refuses to answer a press a second time, or too late.
_QUERY_CLOSED = "query is too old"


def refusal_text(error: UserError, t: Translator) -> str:
    """The refusal as HTML: the message in the reader's language, the parameters escaped."""
    params = {k: html.escape(v) if isinstance(v, str) else v for k, v in error.params.items()}
    return t(error.message, **params)


async def refuse(
    update: Update, error: UserError, t: Translator, shown: Shown = Shown.ALERT
) -> None:
    query = update.callback_query
    if shown is Shown.ALERT and query is not None:
        try:
            # A popup is plain text: nothing to escape.
            await query.answer(t(error.message, **error.params), show_alert=True)
            return
        except BadRequest as exc:
            # The press was answered already, or waited too long: the popup can no longer be
            # shown, so the refusal comes as a message rather than not at all.
            if _QUERY_CLOSED not in exc.message.lower():
                raise
        await reply(update, refusal_text(error, t))
    elif shown is Shown.IN_PLACE:
        await replace(update, refusal_text(error, t))
    else:
        await reply(update, refusal_text(error, t))
