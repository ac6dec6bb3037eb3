"""Exempt, reduced or deferred: the secretary taps the state on a member's month, then writes
the reason in a few words (/huy leaves without changing anything)."""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler, ConversationHandler, MessageHandler, filters

from bot.domain.dues.model import DuesState
from bot.domain.errors import NotAllowed, NotFound, UserError
from bot.domain.model import Identity
from bot.i18n import N_, Translator
from handlers.dues.buttons import AskReason, Grid
from handlers.kit import conversations
from handlers.kit.auth import member_only
from handlers.kit.buttons import button, pressed
from handlers.kit.context import BotContext
from handlers.kit.conversations import END
from handlers.kit.refusals import refusal_text
from handlers.kit.replies import reply

WAITING_REASON = 0

ASKED = {
    DuesState.EXEMPT: N_(
        "Why is {name} exempt from the party dues of month {month}/{year}? Write the reason in "
        "a few words. Send /huy to cancel."
    ),
    DuesState.REDUCED: N_(
        "Why are {name}'s party dues of month {month}/{year} reduced? Write the reason in a few "
        "words. Send /huy to cancel."
    ),
    DuesState.DEFERRED: N_(
        "Why are {name}'s party dues of month {month}/{year} deferred? Write the reason in a "
        "few words. Send /huy to cancel."
    ),
}
RECORDED = {
    DuesState.EXEMPT: N_(
        "🆓 Recorded: {name} is exempt from the party dues of month {month}/{year}."
    ),
    DuesState.REDUCED: N_("🔻 Recorded: {name}'s party dues of month {month}/{year} are reduced."),
    DuesState.DEFERRED: N_("⏸ Recorded: {name}'s party dues of month {month}/{year} are deferred."),
}


@dataclass(frozen=True)
class ReasonAsked:
    member: int
    year: int
    month: int
    state: DuesState


@member_only(refused=END)
async def ask_reason(update: Update, context: BotContext, identity: Identity, t: Translator) -> int:
    query = update.callback_query
    assert query is not None
    wanted = pressed(update, AskReason)
    if wanted is None or wanted.state not in ASKED:
        await query.answer()
        return END
    member = await context.services.dues_recording.member_for(identity, wanted.member)
    await query.answer()
    context.slots.dues_reason = ReasonAsked(
        wanted.member, wanted.month.year, wanted.month.month, wanted.state
    )
    await reply(
        update,
        t(
            ASKED[wanted.state],
            name=html.escape(member.full_name),
            month=wanted.month.month,
            year=wanted.month.year,
        ),
    )
    return WAITING_REASON


@member_only
async def reason_text(
    update: Update, context: BotContext, identity: Identity, t: Translator
) -> int:
    message = update.effective_message
    assert message is not None and message.text is not None
    asked = context.slots.dues_reason
    if asked is None:
        return END
    try:
        done = await context.services.dues_recording.record(
            identity, asked.member, asked.year, asked.month, asked.state, reason=message.text
        )
    except (NotFound, NotAllowed) as error:
        await reply(update, refusal_text(error, t))
        return END
    except UserError as error:  # empty or too long: written again
        await reply(update, refusal_text(error, t))
        return WAITING_REASON
    context.slots.dues_reason = None
    text = t(
        RECORDED[asked.state],
        name=html.escape(done.member.full_name),
        month=asked.month,
        year=asked.year,
    )
    text += "\n" + t(
        "The reason given: {reason}", reason=html.escape(" ".join(message.text.split()))
    )
    keyboard = InlineKeyboardMarkup(
        [[button(t("📋 The cell's dues"), Grid(done.member.cell_id, asked.year, 0))]]
    )
    await reply(update, text, keyboard)
    return END


def conversation() -> ConversationHandler[Any]:
    return conversations.conversation(
        "dues-reason",
        [CallbackQueryHandler(ask_reason, pattern=AskReason.pattern())],
        {WAITING_REASON: [MessageHandler(filters.TEXT & ~filters.COMMAND, reason_text)]},
    )
