"""``butpha broadcast``: notices from scripts or cron, as the committee would send them.

The command only writes the broadcast and its outbox rows; the running bot (``butpha run``)
delivers them, at once or at ``--at``. ``--report ID`` prints the delivery report, read back
from the outbox.
"""

from __future__ import annotations

import argparse
from datetime import datetime
from typing import Any

from bot import formatting
from bot.domain.broadcasts import Audience, BroadcastReport, BroadcastStatus, KindFilter, MissReason
from bot.domain.errors import UserError
from bot.i18n import N_, Translator
from bot.services.container import Services

_REASONS = {
    MissReason.BLOCKED: N_("blocked the bot or cannot be reached"),
    MissReason.NOT_LINKED: N_("not linked to the bot"),
    MissReason.FAILED: N_("the messenger refused the message"),
    MissReason.SKIPPED: N_("not sent (cancelled or too late)"),
    MissReason.PENDING: N_("still being sent"),
}


def local_datetime(text: str) -> datetime:
    """``YYYY-MM-DD HH:MM``, naive: the organisation's time zone is attached later."""
    try:
        return datetime.strptime(text.strip(), "%Y-%m-%d %H:%M")
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r}: YYYY-MM-DD HH:MM") from None


def add_parser(commands: argparse._SubParsersAction[Any], t: Translator) -> None:
    parser = commands.add_parser(
        "broadcast", help=t("send a notice to members (the running bot delivers it)")
    )
    who = parser.add_mutually_exclusive_group()
    who.add_argument("--all", action="store_true", help=t("every member of the organisation"))
    who.add_argument(
        "--cell",
        action="extend",
        nargs="+",
        metavar="NAME",
        help=t("the members of these cells"),
    )
    who.add_argument(
        "--kind",
        choices=[k.value for k in KindFilter],
        help=t("party members only, or non-party staff only"),
    )
    who.add_argument(
        "--report", type=int, metavar="ID", help=t("print the delivery report of notice ID")
    )
    parser.add_argument("--text", metavar="TEXT", help=t("the notice"))
    parser.add_argument(
        "--at",
        type=local_datetime,
        metavar='"YYYY-MM-DD HH:MM"',
        help=t("when to send it, in the organisation's time zone (default: now)"),
    )


async def broadcast(t: Translator, services: Services, args: argparse.Namespace) -> None:
    broadcasts = services.broadcasts
    if args.report is not None:
        report = await broadcasts.report(None, args.report)
        _print_report(t, services, report)
        missed = await broadcasts.missing(None, args.report)
        if missed:
            print(t("Not received:"))
        for m in missed:
            if m.is_group:
                who = t("the Telegram group of cell {cell}", cell=m.cell_name)
            else:
                who = f"{m.name} ({m.cell_name})"
            detail = f" — {m.error}" if m.reason is MissReason.FAILED and m.error else ""
            print(f"  {who}: {t(_REASONS[m.reason])}{detail}")
        return
    if not (args.text or "").strip():
        raise UserError(N_("Write the notice with --text."))
    if args.all:
        audience = Audience.organisation()
    elif args.cell:
        audience = Audience.cells(await broadcasts.find_cells(args.cell))
    elif args.kind:
        audience = Audience.of_kind(KindFilter(args.kind))
    else:
        raise UserError(N_("Say whom it is for: --all, --cell NAME or --kind party|non_party."))
    at = None if args.at is None else args.at.replace(tzinfo=services.zone)
    sent = await broadcasts.send(None, audience, args.text, at=at)
    report = await broadcasts.report(None, sent.id)
    print(
        t(
            "Notice #{id} queued: {members} members will get it, {not_linked} are not linked, "
            "{groups} cell groups. The running bot (butpha run) delivers it.",
            id=sent.id,
            members=report.members.total,
            not_linked=report.not_linked,
            groups=report.groups.total,
        )
    )
    if report.status is BroadcastStatus.SCHEDULED:
        print(t("It will go out on {at}.", at=broadcasts.local(sent.scheduled_at)))


def _print_report(t: Translator, services: Services, report: BroadcastReport) -> None:
    b = report.broadcast
    when = formatting.moment(services.broadcasts.local(b.scheduled_at), t.language)
    print(t("Notice #{id}, {at}", id=b.id, at=when))
    if report.status is BroadcastStatus.CANCELLED:
        print(t("Cancelled; it was not sent."))
        return
    if report.status is BroadcastStatus.SCHEDULED:
        print(t("Scheduled; not sent yet."))
    m = report.members
    print(
        t(
            "Received {sent}, being sent {pending}, blocked or unreachable {blocked}, "
            "not linked {not_linked}, failed {failed}.",
            sent=m.sent,
            pending=m.pending,
            blocked=m.blocked,
            not_linked=report.not_linked,
            failed=m.failed,
        )
    )
    if report.groups.total:
        print(
            t(
                "Cell groups: posted in {sent} of {total}.",
                sent=report.groups.sent,
                total=report.groups.total,
            )
        )
