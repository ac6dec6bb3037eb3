"""The /xeploai buttons that ask for one more thing, and the answer typed after them:

- 🗳 a level proposed by the cell (saved at once), then the votes if the cell counted them
  (``9/10``) or «Bỏ qua»;
- 🏛 the cell's own level, then a short note of its collective review, or «Bỏ qua»;
- ⚖️ the committee's decision: the cell's proposal is saved at once; another level asks the
  reason first.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Literal

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler, ConversationHandler, MessageHandler, filters

from bot.domain.model import Identity
from bot.domain.ratings.levels import Level
from bot.i18n import NP_, Translator
from bot.services.ratings.cells import parse_votes
from handlers.kit import conversations
from handlers.kit.auth import member_only
from handlers.kit.buttons import button, pressed
from handlers.kit.context import BotContext
from handlers.kit.replies import reply
from handlers.ratings.committee_view import overview_view
from handlers.ratings.rating_buttons import (
    CellLevel,
    DecideLevel,
    OpenCellRatings,
    ProposeLevel,
    SkipRatingAnswer,
)
from handlers.ratings.rating_text import distribution_lines, level_name

WAITING = 0
END = ConversationHandler.END


@dataclass(frozen=True)
class RatingAsked:
    what: Literal["votes", "note", "reason"]
    subject: int  # the member (votes, reason) or the cell (note)
    level: Level


def _skip(t: Translator) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[button(t("Skip"), SkipRatingAnswer())]])


def _back(cell_id: int, t: Translator) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[button(t(NP_("rating", "◀ The cell")), OpenCellRatings(cell_id))]]
    )


@member_only(refused=END)
async def on_propose(update: Update, context: BotContext, identity: Identity, t: Translator) -> int:
    query = update.callback_query
    chosen = pressed(update, ProposeLevel)
    assert query is not None and chosen is not None
    entry = await context.services.cell_ratings.propose(identity, chosen.member, chosen.level)
    await query.answer()
    context.slots.rating_asked = RatingAsked("votes", chosen.member, chosen.level)
    await reply(
        update,
        t(
            "🗳 The cell proposes for {name}: {level}. If the cell voted, write the votes in "
            "favour over those present, like <code>9/10</code>; or «Skip».",
            name=html.escape(entry.full_name),
            level=level_name(chosen.level, t),
        ),
        _skip(t),
    )
    return WAITING


@member_only(refused=END)
async def on_cell_level(
    update: Update, context: BotContext, identity: Identity, t: Translator
) -> int:
    query = update.callback_query
    chosen = pressed(update, CellLevel)
    assert query is not None and chosen is not None
    await context.services.cell_ratings.review_cell(identity, chosen.cell, chosen.level, "")
    await query.answer()
    context.slots.rating_asked = RatingAsked("note", chosen.cell, chosen.level)
    await reply(
        update,
        t(
            "🏛 The cell's own review: {level}. A short note of the collective review (for "
            "example «Đoàn kết; hoàn thành 12/12 chỉ tiêu»), or «Skip».",
            level=level_name(chosen.level, t),
        ),
        _skip(t),
    )
    return WAITING


@member_only(refused=END)
async def on_decide(update: Update, context: BotContext, identity: Identity, t: Translator) -> int:
    query = update.callback_query
    chosen = pressed(update, DecideLevel)
    assert query is not None and chosen is not None
    services = context.services
    card = await services.cell_ratings.entry(identity, chosen.member)
    if chosen.level is card.entry.proposed:
        await services.committee_ratings.decide(identity, chosen.member, chosen.level)
        await query.answer()
        await _decided(update, context, identity, t, card.entry.full_name, chosen.level)
        return END
    await query.answer()
    context.slots.rating_asked = RatingAsked("reason", chosen.member, chosen.level)
    proposed = "—" if card.entry.proposed is None else level_name(card.entry.proposed, t)
    await reply(
        update,
        t(
            "⚖️ {name}: {level}, not the cell's proposal ({proposed}). Write the reason.",
            name=html.escape(card.entry.full_name),
            level=level_name(chosen.level, t),
            proposed=proposed,
        ),
    )
    return WAITING


async def _decided(
    update: Update,
    context: BotContext,
    identity: Identity,
    t: Translator,
    name: str,
    level: Level,
) -> None:
    overview = await context.services.committee_ratings.overview(identity)
    lines = [
        t("⚖️ Decided: {name} — {level}.", name=html.escape(name), level=level_name(level, t)),
        *distribution_lines(overview.distribution, overview.rules, t),
    ]
    _, keyboard = overview_view(overview, 0, t)
    await reply(update, "\n".join(lines), keyboard)


@member_only(refused=WAITING)
async def on_text(update: Update, context: BotContext, identity: Identity, t: Translator) -> int:
    message = update.effective_message
    asked = context.slots.rating_asked
    if message is None or asked is None:
        return END
    text = (message.text or "").strip()
    services = context.services
    if asked.what == "votes":
        votes = parse_votes(text)
        entry = await services.cell_ratings.propose(identity, asked.subject, asked.level, votes)
        context.slots.rating_asked = None
        await reply(
            update,
            t(
                "🗳 Saved: {name} — {level} ({votes_for}/{votes_total} votes).",
                name=html.escape(entry.full_name),
                level=level_name(asked.level, t),
                votes_for=votes[0],
                votes_total=votes[1],
            ),
            _back(entry.cell_id, t),
        )
        return END
    if asked.what == "note":
        await services.cell_ratings.review_cell(identity, asked.subject, asked.level, text)
        context.slots.rating_asked = None
        await reply(update, t("🏛 Saved: the cell's own review."), _back(asked.subject, t))
        return END
    if not text:
        return WAITING
    entry = await services.committee_ratings.decide(identity, asked.subject, asked.level, text)
    context.slots.rating_asked = None
    await _decided(update, context, identity, t, entry.full_name, asked.level)
    return END


@member_only(refused=END)
async def on_skip(update: Update, context: BotContext, identity: Identity, t: Translator) -> int:
    query = update.callback_query
    assert query is not None
    asked = context.slots.rating_asked
    context.slots.rating_asked = None
    await query.answer()
    if asked is None or asked.what == "reason":
        return END
    await reply(update, t("Saved."))
    return END


def conversation() -> ConversationHandler[BotContext]:
    return conversations.conversation(
        "rating-answer",
        entry_points=[
            CallbackQueryHandler(on_propose, pattern=ProposeLevel.pattern()),
            CallbackQueryHandler(on_cell_level, pattern=CellLevel.pattern()),
            CallbackQueryHandler(on_decide, pattern=DecideLevel.pattern()),
        ],
        states={
            WAITING: [
                MessageHandler(filters.TEXT & ~filters.COMMAND, on_text),
                CallbackQueryHandler(on_skip, pattern=SkipRatingAnswer.pattern()),
            ],
        },
    )
