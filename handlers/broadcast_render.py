"""What the broadcast screens say and which buttons they carry: the audience choice, the
preview's figures, the delivery report, who did not get it, the recent list.

Callback data carries ids and page numbers only (``bc:`` inside the /thongbao conversation,
``bcr:`` on report messages); the service authorises every press.
"""

from __future__ import annotations

import html
from collections.abc import Iterable

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.domain.broadcasts import (
    Audience,
    BroadcastReport,
    BroadcastStatus,
    KindFilter,
    Missed,
    MissReason,
    Preview,
)
from bot.domain.model import Unit
from bot.domain.text import collation_key, name_sort_key
from bot.formatting import number
from bot.i18n import N_, Translator

# Inside the conversation.
WHOLE, PARTY, NON_PARTY, PICK = "bc:all", "bc:party", "bc:non", "bc:pick"
TOGGLE, PAGE, CHOSEN = "bc:c:", "bc:p:", "bc:ok"
SEND, LATER, DROP, LIST = "bc:send", "bc:later", "bc:no", "bc:list"
# On report messages, any time later.
MISSING, RESEND, CANCEL, VIEW = "bcr:m:", "bcr:r:", "bcr:x:", "bcr:v:"

CELLS_PER_PAGE = 8
SNIPPET = 80

REASONS = {
    MissReason.BLOCKED: N_("🚫 Blocked the bot or cannot be reached:"),
    MissReason.NOT_LINKED: N_("👤 Not linked to the bot yet (send them an invite with /moi):"),
    MissReason.FAILED: N_("⚠️ Telegram refused the message (press “Resend to those who failed”):"),
    MissReason.SKIPPED: N_("⏭ Not sent (cancelled or too late):"),
    MissReason.PENDING: N_("⏳ Still being sent:"),
}


def audience_keyboard(t: Translator) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(t("🏛 The whole organisation"), callback_data=WHOLE)],
            [InlineKeyboardButton(t("☑️ Choose cells"), callback_data=PICK)],
            [InlineKeyboardButton(t("⭐ Party members only"), callback_data=PARTY)],
            [InlineKeyboardButton(t("👥 Non-party staff only"), callback_data=NON_PARTY)],
            [InlineKeyboardButton(t("📋 Notices sent"), callback_data=LIST)],
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
        [
            InlineKeyboardButton(
                ("✅ " if c.id in chosen else "▫️ ") + c.name, callback_data=f"{TOGGLE}{c.id}:{page}"
            )
        ]
        for c in shown
    ]
    nav = []
    if page > 0:
        nav.append(InlineKeyboardButton(t("◀ Previous"), callback_data=f"{PAGE}{page - 1}"))
    if page + 1 < pages:
        nav.append(InlineKeyboardButton(t("Next ▶"), callback_data=f"{PAGE}{page + 1}"))
    if nav:
        rows.append(nav)
    rows.append([InlineKeyboardButton(t("Done ({n} chosen)", n=len(chosen)), callback_data=CHOSEN)])
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
    if parts > 1:
        lines.append(t("It is long, so it goes as {n} messages.", n=parts))
    return "\n".join(lines)


def confirm_keyboard(t: Translator) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(t("📤 Send now"), callback_data=SEND),
                InlineKeyboardButton(t("🕒 Schedule"), callback_data=LATER),
            ],
            [InlineKeyboardButton(t("✖️ Cancel"), callback_data=DROP)],
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
        lines.append(t.ngettext("It will go to {n} member.", "It will go to {n} members.", m.pending))
        if report.not_linked:
            lines.append(t("👤 Not linked: {n}", n=report.not_linked))
        if g.total:
            lines.append(t("👥 Also posted in {n} cell Telegram groups.", n=g.total))
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
    if report.status is BroadcastStatus.SENT and report.finished:
        lines.append(t("Delivery finished."))
    return "\n".join(lines)


def report_keyboard(report: BroadcastReport, t: Translator) -> InlineKeyboardMarkup | None:
    b = report.broadcast
    rows = []
    if report.status is BroadcastStatus.SCHEDULED:
        rows.append(
            [InlineKeyboardButton(t("✖️ Cancel the schedule"), callback_data=f"{CANCEL}{b.id}")]
        )
    elif report.status is BroadcastStatus.SENT:
        rows.append(
            [InlineKeyboardButton(t("🔍 Who did not get it"), callback_data=f"{MISSING}{b.id}")]
        )
        if report.members.failed or report.groups.failed:
            rows.append(
                [
                    InlineKeyboardButton(
                        t("🔁 Resend to those who failed"), callback_data=f"{RESEND}{b.id}"
                    )
                ]
            )
    return InlineKeyboardMarkup(rows) if rows else None


def missing_blocks(broadcast_id: int, missed: list[Missed], t: Translator) -> list[str]:
    if not missed:
        return [t("Everyone in the audience has received notice #{id}.", id=broadcast_id)]
    blocks = [t("<b>Who has not got notice #{id}: {n}</b>", id=broadcast_id, n=len(missed))]
    for reason, title in REASONS.items():
        group = [m for m in missed if m.reason is reason]
        if not group:
            continue
        lines = [t(title)]
        for m in sorted(
            group, key=lambda m: (m.is_group, collation_key(m.cell_name), name_sort_key(m.name))
        ):
            if m.is_group:
                who = t("the Telegram group of cell {cell}", cell=html.escape(m.cell_name))
            else:
                who = f"{html.escape(m.name)} ({html.escape(m.cell_name)})"
            detail = f" — <i>{html.escape(m.error[:80])}</i>" if reason is MissReason.FAILED else ""
            lines.append(f"• {who}{detail}")
        blocks.append("\n".join(lines))
    return blocks


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
    buttons = [
        InlineKeyboardButton(f"#{r.broadcast.id}", callback_data=f"{VIEW}{r.broadcast.id}")
        for r, _ in reports
    ]
    rows = [buttons[i : i + 5] for i in range(0, len(buttons), 5)]
    return blocks, InlineKeyboardMarkup(rows)
