"""Telegram and Zalo served by one process: two applications on one database and one set of
services, the jobs scheduled once."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.app import Core, build_application, running_together
from bot.clock import TickingClock
from bot.domain.model import Channel
from bot.sandbox.server import Sandbox
from bot.settings import load_settings
from bot.zalo_application import build_zalo_application
from tests.conftest import MEMBERS, write_csv
from tests.e2e.conftest import TOKEN
from tests.e2e.zalo.conftest import ZALO_TOKEN, ZaloBotSandbox


async def test_both_applications_share_one_database_and_services(tmp_path: Path) -> None:
    async with Sandbox() as telegram, ZaloBotSandbox() as zalo:
        settings = load_settings(
            api_base_url=telegram.base_url,
            database=tmp_path / "bot.sqlite3",
            bot_username=telegram.bot_username,
            language="vi",
        )
        clock = TickingClock(datetime(datetime.now(UTC).year, 3, 2, 1, 0, tzinfo=UTC))
        core = Core(settings, clock, settings.database)
        on_telegram = build_application(settings, TOKEN, core=core, set_menus=False)
        on_zalo = build_zalo_application(settings, ZALO_TOKEN, base_url=zalo.base_url, core=core)
        zalo.application = on_zalo
        async with running_together(on_telegram, on_zalo, poll_timeout=1):
            services = on_telegram.bot_data.services
            assert services is not None and on_zalo.bot_data.services is services
            assert on_telegram.bot_data.channel is Channel.TELEGRAM
            assert on_zalo.bot_data.channel is Channel.ZALO
            await services.organisation.init("Đảng bộ Trường Chính trị")
            await services.member_import.import_file(write_csv(tmp_path / "m.csv", MEMBERS))

            [an] = await services.invites.issue_for_command_line(member_code="A1")
            user = telegram.create_user("An", language_code="vi")
            sent = await telegram.send_text(user, f"/start {an.code}")
            welcome = await telegram.wait_for_message(user.id, after=sent["message_id"])
            assert "Chào mừng" in (welcome.text or "")

            [binh] = await services.invites.issue_for_command_line(member_code="A2")
            lan = zalo.create_user("Bình")
            update = await zalo.send_text(lan, f"/start {binh.code}")
            on_zalo_welcome = await zalo.wait_for_message(
                lan.id, lambda m: "Chào mừng" in m.content, after=update
            )
            assert "Trần Thị Bình" in on_zalo_welcome.content

            def names(app: object) -> set[str]:
                queue = getattr(app, "job_queue", None)
                return {job.name for job in queue.jobs()} if queue is not None else set()

            assert names(on_telegram) - {"wake-sender"}  # the features' jobs run there
            # and only there (each application wakes its own outbox lane)
            assert not (names(on_zalo) & names(on_telegram)) - {"wake-sender"}
            assert "wake-sender" in names(on_zalo)
        with pytest.raises(RuntimeError):  # closed by the last to stop
            _ = core.database
