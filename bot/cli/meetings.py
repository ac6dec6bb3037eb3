"""``butpha meetings``: add, list, cancel and import meetings as the committee would.

Times are the organisation's local time. ``--repeat`` takes the rules people write ("ngày 5
hằng tháng lúc 14:00", "first Friday of the month at 8:00", "quý một lần") or the compact form
``monthly:5@14:00``, ``monthly:1st-fri@8:00``, ``quarterly:10@14:00``, ``weekly:fri@8:00``.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from bot import formatting
from bot.cli.broadcast import local_datetime
from bot.domain.meetings import Attendees, MeetingKind, MeetingRequest
from bot.i18n import N_, Translator
from bot.i18n.meeting_labels import MEETING_KIND_NAMES, kind_beside_title
from bot.services.container import Services
from bot.services.meetings.meetings import Changed, Created, Listed

# Each example is read back by tests/cli/test_cli_language.py: all are accepted as written.
REPEAT_HELP = N_(
    'how it repeats, in words: for example "ngày 5 hằng tháng lúc 14:00", "thứ Sáu đầu tiên '
    'hằng tháng lúc 8:00", "thứ Hai hằng tuần lúc 7:30", "quý một lần"; left out, the meeting '
    "is held once"
)
REMIND_HELP = N_(
    "reminders before the start, separated by commas: d days, h hours, m minutes "
    "(for example 3d,1d,2h)"
)
ATTENDEES_HELP = N_(
    "who attends: party (party members only, the default) or all (everyone, non-party staff too)"
)


def add_parser(commands: argparse._SubParsersAction[Any], t: Translator) -> None:
    parser = commands.add_parser("meetings", help=t("meetings and study sessions"))
    sub = parser.add_subparsers(
        dest="meetings_command", required=True, metavar=t.pgettext("metavar", "COMMAND")
    )
    add = sub.add_parser("add", help=t("add a meeting or a recurring series"))
    who = add.add_mutually_exclusive_group(required=True)
    who.add_argument(
        "--cell", action="extend", nargs="+", metavar="NAME", help=t("the meeting of these cells")
    )
    who.add_argument("--all", action="store_true", help=t("the whole organisation"))
    kinds = ", ".join(f"{k.value} ({t(MEETING_KIND_NAMES[k])})" for k in MeetingKind)
    add.add_argument(
        "--kind",
        required=True,
        choices=[k.value for k in MeetingKind],
        metavar=t.pgettext("metavar", "KIND"),
        help=t("the kind of meeting: {kinds}", kinds=kinds),
    )
    add.add_argument("--title", required=True, metavar="TEXT", help=t("the meeting's title"))
    add.add_argument(
        "--start",
        required=True,
        type=local_datetime,
        metavar='"YYYY-MM-DD HH:MM"',
        help=t("when it starts, in the organisation's time zone"),
    )
    add.add_argument(
        "--end", type=local_datetime, metavar='"YYYY-MM-DD HH:MM"', help=t("when it ends")
    )
    add.add_argument("--place", metavar="TEXT", help=t("where it is held"))
    add.add_argument("--link", metavar="URL", help=t("an online meeting link"))
    add.add_argument("--agenda", metavar="TEXT", help=t("what the meeting is about"))
    add.add_argument("--repeat", metavar="RULE", help=t(REPEAT_HELP))
    add.add_argument("--remind", metavar="3d,1d,2h", help=t(REMIND_HELP))
    add.add_argument(
        "--attendees",
        choices=[a.value for a in Attendees],
        default=Attendees.PARTY.value,
        help=t(ATTENDEES_HELP),
    )
    listing = sub.add_parser("list", help=t("upcoming meetings"))
    listing.add_argument("--days", type=int, default=90, help=t("how many days ahead"))
    cancel = sub.add_parser("cancel", help=t("cancel one meeting (one occurrence of a series)"))
    cancel.add_argument("id", type=int, metavar="ID")
    imp = sub.add_parser("import", help=t("import a year's meeting plan (.xlsx or .csv)"))
    imp.add_argument("file", metavar="FILE")


async def meetings(t: Translator, services: Services, args: argparse.Namespace) -> None:
    # The handlers' texts load python-telegram-bot: imported only when a command runs.
    from handlers.meetings.meeting_notice_text import cancel_renderer

    service = services.meetings
    if args.meetings_command == "add":
        request = MeetingRequest(
            kind=MeetingKind(args.kind),
            title=args.title,
            starts=args.start,
            cells=tuple(args.cell or ()),
            everyone=args.all,
            ends=args.end,
            place=args.place,
            online_link=args.link,
            agenda=args.agenda,
            attendees=Attendees(args.attendees),
            repeat=args.repeat,
            remind=args.remind,
        )
        _print_created(t, await service.create(None, request))
    elif args.meetings_command == "list":
        listed = await service.listing(days=args.days)
        _print_listing(t, services, listed)
        print(t("{count} meetings in the next {days} days.", count=len(listed), days=args.days))
    elif args.meetings_command == "cancel":
        changed = await service.cancel(
            None, args.id, cancel_renderer(services.zone, services.default_language)
        )
        print(_cancelled(t, services, changed))
    elif args.meetings_command == "import":
        created = await service.import_file(None, Path(args.file))
        print(
            t(
                "Import done: {rows} rows, {meetings} meetings created.",
                rows=len(created),
                meetings=sum(len(c.meeting_ids) for c in created),
            )
        )


def _cancelled(t: Translator, services: Services, changed: Changed) -> str:
    """Who hears of the cancellation: only those already reminded are sent a notice."""
    meeting = changed.meeting
    done = t(
        "Cancelled meeting {id} «{title}» of {at}.",
        id=str(meeting.id),
        title=meeting.title,
        at=services.meetings.local(meeting.starts_at),
    )
    others = max(0, len(changed.notify) - changed.told)
    if changed.told == 0:
        told = t(
            "Nobody had been reminded yet; the {count} members concerned will simply not be "
            "reminded.",
            count=others,
        )
    elif others == 0:
        told = t(
            "All {count} members concerned had been reminded and will be told.",
            count=changed.told,
        )
    else:
        told = t(
            "The {told} members already reminded will be told; the other {others} will simply "
            "not be reminded.",
            told=changed.told,
            others=others,
        )
    return f"{done} {told}"


def _print_created(t: Translator, created: Created) -> None:
    if created.series_id is None:
        print(t("Added meeting {id}.", id=str(created.meeting_ids[0])))
    else:
        print(
            t(
                "Added series {series}: {count} meetings scheduled for the coming months.",
                series=str(created.series_id),
                count=len(created.meeting_ids),
            )
        )


def _print_listing(t: Translator, services: Services, listed: list[Listed]) -> None:
    """A table: five cells' monthly meetings on one date differ only by whose they are."""
    if not listed:
        return
    header = [
        t.pgettext("meeting list", "No."),
        t.pgettext("meeting list", "Starts"),
        t.pgettext("meeting list", "Whose"),
        t.pgettext("meeting list", "Place"),
        t.pgettext("meeting list", "Meeting"),
    ]
    rows = [header] + [_row(t, services, item) for item in listed]
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    for row in rows:
        cells = [row[0].rjust(widths[0])]
        cells += [cell.ljust(widths[i]) for i, cell in enumerate(row[1:], start=1)]
        print("  ".join(cells).rstrip())


def _row(t: Translator, services: Services, item: Listed) -> list[str]:
    meeting = item.meeting
    at = formatting.moment(services.meetings.local(meeting.starts_at), t.language)
    kind = kind_beside_title(meeting, t)
    what = f"{kind}: {meeting.title}" if kind else meeting.title
    cancelled = " " + t("(cancelled)") if meeting.cancelled else ""
    return [
        str(meeting.id),
        at,
        ", ".join(item.units),
        meeting.place or meeting.online_link or "",
        f"{what}{cancelled}",
    ]
