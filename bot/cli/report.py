"""``butpha report --period 6m --year 2020 [--cell NAME] [--as-of DATE] [--from DATE --to
DATE] [--out FILE.docx|FILE.xlsx]``: the period report, as /baocao makes it, for the whole
organisation or one cell; the summary printed without --out, else the workbook or the
document draft (with its charts) written."""

from __future__ import annotations

import argparse
import asyncio
from datetime import date
from pathlib import Path
from typing import Any

from bot.domain.errors import UserError
from bot.domain.inspections.periods import ReportPeriod
from bot.domain.period_report.spans import SpanRequest
from bot.i18n import N_, Translator
from bot.services.container import Services
from bot.services.period_report.files import build_files
from bot.services.period_report.sections import summary_text

BAD_OUT = N_("The report is written as .docx or .xlsx, not «{path}».")
BAD_DATE = N_("«{value}» is not a date: write 2020-06-30 or 30/06/2020.")
RANGE_NEEDS_BOTH = N_("A from–to report needs both --from and --to.")


def add_parser(commands: argparse._SubParsersAction[Any], t: Translator) -> None:
    parser = commands.add_parser(
        "report", help=t("the period report: summary, workbook (.xlsx) or draft (.docx)")
    )
    parser.add_argument(
        "--period",
        choices=[p.value for p in ReportPeriod],
        default=ReportPeriod.YEAR.value,
        help=t("a month, the first quarter, six or nine months, or the year (default)"),
    )
    parser.add_argument("--year", type=int, metavar="YEAR", help=t("the year (default: this year)"))
    parser.add_argument("--month", type=int, metavar="M", help=t("which month, for --period month"))
    parser.add_argument(
        "--from", dest="first", metavar="DATE", help=t("a from–to report: its first day")
    )
    parser.add_argument(
        "--to", dest="last", metavar="DATE", help=t("a from–to report: its last day")
    )
    parser.add_argument(
        "--as-of",
        dest="as_of",
        metavar="DATE",
        help=t("count the figures up to this day (default: today)"),
    )
    parser.add_argument(
        "--cell", metavar="NAME", help=t("one cell's report (default: the whole organisation)")
    )
    parser.add_argument(
        "--out", metavar="FILE", help=t("write the draft (.docx) or the workbook (.xlsx) here")
    )


def _date(value: str | None) -> date | None:
    if value is None:
        return None
    text = value.strip()
    try:
        if "/" in text:
            day, month, year = (int(p) for p in text.split("/"))
            return date(year, month, day)
        return date.fromisoformat(text)
    except ValueError:
        raise UserError(BAD_DATE, value=value) from None


async def report(t: Translator, services: Services, args: argparse.Namespace) -> None:
    out = Path(args.out) if args.out else None
    if out is not None and out.suffix.lower() not in {".docx", ".xlsx"}:
        raise UserError(BAD_OUT, path=args.out)
    first, last = _date(args.first), _date(args.last)
    if (first is None) != (last is None):
        raise UserError(RANGE_NEEDS_BOTH)
    if first is not None:
        request = SpanRequest(None, None, None, first, last, _date(args.as_of))
    else:
        request = SpanRequest(
            ReportPeriod(args.period), args.year, args.month, None, None, _date(args.as_of)
        )
    service = services.period_report
    words = [w for w in (args.period, args.first, args.last, args.as_of) if w]
    span = service.span(words, request)
    data = await service.collect(None, span, args.cell)
    if out is None:
        print(summary_text(data, t), end="")
        return
    is_document = out.suffix.lower() == ".docx"
    files = await asyncio.to_thread(
        build_files, data, t, workbook=not is_document, document=is_document
    )
    content = files.document if is_document else files.workbook
    assert content is not None
    out.write_bytes(content)
    print(t("The report is written to {path}.", path=str(out)))
