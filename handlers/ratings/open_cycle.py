"""Opening a review cycle (the committee): in one line,
``/xeploai mo 2026 | 10/12/2026 | 20/12/2026 | 28/12/2026`` (a quarter: ``Q4/2026``), or
«🔓 Mở đợt đánh giá», which asks one question a message, each with examples built from today:
the year or quarter, when self-reviews are due, when the cells meet by, when the committee
decides by."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from telegram import Update
from telegram.ext import CallbackQueryHandler, ConversationHandler, MessageHandler, filters

from bot.domain.errors import UserError
from bot.domain.model import Identity
from bot.domain.text import fold
from bot.i18n import N_, Translator
from bot.services.container import Services
from bot.services.date_fields import check_due
from bot.services.ratings.access import COMMITTEE_ONLY, is_committee
from handlers.kit import conversations
from handlers.kit.auth import member_only
from handlers.kit.command_text import split_parts
from handlers.kit.context import BotContext
from handlers.kit.replies import reply
from handlers.ratings.rating_buttons import OpenCycleForm
from handlers.ratings.rating_text import cycle_dates, period

PERIOD, DUE, CELLS, DECISION = range(4)
END = ConversationHandler.END
BAD_PERIOD = N_("Write the year (2026) or a quarter (Q4/2026).")
_QUARTER = re.compile(r"^(?:q|quy)\s*([1-4])\s*[/ -]?\s*(\d{4})$")


@dataclass
class NewCycle:
    year: int | None = None
    quarter: int | None = None
    due: date | None = None
    cells_by: date | None = None


def parse_period(text: str) -> tuple[int, int | None]:
    folded = fold(text).strip()
    if folded.isascii() and folded.isdecimal() and len(folded) == 4:
        return int(folded), None
    match = _QUARTER.match(folded)
    if match is None:
        raise UserError(BAD_PERIOD)
    return int(match[2]), int(match[1])


def _examples(services: Services) -> tuple[date, date, date]:
    today = services.self_reviews.today()
    return today + timedelta(days=14), today + timedelta(days=21), today + timedelta(days=28)


def how_to_open(services: Services, t: Translator) -> str:
    due, cells, decision = _examples(services)
    year = services.self_reviews.today().year
    return t(
        "Open one with «🔓 Open a review cycle», or in one line: <code>/xeploai mo {year} | "
        "{due} | {cells} | {decision}</code> (the year or Q4/{year}; self-reviews due; cells "
        "meet by; the committee decides by).",
        year=year,
        due=due,
        cells=cells,
        decision=decision,
    )


async def _open(
    update: Update,
    context: BotContext,
    identity: Identity,
    t: Translator,
    *,
    year: int,
    quarter: int | None,
    due: date,
    cells_by: date,
    decision_by: date,
) -> None:
    opened = await context.services.rating_cycles.open(
        identity,
        year=year,
        quarter=quarter,
        self_review_due=due,
        cells_by=cells_by,
        decision_by=decision_by,
    )
    await reply(
        update,
        t(
            "🔓 The review cycle for {period} is open: {members} party members in {cells} "
            "cells are asked for their self-review (/tukiemdiem).",
            period=period(opened.cycle, t),
            members=opened.members,
            cells=opened.cells,
        )
        + "\n"
        + cycle_dates(opened.cycle, t)
        + "\n"
        + t("Follow it with /xeploai."),
    )


async def one_line(
    update: Update, context: BotContext, identity: Identity, t: Translator, rest: str
) -> None:
    if not is_committee(identity):
        raise UserError(COMMITTEE_ONLY)
    parts = split_parts(rest) if rest.strip() else []
    if len(parts) != 4:
        await reply(update, how_to_open(context.services, t))
        return
    year, quarter = parse_period(parts[0])
    today = context.services.self_reviews.today()
    due, cells_by, decision_by = (check_due(part, today) for part in parts[1:])
    await _open(
        update,
        context,
        identity,
        t,
        year=year,
        quarter=quarter,
        due=due,
        cells_by=cells_by,
        decision_by=decision_by,
    )


@member_only(refused=END)
async def start(update: Update, context: BotContext, identity: Identity, t: Translator) -> int:
    if not is_committee(identity):
        raise UserError(COMMITTEE_ONLY)  # before the press is answered: shown as its popup
    query = update.callback_query
    if query is not None:
        await query.answer()
    context.slots.rating_cycle = NewCycle()
    year = context.services.self_reviews.today().year
    await reply(
        update,
        t(
            "1/4 — Which period is reviewed? The year, like <code>{year}</code>, or a quarter, "
            "like <code>Q4/{year}</code>. /huy to stop.",
            year=year,
        ),
    )
    return PERIOD


def _ask_date(step: str, example: date, t: Translator) -> str:
    return (
        t(step, example=example)
        + " "
        + t(
            "Like <code>{example}</code>, <code>15/12</code> or <code>cuối tháng 12</code>.",
            example=example,
        )
    )


@member_only(refused=PERIOD)
async def on_period(update: Update, context: BotContext, identity: Identity, t: Translator) -> int:
    message = update.effective_message
    draft = context.slots.rating_cycle
    if message is None or draft is None:
        return END
    draft.year, draft.quarter = parse_period(message.text or "")
    due, _, _ = _examples(context.services)
    await reply(update, _ask_date(N_("2/4 — When are the self-reviews due?"), due, t))
    return DUE


@member_only(refused=DUE)
async def on_due(update: Update, context: BotContext, identity: Identity, t: Translator) -> int:
    message = update.effective_message
    draft = context.slots.rating_cycle
    if message is None or draft is None:
        return END
    draft.due = check_due(message.text or "", context.services.self_reviews.today())
    _, cells, _ = _examples(context.services)
    await reply(update, _ask_date(N_("3/4 — By when do the cells meet and propose?"), cells, t))
    return CELLS


@member_only(refused=CELLS)
async def on_cells(update: Update, context: BotContext, identity: Identity, t: Translator) -> int:
    message = update.effective_message
    draft = context.slots.rating_cycle
    if message is None or draft is None:
        return END
    draft.cells_by = check_due(message.text or "", context.services.self_reviews.today())
    _, _, decision = _examples(context.services)
    await reply(update, _ask_date(N_("4/4 — By when does the committee decide?"), decision, t))
    return DECISION


@member_only(refused=DECISION)
async def on_decision(
    update: Update, context: BotContext, identity: Identity, t: Translator
) -> int:
    message = update.effective_message
    draft = context.slots.rating_cycle
    if message is None or draft is None:
        return END
    decision_by = check_due(message.text or "", context.services.self_reviews.today())
    assert draft.year is not None and draft.due is not None and draft.cells_by is not None
    await _open(
        update,
        context,
        identity,
        t,
        year=draft.year,
        quarter=draft.quarter,
        due=draft.due,
        cells_by=draft.cells_by,
        decision_by=decision_by,
    )
    context.slots.rating_cycle = None
    return END


def conversation() -> ConversationHandler[BotContext]:
    text = filters.TEXT & ~filters.COMMAND
    return conversations.conversation(
        "rating-open",
        entry_points=[CallbackQueryHandler(start, pattern=OpenCycleForm.pattern())],
        states={
            PERIOD: [MessageHandler(text, on_period)],
            DUE: [MessageHandler(text, on_due)],
            CELLS: [MessageHandler(text, on_cells)],
            DECISION: [MessageHandler(text, on_decision)],
        },
    )
