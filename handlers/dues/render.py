"""/dangphi's messages: a member's own months, a cell's grid (members × months, a page of
members at a time) with the claims waiting, one month of a cell as a button per member, a
member's month with what may be recorded, and the committee's figures by cell."""

from __future__ import annotations

import html
from collections.abc import Sequence

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot import formatting
from bot.domain.dues.model import DuesState, Month
from bot.domain.dues.rules import Shown
from bot.domain.model import Member
from bot.i18n import Translator
from bot.i18n.dues_labels import (
    MONTHS_HEADING,
    PAID_BY_MONTH,
    UNPAID_BY_MONTH,
    legend,
    symbol,
    words,
)
from bot.services.dues.status import CellFigures, CellGrid, MemberMonths
from handlers.dues.buttons import (
    AskReason,
    Cells,
    Claim,
    Confirm,
    Entry,
    Grid,
    Mark,
    MonthMembers,
    first_day,
)
from handlers.kit.buttons import button
from handlers.kit.pages import clamp, navigation, page_line

MEMBERS_PER_PAGE = 10
CELLS_PER_PAGE = 10
CLAIM_BUTTONS = 8
UNSETTLED = (Shown.UNPAID, Shown.OPEN)


def _given(member: Member) -> str:
    return member.full_name.split()[-1] if member.full_name.split() else member.full_name


def _last_month(year: int, today_month: Month) -> int:
    """The months shown: the whole of a past year, this year up to this month."""
    if year < today_month.year:
        return 12
    return today_month.month if year == today_month.year else 0


def _row_symbols(row: MemberMonths) -> str:
    marks = [symbol(s) for s in row.months]
    return " ".join("".join(marks[q : q + 3]) for q in range(0, 12, 3))


# --- a member's own months ------------------------------------------------------------------


def member_text(row: MemberMonths, today: Month, t: Translator) -> str:
    lines = [t("💰 <b>Your party dues in {year}</b>", year=row.year)]
    last = _last_month(row.year, today)
    for number in range(1, last + 1):
        state = row.months[number - 1]
        line = t(
            "Month {month}: {symbol} {words}",
            month=number,
            symbol=symbol(state),
            words=words(state, t),
        )
        reason = row.reasons.get(number)
        if reason:
            line += f" — {html.escape(reason)}"
        lines.append(line)
    counts = row.counts
    lines.append(
        t(
            "Paid: {paid} · waiting for confirmation: {claimed} · not paid: {unpaid}",
            paid=counts.paid,
            claimed=counts.claimed,
            unpaid=counts.unpaid,
        )
    )
    lines.append(
        t("Pay on the National Public Service Portal or to your cell, then tap «✅ I paid».")
    )
    return "\n".join(lines)


def member_keyboard(row: MemberMonths, today: Month, t: Translator) -> InlineKeyboardMarkup:
    last = _last_month(row.year, today)
    months = [m for m in range(1, last + 1) if row.months[m - 1] in UNSETTLED][-3:]
    return InlineKeyboardMarkup(
        [
            [button(t("✅ I paid month {month}", month=m), Claim(first_day(row.year, m)))]
            for m in reversed(months)
        ]
    )


# --- a cell's grid --------------------------------------------------------------------------


