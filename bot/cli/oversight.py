"""``butpha oversight``: ``propose YEAR`` (the proposed yearly programme of inspection and
supervision, by month, with the quota lines as the report writes them), ``import`` and
``export`` (the programme as a spreadsheet) and ``report --period`` (the period report: what
was carried out against the quotas)."""

from __future__ import annotations

import argparse
from datetime import datetime
from pathlib import Path
from typing import Any

from bot import formatting
from bot.domain.inspections.periods import ReportPeriod
from bot.i18n import Translator
from bot.i18n.inspection_labels import quota_line, spread_lines
from bot.services.container import Services


def add_parser(commands: argparse._SubParsersAction[Any], t: Translator) -> None:
    parser = commands.add_parser("oversight", help=t("the inspection and supervision programme"))
    sub = parser.add_subparsers(
        dest="oversight_command", required=True, metavar=t.pgettext("metavar", "COMMAND")
    )
    propose = sub.add_parser("propose", help=t("propose a year's programme that meets the quotas"))
    propose.add_argument("year", type=int, metavar="YEAR", help=t("for example 2020"))
    propose.add_argument(
        "--from-month",
        type=int,
        default=1,
        metavar="M",
        help=t("plan from this month (1–12; default 1)"),
    )
    imp = sub.add_parser(
        "import", help=t("import a year's programme from a spreadsheet (all rows or none)")
    )
    imp.add_argument("file", metavar="FILE.xlsx", help=t("the programme (.xlsx or .csv)"))
    imp.add_argument("--year", type=int, metavar="YEAR", help=t("the year (default: this year)"))
    imp.add_argument(
        "--adopt",
        action="store_true",
        help=t("the programme was adopted at the meeting: adopt it now, not as a draft"),
    )
    exp = sub.add_parser(
        "export", help=t("the programme, its steps and remediation, into a spreadsheet")
    )
    exp.add_argument("file", metavar="FILE.xlsx", help=t("where to write the programme"))
    exp.add_argument("--year", type=int, metavar="YEAR", help=t("the year (default: this year)"))
    report = sub.add_parser(
        "report", help=t("the period report: inspected, supervised, concluded, remediation")
    )
    report.add_argument(
        "--period",
        required=True,
        choices=[p.value for p in ReportPeriod],
        help=t("a month, the first quarter, six or nine months, or the year"),
    )
    report.add_argument("--year", type=int, metavar="YEAR", help=t("the year (default: this year)"))
    report.add_argument(
        "--month",
        type=int,
        metavar="M",
        help=t("which month, for --period month (default: this month)"),
    )


async def oversight(t: Translator, services: Services, args: argparse.Namespace) -> None:
    # The handlers' texts load python-telegram-bot: imported only when a command runs.
    from handlers.inspections.programme_text import programme_lines
    from handlers.inspections.report_text import report_lines

    if args.oversight_command == "propose":
        programme = await services.programme.propose(None, args.year, args.from_month)
        print("\n".join(programme_lines(programme, t)))
    elif args.oversight_command == "import":
        year = args.year or _this_year(services)
        imported = await services.programme_import.import_file(
            Path(args.file), year, adopt=args.adopt
        )
        count = formatting.number(imported.items, t.language)
        print(
            t("Imported {count} items as the adopted programme for {year}.", count=count, year=year)
            if imported.adopted
            else t(
                "Imported {count} items as the draft programme for {year}: the committee reviews "
                "and adopts it in the chat (/kiemtra).",
                count=count,
                year=year,
            )
        )
        print(t("The programme's quotas:"))
        for line in imported.quotas:
            print(quota_line(line, t))
        if imported.spread.warning:
            print("\n".join(spread_lines(imported.spread, t)))
    elif args.oversight_command == "export":
        year = args.year or _this_year(services)
        exported = await services.programme_export.write(Path(args.file), year)
        print(
            t(
                "Exported the programme for {year} to {path}: {items} items, {steps} steps, "
                "{actions} remediation actions.",
                year=year,
                path=args.file,
                items=formatting.number(exported.items, t.language),
                steps=formatting.number(exported.steps, t.language),
                actions=formatting.number(exported.actions, t.language),
            )
        )
    elif args.oversight_command == "report":
        report = await services.inspection_report.report(
            None, ReportPeriod(args.period), args.year, args.month
        )
        print("\n".join(report_lines(report, t)))


def _this_year(services: Services) -> int:
    return datetime.now(services.zone).year
