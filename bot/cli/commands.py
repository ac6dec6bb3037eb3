"""What each ``butpha`` command does: open the database, call a service, print the result."""

from __future__ import annotations

import argparse
import asyncio
import csv
import logging
import sys
from pathlib import Path

from bot import formatting
from bot.cli import broadcast, dues, meetings, oversight, rating, report, targets
from bot.clock import SystemClock
from bot.domain.errors import UserError
from bot.domain.invites import invite_link
from bot.i18n import N_, Translator
from bot.i18n.labels import KIND_NAMES, responsibilities
from bot.log_redaction import configure_logging
from bot.services.container import Services
from bot.services.members.member_import import ImportRejected
from bot.services.members.organisation import DirectoryEntry
from bot.services.spreadsheet import safe_cell
from bot.settings import SettingProblem, Settings, SettingsError, load_settings
from storage.database import SqliteDatabase

EXIT_OK, EXIT_FAILED = 0, 1

_SETTING_PROBLEMS = {
    "missing": N_("{variable} is not set. {hint}"),
    "unknown_timezone": N_('{variable}: "{value}" is not a time zone (example: Asia/Ho_Chi_Minh).'),
    "unsupported_language": N_('{variable}: "{value}" is not supported; use vi or en.'),
    "not_http_url": N_('{variable}: "{value}" is not an http(s) address.'),
    "bad_quiet_hours": N_('{variable}: "{value}" is not a time window (example: 21:30-06:30).'),
    "bad_reminders": N_(
        '{variable}: "{value}" is not understood (example: cell_meeting=3d,1d,2h; seminar=1d).'
    ),
    "malformed_token": N_(
        "{variable} does not look like a bot token (digits, a colon, then letters); copy it again "
        "from @BotFather."
    ),
    "bad_months": N_('{variable}: "{value}" is not a list of months (example: 12 or 1,12).'),
    "bad_webhook_secret": N_("{variable} must be 8 to 256 characters long (Zalo's rule)."),
    "bad_listen_address": N_(
        '{variable}: "{value}" is not a host and port (example: 127.0.0.1:8088).'
    ),
}
# The same problem, said for the Zalo token.
_ZALO_TOKEN_MALFORMED = N_(
    "{variable} does not look like a Zalo bot token (digits, a colon, then letters); copy it "
    "again from the Zalo Bot Creator message."
)
_HINTS = {
    "BUTPHA_BOT_TOKEN": N_(
        "Create a bot with @BotFather and put its token in the environment or .env; for Zalo, "
        "set BUTPHA_ZALO_BOT_TOKEN instead (or both)."
    ),
    "BUTPHA_ZALO_WEBHOOK_SECRET": N_(
        "A webhook needs a secret of 8 to 256 characters, which Zalo sends back with every update."
    ),
    "BUTPHA_BOT_USERNAME": N_(
        "Set it to the bot's @username so invite links can be written offline."
    ),
}


def describe_setting_problem(t: Translator, problem: SettingProblem) -> str:
    template = _SETTING_PROBLEMS.get(problem.code, N_('{variable}: invalid value "{value}".'))
    if problem.variable == "BUTPHA_ZALO_BOT_TOKEN" and problem.code == "malformed_token":
        template = _ZALO_TOKEN_MALFORMED
    hint = t(_HINTS[problem.variable]) if problem.variable in _HINTS else ""
    return t(template, variable=problem.variable, value=problem.value or "", hint=hint).strip()


def problem_lines(t: Translator, error: UserError) -> list[str]:
    if not isinstance(error, ImportRejected):
        return []
    return [
        t("Row {row}: {problem}", row=p.row, problem=t(p.message, **p.params))
        for p in error.problems
    ]


def _require_database(settings: Settings) -> None:
    """Only ``butpha init`` creates the database; any other command would leave an empty one
    behind (and report an empty organisation) when pointed at the wrong path."""
    if not settings.database.is_file():
        raise UserError(
            N_(
                "There is no database at {path}. Create one with: butpha init --org "
                '"Name of the organisation" (or set BUTPHA_DATABASE to the path of an existing '
                "one)."
            ),
            path=str(settings.database.absolute()),
        )


async def _open(settings: Settings, *, create: bool = False) -> tuple[SqliteDatabase, Services]:
    if not create:
        _require_database(settings)
    db = await SqliteDatabase.open(settings.database)
    services = Services.from_settings(db, SystemClock(), settings)
    return db, services


