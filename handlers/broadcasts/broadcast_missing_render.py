"""Who did not get a notice: each reason's title over its people, a page at a time that fits in
a message, or the whole list at once. Separate from ``broadcast_render`` because this list is
its own screen (opened from a report's "Who did not get it") with its own fitting rules.
"""

from __future__ import annotations

import html

from bot.domain.broadcasts import Missed, MissReason
from bot.domain.text import collation_key, name_sort_key
from bot.i18n import N_, Translator
from bot.services.broadcasts.broadcast_reports import MissingPage
from handlers.kit.pages import PAGE_SIZE, utf16_len

REASONS = {
    MissReason.BLOCKED: N_("🚫 Blocked the bot or cannot be reached:"),
    MissReason.NOT_LINKED: N_("👤 Not linked to the bot yet (send them an invite with /moi):"),
    MissReason.FAILED: N_(
        "⚠️ The messenger (Telegram or Zalo) refused the message (choose “Resend to those who "
        "failed”):"
    ),
    MissReason.SKIPPED: N_("⏭ Not sent (cancelled or too late):"),
    MissReason.PENDING: N_("⏳ Still being sent:"),
}


def _who(missed: Missed, t: Translator, cut: int | None) -> str:
    """``• Lê Văn Cường (Phòng Đào tạo)``, a group by its cell; why it failed, if it did."""
    cell = html.escape(_cut(missed.cell_name, cut))
    if missed.is_group:
        who = t("the Telegram group of cell {cell}", cell=cell)
    else:
        who = f"{html.escape(_cut(missed.name, cut))} ({cell})"
    error = _cut(missed.error[:80], cut)
    detail = f" — <i>{html.escape(error)}</i>" if missed.reason is MissReason.FAILED else ""
    return f"• {who}{detail}"


def _cut(text: str, cut: int | None) -> str:
    return text if cut is None or len(text) <= cut else text[: cut - 1].rstrip() + "…"


def missing_lines(
    missed: list[Missed], t: Translator, *, continued: bool = False, cut: int | None = None
) -> list[str]:
    """Each reason's title over its people, in the order given (``continued``: the first
    reason's list began on an earlier page)."""
    lines: list[str] = []
    reason = None
    for m in missed:
        if m.reason is not reason:
            title = t(REASONS[m.reason])
            lines.append(f"{title} {t('(continued)')}" if continued and reason is None else title)
            reason = m.reason
        lines.append(_who(m, t, cut))
    return lines


# Names shortened in turn when a page of very long ones would not fit in a message.
_CUTS = (None, 60, 30, 15, 8)


def missing_page(shown: MissingPage, t: Translator) -> str:
    """One page of who did not get it, under the heading with how many."""
    heading = missing_heading(shown.broadcast_id, shown.total, t)
    for cut in _CUTS:
        lines = missing_lines(shown.items, t, continued=shown.continued, cut=cut)
        text = "\n".join([heading, *lines])
        if utf16_len(text) <= PAGE_SIZE:
            break
    return text


def missing_heading(broadcast_id: int, total: int, t: Translator) -> str:
    if not total:
        return t("Everyone in the audience has received notice #{id}.", id=broadcast_id)
    return t("<b>Who has not got notice #{id}: {n}</b>", id=broadcast_id, n=total)


def missing_blocks(broadcast_id: int, missed: list[Missed], t: Translator) -> list[str]:
    """The whole list at once, as the chat showed it before it came a page at a time (what
    ``tests/bench/bench_pages.py`` measures against): by reason, then members before groups,
    cells and people in the order of a list of names."""
    if not missed:
        return [missing_heading(broadcast_id, 0, t)]
    blocks = [missing_heading(broadcast_id, len(missed), t)]
    for reason in REASONS:
        group = [m for m in missed if m.reason is reason]
        if not group:
            continue
        ordered = sorted(
            group, key=lambda m: (m.is_group, collation_key(m.cell_name), name_sort_key(m.name))
        )
        blocks.append("\n".join(missing_lines(ordered, t)))
    return blocks
