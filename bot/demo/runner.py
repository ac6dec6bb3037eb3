"""``butpha demo``: seed the demo database, start the sandbox and the bot, chat in the terminal.

No token and no network: the bot is the real Application talking HTTP to the local sandbox.
"""

from __future__ import annotations

import logging
import shutil
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Generic, TypeVar

from bot.app import build_application, running
from bot.clock import TickingClock
from bot.demo.seed import DEFAULT_PERSONA, seed_database
from bot.demo.terminal import Persona, TerminalChat
from bot.domain.invites import invite_link
from bot.domain.text import fold
from bot.i18n import Translator
from bot.i18n.labels import responsibilities
from bot.sandbox.server import Sandbox
from bot.services.container import Services
from bot.services.members.organisation import DirectoryEntry
from bot.settings import load_settings

DEMO_TOKEN = "123456:DEMO-not-a-real-token"

P = TypeVar("P")


def _remove_database(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def files_folder(database: Path) -> Path:
    """Where the files the bot sends are saved: beside the database, named after it."""
    return database.with_name(f"{database.stem}-files")


class DemoDirectory(Generic[P]):
    """Turns a typed name into a demo member, joined on first use (:meth:`_persona`)."""

    def __init__(self, services: Services, t: Translator) -> None:
        self._services = services
        self._t = t
        self._personas: dict[int, P] = {}

    async def find(self, query: str) -> P | str:
        t = self._t
        entries = await self._services.organisation.directory()
        wanted = fold(query)
        # The whole name or code, then the given name (Vietnamese names end with it), then a part.
        for matches in (
            [
                e
                for e in entries
                if wanted in (fold(e.member.full_name), fold(e.member.member_code or ""))
            ],
            [e for e in entries if fold(e.member.full_name).split()[-1] == wanted],
            [e for e in entries if wanted in fold(e.member.full_name)],
        ):
            if len(matches) == 1:
                return await self._known(matches[0])
            if len(matches) > 1:
                names = ", ".join(e.member.full_name for e in matches[:10])
                return t("Several people match: {names}. Write more of the name.", names=names)
        return t('Nobody in the demo is called "{name}".', name=query)

    async def by_code(self, member_code: str) -> P | str:
        return await self.find(member_code)

    async def _known(self, entry: DirectoryEntry) -> P:
        if entry.member.id not in self._personas:
            self._personas[entry.member.id] = await self._persona(entry)
        return self._personas[entry.member.id]

    def label(self, entry: DirectoryEntry) -> str:
        """ "Lê Thị Mai — Phòng Đào tạo (…)": who the demo says you are."""
        member = entry.member
        roles = responsibilities(member.title, entry.roles, self._t)
        return f"{member.full_name} — {entry.cell.name}" + (f" ({roles})" if roles else "")

    async def invite_code(self, entry: DirectoryEntry) -> str:
        [issued] = await self._services.invites.issue_for_command_line(
            member_code=entry.member.member_code
        )
        return issued.code

    async def _persona(self, entry: DirectoryEntry) -> P:
        raise NotImplementedError


class DemoPeople(DemoDirectory[Persona]):
    """On Telegram: a member joins by opening the invite link the secretary forwarded."""

    def __init__(self, sandbox: Sandbox, services: Services, t: Translator, bot_username: str):
        super().__init__(services, t)
        self._sandbox = sandbox
        self._bot_username = bot_username
        self.chat: TerminalChat | None = None

    async def _persona(self, entry: DirectoryEntry) -> Persona:
        *first, last = entry.member.full_name.split(" ")
        user = self._sandbox.create_user(first_name=last, last_name=" ".join(first) or None)
        code = await self.invite_code(entry)
        assert self.chat is not None
        t = self._t
        self.chat.say(
            t("(Opening the invite link {link})", link=invite_link(self._bot_username, code))
        )
        await self._sandbox.send_text(user, f"/start {code}")
        return Persona(user, self.label(entry))


def start_afresh(path: Path) -> None:
    """A new demo: no database, no saved files, only warnings logged."""
    _remove_database(path)
    shutil.rmtree(files_folder(path), ignore_errors=True)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")


async def run_demo(
    t: Translator, database: str, at: datetime | None = None, channel: str = "telegram"
) -> int:
    """The demo on a new database; ``at`` (the organisation's time) pretends it starts then;
    ``channel``: ``telegram``, or ``zalo`` (:mod:`bot.demo.zalo_runner`)."""
    if channel == "zalo":
        from bot.demo.zalo_runner import run_zalo_demo

        return await run_zalo_demo(t, Path(database), at)
    path = Path(database)
    start_afresh(path)
    async with Sandbox() as sandbox:
        settings = load_settings(
            api_base_url=sandbox.base_url, database=path, bot_username=sandbox.bot_username
        )
        now = datetime.now(UTC) if at is None else at.replace(tzinfo=settings.zone)
        await seed_database(settings, now)
        application = build_application(settings, DEMO_TOKEN, clock=TickingClock(now))
        async with running(application):
            services = application.bot_data.services
            assert services is not None
            people = DemoPeople(sandbox, services, t, sandbox.bot_username)
            chat = TerminalChat(
                sandbox,
                t,
                sys.stdout,
                people.find,
                files_folder(path),
                busy=lambda: services.offload.busy,
            )
            people.chat = chat
            interactive = sys.stdin.isatty()
            chat.say(
                t(
                    "butpha demo — offline, against the local sandbox. Database: {path}",
                    path=str(path),
                )
            )
            chat.say(
                t(
                    "Type as on Telegram (try /trogiup). A number presses a button. "
                    "/as NAME switches to another member: /as Hồng, a cell secretary; /as Hà, "
                    "the committee; /as Trung, an inspector; /as Tâm, non-party staff. "
                    "/quit or Ctrl-D leaves."
                )
            )
            persona = await people.by_code(DEFAULT_PERSONA)
            assert not isinstance(persona, str)
            await chat.become(persona)
            await chat.run(interactive)
    print(t("Demo finished. Goodbye!"))
    return 0
