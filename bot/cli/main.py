"""Parsing the command line and mapping failures to messages and exit codes.

Exit codes: 0 done, 1 refused or failed (the message says why), 2 bad usage or settings.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path

from bot.cli import broadcast, dues, meetings, oversight, rating, report, targets
from bot.cli.argparse_words import speaking
from bot.domain.errors import UserError
from bot.i18n import Translator, translator
from bot.log_redaction import redact, write_error_report
from bot.settings import SettingsError

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def _cli_translator() -> Translator:
    # Read before the settings are validated so even a settings error speaks the chosen language.
    return translator(os.environ.get("BUTPHA_LANGUAGE", "vi").strip().lower())


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r}: YYYY-MM-DD") from None


def _local_moment(text: str) -> datetime:
    try:
        return datetime.strptime(text.strip(), "%Y-%m-%d %H:%M")
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r}: YYYY-MM-DD HH:MM") from None


def build_parser(t: Translator) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="butpha",
        description=t("butpha: the chat assistant of a party organisation."),
    )
    commands = parser.add_subparsers(
        dest="command", required=True, metavar=t.pgettext("metavar", "COMMAND")
    )

    init = commands.add_parser("init", help=t("create the database and the organisation"))
    init.add_argument("--org", required=True, metavar="NAME", help=t("the organisation's name"))

    imp = commands.add_parser("import-members", help=t("import the member list (.xlsx or .csv)"))
    imp.add_argument("file", metavar="FILE", help=t("the spreadsheet (.xlsx or .csv)"))

    invite = commands.add_parser("invite", help=t("issue invite links into a CSV file"))
    invite.add_argument("--cell", metavar="NAME", help=t("members of this cell not yet linked"))
    invite.add_argument("--member-code", metavar="CODE", help=t("the member with this code"))
    invite.add_argument(
        "--all-unlinked", action="store_true", help=t("every member not yet linked")
    )
    invite.add_argument(
        "--relink",
        action="store_true",
        help=t("allow moving an already linked member to a new account"),
    )
    invite.add_argument("--out", required=True, metavar="FILE.csv", help=t("where to write"))

    members = commands.add_parser("members", help=t("list members, roles and link status"))
    members.add_argument("--cell", metavar="NAME", help=t("only this cell"))

    export = commands.add_parser("export", help=t("export everything (.xlsx or .json)"))
    export.add_argument("--out", required=True, metavar="FILE", help=t("FILE.xlsx or FILE.json"))

    backup = commands.add_parser("backup", help=t("a consistent copy of the database"))
    backup.add_argument("file", metavar="FILE", help=t("where to write the copy"))

    year = commands.add_parser("year", help=t("the year's theme, registration window and rules"))
    year_commands = year.add_subparsers(
        dest="year_command", required=True, metavar=t.pgettext("metavar", "COMMAND")
    )
    year_set = year_commands.add_parser("set", help=t("set the current year"))
    year_set.add_argument("year", type=int, metavar="YEAR", help=t("for example 2020"))
    year_set.add_argument("--theme", required=True, help=t("the year's theme"))
    year_set.add_argument(
        "--opens", required=True, type=_iso_date, metavar="YYYY-MM-DD", help=t("registration opens")
    )
    year_set.add_argument(
        "--closes",
        required=True,
        type=_iso_date,
        metavar="YYYY-MM-DD",
        help=t("registration closes"),
    )
    year_set.add_argument(
        "--max-tasks", type=int, default=5, metavar="N", help=t("most tasks per member (default 5)")
    )
    year_set.add_argument(
        "--approval",
        action=argparse.BooleanOptionalAction,
        default=True,
        help=t("tasks need the cell secretary's approval (default yes)"),
    )
    year_set.add_argument(
        "--area", action="append", metavar="NAME", help=t("a breakthrough area (repeat for each)")
    )
    year_set.add_argument(
        "--yes",
        action="store_true",
        help=t("make the change even if it shuts registration or renames or removes areas"),
    )
    year_commands.add_parser("show", help=t("show the current year"))
    reopen = year_commands.add_parser("reopen", help=t("reopen registration for one member"))
    reopen.add_argument(
        "--member-code", required=True, metavar="CODE", help=t("the member with this code")
    )
    reopen.add_argument(
        "--until",
        required=True,
        type=_iso_date,
        metavar="YYYY-MM-DD",
        help=t("last day they may register"),
    )

    broadcast.add_parser(commands, t)
    meetings.add_parser(commands, t)
    oversight.add_parser(commands, t)
    targets.add_parser(commands, t)
    report.add_parser(commands, t)
    rating.add_parser(commands, t)
    dues.add_parser(commands, t)

    commands.add_parser("run", help=t("run the bot (Telegram, Zalo or both, as set) until stopped"))

    demo = commands.add_parser("demo", help=t("the offline demo: no token, no network"))
    demo.add_argument(
        "--database",
        metavar="FILE",
        default="butpha-demo.sqlite3",
        help=t("the demo's own database file (recreated)"),
    )
    demo.add_argument(
        "--at",
        type=_local_moment,
        metavar="'YYYY-MM-DD HH:MM'",
        help=t("start the demo as if it were then (the organisation's time), not now"),
    )
    demo.add_argument(
        "--channel",
        choices=("telegram", "zalo"),
        default="telegram",
        help=t("the messenger the demo shows (default telegram)"),
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    # python-telegram-bot 22 gives RetryAfter.retry_after as a timedelta only when asked.
    os.environ.setdefault("PTB_TIMEDELTA", "true")
    t = _cli_translator()
    with speaking(t):  # argparse's own words too; a usage error exits here with 2
        args = build_parser(t).parse_args(argv)
    from bot.cli import commands

    try:
        if args.command == "run":
            return commands.run(t)
        if args.command == "demo":
            from bot.demo.runner import run_demo

            return asyncio.run(run_demo(t, args.database, args.at, args.channel))
        return asyncio.run(commands.dispatch(t, args))
    except SettingsError as error:
        for problem in error.problems:
            print(commands.describe_setting_problem(t, problem), file=sys.stderr)
        return EXIT_USAGE
    except UserError as error:
        print(t(error.message, **error.params), file=sys.stderr)
        for line in commands.problem_lines(t, error):
            print(line, file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader stopped early (`butpha members | head`): not an error. Send what is left
        # to /dev/null so the flush at exit does not fail again.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_FAILED
    except Exception as error:  # a bug: one clear line for the user, the details in a file
        log_path = Path("butpha-error.log").resolve()
        write_error_report(log_path, error)
        print(
            t(
                "Something went wrong: {error}. The details are in {path}.",
                error=redact(f"{type(error).__name__}: {error}"),
                path=str(log_path),
            ),
            file=sys.stderr,
        )
        return EXIT_FAILED
