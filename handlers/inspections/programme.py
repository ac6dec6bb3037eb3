"""/kiemtra (/inspections) with no argument: the year's programme as the reader may see it, its
pages and item cards; for the committee, the planner's proposal stored as a draft, reviewed item
by item (accept, move to another month, drop) and adopted.

Buttons carry ids only: the services refuse, and audit, an item one may not see or a change one
may not make; the handlers ask and render."""

from __future__ import annotations

import html
from typing import Any

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CallbackQueryHandler

from bot.domain.inspections.planner import ProposedItem
from bot.domain.inspections.records import Review
from bot.domain.model import Identity
from bot.i18n import Translator, translator
from bot.i18n.inspection_labels import ITEM_KIND_NAMES, TARGET_KIND_NAMES
from bot.services.inspections.drafts import Wording
from handlers.inspections import item_render, programme_render
from handlers.inspections.programme_buttons import (
    AdoptProgramme,
    MoveItem,
    OpenItem,
    PickMonth,
    ProgrammePage,
    ProposeDraft,
    ReviewItem,
)
from handlers.kit.auth import member_only
from handlers.kit.buttons import pressed
from handlers.kit.context import BotContext
from handlers.kit.replies import replace, replace_keyboard, reply


async def programme_page(
    context: BotContext, identity: Identity, t: Translator, number: int = 0
) -> tuple[str, InlineKeyboardMarkup | None]:
    listing = context.services.inspection_listing
    view = await listing.visible(identity)
    return programme_render.page(view, number, listing.today(), t)


async def show(update: Update, context: BotContext, identity: Identity, t: Translator) -> None:
    """/kiemtra: the programme's first page."""
    text, keyboard = await programme_page(context, identity, t)
    await reply(update, text, keyboard)


async def show_card(
    update: Update,
    context: BotContext,
    identity: Identity,
    t: Translator,
    item_id: int,
    *,
    edit: bool,
) -> None:
    card = await context.services.inspection_steps.card(identity, item_id)
    text = item_render.card_text(card, context.services.zone, t)
    keyboard = item_render.card_keyboard(card, 0, t)
    if edit:
        await replace(update, text, keyboard)
    else:
        await reply(update, text, keyboard)


@member_only
async def on_page(update: Update, context: BotContext, identity: Identity, t: Translator) -> None:
    query = update.callback_query
    assert query is not None
    chosen = pressed(update, ProgrammePage)
    await query.answer()
    if chosen is not None:
        text, keyboard = await programme_page(context, identity, t, chosen.page)
        await replace(update, text, keyboard)


@member_only
async def on_open(update: Update, context: BotContext, identity: Identity, t: Translator) -> None:
    query = update.callback_query
    assert query is not None
    chosen = pressed(update, OpenItem)
    if chosen is not None:
        await show_card(update, context, identity, t, chosen.item, edit=True)
    await query.answer()


def _wording(default_language: str) -> Wording:
    """A proposed item's content, in the organisation's language: «Kiểm tra chi bộ Liên khoa»."""
    t = translator(default_language, default_language)

    def word(proposed: ProposedItem) -> str:
        return t(
            "{kind} of the {target} {name}",
            kind=t(ITEM_KIND_NAMES[proposed.kind]),
            target=t(TARGET_KIND_NAMES[proposed.target.kind]),
            name=proposed.target_name,
        )

    return word


@member_only
async def on_propose(
    update: Update, context: BotContext, identity: Identity, t: Translator
) -> None:
    query = update.callback_query
    assert query is not None
    listing = context.services.inspection_listing
    year, first_month = listing.drafting()
    programme = await context.services.inspection_drafts.draft(
        identity, year, _wording(context.services.default_language), first_month
    )
    await query.answer()
    view = await listing.visible(identity, programme.year)
    text, keyboard = programme_render.page(view, 0, listing.today(), t)
    note = t(
        "📋 The planner's proposal is stored as the draft. Open each item to accept, move, "
        "re-target, re-staff or drop it, then «Adopt»."
    )
    await reply(update, note + "\n\n" + text, keyboard)


@member_only
async def on_adopt(update: Update, context: BotContext, identity: Identity, t: Translator) -> None:
    query = update.callback_query
    assert query is not None
    chosen = pressed(update, AdoptProgramme)
    if chosen is None:
        await query.answer()
        return
    adopted = await context.services.inspection_drafts.adopt(identity, chosen.programme)
    await query.answer()
    lines = [
        t.ngettext(
            "✅ The programme for {year} is adopted: {n} item.",
            "✅ The programme for {year} is adopted: {n} items.",
            adopted.items,
            year=adopted.programme.year,
        ),
        t("Its items can still be changed: every change is kept in the item's history."),
        *programme_render.quota_block(adopted.quotas, t),
    ]
    await replace_keyboard(update, None)
    await reply(update, "\n".join(lines))
    await show(update, context, identity, t)


@member_only
async def on_review(update: Update, context: BotContext, identity: Identity, t: Translator) -> None:
    query = update.callback_query
    assert query is not None
    chosen = pressed(update, ReviewItem)
    if chosen is None:
        await query.answer()
        return
    drafts = context.services.inspection_drafts
    if chosen.verdict == "ok":
        await drafts.review(identity, chosen.item, Review.ACCEPTED)
        await query.answer(t("Accepted."))
        await show_card(update, context, identity, t, chosen.item, edit=True)
        return
    item = await drafts.review(identity, chosen.item, Review.DROPPED)
    await query.answer(t("Dropped."))
    text, keyboard = await programme_page(context, identity, t)
    await replace(
        update,
        t("🗑 Dropped: {content}.", content=html.escape(item.content)) + "\n\n" + text,
        keyboard,
    )


@member_only
async def on_pick_month(
    update: Update, context: BotContext, identity: Identity, t: Translator
) -> None:
    query = update.callback_query
    assert query is not None
    chosen = pressed(update, PickMonth)
    if chosen is None:
        await query.answer()
        return
    card = await context.services.inspection_steps.card(identity, chosen.item)
    await query.answer()
    today = context.services.inspection_listing.today()
    picker = item_render.month_picker(chosen.item, card.programme.year, today, t)
    await replace(
        update,
        t(
            "Which month should «{content}» move to?",
            content=html.escape(card.item.content),
        ),
        picker,
    )


@member_only
async def on_move(update: Update, context: BotContext, identity: Identity, t: Translator) -> None:
    query = update.callback_query
    assert query is not None
    chosen = pressed(update, MoveItem)
    if chosen is None:
        await query.answer()
        return
    await context.services.inspection_drafts.move(identity, chosen.item, chosen.month)
    await query.answer(t("Moved."))
    await show_card(update, context, identity, t, chosen.item, edit=True)


def handlers() -> list[BaseHandler[Update, Any, Any]]:
    return [
        CallbackQueryHandler(on_page, pattern=ProgrammePage.pattern()),
        CallbackQueryHandler(on_open, pattern=OpenItem.pattern()),
        CallbackQueryHandler(on_propose, pattern=ProposeDraft.pattern()),
        CallbackQueryHandler(on_adopt, pattern=AdoptProgramme.pattern()),
        CallbackQueryHandler(on_review, pattern=ReviewItem.pattern()),
        CallbackQueryHandler(on_pick_month, pattern=PickMonth.pattern()),
        CallbackQueryHandler(on_move, pattern=MoveItem.pattern()),
    ]