async def dispatch(t: Translator, args: argparse.Namespace) -> int:
    settings = load_settings()
    if args.command == "invite":
        # Fail on a missing username before any code is issued.
        username = await _bot_username(settings)
    db, services = await _open(settings, create=args.command == "init")
    try:
        if args.command == "init":
            unit, created = await services.organisation.init(args.org)
            print(
                t(
                    "Created the organisation {name} in {path}.",
                    name=unit.name,
                    path=str(settings.database),
                )
                if created
                else t(
                    "The organisation {name} already exists in {path}; nothing else changed.",
                    name=unit.name,
                    path=str(settings.database),
                )
            )
        elif args.command == "import-members":
            summary = await services.member_import.import_file(Path(args.file))
            lang = t.language
            print(
                t(
                    "Import done: {created} created, {updated} updated, {unchanged} unchanged, "
                    "{cells} new cells.",
                    created=formatting.number(summary.created, lang),
                    updated=formatting.number(summary.updated, lang),
                    unchanged=formatting.number(summary.unchanged, lang),
                    cells=formatting.number(summary.cells_created, lang),
                )
            )
        elif args.command == "invite":
            return await _invite(t, services, args, username)
        elif args.command == "members":
            _print_members(t, await services.organisation.directory(args.cell))
        elif args.command == "export":
            counts = await services.export.write(Path(args.out))
            print(
                t(
                    "Exported to {path}: {counts}.",
                    path=args.out,
                    counts=", ".join(f"{name} {n}" for name, n in counts.items()),
                )
            )
        elif args.command == "year":
            await _year(t, services, args)
        elif args.command == "broadcast":
            await broadcast.broadcast(t, services, args)
        elif args.command == "meetings":
            await meetings.meetings(t, services, args)
        elif args.command == "oversight":
            await oversight.oversight(t, services, args)
        elif args.command == "targets":
            await targets.targets(t, services, args)
        elif args.command == "report":
            await report.report(t, services, args)
        elif args.command == "rating":
            await rating.rating(t, services, args)
        elif args.command == "dues":
            await dues.dues(t, services, args)
        elif args.command == "backup":
            await db.backup_to(Path(args.file))
            print(t("Backup written to {path}.", path=args.file))
    finally:
        await db.close()
    return EXIT_OK


async def _year(t: Translator, services: Services, args: argparse.Namespace) -> None:
    if args.year_command == "set":
        await _set_year(t, services, args)
    elif args.year_command == "reopen":
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
        # The handlers' texts load python-telegram-bot: imported only when a command runs.
        from handlers.tasks.year_change_text import reopened_notice

        await services.reopening.reopen_for(
            None, member.id, args.until, reopened_notice(services.default_language)
        )
        print(
            t(
                "Registration reopened for {name} until {until}.",
                name=member.full_name,
                until=args.until,
            )
        )
        return
    year = await services.years.current()
    if year is None:
        raise UserError(N_("The committee has not set up this year's breakthrough tasks yet."))
    approval = t("yes") if year.approval_required else t("no")
    print(
        t(
            "Year {year}: {theme}. Registration {opens} – {closes}; at most {max} tasks per "
            "member; approval by the cell secretary: {approval}.",
            year=year.year,
            theme=year.theme,
            opens=year.opens,
            closes=year.closes,
            max=year.max_tasks,
            approval=approval,
        )
    )
    for number, area in enumerate(year.areas, start=1):
        print(f"  {number}. {area.name}")


async def _set_year(t: Translator, services: Services, args: argparse.Namespace) -> None:
    """As in the chat: what would shut registration, switch the year, leave members above the
    limit, rename or remove areas is printed, and made only with ``--yes``. An area that
    tasks carry is not removed here: the chat's /khaudotpha moves its tasks first."""
    rules = {
        "year": args.year,
        "theme": args.theme,
        "opens": args.opens,
        "closes": args.closes,
        "max_tasks": args.max_tasks,
        "approval_required": args.approval,
    }
    # The handlers' texts load python-telegram-bot: imported only when a command runs.
    from handlers.tasks.year_change_text import area_plan_lines, year_change_lines

    change = await services.years.preview_year(None, **rules)
    lines = year_change_lines(change, t, str)
    if args.area:
        plan = await services.years.preview_areas(None, args.area, year=args.year)
        if plan.needs_confirmation:
            lines += area_plan_lines(plan, {}, t, str)
        if plan.in_use_removed:
            print("\n".join(lines), file=sys.stderr)
            raise UserError(
                N_(
                    "Nothing was changed: tasks carry an area left out. Keep it in the list "
                    "(write its new name in its place to rename it), or remove it in the chat "
                    "with /khaudotpha, which moves its tasks to the area you choose."
                )
            )
    if lines and not args.yes:
        print("\n".join(lines), file=sys.stderr)
        raise UserError(N_("Nothing was changed. Run it again with --yes to make this change."))
    for line in lines:
        print(line)
    await services.years.set_year(None, **rules, areas=args.area)


