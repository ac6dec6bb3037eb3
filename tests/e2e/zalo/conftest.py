"""End to end on Zalo: the real Zalo Application (the same handlers over channels/zalo)
polling the Zalo sandbox over HTTP, a real SQLite file. ``zalo_world`` is ``world`` for Zalo."""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from bot.app import ButphaApplication, Core, running
from bot.clock import TickingClock
from bot.domain.model import Channel, Identity
from bot.sandbox.zalo import ZaloSandbox, ZaloSent, ZaloUser
from bot.services.container import Services
from bot.settings import load_settings
from bot.zalo_application import build_zalo_application
from tests.conftest import MEMBERS, write_csv
from tests.e2e.conftest import eventually

ZALO_TOKEN = "1459232241454765289:ZALO-token-never-logged"


class ZaloBotSandbox(ZaloSandbox):
    """Idle also means the bot has handled every update it took."""

    application: ButphaApplication | None = None

    async def wait_until_idle(self, quiet: float = 0.3, timeout: float = 10.0) -> None:
        await super().wait_until_idle(quiet, timeout)
        if self.application is not None:
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(timeout):
                    await self.application.update_queue.join()
            await super().wait_until_idle(quiet, timeout)


@dataclass
class ZaloWorld:
    sandbox: ZaloBotSandbox
    app: ButphaApplication
    services: Services
    database: Path
    clock: TickingClock
    core: Core

    async def code_for(self, member_code: str, *, relink: bool = False) -> str:
        [issued] = await self.services.invites.issue_for_command_line(
            member_code=member_code, relink=relink
        )
        return issued.code

    async def say(
        self,
        user: ZaloUser,
        text: str,
        predicate: Callable[[ZaloSent], bool] | None = None,
        timeout: float = 5.0,
    ) -> ZaloSent:
        """Send as ``user``; the bot's first answer to it (that matches ``predicate``)."""
        update = await self.sandbox.send_text(user, text)
        return await self.sandbox.wait_for_message(
            user.id, predicate, after=update, timeout=timeout
        )

    async def answers(self, user: ZaloUser, text: str) -> list[ZaloSent]:
        """Send as ``user``; everything the bot said once it is done with it."""
        before = len(self.sandbox.messages(user.id))
        await self.sandbox.send_text(user, text)
        await self.sandbox.wait_for_message(user.id, after=before)
        await self.sandbox.wait_until_idle(quiet=0.2)
        return self.sandbox.messages(user.id)[before:]

    async def join(self, member_code: str, name: str = "Test") -> ZaloUser:
        user = self.sandbox.create_user(name)
        code = await self.code_for(member_code)
        answer = await self.say(user, f"/start {code}", lambda m: "Chào mừng" in m.content)
        assert "Chào mừng" in answer.content, self.sandbox.transcript(user.id)
        await self.sandbox.wait_until_idle(quiet=0.1)
        return user

    async def open_year(self, *, approval: bool = True, areas: list[str] | None = None) -> int:
        """The current year (the clock's) with registration open."""
        year = self.clock.now().astimezone(self.services.zone).year
        await self.services.years.set_year(
            None,
            year=year,
            theme="Bứt phá về đích",
            opens=date(year, 1, 1),
            closes=date(year, 12, 31),
            max_tasks=5,
            approval_required=approval,
            areas=areas,
        )
        return year

    async def delivered(self, timeout: float = 10.0) -> None:
        """The sender has dealt with every due outbox row, and the bot has gone quiet."""

        def drained() -> bool:
            [(busy,)] = self.rows(
                "SELECT count(*) FROM outbox WHERE status = 'sending'"
                " OR (status = 'pending' AND not_before <= ?)",
                self.clock.now().strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
            )
            return busy == 0

        self.services.delivery.wake()
        await eventually(drained, timeout)
        await self.sandbox.wait_until_idle(quiet=0.05)

    async def chat_of(self, user: ZaloUser) -> int:
        """The integer the handlers know the Zalo user by."""
        [(chat_id,)] = self.rows("SELECT id FROM zalo_chats WHERE zalo_id = ?", user.id)
        assert isinstance(chat_id, int)
        return chat_id

    async def identity(self, user: ZaloUser) -> Identity:
        found = await self.services.membership.identify(Channel.ZALO, str(await self.chat_of(user)))
        assert found is not None
        return found

    def rows(self, sql: str, *params: object) -> list[tuple[object, ...]]:
        with sqlite3.connect(self.database) as conn:
            return list(conn.execute(sql, params))


@pytest.fixture
async def zalo_world(tmp_path: Path) -> AsyncIterator[ZaloWorld]:
    async with ZaloBotSandbox() as sandbox:
        settings = load_settings(database=tmp_path / "bot.sqlite3", language="vi")
        clock = TickingClock(datetime(datetime.now(UTC).year, 3, 2, 1, 0, tzinfo=UTC))
        core = Core(settings, clock, settings.database)
        application = build_zalo_application(
            settings, ZALO_TOKEN, base_url=sandbox.base_url, core=core
        )
        sandbox.application = application
        async with running(application, poll_timeout=1):
            services = application.bot_data.services
            assert services is not None
            await services.organisation.init("Đảng bộ Trường Chính trị")
            await services.member_import.import_file(write_csv(tmp_path / "m.csv", MEMBERS))
            yield ZaloWorld(sandbox, application, services, settings.database, clock, core)
