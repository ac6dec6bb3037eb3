"""The year in the chat: /nam (/year) shows it to everyone and lets the committee set it,
/khaudotpha (/areas) sets the breakthrough areas, /molai (/reopen) reopens registration for
one member. Who may change what is decided in ``services.years``."""

from __future__ import annotations

import html
from datetime import date, datetime

from telegram import Update

from bot.domain.errors import UserError
from bot.domain.model import Identity
from bot.domain.permissions import may_manage_year
from bot.domain.tasks import Year
from bot.domain.text import fold
from bot.i18n import N_, Translator
from handlers.auth import member_only
from handlers.command_text import command_arguments, number, split_parts
from handlers.context import BotContext
from handlers.replies import reply

_DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y")
_YES = {"co", "c", "yes", "y", "true", "1"}
_NO = {"khong", "k", "ko", "no", "n", "false", "0"}


def parse_date(text: str) -> date:
    for pattern in _DATE_FORMATS:
        try:
            return datetime.strptime(text.strip(), pattern).date()
        except ValueError:
            continue
    raise UserError(
        N_("I could not read the date {text}. Write it as dd/mm/yyyy, for example 31/03/2020."),
        text=text.strip(),
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


def _year_example(t: Translator, year: int) -> str:
    return t(
        "Example: /nam {year} | Breaking through to the finish | 01/01/{year} | 31/03/{year} "
        "| 5 | yes",
        year=year,
    )


def _refusal(error: UserError, t: Translator, example: str | None = None) -> str:
    text = html.escape(t(error.message, **error.params))
    return text if example is None else f"{text}\n<i>{html.escape(example)}</i>"


@member_only
async def show_or_set_year(
    update: Update, context: BotContext, identity: Identity, t: Translator
) -> None:
    line = command_arguments(update)
    if not line:
        year = await context.services.years.current()
        if year is None:
            text = t("The committee has not set up this year's breakthrough tasks yet.")
        else:
            text = render_year(year, t)
        if may_manage_year(identity):
            example = _year_example(t, year.year if year else context.services.tasks.today().year)
            text += "\n\n" + t("To change it:") + "\n<i>" + html.escape(example) + "</i>"
            text += "\n" + t("Breakthrough areas: /khaudotpha; reopen for one member: /molai")
        await reply(update, text)
        return
    parts = split_parts(line)
    try:
        if not 4 <= len(parts) <= 6:
            raise UserError(
                N_(
                    "Please write the year, the theme, the opening and closing dates, and "
                    "optionally the maximum number of tasks and whether approval is needed, "
                    "separated by |."
                )
            )
        year_number = number(parts[0])
        if year_number is None or not 2000 <= year_number <= 2100:
            raise UserError(N_("The year must be a number, for example 2020."))
        max_tasks = number(parts[4]) if len(parts) > 4 else 5
        if max_tasks is None:
            raise UserError(N_("The maximum number of tasks must be between 1 and 50."))
        opens, closes = parse_date(parts[2]), parse_date(parts[3])
        approval = _yes_no(parts[5]) if len(parts) > 5 else True
    except UserError as error:
        await reply(
            update, _refusal(error, t, _year_example(t, context.services.tasks.today().year))
        )
        return
    try:
        year = await context.services.years.set_year(
            identity,
            year=year_number,
            theme=parts[1],
            opens=opens,
            closes=closes,
            max_tasks=max_tasks,
            approval_required=approval,
        )
    except UserError as error:
        await reply(update, _refusal(error, t))
        return
    await reply(update, t("Saved.") + "\n\n" + render_year(year, t))


@member_only
async def set_areas(update: Update, context: BotContext, identity: Identity, t: Translator) -> None:
    line = command_arguments(update)
    names = [n.strip() for n in line.replace("\n", ";").split(";") if n.strip()]
    if not names:
        example = t("Example: /khaudotpha Quality of teaching; Research; Digital transformation")
        text = t("Please write the breakthrough areas, separated by ;.")
        await reply(update, f"{html.escape(text)}\n<i>{html.escape(example)}</i>")
        return
    try:
        year = await context.services.years.set_areas(identity, names)
    except UserError as error:
        await reply(update, _refusal(error, t))
        return
    await reply(update, t("Saved.") + "\n\n" + render_year(year, t))


@member_only
async def reopen(update: Update, context: BotContext, identity: Identity, t: Translator) -> None:
    parts = split_parts(command_arguments(update))
    example = t("Example: /molai A2 | 15/04/{year}", year=context.services.tasks.today().year)
    try:
        if len(parts) != 2 or not parts[0]:
            raise UserError(
                N_("Please write the member's code or name and the date, separated by |.")
            )
        until = parse_date(parts[1])
    except UserError as error:
        await reply(update, _refusal(error, t, example))
        return
    try:
        _, member = await context.services.years.reopen_named(identity, parts[0], until)
    except UserError as error:
        await reply(update, _refusal(error, t))
        return
    await reply(
        update,
        t(
            "Registration reopened for {name} until {until}.",
            name=html.escape(member.full_name),
            until=until,
        ),
    )
