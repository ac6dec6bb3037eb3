"""Delivery per channel, end to end: the real Application on the Telegram sandbox, and a second
lane on a second sandbox standing in for Zalo (the lane's logic is what is tested here; the
Zalo transport is a request class under the same ``Bot``). A member with accounts on both gets
each notice once, on the channel they last wrote from or the one they chose in /caidat; each
lane sends only its channel's rows; the broadcast preview and report show what Zalo has left
this month when it has a quota."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import pytest
from telegram import Bot
from telegram.request import HTTPXRequest

from bot.domain.broadcasts import Audience
from bot.domain.model import Channel
from bot.domain.quota import MonthlyQuota
from bot.sandbox.models import SandboxUser, SentMessage
from bot.sandbox.server import Sandbox
from scheduler.bulk_lane import BulkLane
from tests.e2e.conftest import World, eventually

HEADER = "📢 Thông báo của Đảng bộ Trường Chính trị"


@dataclass
class ZaloStandIn:
    """The second sandbox and the lane sending the Zalo rows to it."""

    sandbox: Sandbox
    lane: BulkLane
    world: World

    async def link(self, member_code: str, name: str = "Zalo") -> SandboxUser:
        """The member links a Zalo account (before Telegram: an invite is refused today to a
        member linked on Telegram) and has written from it."""
        user = self.sandbox.create_user(name)
        self.sandbox.mark_started(user)
        outcome = await self.world.services.membership.join(
            Channel.ZALO, str(user.id), str(user.id), await self.world.code_for(member_code)
        )
        assert outcome.status.value == "joined", outcome
        await self.writes(user)
        return user

    async def writes(self, user: SandboxUser) -> None:
        await self.world.services.delivery.reachable_again(str(user.id), Channel.ZALO)


@pytest.fixture
async def zalo(world: World) -> AsyncIterator[ZaloStandIn]:
    async with Sandbox() as sandbox:
        bot = Bot(
            "654321:ZALO-stand-in",
            base_url=sandbox.base_url,
            base_file_url=sandbox.base_file_url,
            request=HTTPXRequest(connection_pool_size=6),
        )
        delivery = world.services.delivery
        lane = await BulkLane.start_on(
            bot, channel=Channel.ZALO, delivery=delivery, rate=20, concurrency=4
        )
        delivery.listen(lane.sender.wake)
        try:
            yield ZaloStandIn(sandbox, lane, world)
        finally:
            await lane.stop()


def rows(world: World, sql: str, *params: Any) -> list[Any]:
    with sqlite3.connect(world.database) as conn:
        return conn.execute(sql, params).fetchall()


def notices(sandbox: Sandbox, chat_id: int) -> list[str]:
    return [m.content for m in sandbox.messages(chat_id) if m.content.startswith("📢")]


async def delivered(world: World, zalo: ZaloStandIn) -> None:
    """Both lanes have dealt with every due row."""
    world.services.delivery.wake()
    await eventually(
        lambda: (
            not rows(
                world,
                "SELECT 1 FROM outbox WHERE status IN ('pending', 'sending') AND not_before <= ?",
                world.clock.now().strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
            )
        ),
        timeout=10,
    )
    await world.sandbox.wait_until_idle(quiet=0.05)
    await zalo.sandbox.wait_until_idle(quiet=0.05)


async def broadcast(world: World, zalo: ZaloStandIn, text: str) -> int:
    sent = await world.services.broadcasts.send(None, Audience.organisation(), text)
    await delivered(world, zalo)
    return sent.id


async def test_a_member_on_both_channels_gets_each_notice_once_where_they_last_wrote(
    world: World, zalo: ZaloStandIn
) -> None:
    binh_zalo = await zalo.link("A2")
    binh_tg = await world.join("A2")
    await zalo.writes(binh_zalo)  # she wrote on Zalo after Telegram
    an = await world.join("A1")  # Telegram only

    first = await broadcast(world, zalo, "Họp chi bộ thứ Sáu.")
    assert notices(zalo.sandbox, binh_zalo.id) == [f"{HEADER}\n\nHọp chi bộ thứ Sáu."]
    assert notices(world.sandbox, binh_tg.id) == []
    assert notices(world.sandbox, an.id) == [f"{HEADER}\n\nHọp chi bộ thứ Sáu."]
    # One row per member, on one channel each; each lane sent only its own.
    assert sorted(
        rows(world, "SELECT channel, count(*) FROM outbox WHERE source_id = ? GROUP BY 1", first)
    ) == [("telegram", 1), ("zalo", 1)]
    assert [int(c.params["chat_id"]) for c in zalo.sandbox.calls_of("sendMessage")] == [
        binh_zalo.id
    ]

    # She writes on Telegram again: the next notice comes there, and only there.
    await world.say(binh_tg, "/trogiup")
    await broadcast(world, zalo, "Nộp báo cáo quý.")
    assert notices(world.sandbox, binh_tg.id) == [f"{HEADER}\n\nNộp báo cáo quý."]
    assert len(notices(zalo.sandbox, binh_zalo.id)) == 1

    # And back to Zalo within the same minute: switching is never held back by the
    # once-a-minute refresh of the mark.
    await zalo.writes(binh_zalo)
    await broadcast(world, zalo, "Đóng đảng phí.")
    assert notices(zalo.sandbox, binh_zalo.id)[-1] == f"{HEADER}\n\nĐóng đảng phí."
    assert len(notices(world.sandbox, binh_tg.id)) == 1


async def test_the_channel_chosen_in_settings_wins(world: World, zalo: ZaloStandIn) -> None:
    binh_zalo = await zalo.link("A2")
    binh = await world.join("A2")
    cuong = await world.join("A3")

    # Someone on one channel only is not offered the choice.
    only_telegram = await world.say(cuong, "/caidat")
    assert "Nhận thông báo qua" not in (only_telegram.text or "")
    assert "Zalo" not in [b.text for b in only_telegram.buttons()]

    # /caidat on Telegram makes Telegram the one last used; she chooses Zalo all the same.
    settings = await world.say(binh, "/caidat")
    assert "Nhận thông báo qua: kênh dùng gần nhất" in (settings.text or "")
    assert [b.text for b in settings.buttons()][-3:] == [
        "Zalo", "Telegram", "✅ kênh dùng gần nhất",
    ]  # fmt: skip
    await world.press(binh, settings, "Zalo")
    now = next(m for m in world.sandbox.messages(binh.id) if m.message_id == settings.message_id)
    assert "Nhận thông báo qua: Zalo" in (now.text or "")
    await broadcast(world, zalo, "Sinh hoạt chuyên đề.")
    assert notices(zalo.sandbox, binh_zalo.id) == [f"{HEADER}\n\nSinh hoạt chuyên đề."]
    assert notices(world.sandbox, binh.id) == []

    # Back to the one last used: Telegram, where she pressed the button.
    await world.press(binh, now, "kênh dùng gần nhất")
    await broadcast(world, zalo, "Học nghị quyết.")
    assert notices(world.sandbox, binh.id) == [f"{HEADER}\n\nHọc nghị quyết."]
    assert len(notices(zalo.sandbox, binh_zalo.id)) == 1


async def test_the_preview_and_the_report_show_what_zalo_has_left(
    world: World, zalo: ZaloStandIn
) -> None:
    world.services.delivery.quotas[Channel.ZALO] = MonthlyQuota(1500, world.services.zone)
    secretary = await world.join("A1")
    await zalo.link("A2")
    other_secretary = await world.join("B1")  # Liên khoa: nobody there is on Zalo

    await world.say(secretary, "/thongbao")
    summary = await _compose(world, secretary, "Họp chi bộ thứ Sáu.")
    assert "📨 Còn 1.500/1.500 tin Zalo tháng này." in (summary.text or "").splitlines()
    await world.press(secretary, summary, "📤 Gửi ngay")
    await delivered(world, zalo)
    [job] = world.app.job_queue.get_jobs_by_name("broadcast-reports")  # type: ignore[union-attr]
    await job.run(world.app)
    report = await world.sandbox.wait_for_message(
        secretary.id,
        lambda m: m.message_id == summary.message_id and "Còn 1.499/1.500" in m.content,
        after=summary.message_id - 1,
        timeout=8,
    )
    assert "📨 Còn 1.499/1.500 tin Zalo tháng này." in (report.text or "").splitlines()

    await world.say(other_secretary, "/thongbao")
    telegram_only = await _compose(world, other_secretary, "Họp chi bộ.")
    assert "Zalo" not in (telegram_only.text or "")


async def _compose(world: World, user: SandboxUser, text: str) -> SentMessage:
    sent = await world.sandbox.send_text(user, text)
    return await world.sandbox.wait_for_message(
        user.id, lambda m: "Trên đây là thông báo" in m.content, after=sent["message_id"]
    )
