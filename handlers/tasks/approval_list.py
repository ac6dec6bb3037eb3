"""Tasks waiting for approval as a secretary reads them: the lines and buttons the digest the
scheduler sends (given ``digest_message``, see ``handlers.tasks.jobs``) and the /duyet list
(handlers.tasks.approval_render) share."""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.formatting import short_day
from bot.i18n import NP_, Translator
from bot.services.tasks.approvals import Pending
from handlers.kit.callbacks import CallbackData


# Callback data. Buttons live on in chats and in queued digests: keep these formats stable.
@dataclass(frozen=True)
class ApproveTask(CallbackData, prefix="ap:y:"):
    """In a digest, or on a page of the /duyet list (shown again after the decision)."""

    task: int
    page: int | None = None


@dataclass(frozen=True)
class ReturnTask(CallbackData, prefix="ap:n:"):
    task: int
    page: int | None = None


@dataclass(frozen=True)
class ApproveOnCard(CallbackData, prefix="ap:cy:"):
    """From the task's card: the card shows the result."""

    task: int


@dataclass(frozen=True)
class ReturnOnCard(CallbackData, prefix="ap:cn:"):
    task: int


@dataclass(frozen=True)
class ApproveAll(CallbackData, prefix="ap:all"):
    """Asks to confirm approving every task waiting."""


@dataclass(frozen=True)
class ApproveAllConfirmed(CallbackData, prefix="ap:all:ok"):
    pass


@dataclass(frozen=True)
class ApprovalPage(CallbackData, prefix="ap:p:"):
    page: int


@dataclass(frozen=True)
class OpenApprovalList(CallbackData, prefix="ap:list"):
    pass


@dataclass(frozen=True)
class ViewTask(CallbackData, prefix="tk:v:"):
    """The task's card as a new message, the list staying (handlers.tasks.task_card)."""

    task: int


MAX_WITH_BUTTONS = 8  # more than this in a digest: one button to the list instead
TITLE_CHARS, PRODUCT_CHARS = 120, 100


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def pending_lines(
    items: Sequence[Pending], t: Translator, *, first: int = 1, show_cell: bool = False
) -> list[str]:
    """``1. <b>Title</b> — Owner`` (`` · cell`` for whoever approves in several cells) and the
    product and deadline below, escaped; numbered from ``first``."""
    lines = []
    for number, item in enumerate(items, start=first):
        task = item.task
        who = html.escape(item.owner_name)
        if show_cell and item.cell_name:
            who += f" · {html.escape(item.cell_name)}"
        lines.append(
            f"{number}. <b>{html.escape(_cut(task.title, TITLE_CHARS))}</b> — {who}\n    "
            + t(
                "Product: {product} · deadline {deadline}",
                product=html.escape(_cut(task.product, PRODUCT_CHARS)),
                deadline=short_day(task.deadline, t.language),
            )
        )
    return lines


def pending_rows(
    items: Sequence[Pending], t: Translator, *, first: int = 1, page: int | None = None
) -> list[list[InlineKeyboardButton]]:
    """✅ Approve · ↩️ Return · 👁 View, one row per task, numbered as in the text; ``page``
    (in the /duyet list) says which page to show again after the decision."""
    return [
        [
            InlineKeyboardButton(
                "✅ " + t("Approve {n}", n=n), callback_data=ApproveTask(p.task.id, page).pack()
            ),
            InlineKeyboardButton(
                "↩️ " + t("Return {n}", n=n), callback_data=ReturnTask(p.task.id, page).pack()
            ),
            InlineKeyboardButton(
                "👁 " + t("View {n}", n=n), callback_data=ViewTask(p.task.id).pack()
            ),
        ]
        for n, p in enumerate(items, start=first)
    ]


def approve_all_row(count: int, t: Translator) -> list[list[InlineKeyboardButton]]:
    """«✅ Approve all (N)», which asks to confirm; nothing for fewer than two."""
    if count < 2:
        return []
    label = "✅ " + t("Approve all ({count})", count=count)
    return [[InlineKeyboardButton(label, callback_data=ApproveAll().pack())]]


def digest_message(items: Sequence[Pending], t: Translator) -> tuple[str, InlineKeyboardMarkup]:
    """One message for all the new submissions a secretary has not been told about yet."""
    shown = items[:MAX_WITH_BUTTONS]
    show_cell = len({p.cell_name for p in items}) > 1
    lines = [
        t("<b>New tasks waiting for your approval: {count}</b>", count=len(items)),
        *pending_lines(shown, t, show_cell=show_cell),
    ]
    if len(items) > len(shown):
        lines.append(t(NP_("tasks", "… and {count} more."), count=len(items) - len(shown)))
        keyboard = InlineKeyboardMarkup(
            [
                [
                    InlineKeyboardButton(
                        t("Open the approval list"), callback_data=OpenApprovalList().pack()
                    )
                ]
            ]
        )
    else:
        keyboard = InlineKeyboardMarkup(pending_rows(shown, t))
    return "\n".join(lines), keyboard
