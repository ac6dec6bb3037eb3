"""/khaudotpha (/areas): the committee sets the year's breakthrough areas.

Adding areas or putting them in another order is saved at once. Renaming or removing one
changes what members see on their tasks, so the new list is shown first with how many tasks
each area carries: the same name keeps its area, a new name in an old one's place renames it
(its tasks keep it), and for an area that goes while tasks carry it the secretary chooses the
area its tasks move to — it is never deleted from under them. Nothing is saved before "Lưu";
the service checks it all again then.
"""

from __future__ import annotations

import html
import secrets
from dataclasses import dataclass, field
from typing import Any

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler

from bot.domain.errors import UserError
from bot.domain.model import Identity
from bot.domain.tasks import Year
from bot.domain.year_changes import AreaPlan
from bot.i18n import Translator
from handlers.kit.auth import member_only
from handlers.kit.buttons import button, pressed
from handlers.kit.callbacks import CallbackData, any_of
from handlers.kit.command_text import command_arguments
from handlers.kit.context import BotContext
from handlers.kit.refusals import refusal_text
from handlers.kit.replies import replace, reply
from handlers.tasks.year_admin import Token, no_longer_active, render_year
from handlers.tasks.year_change_text import area_plan_lines


@dataclass(frozen=True)
class SaveAreas(CallbackData, prefix="ya:ok:"):
    token: Token


@dataclass(frozen=True)
class DropAreas(CallbackData, prefix="ya:no:"):
    token: Token


@dataclass(frozen=True)
class MoveAreaTasks(CallbackData, prefix="ya:mv:"):
    """The tasks of a removed area go to the area at ``position`` in the new list."""

    token: Token
    area: int
    position: int


@dataclass
class PendingAreas:
    """The new list waiting for "Lưu", and where the tasks of each removed area go."""

    token: str
    names: list[str]
    moves: dict[int, int] = field(default_factory=dict)


def _usage(t: Translator, year: Year | None) -> str:
    text = html.escape(t("Please write the breakthrough areas, separated by ;."))
    if year is None or not year.areas:
        example = t("Example: /khaudotpha Quality of teaching; Research; Digital transformation")
        return f"{text}\n<i>{html.escape(example)}</i>"
    now = "/khaudotpha " + "; ".join(a.name for a in year.areas)
    hint = t(
        "To rename an area, write its new name in its place; to add one, write it at the end. "
        "The tasks of an area you leave out move to an area you choose."
    )
    return "\n".join([text, t("The areas now:"), f"<i>{html.escape(now)}</i>", html.escape(hint)])


def _step(plan: AreaPlan, pending: PendingAreas, t: Translator) -> tuple[str, InlineKeyboardMarkup]:
    """The plan so far, and either where the next removed area's tasks go, or "Lưu"."""
    lines = area_plan_lines(plan, pending.moves, t, html.escape)
    cancel = button(t("Cancel"), DropAreas(pending.token))
    waiting = [r for r in plan.in_use_removed if r.area.id not in pending.moves]
    if waiting:
        removal = waiting[0]
        lines += [
            "",
            t(
                "Tasks still carry «{name}». Which area do they move to? (To rename it instead, "
                "write its new name in its place in the list.)",
                name=html.escape(removal.area.name),
            ),
        ]
        rows = [
            [
                button(
                    f"→ {number}. {slot.name}",
                    MoveAreaTasks(pending.token, removal.area.id, number - 1),
                )
            ]
            for number, slot in enumerate(plan.slots, 1)
        ]
        return "\n".join(lines), InlineKeyboardMarkup([*rows, [cancel]])
    lines += ["", t("Save these areas?")]
    save = button(t("✅ Save"), SaveAreas(pending.token))
    return "\n".join(lines), InlineKeyboardMarkup([[save, cancel]])


@member_only
async def set_areas(update: Update, context: BotContext, identity: Identity, t: Translator) -> None:
    line = command_arguments(update)
    names = [n.strip() for n in line.replace("\n", ";").split(";") if n.strip()]
    if not names:
        await reply(update, _usage(t, await context.services.years.current()))
        return
    plan = await context.services.years.preview_areas(identity, names)
    if not plan.needs_confirmation:
        year = await context.services.years.set_areas(identity, plan.names)
        await reply(update, t("Saved.") + "\n\n" + render_year(year, t))
        return
    pending = PendingAreas(secrets.token_hex(4), plan.names)
    context.slots.area_change = pending
    await reply(update, *_step(plan, pending, t))


@member_only
async def on_button(update: Update, context: BotContext, identity: Identity, t: Translator) -> None:
    query = update.callback_query
    assert query is not None
    chosen = pressed(update, SaveAreas, DropAreas, MoveAreaTasks)
    token = chosen.token if isinstance(chosen, SaveAreas | DropAreas | MoveAreaTasks) else None
    pending = context.slots.area_change
    if pending is None or pending.token != token:
        await query.answer(no_longer_active(t))
        return
    await query.answer()
    try:
        if isinstance(chosen, DropAreas):
            context.slots.area_change = None
            await replace(update, t("Cancelled; nothing was changed."))
        elif isinstance(chosen, MoveAreaTasks):
            plan = await context.services.years.preview_areas(identity, pending.names)
            pending.moves[chosen.area] = chosen.position
            plan.check_moves(pending.moves, complete=False)
            await replace(update, *_step(plan, pending, t))
        else:
            context.slots.area_change = None
            year = await context.services.years.set_areas(identity, pending.names, pending.moves)
            await replace(update, t("Saved.") + "\n\n" + render_year(year, t))
    except UserError as error:
        context.slots.area_change = None
        await replace(update, refusal_text(error, t))


def handlers() -> list[BaseHandler[Update, BotContext, Any]]:
    return [
        CommandHandler(["khaudotpha", "areas"], set_areas),
        CallbackQueryHandler(on_button, pattern=any_of(SaveAreas, DropAreas, MoveAreaTasks)),
    ]
