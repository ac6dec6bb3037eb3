"""``butpha rating``: ``open`` a review cycle (the year, or a quarter, with its three dates),
``status`` (the committee's table and the distribution against the cap and the targets, as
/xeploai shows it), ``not-rated`` (mark a member admitted under six months or exempted, with
the reason) and ``export FILE.xlsx`` (the cycle's table by cell with the levels)."""

from __future__ import annotations

import argparse
import html
import re
from datetime import date, datetime
from pathlib import Path
from typing import Any

from bot import formatting
from bot.domain.errors import UserError
from bot.domain.ratings.records import NotRated
from bot.i18n import N_, Translator
from bot.services.container import Services

_TAG = re.compile(r"</?(?:b|i|code)>")


def plain(text: str) -> str:
    """The chat's HTML as a terminal shows it."""
    return html.unescape(_TAG.sub("", text))


def _day(text: str) -> date:
    for form in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(text, form).date()
        except ValueError:
            continue
    raise argparse.ArgumentTypeError(f"{text!r}: YYYY-MM-DD")


def add_parser(commands: argparse._SubParsersAction[Any], t: Translator) -> None:
    parser = commands.add_parser("rating", help=t("the year-end review and rating"))
    sub = parser.add_subparsers(
        dest="rating_command", required=True, metavar=t.pgettext("metavar", "COMMAND")
    )
    opening = sub.add_parser("open", help=t("open a review cycle and enter its party members"))
    opening.add_argument("--year", type=int, required=True, metavar="YEAR")
    opening.add_argument(
        "--quarter", type=int, choices=[1, 2, 3, 4], help=t("a quarter, for a quarterly review")
    )
    for flag, what in (
        ("--self-review-due", t("when the self-reviews are due")),
        ("--cells-by", t("when the cells meet and propose by")),
        ("--decision-by", t("when the committee decides by")),
    ):
        opening.add_argument(flag, type=_day, required=True, metavar="YYYY-MM-DD", help=what)
    sub.add_parser("status", help=t("the table by cell and the distribution as it stands"))
    marking = sub.add_parser(
        "not-rated", help=t("mark a member not rated (or rated again), with the reason")
    )
    marking.add_argument("--member-code", required=True, metavar="CODE")
    marking.add_argument("--reason", required=True, choices=[*(r.value for r in NotRated), "none"])
    marking.add_argument("--note", default="", help=t("for example the date of admission"))
    exp = sub.add_parser("export", help=t("the cycle's table by cell, with the levels"))
    exp.add_argument("file", metavar="FILE.xlsx")


async def rating(t: Translator, services: Services, args: argparse.Namespace) -> None:
    # The handlers' texts load python-telegram-bot: imported only when a command runs.
    from handlers.ratings.rating_text import cycle_dates, overview_text, period

    if args.rating_command == "open":
        opened = await services.rating_cycles.open(
            None,
            year=args.year,
            quarter=args.quarter,
            self_review_due=args.self_review_due,
            cells_by=args.cells_by,
            decision_by=args.decision_by,
        )
        print(
            plain(
                t(
                    "🔓 The review cycle for {period} is open: {members} party members in "
                    "{cells} cells are asked for their self-review (/tukiemdiem).",
                    period=period(opened.cycle, t),
                    members=opened.members,
                    cells=opened.cells,
                )
            )
        )
        print(plain(cycle_dates(opened.cycle, t)))
    elif args.rating_command == "status":
        print(plain(overview_text(await services.committee_ratings.overview(None), t)))
    elif args.rating_command == "not-rated":
        member = next(
            (
                e.member
                for e in await services.organisation.directory()
                if e.member.member_code == args.member_code
            ),
            None,
        )
        if member is None:
            raise UserError(N_("No member has the code {code}."), code=args.member_code)
        reason = None if args.reason == "none" else NotRated(args.reason)
        await services.rating_cycles.mark(None, member.id, reason=reason, note=args.note)
        print(t("Saved."))
    elif args.rating_command == "export":
        exported = await services.rating_export.write(Path(args.file))
        print(
            t(
                "Exported the ratings to {path}: {members} members in {cells} cells.",
                path=args.file,
                members=formatting.number(exported.members, t.language),
                cells=formatting.number(exported.cells, t.language),
            )
        )
