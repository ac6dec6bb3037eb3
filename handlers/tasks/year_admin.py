"""The year in the chat: /nam (/year) shows it to everyone and lets the committee set it. A
change that shuts registration now, switches the current year or leaves members above the new
limit is shown first and saved only after "Lưu". /khaudotpha is in :mod:`handlers.tasks.year_areas`,
/molai in :mod:`handlers.tasks.year_reopen`; who may change what is decided in ``services.years``."""

from __future__ import annotations

import html
import secrets
from dataclasses import dataclass
from datetime import date, datetime
from typing import Annotated, Any

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler

from bot.domain.deadlines import DeadlineError, parse_deadline
from bot.domain.errors import UserError
from bot.domain.model import Identity
from bot.domain.permissions import may_manage_year
from bot.domain.tasks import Year
from bot.domain.text import fold
from bot.domain.year_changes import example_window
from bot.i18n import N_, Translator
from handlers.kit.auth import member_only
from handlers.kit.buttons import button, pressed
from handlers.kit.callbacks import CallbackData, Text, any_of
from handlers.kit.command_text import command_arguments, number, split_parts
from handlers.kit.context import BotContext
from handlers.kit.refusals import Shown, refusal_text
from handlers.kit.replies import replace, reply
from handlers.tasks.year_change_text import year_change_lines

# A change waiting for "Lưu" is named by a token: only the buttons shown with it act on it.
Token = Annotated[str, Text("[0-9a-f]{8}", example="0a1b2c3d")]


@dataclass(frozen=True)
class SaveYear(CallbackData, prefix="yr:ok:"):
    token: Token


@dataclass(frozen=True)
class DropYear(CallbackData, prefix="yr:no:"):
    token: Token


_DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y")
_YES = {"co", "c", "yes", "y", "true", "1"}
_NO = {"khong", "k", "ko", "no", "n", "false", "0"}


def parse_date(text: str, today: date, year: int | None = None) -> date:
    """A date written in full in any year (a window for next year may open in December), or as
    members write a deadline ("31/03", "cuối tháng 6", "thứ Sáu tuần sau") within ``year``
    (this year by default): the same reader as every other date question."""
    for pattern in _DATE_FORMATS:
        try:
            return datetime.strptime(text.strip(), pattern).date()
        except ValueError:
            continue
    try:
        return parse_deadline(text, year or today.year, today)
    except DeadlineError:
        pass
    raise UserError(
        N_("I could not read the date {text}. Write it as dd/mm/yyyy, for example {example}."),
        text=text.strip(),
        example=today,
    )


def _yes_no(text: str) -> bool:
    word = fold(text)
    if word in _YES:
        return True
    if word in _NO:
        return False
    raise UserError(N_("Approval must be yes or no."))


def render_year(year: Year, t: Translator) -> str:
    lines = [
        t("<b>Year {year}: {theme}</b>", year=year.year, theme=html.escape(year.theme)),
        t("Registration: {opens} – {closes}", opens=year.opens, closes=year.closes),
        t("At most {max} tasks per member", max=year.max_tasks),
        t("Approval by the cell secretary: yes")
        if year.approval_required
        else t("Approval by the cell secretary: no"),
    ]
    if year.areas:
        lines.append(t("Breakthrough areas:"))
        lines += [f"{n}. {html.escape(a.name)}" for n, a in enumerate(year.areas, 1)]
    else:
        lines.append(t("Breakthrough areas: none"))
    return "\n".join(lines)


def year_example(t: Translator, today: date, current: Year | None) -> str:
    """This year, registration open from today to the end of next month, the rest as they
    are: pasted back, it is accepted and keeps registration open."""
    opens, closes = example_window(today)
    same = current is not None and current.year == today.year
    theme = current.theme if same and current else t("Breaking through to the finish")
    approval = current.approval_required if same and current else True
    return t(
        "Example: /nam {year} | {theme} | {opens} | {closes} | {max} | {approval}",
        year=today.year,
        theme=theme,
        opens=opens,
        closes=closes,
        max=current.max_tasks if same and current else 5,
        approval=t("yes") if approval else t("no"),
    )


