"""Telegram and Zalo in one process: a secretary's notice from Telegram reaches a member on
Zalo once; a member linked on both gets each notice once, on the channel she last wrote from,
and the next one on the other channel once she writes from it."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from bot.app import ButphaApplication, Core, build_application, running_together
from bot.clock import TickingClock
from bot.domain.broadcasts import Audience
from bot.sandbox.models import SandboxUser, SentMessage
from bot.sandbox.zalo import ZaloUser
from bot.services.container import Services
from bot.settings import load_settings
from bot.zalo_application import build_zalo_application
from tests.conftest import MEMBERS, write_csv
from tests.e2e.conftest import TOKEN, BotSandbox, eventually
from tests.e2e.zalo.conftest import ZALO_TOKEN, ZaloBotSandbox

HEADER_CELL = "📢 Thông báo của Chi bộ Phòng Đào tạo"
HEADER_ORG = "📢 Thông báo của Đảng bộ Trường Chính trị"


@dataclass
class Both:
    telegram: BotSandbox
    zalo: ZaloBotSandbox
    services: Services
    database: Path
    clock: TickingClock
    on_telegram: ButphaApplication

    def rows(self, sql: str, *params: Any) -> list[Any]:
        with sqlite3.connect(self.database) as conn:
            return conn.execute(sql, params).fetchall()

    async def code_for(self, member_code: str) -> str:
        [issued] = await self.services.invites.issue_for_command_line(member_code=member_code)
        return issued.code

    async def on_tg(
        self, user: SandboxUser, text: str, predicate: Callable[[SentMessage], bool] | None = None
    ) -> SentMessage:
        sent = await self.telegram.send_text(user, text)
        return await self.telegram.wait_for_message(
            user.id, predicate, after=sent["message_id"], timeout=5
        )

    async def join_telegram(self, member_code: str) -> SandboxUser:
        user = self.telegram.create_user(member_code, language_code="vi")
        welcome = await self.on_tg(user, f"/start {await self.code_for(member_code)}")
        assert "Chào mừng" in welcome.content, welcome.content
        return user

    async def on_zalo(self, user: ZaloUser, text: str) -> None:
        update = await self.zalo.send_text(user, text)
        await self.zalo.wait_for_message(user.id, after=update, timeout=5)
        await self.zalo.wait_until_idle(quiet=0.1)

    async def join_zalo(self, member_code: str) -> ZaloUser:
        user = self.zalo.create_user(member_code)
        await self.on_zalo(user, await self.code_for(member_code))  # the code alone
        assert any("Chào mừng" in m.content for m in self.zalo.messages(user.id))
        return user

    async def delivered(self) -> None:
        self.services.delivery.wake()
        await eventually(
            lambda: (
                not self.rows(
                    "SELECT 1 FROM outbox WHERE status IN ('pending', 'sending') AND not_before <= ?",
                    self.clock.now().strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
                )
            ),
            timeout=10,
        )
        await self.telegram.wait_until_idle(quiet=0.05)
        await self.zalo.wait_until_idle(quiet=0.05)


def notices(messages: list[Any]) -> list[str]:
    return [m.content for m in messages if m.content.startswith("📢 Thông báo của")]


@pytest.fixture
async def both(tmp_path: Path) -> AsyncIterator[Both]:
    async with BotSandbox() as telegram, ZaloBotSandbox() as zalo:
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
        telegram.application, zalo.application = on_telegram, on_zalo
        async with running_together(on_telegram, on_zalo, poll_timeout=1):
            services = on_telegram.bot_data.services
            assert services is not None
            await services.organisation.init("Đảng bộ Trường Chính trị")
            await services.member_import.import_file(write_csv(tmp_path / "m.csv", MEMBERS))
            yield Both(telegram, zalo, services, settings.database, clock, on_telegram)


async def test_a_secretarys_notice_from_telegram_reaches_a_zalo_member_once(both: Both) -> None:
    an = await both.join_telegram("A1")
    binh = await both.join_zalo("A2")
    await both.on_tg(an, "/thongbao")
    summary = await both.on_tg(
        an, "Họp chi bộ thứ Sáu.", lambda m: "Trên đây là thông báo" in m.content
    )
    assert "✅ 2 đồng chí đang dùng bot sẽ nhận được." in summary.content
    assert summary.buttons()[0].text == "📤 Gửi ngay"  # buttons on Telegram
    await both.telegram.press_button(an, summary, "📤 Gửi ngay")
    await eventually(lambda: bool(both.rows("SELECT 1 FROM outbox")))
    await both.delivered()
    assert notices(both.zalo.messages(binh.id)) == [f"{HEADER_CELL}\n\nHọp chi bộ thứ Sáu."]
    # His: the preview, then the notice.
    assert notices(both.telegram.messages(an.id)) == [f"{HEADER_CELL}\n\nHọp chi bộ thứ Sáu."] * 2
    assert sorted(both.rows("SELECT channel, status FROM outbox")) == [
        ("telegram", "sent"),
        ("zalo", "sent"),
    ]


async def test_a_member_on_both_channels_gets_each_notice_once_where_she_last_wrote(
    both: Both,
) -> None:
    binh_zalo = await both.join_zalo("A2")
    binh_tg = await both.join_telegram("A2")  # the same member, on Telegram too
    await both.on_zalo(binh_zalo, "/trogiup")  # where she wrote last
    [(accounts,)] = both.rows(
        "SELECT count(DISTINCT a.channel) FROM accounts a JOIN members m ON m.id = a.member_id"
        " WHERE m.member_code = 'A2'"
    )
    assert accounts == 2

    await both.services.broadcasts.send(None, Audience.organisation(), "Nộp đảng phí.")
    await both.delivered()
    assert notices(both.zalo.messages(binh_zalo.id)) == [f"{HEADER_ORG}\n\nNộp đảng phí."]
    assert notices(both.telegram.messages(binh_tg.id)) == []

    # She writes from Telegram: the next notice goes there, and only there.
    await both.on_tg(binh_tg, "/trogiup")
    await both.services.broadcasts.send(None, Audience.organisation(), "Học nghị quyết.")
    await both.delivered()
    assert notices(both.telegram.messages(binh_tg.id)) == [f"{HEADER_ORG}\n\nHọc nghị quyết."]
    assert len(notices(both.zalo.messages(binh_zalo.id))) == 1

    # And back on Zalo (a numbered choice is writing too): the next one is on Zalo.
    await both.on_zalo(binh_zalo, "/ngonngu")
    await both.services.broadcasts.send(None, Audience.organisation(), "Sinh hoạt chuyên đề.")
    await both.delivered()
    assert notices(both.zalo.messages(binh_zalo.id))[-1] == (
        f"{HEADER_ORG}\n\nSinh hoạt chuyên đề."
    )
    assert len(notices(both.zalo.messages(binh_zalo.id))) == 2
    assert len(notices(both.telegram.messages(binh_tg.id))) == 1
