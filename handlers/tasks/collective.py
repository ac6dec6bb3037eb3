"""/viectapthe (/collective): the collective tasks of the member's cell and the committee's work
items (đầu việc), listed apart from personal tasks; a cell secretary or the committee adds one
in a line: ``/viectapthe Tên | sản phẩm | hạn | mã người phụ trách`` (``| khâu`` optional).
Which unit the task belongs to, and who may add it, is decided in ``services.tasks``."""

from __future__ import annotations

import html

from telegram import Update

from bot.domain.dates import deadline_example
from bot.domain.errors import NotAllowed, UserError
from bot.domain.model import Identity
from bot.domain.tasks import Task
from bot.i18n import N_, Translator
from handlers.kit.auth import member_only
from handlers.kit.command_text import command_arguments, split_parts
from handlers.kit.context import BotContext
from handlers.kit.refusals import refusal_text
from handlers.kit.replies import reply


def _example(context: BotContext, t: Translator) -> str:
    # A day and month fall in the task year, so this year's example also fits next year's.
    today = context.services.tasks.today()
    return t(
        "Example: /viectapthe Organise the monthly political study | 12 study sessions with "
        "minutes | {deadline} | A2",
        deadline=f"{deadline_example(today, today.year).day:%d/%m}",
    )


def _how_to_add(context: BotContext, t: Translator) -> str:
    return (
        t(
            "A cell secretary or the committee adds one in a line: name | product | deadline | code of the person responsible"
        )
        + "\n<i>"
        + html.escape(_example(context, t))
        + "</i>"
    )


def _task_line(number: int, task: Task, t: Translator) -> str:
    return t(
        "{number}. {title} — due {deadline}, {progress}%",
        number=number,
        title=html.escape(task.title),
        deadline=task.deadline,
        progress=task.progress,
    )


async def _list(update: Update, context: BotContext, identity: Identity, t: Translator) -> None:
    groups = await context.services.tasks.collective(identity)
    if not groups:
        none = t("There are no collective tasks yet.")
        await reply(update, none + "\n\n" + _how_to_add(context, t))
        return
    lines = [t("<b>Collective tasks</b>")]
    for unit_name, tasks in groups:
        lines += ["", f"<b>{html.escape(unit_name)}</b>"]
        lines += [_task_line(n, task, t) for n, task in enumerate(tasks, 1)]
    await reply(update, "\n".join(lines))


@member_only
async def collective(
    update: Update, context: BotContext, identity: Identity, t: Translator
) -> None:
    line = command_arguments(update)
    if not line:
        await _list(update, context, identity, t)
        return
    parts = split_parts(line)
    try:
        if len(parts) not in (4, 5):
            raise UserError(
                N_(
                    "Please write the name, the product, the deadline and the code of the person "
                    "responsible, separated by |."
                )
            )
        title, product, deadline, responsible = parts[:4]
        added = await context.services.tasks.add_collective_line(
            identity,
            title,
            product,
            deadline,
            responsible,
            area=parts[4] if len(parts) == 5 else None,
        )
    except NotAllowed:
        raise  # a refusal, not a mistake in the line: shown and audited by member_only
    except UserError as error:
        reason = refusal_text(error, t)
        await reply(update, f"⚠️ {reason}\n<i>{html.escape(_example(context, t))}</i>")
        return
    await reply(
        update,
        t(
            "Added the collective task <b>{title}</b> for {unit}; responsible: {name}; "
            "due {deadline}.\nAll collective tasks: /viectapthe",
            title=html.escape(added.task.title),
            unit=html.escape(added.unit_name),
            name=html.escape(added.responsible_name),
            deadline=added.task.deadline,
        ),
    )
