"""``butpha oversight``: ``propose YEAR`` (the proposed yearly programme of inspection and
supervision, by month, with the quota lines as the report writes them) and ``report --period``
(the period report: what was carried out against the quotas)."""

from __future__ import annotations

import argparse
from typing import Any

from bot.domain.inspections.periods import ReportPeriod
from bot.i18n import Translator
from bot.services.container import Services
from handlers.inspections.programme_text import programme_lines
from handlers.inspections.report_text import report_lines


def add_parser(commands: argparse._SubParsersAction[Any], t: Translator) -> None:
    parser = commands.add_parser("oversight", help=t("the inspection and supervision programme"))
    sub = parser.add_subparsers(dest="oversight_command", required=True, metavar="COMMAND")
    propose = sub.add_parser("propose", help=t("propose a year's programme that meets the quotas"))
    propose.add_argument("year", type=int, metavar="YEAR", help=t("for example 2020"))
    propose.add_argument(
        "--from-month",
        type=int,
        default=1,
        metavar="M",
        help=t("plan from this month (1–12; default 1)"),
    )
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
    if args.oversight_command == "propose":
        programme = await services.programme.propose(None, args.year, args.from_month)
        print("\n".join(programme_lines(programme, t)))
    elif args.oversight_command == "report":
        report = await services.inspection_report.report(
            None, ReportPeriod(args.period), args.year, args.month
        )
        print("\n".join(report_lines(report, t)))
