"""/molai (/reopen): a cell secretary reopens registration for a member of their cell, the
committee for anyone — typed (``/molai Trần Thị Bình | 31/12/2026``) or picked with buttons:
the member, then until when. The member is told.

Callback data carries only a page, a member id and a date; the service decides whether this
actor may reopen for that member, so forged data is refused (and audited) there.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import date
from typing import Any

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler

from bot.domain.errors import UserError, quoted
from bot.domain.model import Identity, Member
from bot.i18n import N_, Translator
from bot.services.tasks.reopening import CandidatePage, Reopened
from handlers.kit.auth import member_only
from handlers.kit.buttons import button, pressed
from handlers.kit.callbacks import CallbackData, any_of
from handlers.kit.command_text import command_arguments, split_parts
from handlers.kit.context import BotContext
from handlers.kit.pages import navigation
from handlers.kit.refusals import Shown
from handlers.kit.replies import replace, reply
from handlers.tasks.year_admin import parse_date, refusal
from handlers.tasks.year_change_text import reopened_notice


@dataclass(frozen=True)
class ReopenPage(CallbackData, prefix="yo:p:"):
    page: int


@dataclass(frozen=True)
class ReopenFor(CallbackData, prefix="yo:m:"):
    """Until when, for this member?"""

    member: int


@dataclass(frozen=True)
class ReopenUntil(CallbackData, prefix="yo:u:"):
    member: int
    until: date


def _example(t: Translator, name: str, until: date) -> str:
    return t("Example: /molai {name} | {until}", name=name, until=until)


async def _latest_choice(context: BotContext) -> date:
    """The date the examples show: the last one offered as a button."""
    reopening = context.services.reopening
    choices = reopening.choices(await context.services.years.current())
    return choices[-1] if choices else reopening.today()


def _done(t: Translator, done: Reopened) -> str:
    return t(
        "Registration reopened for {name} until {until}.",
        name=html.escape(done.member.full_name),
        until=done.until,
    )


def _picker(page: CandidatePage, t: Translator) -> InlineKeyboardMarkup:
    rows = [[button(m.full_name, ReopenFor(m.id))] for m in page.members]
    nav = navigation(ReopenPage, page.page, page.pages, t)
    return InlineKeyboardMarkup([*rows, nav] if nav else rows)


async def _show_page(
    update: Update, context: BotContext, identity: Identity, t: Translator, number: int
) -> None:
    until = await _latest_choice(context)
    page = await context.services.reopening.candidates(identity, number)
    name = page.members[0].full_name if page.members else identity.member.full_name
    example = html.escape(_example(t, name, until))
    if not page.members:
        usage = t("Please write the member's code or name and the date, separated by |.")
        await replace(update, f"{html.escape(usage)}\n<i>{example}</i>")
        return
    text = t(
        "Reopen registration for whom? (page {page}/{pages}) Or type it:",
        page=page.page + 1,
        pages=page.pages,
    )
    await replace(update, f"{text}\n<i>{example}</i>", _picker(page, t))


async def _ask_until(update: Update, context: BotContext, t: Translator, member: Member) -> None:
    reopening = context.services.reopening
    choices = reopening.choices(await context.services.years.current())
    rows = [[button(t("Until {until}", until=d), ReopenUntil(member.id, d))] for d in choices]
    rows.append([button(t("◀ Back"), ReopenPage(0))])
    until = choices[-1] if choices else reopening.today()
    text = t(
        "Reopen registration for <b>{name}</b> until when? Or type another date:",
        name=html.escape(member.full_name),
    )
    example = html.escape(_example(t, member.full_name, until))
    await replace(update, f"{text}\n<i>{example}</i>", InlineKeyboardMarkup(rows))


@member_only
async def reopen(update: Update, context: BotContext, identity: Identity, t: Translator) -> None:
    line = command_arguments(update)
    if not line:
        await _show_page(update, context, identity, t, 0)
        return
    parts = split_parts(line)
    try:
        if len(parts) != 2 or not parts[0]:
            raise UserError(
                N_("Please write the member's code or name and the date, separated by |.")
            )
        until = parse_date(parts[1], context.services.reopening.today())
    except UserError as error:
        name = quoted(parts[0]) or identity.member.full_name
        await reply(update, refusal(error, t, _example(t, name, await _latest_choice(context))))
        return
    done = await context.services.reopening.reopen_named(
        identity, parts[0], until, reopened_notice(context.services.default_language)
    )
    await reply(update, _done(t, done))


@member_only(shown=Shown.AS_MESSAGE)
async def turn_page(update: Update, context: BotContext, identity: Identity, t: Translator) -> None:
    query = update.callback_query
    assert query is not None
    await query.answer()
    turned = pressed(update, ReopenPage)
    if turned is not None:
        await _show_page(update, context, identity, t, turned.page)


@member_only
async def on_button(update: Update, context: BotContext, identity: Identity, t: Translator) -> None:
    """A member, then a date; the service refuses (and audits) what this actor may not do."""
    query = update.callback_query
    assert query is not None
    chosen = pressed(update, ReopenFor, ReopenUntil)
    if isinstance(chosen, ReopenFor):
        member = await context.services.reopening.member(identity, chosen.member)
        await query.answer()
        await _ask_until(update, context, t, member)
        return
    if not isinstance(chosen, ReopenUntil):  # a day no calendar has
        await query.answer(t("This button is no longer active."), show_alert=True)
        return
    notice = reopened_notice(context.services.default_language)
    done = await context.services.reopening.reopen_for(
        identity, chosen.member, chosen.until, notice
    )
    await query.answer()
    await replace(update, _done(t, done))


def handlers() -> list[BaseHandler[Update, BotContext, Any]]:
    return [
        CommandHandler(["molai", "reopen"], reopen),
        CallbackQueryHandler(turn_page, pattern=ReopenPage.pattern()),
        CallbackQueryHandler(on_button, pattern=any_of(ReopenFor, ReopenUntil)),
    ]
