"""``butpha demo --channel zalo``: the same seeded demo, served by the Zalo application (the same
handlers over :mod:`channels.zalo`) against the local Zalo sandbox, and chatted in the terminal
as the Zalo app shows it (:mod:`bot.demo.zalo_terminal`): plain text, numbered choices that
are answered by typing the number, no buttons. People join the Zalo way, by sending the invite
code alone.
"""

from __future__ import annotations

import asyncio
import contextlib
import sys
from datetime import UTC, datetime
from pathlib import Path

from bot.app import ButphaApplication, running
from bot.clock import TickingClock
from bot.demo.runner import DemoDirectory, start_afresh
from bot.demo.seed import DEFAULT_PERSONA, seed_database
from bot.demo.zalo_terminal import ZaloPersona, ZaloTerminalChat
from bot.i18n import Translator
from bot.sandbox.zalo import ZaloSandbox
from bot.services.container import Services
from bot.services.members.organisation import DirectoryEntry
from bot.settings import load_settings
from bot.zalo_application import build_zalo_application

DEMO_ZALO_TOKEN = "1459232241454765289:DEMO-not-a-real-token"


class DemoZaloSandbox(ZaloSandbox):
    """Idle also means the bot has handled every update it took (not only fetched it)."""

    application: ButphaApplication | None = None

    async def wait_until_idle(self, quiet: float = 0.3, timeout: float = 10.0) -> None:
        await super().wait_until_idle(quiet, timeout)
        if self.application is not None:
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(timeout):
                    await self.application.update_queue.join()
            await super().wait_until_idle(quiet, timeout)


class ZaloDemoPeople(DemoDirectory[ZaloPersona]):
    """On Zalo, which has no links that carry a code, a member joins by sending the code."""

    def __init__(self, sandbox: ZaloSandbox, services: Services, t: Translator) -> None:
        super().__init__(services, t)
        self._sandbox = sandbox
        self.chat: ZaloTerminalChat | None = None

    async def _persona(self, entry: DirectoryEntry) -> ZaloPersona:
        user = self._sandbox.create_user(entry.member.full_name)
        code = await self.invite_code(entry)
        assert self.chat is not None
        t = self._t
        self.chat.say(t("(Sending the invite code {code} to the Zalo bot)", code=code))
        await self._sandbox.send_text(user, code)
        return ZaloPersona(user, self.label(entry))


async def run_zalo_demo(t: Translator, path: Path, at: datetime | None = None) -> int:
    start_afresh(path)
    settings = load_settings(
        database=path,
        # This demo is on Zalo only, whatever .env says about Telegram or a webhook.
        bot_token=None,
        bot_username=None,
        zalo_bot_token=DEMO_ZALO_TOKEN,
        zalo_webhook_url=None,
    )
    now = datetime.now(UTC) if at is None else at.replace(tzinfo=settings.zone)
    clock = TickingClock(now)
    sandbox = DemoZaloSandbox(clock=clock)
    async with sandbox:
        await seed_database(settings, now)
        application = build_zalo_application(
            settings, DEMO_ZALO_TOKEN, base_url=sandbox.base_url, clock=clock
        )
        sandbox.application = application
        async with running(application, poll_timeout=1):
            services = application.bot_data.services
            assert services is not None
            people = ZaloDemoPeople(sandbox, services, t)
            chat = ZaloTerminalChat(sandbox, t, sys.stdout, people.find)
            people.chat = chat
            chat.say(
                t(
                    "butpha demo on Zalo — offline, against the local Zalo sandbox. "
                    "Database: {path}",
                    path=str(path),
                )
            )
            chat.say(
                t(
                    "Type as on Zalo (try /trogiup). Zalo has no buttons: the bot numbers its "
                    "choices, and you answer with the number or the words of one. /as NAME "
                    "switches to another member: /as Hồng, a cell secretary; /as Hà, the "
                    "committee; /as Trung, an inspector; /as Tâm, non-party staff. /quit or "
                    "Ctrl-D leaves."
                )
            )
            persona = await people.by_code(DEFAULT_PERSONA)
            assert not isinstance(persona, str)
            await chat.become(persona)
            await chat.run(sys.stdin.isatty())
    print(t("Demo finished. Goodbye!"))
    return 0
