"""What the broadcast screens say and which buttons they carry: the audience choice, the
preview's figures, the delivery report, the recent list (who did not get it is in
``broadcast_missing_render``).

Callback data carries ids and page numbers only (``bc:`` inside the /thongbao conversation,
``bcr:`` on report messages); the service authorises every press.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from dataclasses import dataclass

from telegram import InlineKeyboardMarkup

from bot.domain.broadcasts import (
    Audience,
    BroadcastReport,
    BroadcastStatus,
    KindFilter,
    Preview,
)
from bot.domain.model import Unit
from bot.domain.quota import QuotaLeft
from bot.formatting import number
from bot.i18n import Translator
from handlers.kit.buttons import button
from handlers.kit.callbacks import CallbackData
from handlers.kit.pages import navigation


# Inside the conversation: whom.
@dataclass(frozen=True)
class WholeOrganisation(CallbackData, prefix="bc:all"):
    pass


@dataclass(frozen=True)
class PartyOnly(CallbackData, prefix="bc:party"):
    pass


@dataclass(frozen=True)
class NonPartyOnly(CallbackData, prefix="bc:non"):
    pass


@dataclass(frozen=True)
class ChooseCells(CallbackData, prefix="bc:pick"):
    pass


@dataclass(frozen=True)
class ToggleCell(CallbackData, prefix="bc:c:"):
    """Choose a cell or leave it out, on this page of cells."""

    cell: int
    page: int


@dataclass(frozen=True)
class CellsPage(CallbackData, prefix="bc:p:"):
    page: int


@dataclass(frozen=True)
class CellsChosen(CallbackData, prefix="bc:ok"):
    pass


# Inside the conversation: the preview, and the list of notices sent.
@dataclass(frozen=True)
class SendNow(CallbackData, prefix="bc:send"):
    pass


@dataclass(frozen=True)
class SendLater(CallbackData, prefix="bc:later"):
    pass


@dataclass(frozen=True)
class DropNotice(CallbackData, prefix="bc:no"):
    pass


@dataclass(frozen=True)
class NoticesSent(CallbackData, prefix="bc:list"):
    pass


AUDIENCE_BUTTONS = (
    WholeOrganisation,
    PartyOnly,
    NonPartyOnly,
    ChooseCells,
    ToggleCell,
    CellsPage,
    CellsChosen,
    NoticesSent,
)
PREVIEW_BUTTONS = (SendNow, SendLater, DropNotice)


# On report messages, any time later.
@dataclass(frozen=True)
class WhoMissed(CallbackData, prefix="bcr:m:"):
    broadcast: int


@dataclass(frozen=True)
class ResendFailed(CallbackData, prefix="bcr:r:"):
    broadcast: int


@dataclass(frozen=True)
class CancelScheduled(CallbackData, prefix="bcr:x:"):
    broadcast: int


@dataclass(frozen=True)
class ViewReport(CallbackData, prefix="bcr:v:"):
    broadcast: int


@dataclass(frozen=True)
class MissedPage(CallbackData, prefix="bcr:p:"):
    """A page of who did not get it."""

    broadcast: int
    page: int


ReportButton = WhoMissed | ResendFailed | CancelScheduled | ViewReport | MissedPage
REPORT_BUTTONS = (WhoMissed, ResendFailed, CancelScheduled, ViewReport, MissedPage)

CELLS_PER_PAGE = 8
SNIPPET = 80


def audience_keyboard(t: Translator) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [button(t("🏛 The whole organisation"), WholeOrganisation())],
            [button(t("☑️ Choose cells"), ChooseCells())],
            [button(t("⭐ Party members only"), PartyOnly())],
            [button(t("👥 Non-party staff only"), NonPartyOnly())],
            [button(t("📋 Notices sent"), NoticesSent())],
        ]
    )


def cells_keyboard(
    cells: list[Unit], chosen: set[int], page: int, t: Translator
) -> InlineKeyboardMarkup:
    """Toggle buttons, a page of cells at a time, then ◀ ▶ and "Done"."""
    pages = max(1, -(-len(cells) // CELLS_PER_PAGE))
    page = max(0, min(page, pages - 1))
    shown = cells[page * CELLS_PER_PAGE : (page + 1) * CELLS_PER_PAGE]
    rows = [
        [button(("✅ " if c.id in chosen else "▫️ ") + c.name, ToggleCell(c.id, page))]
        for c in shown
    ]
    nav = navigation(CellsPage, page, pages, t)
    if nav:
        rows.append(nav)
    rows.append([button(t("Done ({n} chosen)", n=len(chosen)), CellsChosen())])
    return InlineKeyboardMarkup(rows)


def audience_label(audience: Audience, cell_names: Iterable[str], t: Translator) -> str:
    """ "Cell Phòng Đào tạo", "the whole organisation", "party members"…, escaped."""
    if audience.kind is KindFilter.PARTY:
        return t("party members of the whole organisation")
    if audience.kind is KindFilter.NON_PARTY:
        return t("non-party staff of the whole organisation")
    if audience.cell_ids is None:
        return t("the whole organisation")
    names = ", ".join(html.escape(n) for n in cell_names)
    return (
        t("cell {names}", names=names)
        if len(audience.cell_ids) == 1
        else t("cells {names}", names=names)
    )


def preview_summary(preview: Preview, audience: str, parts: int, t: Translator) -> str:
    lines = [
        t("<b>Above is the notice as members will see it.</b>"),
        t("To: {audience}", audience=audience),
        t("✅ {n} linked members will get it.", n=preview.linked),
    ]
    if preview.unreachable:
        lines.append(
            t("🚫 Of them, {n} blocked the bot last time and may not.", n=preview.unreachable)
        )
    if preview.not_linked:
        lines.append(
            t("👤 {n} members are not linked to the bot and will not get it.", n=preview.not_linked)
        )
    if preview.groups:
        lines.append(t("👥 Also posted in {n} cell Telegram groups.", n=preview.groups))
    if preview.zalo_quota is not None:
        lines.append(zalo_quota_line(preview.zalo_quota, t))
        held = preview.zalo_quota.held(preview.zalo)
        if held:
            lines.append(
                t(
                    "⚠️ Too few left: {n} members on Zalo will get it next month.",
                    n=held,
                )
            )
    if parts > 1:
        lines.append(t("It is long, so it goes as {n} messages.", n=parts))
    return "\n".join(lines)


def confirm_keyboard(t: Translator) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                button(t("📤 Send now"), SendNow()),
                button(t("🕒 Schedule"), SendLater()),
            ],
            [button(t("✖️ Cancel"), DropNotice())],
        ]
    )


def _snippet(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= SNIPPET else flat[: SNIPPET - 1] + "…"


def report_text(report: BroadcastReport, local_time: str, t: Translator) -> str:
    """The delivery report: every figure comes from the outbox via the service."""
    b = report.broadcast
    audience = audience_label(b.audience, report.cell_names, t)
    lines = [
        t("📊 <b>Notice #{id}</b> to {audience}", id=b.id, audience=audience),
    ]
    snippet = _snippet(b.text)
    if snippet:
        lines.append(f"<i>«{html.escape(snippet)}»</i>")
    if report.status is BroadcastStatus.CANCELLED:
        lines.append(t("❌ Cancelled; it was not sent."))
        return "\n".join(lines)
    m, g = report.members, report.groups
    if report.status is BroadcastStatus.SCHEDULED:
        # Nothing is being sent yet: say when it goes and to how many, not "being sent".
        lines.append(t("🕒 Scheduled for {at}.", at=local_time))
        lines.append(
            t.ngettext("It will go to {n} member.", "It will go to {n} members.", m.pending)
        )
        if report.not_linked:
            lines.append(t("👤 Not linked: {n}", n=report.not_linked))
        if g.total:
            lines.append(t("👥 Also posted in {n} cell Telegram groups.", n=g.total))
        if report.zalo_quota is not None:
            lines.append(zalo_quota_line(report.zalo_quota, t))
        return "\n".join(lines)
    lines += [
        t("✅ Received: {n}", n=m.sent),
        t("⏳ Being sent: {n}", n=m.pending),
        t("🚫 Blocked or unreachable: {n}", n=m.blocked),
        t("👤 Not linked: {n}", n=report.not_linked),
        t("⚠️ Failed: {n}", n=m.failed),
    ]
    if m.skipped:
        lines.append(t("⏭ Not sent (too late): {n}", n=m.skipped))
    if g.total:
        lines.append(t("👥 Posted in cell groups: {sent}/{total}", sent=g.sent, total=g.total))
    if report.zalo_quota is not None:
        lines.append(zalo_quota_line(report.zalo_quota, t))
    if report.status is BroadcastStatus.SENT and report.finished:
        lines.append(t("Delivery finished."))
    return "\n".join(lines)


def zalo_quota_line(quota: QuotaLeft, t: Translator) -> str:
    return t("📨 {left}/{limit} Zalo messages left this month.", left=quota.left, limit=quota.limit)


def report_keyboard(report: BroadcastReport, t: Translator) -> InlineKeyboardMarkup | None:
    b = report.broadcast
    rows = []
    if report.status is BroadcastStatus.SCHEDULED:
        rows.append([button(t("✖️ Cancel the schedule"), CancelScheduled(b.id))])
    elif report.status is BroadcastStatus.SENT:
        rows.append([button(t("🔍 Who did not get it"), WhoMissed(b.id))])
        if report.members.failed or report.groups.failed:
            rows.append([button(t("🔁 Resend to those who failed"), ResendFailed(b.id))])
    return InlineKeyboardMarkup(rows) if rows else None


def recent_blocks(
    reports: list[tuple[BroadcastReport, str]], t: Translator
) -> tuple[list[str], InlineKeyboardMarkup | None]:
    """Recent broadcasts with their figures; a button per broadcast opens its full report.
    Each report comes with its time, already formatted."""
    if not reports:
        return [t("No notice has been sent yet.")], None
    blocks = [t("<b>Recent notices</b>")]
    for report, when in reports:
        b = report.broadcast
        audience = audience_label(b.audience, report.cell_names, t)
        head = f"<b>#{b.id}</b> · {when} · {audience}"
        if report.status is BroadcastStatus.CANCELLED:
            figures = t("cancelled")
        elif report.status is BroadcastStatus.SCHEDULED:
            figures = t("scheduled")
        else:
            m, lang = report.members, t.language
            figures = " · ".join(
                f"{sign} {number(n, lang)}"
                for sign, n in (
                    ("✅", m.sent),
                    ("⏳", m.pending),
                    ("🚫", m.blocked),
                    ("👤", report.not_linked),
                    ("⚠️", m.failed),
                )
            )
        snippet = html.escape(_snippet(b.text))
        quoted = f"\n<i>«{snippet}»</i>" if snippet else ""
        blocks.append(f"{head}{quoted}\n{figures}")
    buttons = [button(f"#{r.broadcast.id}", ViewReport(r.broadcast.id)) for r, _ in reports]
    rows = [buttons[i : i + 5] for i in range(0, len(buttons), 5)]
    return blocks, InlineKeyboardMarkup(rows)