def grid_pages(grid: CellGrid) -> int:
    return max(1, -(-len(grid.rows) // MEMBERS_PER_PAGE))


def grid_text(grid: CellGrid, page: int, t: Translator) -> str:
    page = clamp(page, grid_pages(grid))
    lines = [
        t(
            "💰 <b>Party dues {year} — cell {cell}</b>",
            year=grid.year,
            cell=html.escape(grid.cell.name),
        ),
        t(MONTHS_HEADING),
    ]
    rows = grid.rows[page * MEMBERS_PER_PAGE : (page + 1) * MEMBERS_PER_PAGE]
    for row in rows:
        flag = " ⚠️" if row.counts.unpaid >= 2 else ""
        lines.append(f"<b>{html.escape(row.member.full_name)}</b>{flag}")
        lines.append(_row_symbols(row))
    if not grid.rows:
        lines.append(t("The cell has no party members."))
    lines.append(legend(t))
    if grid.claims:
        lines.append(
            t("⏳ <b>Waiting for your confirmation ({count}):</b>", count=len(grid.claims))
        )
        lines += [
            t(
                "• {name} — month {month}/{year}",
                name=html.escape(member.full_name),
                month=at.month,
                year=at.year,
            )
            for member, at in grid.claims
        ]
    footer = page_line(page, grid_pages(grid), t)
    if footer:
        lines.append(footer)
    lines.append(t("Tap a month to record it member by member."))
    lines.append(t("Your own months: /dangphi toi"))
    return "\n".join(lines)


def grid_keyboard(
    grid: CellGrid, page: int, t: Translator, *, back_to_cells: bool
) -> InlineKeyboardMarkup:
    page = clamp(page, grid_pages(grid))
    rows: list[list[InlineKeyboardButton]] = [
        [
            button(
                t("✅ {name} · month {month}", name=_given(member), month=at.month),
                Confirm(member.id, at.first_day, "g"),
            )
        ]
        for member, at in grid.claims[:CLAIM_BUTTONS]
    ]
    last = _last_month(grid.year, Month.of(grid.today))
    months = [
        button(t("Month {month}", month=m), MonthMembers(grid.cell.id, first_day(grid.year, m), 0))
        for m in range(1, last + 1)
    ]
    rows += [months[i : i + 6] for i in range(0, len(months), 6)]
    nav = navigation(lambda p: Grid(grid.cell.id, grid.year, p), page, grid_pages(grid), t)
    if nav:
        rows.append(nav)
    if back_to_cells:
        rows.append([button(t("⬅️ Every cell"), Cells(grid.year, 0))])
    return InlineKeyboardMarkup(rows)


# --- one month of a cell --------------------------------------------------------------------


def month_text(grid: CellGrid, month: int, t: Translator) -> str:
    states = [row.months[month - 1] for row in grid.rows]
    paid = sum(s in (Shown.PAID, Shown.REDUCED) for s in states)
    return "\n".join(
        [
            t(
                "💰 <b>Party dues {month}/{year} — cell {cell}</b>",
                month=month,
                year=grid.year,
                cell=html.escape(grid.cell.name),
            ),
            t(
                "Paid: {paid} · said paid: {claimed} · not paid: {unpaid}",
                paid=formatting.ratio(paid, len(states), t.language),
                claimed=sum(s is Shown.CLAIMED for s in states),
                unpaid=sum(s is Shown.UNPAID for s in states),
            ),
            t("Tap ⏳ to confirm a payment; tap any other name to record it."),
            legend(t),
        ]
    )


def month_keyboard(grid: CellGrid, month: int, page: int, t: Translator) -> InlineKeyboardMarkup:
    pages = grid_pages(grid)
    page = clamp(page, pages)
    rows = []
    for row in grid.rows[page * MEMBERS_PER_PAGE : (page + 1) * MEMBERS_PER_PAGE]:
        state = row.months[month - 1]
        label = f"{symbol(state)} {row.member.full_name}"
        data = (
            Confirm(row.member.id, first_day(grid.year, month), "m")
            if state is Shown.CLAIMED
            else Entry(row.member.id, first_day(grid.year, month))
        )
        rows.append([button(label, data)])
    nav = navigation(
        lambda p: MonthMembers(grid.cell.id, first_day(grid.year, month), p), page, pages, t
    )
    if nav:
        rows.append(nav)
    rows.append([button(t("⬅️ The year's grid"), Grid(grid.cell.id, grid.year, 0))])
    return InlineKeyboardMarkup(rows)


# --- a member's month, for the secretary ----------------------------------------------------


def entry_text(row: MemberMonths, month: int, t: Translator) -> str:
    state = row.months[month - 1]
    text = t(
        "💰 <b>{name}</b> — party dues {month}/{year}: {symbol} {words}",
        name=html.escape(row.member.full_name),
        month=month,
        year=row.year,
        symbol=symbol(state),
        words=words(state, t),
    )
    reason = row.reasons.get(month)
    if reason:
        text += "\n" + t("Reason: {reason}", reason=html.escape(reason))
    return text


def entry_keyboard(
    row: MemberMonths, month: int, cell_id: int, t: Translator
) -> InlineKeyboardMarkup:
    member, at = row.member.id, first_day(row.year, month)
    state = row.months[month - 1]
    rows = []
    if state is Shown.CLAIMED:
        rows.append([button(t("✅ Confirm paid"), Confirm(member, at, "m"))])
    if state is not Shown.PAID:
        rows.append([button(t("💵 Paid in cash"), Mark(member, at, "cash"))])
    rows.append(
        [
            button(t("🆓 Exempt"), AskReason(member, at, DuesState.EXEMPT)),
            button(t("🔻 Reduced"), AskReason(member, at, DuesState.REDUCED)),
            button(t("⏸ Deferred"), AskReason(member, at, DuesState.DEFERRED)),
        ]
    )
    if state not in (Shown.UNPAID, Shown.OPEN, Shown.UNTRACKED):
        rows.append([button(t("↩️ Not paid"), Mark(member, at, "unpaid"))])
    rows.append([button(t("⬅️ Month {month}", month=month), MonthMembers(cell_id, at, 0))])
    return InlineKeyboardMarkup(rows)


# --- the committee's figures ----------------------------------------------------------------


def cells_pages(cells: Sequence[CellFigures]) -> int:
    return max(1, -(-len(cells) // CELLS_PER_PAGE))


def cells_text(
    cells: Sequence[CellFigures], year: int, today: Month, page: int, t: Translator
) -> str:
    page = clamp(page, cells_pages(cells))
    last = _last_month(year, today)
    members = sum(c.members for c in cells)
    lines = [t("💰 <b>Party dues {year} — every cell</b>", year=year)]
    due = _last_due(cells, year, today)
    if due:
        paid = sum(c.paid[due - 1] for c in cells)
        lines.append(
            t(
                "Month {month}: paid {paid}",
                month=due,
                paid=formatting.ratio(paid, members, t.language),
            )
        )
    for cell in cells[page * CELLS_PER_PAGE : (page + 1) * CELLS_PER_PAGE]:
        lines.append("")
        lines.append(
            t(
                "<b>{cell}</b> ({count} party members)",
                cell=html.escape(cell.cell.name),
                count=cell.members,
            )
        )
        if last:
            lines.append(
                t(
                    PAID_BY_MONTH,
                    months=" · ".join(
                        f"{m}: {cell.paid[m - 1]}/{cell.members}" for m in range(1, last + 1)
                    ),
                )
            )
            unpaid = [
                f"{m}: {cell.unpaid[m - 1]}" for m in range(1, last + 1) if cell.unpaid[m - 1]
            ]
            if unpaid:
                lines.append(t(UNPAID_BY_MONTH, months=" · ".join(unpaid)))
        if cell.behind or cell.claims:
            lines.append(
                t(
                    "Two months unpaid or more: {behind} · waiting for confirmation: {claims}",
                    behind=cell.behind,
                    claims=cell.claims,
                )
            )
    footer = page_line(page, cells_pages(cells), t)
    if footer:
        lines.append(footer)
    lines.append(t("Tap a cell for its grid."))
    lines.append(t("Your own months: /dangphi toi"))
    return "\n".join(lines)


def _last_due(cells: Sequence[CellFigures], year: int, today: Month) -> int:
    """The latest month whose unpaid count is known (due): the headline's month."""
    last = _last_month(year, today)
    return next(
        (m for m in range(last, 0, -1) if any(c.unpaid[m - 1] or c.paid[m - 1] for c in cells)),
        last,
    )


def cells_keyboard(
    cells: Sequence[CellFigures], year: int, page: int, t: Translator
) -> InlineKeyboardMarkup:
    page = clamp(page, cells_pages(cells))
    shown = cells[page * CELLS_PER_PAGE : (page + 1) * CELLS_PER_PAGE]
    buttons = [button(c.cell.name, Grid(c.cell.id, year, 0)) for c in shown]
    rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    nav = navigation(lambda p: Cells(year, p), page, cells_pages(cells), t)
    if nav:
        rows.append(nav)
    return InlineKeyboardMarkup(rows)
