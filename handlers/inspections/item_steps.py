"""An item's steps from its card: decide (asking the decision's reference, or skip), notify the target (asking the self-report's due date,
ten days by default), record the self-report received, start verifying, conclude (asking for a
short summary), notify the conclusion, remediation under way, close. And, for the programme's
owner, a new lead and team or a new target, typed.

A step not one's own is refused with the reason before anything is asked, and audited (the
service does both); the card comes back as it now is."""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Literal

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import (
    BaseHandler,
    CallbackQueryHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot.domain.errors import UserError
from bot.domain.inspections.model import ItemState
from bot.domain.model import Identity
from bot.domain.text import means_skip
from bot.i18n import N_, Translator
from bot.i18n.inspection_states import state_label
from bot.services.date_fields import check_due
from bot.services.inspections.drafts import NOT_CELL_OWNER, NOT_OWNER
from bot.services.inspections.steps import DEFAULT_SELF_REPORT_DAYS
from handlers.inspections.conclusion_notice import conclusion_notice
from handlers.inspections.programme import show_card
from handlers.inspections.programme_buttons import (
    ChangeLead,
    ChangeTarget,
    DefaultDue,
    SkipDecision,
    TakeStep,
)
from handlers.kit import conversations
from handlers.kit.auth import member_only
from handlers.kit.buttons import button, pressed
from handlers.kit.context import BotContext
from handlers.kit.date_prompts import deadline_examples
from handlers.kit.replies import reply

DUE, SUMMARY, LEAD, TARGET, DECISION = range(5)
END = ConversationHandler.END
SKIP = N_("Skip")
# The steps that ask something first; the others are taken at the press.
ASKING = (ItemState.DECIDED, ItemState.NOTIFIED, ItemState.CONCLUDED)


@dataclass
class ItemAsked:
    """The item whose step or change waits for what the member types."""

    item: int
    what: Literal["decision", "due", "summary", "lead", "target"]


def _asked(context: BotContext) -> ItemAsked | None:
    return context.slots.inspection_item


@member_only
async def on_step(update: Update, context: BotContext, identity: Identity, t: Translator) -> None:
    """A step taken at the press."""
    query = update.callback_query
    assert query is not None
    chosen = pressed(update, TakeStep)
    if chosen is None or chosen.to in ASKING:
        await query.answer()
        return
    notice = conclusion_notice(context.services.default_language)
    card = await context.services.inspection_steps.take(
        identity, chosen.item, chosen.to, notice=notice
    )
    await query.answer(t("Done: {state}.", state=state_label(card.item.state, t)))
    await show_card(update, context, identity, t, chosen.item, edit=True)


@member_only(refused=END)
async def ask(update: Update, context: BotContext, identity: Identity, t: Translator) -> int:
    query = update.callback_query
    assert query is not None
    chosen = pressed(update, TakeStep)
    if chosen is None or chosen.to not in ASKING:
        await query.answer()
        return END
    item = await context.services.inspection_steps.check(identity, chosen.item, chosen.to)
    await query.answer()
    content = html.escape(item.content)
    if chosen.to is ItemState.DECIDED:
        context.slots.inspection_item = ItemAsked(item.id, "decision")
        await reply(
            update,
            t(
                "The decision on «{content}»: write its reference, e.g. <code>12-QĐ/ĐU</code>, "
                "or press «Skip». /huy to stop.",
                content=content,
            ),
            InlineKeyboardMarkup([[button(t(SKIP), SkipDecision(item.id))]]),
        )
        return DECISION
    if chosen.to is ItemState.CONCLUDED:
        context.slots.inspection_item = ItemAsked(item.id, "summary")
        await reply(
            update,
            t(
                "Write the conclusion on «{content}» in a few lines, with the paper file's "
                "reference, e.g. <code>Chấp hành tốt; còn hạn chế về nêu gương. Hồ sơ số "
                "12/KL</code>. /huy to stop.",
                content=content,
            ),
        )
        return SUMMARY
    today = context.services.inspection_listing.today()
    default = today + timedelta(days=DEFAULT_SELF_REPORT_DAYS)
    context.slots.inspection_item = ItemAsked(item.id, "due")
    keyboard = InlineKeyboardMarkup(
        [[button(t("📅 {due} (in 10 days)", due=default), DefaultDue(item.id))]]
    )
    await reply(
        update,
        t(
            "By when is the target's self-report on «{content}» due? Press the button for "
            "{due}, or write a date, e.g. {examples}. /huy to stop.",
            content=content,
            due=default,
            examples=deadline_examples(today, today.year, t),
        ),
        keyboard,
    )
    return DUE


async def _decided(
    update: Update, context: BotContext, identity: Identity, t: Translator, reference: str
) -> int:
    asked = _asked(context)
    if asked is None:
        return END
    await context.services.inspection_steps.take(
        identity, asked.item, ItemState.DECIDED, decision_ref=reference
    )
    context.slots.inspection_item = None
    await show_card(update, context, identity, t, asked.item, edit=False)
    return END


@member_only(refused=DECISION)
async def on_skip_decision(
    update: Update, context: BotContext, identity: Identity, t: Translator
) -> int:
    query = update.callback_query
    assert query is not None
    chosen = pressed(update, SkipDecision)
    asked = _asked(context)
    if chosen is None or asked is None or asked.item != chosen.item:
        await query.answer()
        return DECISION
    result = await _decided(update, context, identity, t, "")
    await query.answer()
    return result


@member_only(refused=DECISION)
async def on_decision(
    update: Update, context: BotContext, identity: Identity, t: Translator
) -> int:
    message = update.effective_message
    text = " ".join(((message.text if message else None) or "").split())
    return await _decided(update, context, identity, t, "" if means_skip(text) else text)


async def _notified(
    update: Update, context: BotContext, identity: Identity, t: Translator, due: date | None
) -> int:
    asked = _asked(context)
    if asked is None:
        return END
    card = await context.services.inspection_steps.take(
        identity, asked.item, ItemState.NOTIFIED, due=due
    )
    context.slots.inspection_item = None
    await reply(
        update,
        t(
            "📨 Notified: the target's self-report is due {due}. They can send it with /tubaocao.",
            due=card.item.self_report_due,
        ),
    )
    await show_card(update, context, identity, t, asked.item, edit=False)
    return END


@member_only(refused=DUE)
async def on_default_due(
    update: Update, context: BotContext, identity: Identity, t: Translator
) -> int:
    query = update.callback_query
    assert query is not None
    chosen = pressed(update, DefaultDue)
    asked = _asked(context)
    await query.answer()
    if chosen is None or asked is None or asked.item != chosen.item:
        return DUE
    return await _notified(update, context, identity, t, None)


@member_only(refused=DUE)
async def on_due(update: Update, context: BotContext, identity: Identity, t: Translator) -> int:
    message = update.effective_message
    today = context.services.inspection_listing.today()
    due = check_due((message.text if message else None) or "", today)
    return await _notified(update, context, identity, t, due)


@member_only(refused=SUMMARY)
async def on_summary(update: Update, context: BotContext, identity: Identity, t: Translator) -> int:
    message = update.effective_message
    asked = _asked(context)
    if asked is None:
        return END
    text = (message.text if message else None) or ""
    await context.services.inspection_steps.take(
        identity, asked.item, ItemState.CONCLUDED, summary=text
    )
    context.slots.inspection_item = None
    await reply(
        update,
        t("⚖️ Concluded. Notify the conclusion to the target from the item's card."),
    )
    await show_card(update, context, identity, t, asked.item, edit=False)
    return END


# --- the owner changes the lead and team, or the target ---------------------------------------


@member_only(refused=END)
async def ask_change(update: Update, context: BotContext, identity: Identity, t: Translator) -> int:
    query = update.callback_query
    assert query is not None
    chosen = pressed(update, ChangeLead, ChangeTarget)
    if chosen is None:
        await query.answer()
        return END
    assert isinstance(chosen, ChangeLead | ChangeTarget)
    card = await context.services.inspection_steps.card(identity, chosen.item)
    if not card.may_change:
        raise UserError(NOT_OWNER if card.is_root else NOT_CELL_OWNER)
    await query.answer()
    content = html.escape(card.item.content)
    if isinstance(chosen, ChangeLead):
        context.slots.inspection_item = ItemAsked(chosen.item, "lead")
        await reply(
            update,
            t(
                "Who leads «{content}», and who is on the team? Write codes or names separated "
                "by commas, the lead first, e.g. <code>A4, Lý Văn Khoa</code>. Nobody may sit "
                "on an item about their own cell or themselves. /huy to stop.",
                content=content,
            ),
        )
        return LEAD
    context.slots.inspection_item = ItemAsked(chosen.item, "target")
    await reply(
        update,
        t(
            "Whom should «{content}» inspect or supervise? Write a cell's name, e.g. "
            "<code>Liên khoa</code>, or a member's code or name. /huy to stop.",
            content=content,
        ),
    )
    return TARGET


@member_only(refused=LEAD)
async def on_lead(update: Update, context: BotContext, identity: Identity, t: Translator) -> int:
    message = update.effective_message
    asked = _asked(context)
    if asked is None:
        return END
    names = [part for part in ((message.text if message else None) or "").split(",")]
    names = [" ".join(n.split()) for n in names if n.strip()]
    if not names:
        raise UserError(N_("Please write the member's code or name."))
    listing = context.services.inspection_listing
    people = [await listing.person(name) for name in names]
    lead, team = people[0], tuple(p.id for p in people[1:])
    await context.services.inspection_drafts.restaff(identity, asked.item, lead.id, team)
    context.slots.inspection_item = None
    await reply(update, t("✅ Lead: {lead}.", lead=html.escape(lead.full_name)))
    await show_card(update, context, identity, t, asked.item, edit=False)
    return END


@member_only(refused=TARGET)
async def on_target(update: Update, context: BotContext, identity: Identity, t: Translator) -> int:
    message = update.effective_message
    asked = _asked(context)
    if asked is None:
        return END
    target, name = await context.services.inspection_listing.target(
        (message.text if message else None) or ""
    )
    await context.services.inspection_drafts.retarget(identity, asked.item, target)
    context.slots.inspection_item = None
    await reply(update, t("✅ New target: {name}.", name=html.escape(name)))
    await show_card(update, context, identity, t, asked.item, edit=False)
    return END


def conversation() -> ConversationHandler[BotContext]:
    text = filters.TEXT & ~filters.COMMAND
    return conversations.conversation(
        "inspection-item",
        entry_points=[
            *(CallbackQueryHandler(ask, pattern=TakeStep.pattern(to=to)) for to in ASKING),
            CallbackQueryHandler(ask_change, pattern=ChangeLead.pattern()),
            CallbackQueryHandler(ask_change, pattern=ChangeTarget.pattern()),
        ],
        states={
            DUE: [
                MessageHandler(text, on_due),
                CallbackQueryHandler(on_default_due, pattern=DefaultDue.pattern()),
            ],
            SUMMARY: [MessageHandler(text, on_summary)],
            DECISION: [
                MessageHandler(text, on_decision),
                CallbackQueryHandler(on_skip_decision, pattern=SkipDecision.pattern()),
            ],
            LEAD: [MessageHandler(text, on_lead)],
            TARGET: [MessageHandler(text, on_target)],
        },
    )


def handlers() -> list[BaseHandler[Update, Any, Any]]:
    return [CallbackQueryHandler(on_step, pattern=TakeStep.pattern())]
