"""End to end: the real Application polling the local sandbox over HTTP, a real SQLite file."""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from telegram import Update

from bot.app import ButphaApplication, build_application, running
from bot.clock import FixedClock, TickingClock
from bot.sandbox.models import SandboxUser, SentMessage
from bot.sandbox.server import Sandbox
from bot.services.container import Services
from bot.settings import load_settings
from scheduler.jobs import planners_turn
from tests.conftest import MEMBERS, write_csv

TOKEN = "123456:TEST-token-never-logged"


class BotSandbox(Sandbox):
    """The sandbox of a world: idle also means the bot has handled every update it took (on a
    busy machine a handler may pause longer than the quiet wait before its first call)."""

    application: ButphaApplication | None = None

    async def wait_until_idle(self, quiet: float = 0.3, timeout: float = 10.0) -> None:
        await super().wait_until_idle(quiet, timeout)
        if self.application is not None:
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(timeout):
                    await self.application.update_queue.join()
            await super().wait_until_idle(quiet, timeout)


@dataclass
class World:
    sandbox: Sandbox
    app: ButphaApplication
    services: Services
    database: Path
    clock: TickingClock | FixedClock
    # The callback queries whose update the application has finished handling.
    handled: set[str] = field(default_factory=set)

    async def code_for(self, member_code: str, *, relink: bool = False) -> str:
        [issued] = await self.services.invites.issue_for_command_line(
            member_code=member_code, relink=relink
        )
        return issued.code

    async def say(
        self,
        user: SandboxUser,
        text: str,
        chat_id: int | None = None,
        predicate: Callable[[SentMessage], bool] | None = None,
    ) -> SentMessage:
        """Send as ``user`` and return the bot's answer in that chat."""
        sent = await self.sandbox.send_text(user, text, chat_id)
        return await self.sandbox.wait_for_message(
            chat_id or user.id, predicate, after=sent["message_id"]
        )

    async def join(
        self, member_code: str, first_name: str = "Test", language_code: str | None = "vi"
    ) -> SandboxUser:
        user = self.sandbox.create_user(first_name, language_code=language_code)
        answer = await self.say(user, f"/start {await self.code_for(member_code)}")
        assert "Chào mừng" in answer.text or "Welcome" in (answer.text or ""), answer.text
        return user

    async def open_year(
        self,
        *,
        approval: bool = True,
        areas: list[str] | None = None,
        max_tasks: int = 5,
        open_now: bool = True,
    ) -> int:
        """Set up the current year (the clock's) with registration open today, or closed."""
        today = self.clock.now().astimezone(self.services.zone).date()
        year = today.year
        opens, closes = (
            (date(year, 1, 1), date(year, 12, 31))
            if open_now
            else (date(year, 1, 1), date(year, 1, 1))
        )
        if not open_now and today <= closes:
            opens = closes = date(year, 12, 31)
        await self.services.years.set_year(
            None,
            year=year,
            theme="Bứt phá về đích",
            opens=opens,
            closes=closes,
            max_tasks=max_tasks,
            approval_required=approval,
            areas=areas,
        )
        return year

    async def press(self, user: SandboxUser, message: SentMessage, button: int | str) -> None:
        """Press and wait for the bot to be done with it: the application has finished
        handling the press (a handler often answers the button first and edits the message
        after more work, which a busy machine can stretch), then no call for a moment."""
        query_id = await self.sandbox.press_button(user, message, button)
        with contextlib.suppress(TimeoutError):
            await eventually(lambda: query_id in self.handled, timeout=10.0)
        await self.sandbox.wait_until_idle(quiet=0.1)

    async def all_handled(self, timeout: float = 10.0) -> None:
        """Wait until every update the bot has taken from the sandbox has been handled."""
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(timeout):
                await self.app.update_queue.join()


def follow_handling(world: World) -> None:
    """Note each button press the application has finished handling (every handler group)."""
    process = world.app.process_update

    async def process_and_note(update: object) -> None:
        try:
            await process(update)
        finally:
            if isinstance(update, Update) and update.callback_query is not None:
                world.handled.add(update.callback_query.id)

    world.app.process_update = process_and_note  # type: ignore[method-assign]


async def eventually(check: Callable[[], bool], timeout: float = 5.0) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while not check():
        if asyncio.get_running_loop().time() > deadline:
            raise TimeoutError("condition not met")
        await asyncio.sleep(0.02)


async def outbox_drained(world: World, timeout: float = 10.0) -> None:
    """Wait until the sender has dealt with every outbox row that is due."""

    def drained() -> bool:
        with sqlite3.connect(world.database) as conn:
            (busy,) = conn.execute(
                "SELECT count(*) FROM outbox WHERE status = 'sending'"
                " OR (status = 'pending' AND not_before <= strftime('%Y-%m-%dT%H:%M:%fZ', ?))",
                (world.clock.now().isoformat(),),
            ).fetchone()
        return busy == 0

    world.services.delivery.wake()
    await eventually(drained, timeout)
    await world.sandbox.wait_until_idle(quiet=0.05)


async def start_up_planned(application: ButphaApplication) -> None:
    """Until the planning jobs run at start-up are done (they take turns: a reminder one of
    them queues late would otherwise arrive in the middle of a test that moved the clock)."""

    def done() -> bool:
        queue = application.job_queue
        jobs = queue.jobs() if queue is not None else ()
        return not any(str(j.name).endswith("-at-start") for j in jobs) and not (
            planners_turn().locked()
        )

    await eventually(done, timeout=30)
    await asyncio.sleep(0.05)
    await eventually(done, timeout=30)


@pytest.fixture
async def world(tmp_path: Path) -> AsyncIterator[World]:
    async with BotSandbox() as sandbox:
        settings = load_settings(
            api_base_url=sandbox.base_url,
            database=tmp_path / "bot.sqlite3",
            bot_username=sandbox.bot_username,
            language="vi",
        )
        # Early March of this year, running with real time (retries and pauses come due by
        # themselves): the registration window open, most of the year ahead.
        clock = TickingClock(datetime(datetime.now(UTC).year, 3, 2, 1, 0, tzinfo=UTC))
        application = build_application(settings, TOKEN, clock=clock)
        sandbox.application = application
        async with running(application, poll_timeout=1):
            services = application.bot_data.services
            assert services is not None
            await services.organisation.init("Đảng bộ Trường Chính trị")
            await services.member_import.import_file(write_csv(tmp_path / "m.csv", MEMBERS))
            world = World(sandbox, application, services, tmp_path / "bot.sqlite3", clock)
            follow_handling(world)
            await start_up_planned(application)
            yield world
