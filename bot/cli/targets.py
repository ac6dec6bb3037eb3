"""``butpha targets``: ``import FILE.xlsx`` (a year's targets from the committee's spreadsheet,
all rows or none, every problem by row), ``export FILE.xlsx`` (the targets and the values
recorded; it imports back) and ``list`` (each target's line, as /chitieu and the period report
write it)."""

from __future__ import annotations

import argparse
from datetime import datetime
from itertools import groupby
from pathlib import Path
from typing import Any

from bot import formatting
from bot.i18n import Translator
from bot.i18n.target_lines import section_key, section_name, target_line
from bot.services.container import Services


def add_parser(commands: argparse._SubParsersAction[Any], t: Translator) -> None:
    parser = commands.add_parser(
        "targets", help=t("the year's targets (chỉ tiêu) and their figures")
    )
    sub = parser.add_subparsers(
        dest="targets_command", required=True, metavar=t.pgettext("metavar", "COMMAND")
    )
    imp = sub.add_parser(
        "import", help=t("import a year's targets from a spreadsheet (all rows or none)")
    )
    imp.add_argument("file", metavar="FILE.xlsx", help=t("the targets (.xlsx or .csv)"))
    imp.add_argument("--year", type=int, metavar="YEAR", help=t("the year (default: this year)"))
    exp = sub.add_parser(
        "export", help=t("the targets and the values recorded, into a spreadsheet")
    )
    exp.add_argument("file", metavar="FILE.xlsx", help=t("where to write the targets"))
    exp.add_argument("--year", type=int, metavar="YEAR", help=t("the year (default: this year)"))
    listing = sub.add_parser("list", help=t("each target's line, as the report writes it"))
    listing.add_argument(
        "--year", type=int, metavar="YEAR", help=t("the year (default: this year)")
    )


async def targets(t: Translator, services: Services, args: argparse.Namespace) -> None:
    year = args.year or datetime.now(services.zone).year
    if args.targets_command == "import":
        imported = await services.target_sheet.import_file(Path(args.file), year)
        print(
            t(
                "Imported the targets for {year}: {added} added, {updated} updated.",
                year=year,
                added=formatting.number(imported.added, t.language),
                updated=formatting.number(imported.updated, t.language),
            )
        )
    elif args.targets_command == "export":
        exported = await services.target_sheet.write(Path(args.file), year)
        print(
            t(
                "Exported the targets for {year} to {path}: {targets} targets, {updates} values "
                "recorded.",
                year=year,
                path=args.file,
                targets=formatting.number(exported.targets, t.language),
                updates=formatting.number(exported.updates, t.language),
            )
        )
    else:
        service = services.targets
        today = service.today()
        as_of = min(today, datetime(year, 12, 31).date())
        views = await service.overview(None, year, as_of)
        if not views:
            print(t("No targets are set for {year} yet.", year=year))
            return
        ordered = sorted(views, key=lambda v: (section_key(v.target.section), v.target.id))
        for section, group in groupby(ordered, key=lambda v: v.target.section):
            print(section_name(section, t))
            for view in group:
                print(f"  №{view.target.id}. {target_line(view.line, t)}")
