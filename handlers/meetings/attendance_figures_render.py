"""Attendance over the year as text: a member's own line, a cell's table with the members who
reached an alert threshold flagged ⚠️, and the committee's list of cells to pick from."""

from __future__ import annotations

import html
from dataclasses import dataclass

from telegram import InlineKeyboardButton

from bot.domain.attendance import MemberYear
from bot.formatting import ratio
from bot.i18n import Translator
from bot.services.meetings.attendance_figures import CellYear
from handlers.kit.buttons import button
from handlers.kit.callbacks import CallbackData
from handlers.kit.cells import cell_title


@dataclass(frozen=True)
class CellFigures(CallbackData, prefix="cc:c:"):
    """A page of a cell's table."""

    cell: int
    page: int


@dataclass(frozen=True)
class CellsFigures(CallbackData, prefix="cc:l:"):
    """A page of the committee's list of cells."""

    page: int


CELLS_PER_PAGE = 10
FLAG = "⚠️ "


def member_text(year: int, line: MemberYear, t: Translator) -> str:
    figures = line.figures
    lines = [t("<b>Your attendance in {year}</b>", year=year)]
    if not figures.meetings:
        lines.append(t("No meeting of yours has had its attendance recorded this year yet."))
    else:
        lines.append(
            t(
                "Meetings attended: {ratio}",
                ratio=ratio(figures.attended, figures.meetings, t.language),
            )
        )
        lines.append(
            t(
                "With leave: {excused} · without leave: {unexcused}",
                excused=figures.excused,
                unexcused=figures.unexcused,
            )
        )
    lines.append(t("Absences in a row now: {count}", count=figures.absences_in_a_row))
    if line.months_away:
        lines.append(t("Months without attending: {count}", count=line.months_away))
    return "\n".join(lines)


def member_line(line: MemberYear, t: Translator) -> str:
    """``⚠️ Trần Thị Bình: dự 0/3 (0%) · vắng liên tiếp 3 · 1 tháng chưa dự``."""
    name = html.escape(line.full_name)
    flag = FLAG if line.flagged else ""
    figures = line.figures
    if not figures.meetings and not figures.absences_in_a_row:
        return t("{flag}{name}: no meeting recorded this year", flag=flag, name=name)
    return t(
        "{flag}{name}: attended {ratio} · absences in a row {run} · months away {months}",
        flag=flag,
        name=name,
        ratio=ratio(figures.attended, figures.meetings, t.language),
        run=figures.absences_in_a_row,
        months=line.months_away,
    )


def cell_blocks(table: CellYear, t: Translator) -> list[str]:
    blocks = [
        t(
            "<b>Attendance in {year} — {cell}</b>",
            year=table.year,
            cell=cell_title(table.cell.name, t),
        ),
        t(
            "Attended / meetings (%) · absences in a row · months without attending. "
            "⚠️ = absent 3 times in a row or 3 months without attending."
        ),
        t("⚠️ Needing attention: {count} of {members}", count=table.flagged, members=len(table.rows))
        if table.flagged
        else t("Nobody has reached 3 absences in a row or 3 months away."),
        "",
    ]
    if not table.rows:
        blocks.append(t("The cell has no active members."))
    blocks += [member_line(row, t) for row in table.rows]
    return blocks


def picker_text(t: Translator) -> str:
    return t(
        "<b>Attendance</b>: choose a cell, or send /chuyencan and the cell's name, for example "
        "/chuyencan Phòng Đào tạo."
    )


def cell_buttons(
    cells: list[tuple[int, str]], page: int
) -> tuple[list[list[InlineKeyboardButton]], int]:
    """One button per cell on ``page``; returns the rows and the number of pages."""
    pages = max(1, -(-len(cells) // CELLS_PER_PAGE))
    page = max(0, min(page, pages - 1))
    chunk = cells[page * CELLS_PER_PAGE : (page + 1) * CELLS_PER_PAGE]
    rows = [[button(_shorten(name, 40), CellFigures(cell_id, 0))] for cell_id, name in chunk]
    return rows, pages


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
