"""``butpha dues status [--cell NAME] [--year Y]``: a cell's grid (party members × months, the
symbols of /dangphi) or, without ``--cell``, every cell's figures by month."""

from __future__ import annotations

import argparse
from typing import Any

from bot import formatting
from bot.domain.dues.model import Month
from bot.i18n import Translator
from bot.i18n.dues_labels import (
    MONTHS_HEADING,
    PAID_BY_MONTH,
    UNPAID_BY_MONTH,
    legend,
    symbol,
)
from bot.services.container import Services
from bot.services.dues.status import CellFigures, CellGrid


def add_parser(commands: argparse._SubParsersAction[Any], t: Translator) -> None:
    parser = commands.add_parser("dues", help=t("party dues status by member and month"))
    sub = parser.add_subparsers(
        dest="dues_command", required=True, metavar=t.pgettext("metavar", "COMMAND")
    )
    status = sub.add_parser("status", help=t("a cell's grid, or every cell's figures"))
    status.add_argument("--cell", metavar="NAME", help=t("one cell's grid"))
    status.add_argument("--year", type=int, metavar="YEAR", help=t("the year (default: this year)"))


def _shown_months(year: int, today: Month) -> int:
    if year < today.year:
        return 12
    return today.month if year == today.year else 0


def grid_lines(grid: CellGrid, t: Translator) -> list[str]:
    width = max((len(r.member.full_name) for r in grid.rows), default=0)
    lines = [
        t("Party dues {year} — cell {cell}", year=grid.year, cell=grid.cell.name),
        t(MONTHS_HEADING),
    ]
    for row in grid.rows:
        marks = [symbol(s) for s in row.months]
        quarters = " ".join("".join(marks[q : q + 3]) for q in range(0, 12, 3))
        lines.append(f"{row.member.full_name.ljust(width)}  {quarters}  ({row.counts.unpaid})")
    if not grid.rows:
        lines.append(t("The cell has no party members."))
    lines.append(legend(t))
    lines.append(t("In brackets: unpaid months this year."))
    if grid.claims:
        lines.append(t("Waiting for confirmation: {count}", count=len(grid.claims)))
    return lines


def figures_lines(cells: list[CellFigures], year: int, today: Month, t: Translator) -> list[str]:
    last = _shown_months(year, today)
    lines = [t("Party dues {year} — every cell", year=year)]
    for cell in cells:
        lines.append(
            t(
                "{cell} ({count} party members)",
                cell=cell.cell.name,
                count=formatting.number(cell.members, t.language),
            )
        )
        if last:
            months = " · ".join(
                f"{m}: {cell.paid[m - 1]}/{cell.members}" for m in range(1, last + 1)
            )
            lines.append("  " + t(PAID_BY_MONTH, months=months))
            unpaid = [
                f"{m}: {cell.unpaid[m - 1]}" for m in range(1, last + 1) if cell.unpaid[m - 1]
            ]
            if unpaid:
                lines.append("  " + t(UNPAID_BY_MONTH, months=" · ".join(unpaid)))
        lines.append(
            "  "
            + t(
                "Two months unpaid or more: {behind} · waiting for confirmation: {claims}",
                behind=cell.behind,
                claims=cell.claims,
            )
        )
    return lines


async def dues(t: Translator, services: Services, args: argparse.Namespace) -> None:
    today = Month.of(services.dues.today())
    year = args.year or today.year
    if args.cell:
        cell = await services.dues.find_cell(args.cell)
        print("\n".join(grid_lines(await services.dues.grid(cell.id, year), t)))
        return
    print("\n".join(figures_lines(await services.dues.figures(year), year, today, t)))
