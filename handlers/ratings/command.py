"""/xeploai (/rating): the committee's table and distribution, a cell secretary's cell, or, for
a plain member, where their own review is (/tukiemdiem). ``/xeploai mo …`` opens a cycle in one
line. The buttons that browse (a cell, a member's card, the reminder, sending the list,
publishing) are here; those that ask for more (votes, a note, a reason) are in ``answers``."""

from __future__ import annotations

import html
from typing import Any

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler

from bot.domain.model import Identity
from bot.domain.ratings.records import NotRated
from bot.domain.text import fold
from bot.i18n import Translator
from bot.services.ratings.access import is_committee, secretary_cells
from handlers.kit.auth import member_only
from handlers.kit.buttons import button, pressed
from handlers.kit.callbacks import any_of
from handlers.kit.command_text import command_arguments
from handlers.kit.context import BotContext
from handlers.kit.replies import replace, reply
from handlers.ratings import open_cycle
from handlers.ratings.cell_view import entry_view, roster_view
from handlers.ratings.committee_view import overview_view
from handlers.ratings.rating_buttons import (
    MarkNotRated,
    MarkSickLeave,
    NudgeCell,
    OpenCellRatings,
    OpenCycleForm,
    OpenRatingEntry,
    PublishRatings,
    RatingsOverview,
    ShowReviewFile,
    SubmitCell,
)
from handlers.ratings.rating_text import cell_notice, member_notice, nudge_text

COMMANDS = ["xeploai", "rating"]


@member_only
async def xeploai(update: Update, context: BotContext, identity: Identity, t: Translator) -> None:
    rest = command_arguments(update)
    word, _, tail = rest.partition(" ")
    if fold(word) in ("mo", "open"):
        await open_cycle.one_line(update, context, identity, t, tail)
        return
    services = context.services
    if is_committee(identity):
        cycle = await services.rating_cycles.current()
        if cycle is None:
            await reply(
                update,
                t("No review cycle yet.") + "\n" + open_cycle.how_to_open(services, t),
                InlineKeyboardMarkup([[button(t("🔓 Open a review cycle"), OpenCycleForm())]]),
            )
            return
        overview = await services.committee_ratings.overview(identity)
        await reply(update, *overview_view(overview, 0, t))
        return
    cells = sorted(secretary_cells(identity))
    if cells:
        roster = await services.cell_ratings.roster(identity, cells[0])
        await reply(update, *roster_view(roster, identity, t))
        return
    await reply(
        update,
        t(
            "/xeploai is for cell secretaries and the party committee. Your own self-review "
            "and, once published, your rating: /tukiemdiem."
        ),
    )


@member_only
async def on_overview(
    update: Update, context: BotContext, identity: Identity, t: Translator
) -> None:
    query = update.callback_query
    chosen = pressed(update, RatingsOverview)
    assert query is not None
    overview = await context.services.committee_ratings.overview(identity)
    await query.answer()
    await replace(update, *overview_view(overview, 0 if chosen is None else chosen.page, t))


@member_only
async def on_cell(update: Update, context: BotContext, identity: Identity, t: Translator) -> None:
    query = update.callback_query
    chosen = pressed(update, OpenCellRatings)
    assert query is not None and chosen is not None
    roster = await context.services.cell_ratings.roster(identity, chosen.cell)
    await query.answer()
    await replace(update, *roster_view(roster, identity, t))


@member_only
async def on_entry(update: Update, context: BotContext, identity: Identity, t: Translator) -> None:
    query = update.callback_query
    chosen = pressed(update, OpenRatingEntry)
    assert query is not None and chosen is not None
    card = await context.services.cell_ratings.entry(identity, chosen.member)
    await query.answer()
    await replace(update, *entry_view(card.cycle, card.entry, identity, card.cell_sent, t))


@member_only
async def on_nudge(update: Update, context: BotContext, identity: Identity, t: Translator) -> None:
    query = update.callback_query
    chosen = pressed(update, NudgeCell)
    assert query is not None and chosen is not None
    services = context.services
    count = await services.cell_ratings.nudge(
        identity, chosen.cell, nudge_text(services.default_language)
    )
    if count:
        await query.answer(t("🔔 Reminded: {count}.", count=count), show_alert=True)
    else:
        await query.answer(
            t("Everyone waiting has been reminded today already; try again tomorrow."),
            show_alert=True,
        )