async def _bot_username(settings: Settings) -> str | None:
    if settings.bot_username:
        return settings.bot_username
    if settings.bot_token is None:
        if settings.zalo_joining is not None:
            return None  # no Telegram bot to ask: the invites carry the code for Zalo
        raise SettingsError([SettingProblem("BUTPHA_BOT_USERNAME", "missing", None)])
    from telegram import Bot

    from bot.app import file_url_for

    async with Bot(
        settings.bot_token.get_secret_value(),
        base_url=settings.api_base_url,
        base_file_url=file_url_for(settings.api_base_url) or "https://api.telegram.org/file/bot",
    ) as bot:
        return bot.username


async def _invite(
    t: Translator, services: Services, args: argparse.Namespace, username: str | None
) -> int:
    if not (args.cell or args.member_code or args.all_unlinked):
        raise UserError(
            N_("Say whom to invite: --cell NAME, --member-code CODE or --all-unlinked.")
        )
    issued = await services.invites.issue_for_command_line(
        cell_name=args.cell,
        member_code=args.member_code,
        all_unlinked=args.all_unlinked,
        relink=args.relink,
    )
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    # utf-8-sig so Excel shows the Vietnamese names correctly when the file is opened.
    with out.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        zalo = services.invites.zalo
        # On Zalo a member sends the code to the organisation's Zalo bot, this one.
        zalo_column = [] if zalo is None else ["zalo_bot"]
        writer.writerow(["full_name", "cell", "member_code", "code", "link", *zalo_column])
        for item in issued:
            row = [
                item.member.full_name,
                item.cell_name,
                item.member.member_code or "",
                item.code,
                "" if username is None else invite_link(username, item.code),
            ]
            if zalo is not None:
                row.append(zalo.bot_link or "")
            writer.writerow([safe_cell(value) for value in row])
    print(
        t(
            "Wrote {count} invite links to {path}. Each works once and expires in {days} days.",
            count=formatting.number(len(issued), t.language),
            path=str(out),
            days=services.invites.ttl_days,
        )
    )
    if zalo is not None:
        print(
            t(
                "On Zalo, each member sends their code to the organisation's Zalo bot: {link}",
                link=zalo.bot_link,
            )
            if zalo.bot_link
            else t("On Zalo, each member sends their code to the organisation's Zalo bot.")
        )
    return EXIT_OK


def _print_members(t: Translator, entries: list[DirectoryEntry]) -> None:
    header = [t("Name"), t("Cell"), t("Kind"), t("Roles"), t("Linked")]
    rows = []
    for entry in entries:
        roles = responsibilities(entry.member.title, entry.roles, t)
        linked = (
            formatting.short_day(entry.linked_at.date(), t.language) if entry.linked_at else "—"
        )
        if entry.unreachable:
            linked += " " + t("(blocked the bot)")
        name = entry.member.full_name + ("" if entry.member.is_active else " " + t("(left)"))
        rows.append([name, entry.cell.name, t(KIND_NAMES[entry.member.kind]), roles, linked])
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    for row in [header, *rows]:
        print("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip())
    active = [e for e in entries if e.member.is_active]
    party = sum(1 for e in active if e.member.kind.is_party_member)
    print(
        t(
            "Active: {count} (party members {party}, non-party staff {non_party}); "
            "linked: {linked}.",
            count=len(active),
            party=party,
            non_party=len(active) - party,
            linked=sum(1 for e in active if e.linked_at),
        )
    )
    if len(entries) > len(active):
        print(t("Left (not counted): {count}.", count=len(entries) - len(active)))


async def _require_organisation(settings: Settings) -> None:
    db, services = await _open(settings)
    try:
        if await services.membership.organisation_name() is None:
            raise UserError(N_('The organisation does not exist yet: run "butpha init" first.'))
    finally:
        await db.close()


def run(t: Translator) -> int:
    """Telegram, Zalo or both (:mod:`bot.serve`) until SIGINT or SIGTERM."""
    # The bot itself (python-telegram-bot, the handlers): loaded only by the command that runs
    # it, so that every other command starts in about half the time.
    from bot.process_tuning import tune_for_serving
    from bot.serve import channel_modes, serve

    settings = load_settings()
    settings.require_some_token()
    configure_logging(
        settings.secrets, file=settings.log_file, max_bytes=settings.log_max_mb * 1024 * 1024
    )
    asyncio.run(_require_organisation(settings))
    logging.getLogger(__name__).info(
        "starting butpha; database %s; %s", settings.database, channel_modes(settings)
    )
    tune_for_serving()
    asyncio.run(serve(settings))
    return EXIT_OK
