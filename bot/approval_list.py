"""Tasks waiting for approval as a secretary reads them: in the digest the scheduler sends and
in /duyet. Both live here because the scheduler may not import the handlers."""

from __future__ import annotations

import html
from collections.abc import Sequence

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.formatting import short_day
from bot.i18n import NP_, Translator
from bot.services.approvals import Pending

APPROVE = "ap:y:"  # ap:y:<task>
RETURN = "ap:n:"  # ap:n:<task>
OPEN_LIST = "ap:list"  # the /duyet list
VIEW = (
    "tk:v:"  # tk:v:<task>, the task's card as a new message, the list staying (handlers.task_card)
)
MAX_WITH_BUTTONS = 8  # more than this in a digest: one button to the list instead
TITLE_CHARS, PRODUCT_CHARS = 120, 100


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def pending_lines(items: Sequence[Pending], t: Translator) -> list[str]:
    """``1. <b>Title</b> — Owner`` and the product and deadline below, escaped."""
    lines = []
    for number, item in enumerate(items, start=1):
        task = item.task
        lines.append(
            f"{number}. <b>{html.escape(_cut(task.title, TITLE_CHARS))}</b>"
            f" — {html.escape(item.owner_name)}\n    "
            + t(
                "Product: {product} · deadline {deadline}",
                product=html.escape(_cut(task.product, PRODUCT_CHARS)),
                deadline=short_day(task.deadline, t.language),
            )
        )
    return lines


def pending_keyboard(items: Sequence[Pending], t: Translator) -> InlineKeyboardMarkup:
    """Approve, return and view, one row per task, numbered as in the text."""
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(t("Approve {n}", n=n), callback_data=f"{APPROVE}{p.task.id}"),
                InlineKeyboardButton(t("Return {n}", n=n), callback_data=f"{RETURN}{p.task.id}"),
                InlineKeyboardButton(t("View {n}", n=n), callback_data=f"{VIEW}{p.task.id}"),
            ]
            for n, p in enumerate(items, start=1)
        ]
    )


def digest_message(items: Sequence[Pending], t: Translator) -> tuple[str, InlineKeyboardMarkup]:
    """One message for all the new submissions a secretary has not been told about yet."""
    shown = items[:MAX_WITH_BUTTONS]
    lines = [
        t("<b>New tasks waiting for your approval: {count}</b>", count=len(items)),
        *pending_lines(shown, t),
    ]
    if len(items) > len(shown):
        lines.append(t(NP_("tasks", "… and {count} more."), count=len(items) - len(shown)))
        keyboard = InlineKeyboardMarkup(
            [[InlineKeyboardButton(t("Open the approval list"), callback_data=OPEN_LIST)]]
        )
    else:
        keyboard = pending_keyboard(shown, t)
    return "\n".join(lines), keyboard


def without_task(markup: InlineKeyboardMarkup | None, task_id: int) -> InlineKeyboardMarkup:
    """The keyboard without the row that approves or returns ``task_id`` (it was decided)."""
    decided = {f"{APPROVE}{task_id}", f"{RETURN}{task_id}"}
    rows = [] if markup is None else markup.inline_keyboard
    return InlineKeyboardMarkup(
        [list(row) for row in rows if not any(b.callback_data in decided for b in row)]
    )