def refusal(error: UserError, t: Translator, example: str) -> str:
    """The refusal, and below it what would do."""
    return f"{refusal_text(error, t)}\n<i>{html.escape(example)}</i>"


def no_longer_active(t: Translator) -> str:
    return t("This button is no longer active.")


@dataclass
class PendingYear:
    """A change to the year waiting for "Lưu"; only the button with its token saves it."""

    token: str
    fields: dict[str, Any]


@member_only
async def show_or_set_year(
    update: Update, context: BotContext, identity: Identity, t: Translator
) -> None:
    line = command_arguments(update)
    today = context.services.years.today()
    if not line:
        year = await context.services.years.current()
        if year is None:
            text = t("The committee has not set up this year's breakthrough tasks yet.")
        else:
            text = render_year(year, t)
        if may_manage_year(identity):
            example = year_example(t, today, year)
            text += "\n\n" + t("To change it:") + "\n<i>" + html.escape(example) + "</i>"
            text += "\n" + t("Breakthrough areas: /khaudotpha; reopen for one member: /molai")
        await reply(update, text)
        return
    try:
        fields = _parse(line, today)
    except UserError as error:
        current = await context.services.years.current()
        await reply(update, refusal(error, t, year_example(t, today, current)))
        return
    change = await context.services.years.preview_year(identity, **fields)
    if not change.needs_confirmation:
        year = await context.services.years.set_year(identity, **fields)
        await reply(update, t("Saved.") + "\n\n" + render_year(year, t))
        return
    pending = PendingYear(secrets.token_hex(4), fields)
    context.slots.year_change = pending
    text = "\n".join(
        [
            t("This change affects members:"),
            *year_change_lines(change, t, html.escape),
            "",
            render_year(change.after, t),
            "",
            t("Save this change?"),
        ]
    )
    keyboard = InlineKeyboardMarkup(
        [
            [
                button(t("✅ Save"), SaveYear(pending.token)),
                button(t("Cancel"), DropYear(pending.token)),
            ]
        ]
    )
    await reply(update, text, keyboard)


def _parse(line: str, today: date) -> dict[str, Any]:
    """``năm | chủ đề | mở | đóng [| tối đa [| duyệt]]`` as the service's keyword arguments."""
    parts = split_parts(line)
    if not 4 <= len(parts) <= 6:
        raise UserError(
            N_(
                "Please write the year, the theme, the opening and closing dates, and "
                "optionally the maximum number of tasks and whether approval is needed, "
                "separated by |."
            )
        )
    year = number(parts[0])
    if year is None or not 2000 <= year <= 2100:
        raise UserError(N_("The year must be a number, for example 2020."))
    max_tasks = number(parts[4]) if len(parts) > 4 else 5
    if max_tasks is None:
        raise UserError(N_("The maximum number of tasks must be between 1 and 50."))
    return {
        "year": year,
        "theme": parts[1],
        "opens": parse_date(parts[2], today, year),
        "closes": parse_date(parts[3], today, year),
        "max_tasks": max_tasks,
        "approval_required": _yes_no(parts[5]) if len(parts) > 5 else True,
    }


@member_only(shown=Shown.IN_PLACE)
async def on_button(update: Update, context: BotContext, identity: Identity, t: Translator) -> None:
    query = update.callback_query
    assert query is not None
    pending = context.slots.year_change
    chosen = pressed(update, SaveYear, DropYear)
    token = chosen.token if isinstance(chosen, SaveYear | DropYear) else None
    if pending is None or pending.token != token:
        await query.answer(no_longer_active(t))
        return
    context.slots.year_change = None
    await query.answer()
    if isinstance(chosen, DropYear):
        await replace(update, t("Cancelled; nothing was changed."))
        return
    year = await context.services.years.set_year(identity, **pending.fields)
    await replace(update, t("Saved.") + "\n\n" + render_year(year, t))


def handlers() -> list[BaseHandler[Update, BotContext, Any]]:
    return [
        CommandHandler(["nam", "year"], show_or_set_year),
        CallbackQueryHandler(on_button, pattern=any_of(SaveYear, DropYear)),
    ]
