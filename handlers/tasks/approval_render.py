"""The /duyet list as an approver reads it: a page of the tasks waiting (numbered across pages,
each task's cell for whoever approves in several cells), one row of buttons per task, ◀ ▶
between pages, and «✅ Approve all (N)» with the question it asks first."""

from __future__ import annotations

from collections.abc import Sequence

from telegram import InlineKeyboardMarkup

from bot.i18n import Translator
from bot.services.tasks.approvals import Pending
from handlers.kit.buttons import button
from handlers.kit.pages import clamp, navigation, page_line
from handlers.tasks.approval_list import (
    ApprovalPage,
    ApproveAll,
    ApproveAllConfirmed,
    pending_lines,
    pending_rows,
)

PAGE_SIZE = 8  # tasks a page: 24 buttons, and far below Telegram's 4,096 characters


def list_page(
    pending: Sequence[Pending],
    approvable: int,
    page: int,
    t: Translator,
    *,
    show_cell: bool,
    notice: str | None = None,
) -> tuple[str, InlineKeyboardMarkup | None]:
    """Page ``page`` (kept in range) of ``pending``, ``notice`` (HTML) above it; ``approvable``
    is how many «Approve all» would approve (not the approver's own)."""
    head = [notice, ""] if notice else []
    if not pending:
        return "\n".join([*head, t("No task is waiting for approval.")]), None
    pages = -(-len(pending) // PAGE_SIZE)
    page = clamp(page, pages)
    first = page * PAGE_SIZE
    shown = pending[first : first + PAGE_SIZE]
    lines = [*head, t("<b>Tasks waiting for approval: {count}</b>", count=len(pending))]
    if pages > 1:
        lines.append(page_line(page, pages, t))
    lines += pending_lines(shown, t, first=first + 1, show_cell=show_cell)
    rows = pending_rows(shown, t, first=first + 1, page=page)
    turn = navigation(ApprovalPage, page, pages, t)
    if turn:
        rows.append(turn)
    if approvable > 1:
        label = "✅ " + t("Approve all ({count})", count=approvable)
        rows.append([button(label, ApproveAll())])
    return "\n".join(lines), InlineKeyboardMarkup(rows)


def approve_all_question(count: int, t: Translator) -> tuple[str, InlineKeyboardMarkup]:
    text = "\n".join(
        [
            t.ngettext(
                "<b>Approve the {n} task waiting?</b>",
                "<b>Approve all {n} tasks waiting?</b>",
                count,
            ),
            t("Each member will be told in a message of their own."),
        ]
    )
    keyboard = InlineKeyboardMarkup(
        [
            [button("✅ " + t("Approve all ({count})", count=count), ApproveAllConfirmed())],
            [button(t("◀ Back to the list"), ApprovalPage(0))],
        ]
    )
    return text, keyboard