@member_only
async def on_submit(update: Update, context: BotContext, identity: Identity, t: Translator) -> None:
    query = update.callback_query
    chosen = pressed(update, SubmitCell)
    assert query is not None and chosen is not None
    roster = await context.services.cell_ratings.submit(identity, chosen.cell)
    await query.answer(t("📤 Sent to the committee."))
    await replace(update, *roster_view(roster, identity, t))


@member_only
async def on_publish(
    update: Update, context: BotContext, identity: Identity, t: Translator
) -> None:
    query = update.callback_query
    chosen = pressed(update, PublishRatings)
    assert query is not None and chosen is not None
    services = context.services
    if not chosen.confirmed:
        overview = await services.committee_ratings.overview(identity)
        await query.answer()
        await reply(
            update,
            t(
                "Publish the ratings of {count} members? Each member is told their own level "
                "privately and each cell secretary their cell's list. Proposals not decided "
                "otherwise become the decisions. This cannot be undone.",
                count=sum(line.members - line.not_rated for line in overview.cells),
            ),
            InlineKeyboardMarkup([[button(t("📣 Publish"), PublishRatings(1))]]),
        )
        return
    language = services.default_language
    count = await services.committee_ratings.publish(
        identity, member_notice(language), cell_notice(language)
    )
    await query.answer()
    await replace(update, t("📣 Published: {count} notices are on their way.", count=count))


@member_only
async def on_mark(update: Update, context: BotContext, identity: Identity, t: Translator) -> None:
    query = update.callback_query
    chosen = pressed(update, MarkNotRated, MarkSickLeave)
    assert query is not None and chosen is not None
    cycles = context.services.rating_cycles
    if isinstance(chosen, MarkNotRated):
        member = chosen.member
        reason = None if chosen.reason == "none" else NotRated(chosen.reason)
        await cycles.mark(identity, member, reason=reason)
    else:
        assert isinstance(chosen, MarkSickLeave)
        member = chosen.member
        await cycles.mark(identity, member, sick_leave=bool(chosen.on))
    card = await context.services.cell_ratings.entry(identity, member)
    await query.answer(t("Saved."))
    await replace(update, *entry_view(card.cycle, card.entry, identity, card.cell_sent, t))


@member_only
async def on_file(update: Update, context: BotContext, identity: Identity, t: Translator) -> None:
    """The member's filled form, for whoever may read their review (refused and audited for
    anyone else, before anything is sent)."""
    query = update.callback_query
    chosen = pressed(update, ShowReviewFile)
    assert query is not None and chosen is not None
    card = await context.services.cell_ratings.entry(identity, chosen.member)
    review = card.entry.review
    chat = update.effective_chat
    if review is None or review.file_id is None or chat is None:
        await query.answer(t("No self-review yet."), show_alert=True)
        return
    if review.channel != context.channel.value:
        await query.answer(
            t("The form was sent on {channel}: open it there.", channel=review.channel or "?"),
            show_alert=True,
        )
        return
    await query.answer()
    caption = html.escape(card.entry.full_name)
    if review.file_kind == "photo":
        await chat.send_photo(review.file_id, caption=caption)
    else:
        await chat.send_document(review.file_id, caption=caption)


def handlers() -> list[BaseHandler[Update, Any, Any]]:
    return [
        CommandHandler(COMMANDS, xeploai),
        CallbackQueryHandler(on_overview, pattern=RatingsOverview.pattern()),
        CallbackQueryHandler(on_cell, pattern=OpenCellRatings.pattern()),
        CallbackQueryHandler(on_entry, pattern=OpenRatingEntry.pattern()),
        CallbackQueryHandler(on_nudge, pattern=NudgeCell.pattern()),
        CallbackQueryHandler(on_submit, pattern=SubmitCell.pattern()),
        CallbackQueryHandler(on_publish, pattern=PublishRatings.pattern()),
        CallbackQueryHandler(on_mark, pattern=any_of(MarkNotRated, MarkSickLeave)),
        CallbackQueryHandler(on_file, pattern=ShowReviewFile.pattern()),
    ]
