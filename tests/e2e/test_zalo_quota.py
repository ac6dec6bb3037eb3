"""A channel's monthly quota, on the real sender over real HTTP (a sandbox standing in for
Zalo) and a real SQLite file: essential messages first, optional ones held at the reserve and
sent next month (the organisation's month), the quota never exceeded, and the Telegram rows
left to Telegram's lane."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from telegram import Bot
from telegram.request import HTTPXRequest

from bot.clock import FixedClock
from bot.domain.model import Channel
from bot.domain.outbox import (
    PRIORITY_BULK,
    PRIORITY_NORMAL,
    PRIORITY_URGENT,
    ChatKind,
    OutgoingMessage,
    Purpose,
)
from bot.domain.quota import MonthlyQuota, QuotaLeft
from bot.sandbox.models import SandboxUser
from bot.sandbox.server import Sandbox
from bot.services.delivery import DeliveryService
from scheduler.sender import Sender
from storage.database import SqliteDatabase
from tests.e2e.conftest import eventually

ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
# 23:30 on 31 March in Hanoi; an hour later it is April there, still March in UTC.
START = datetime(2026, 3, 31, 16, 30, tzinfo=UTC)


class Lane:
    def __init__(
        self, sandbox: Sandbox, db: SqliteDatabase, clock: FixedClock, delivery: DeliveryService
    ) -> None:
        self.sandbox, self.db, self.clock, self.delivery = sandbox, db, clock, delivery
        self.users: list[SandboxUser] = []

    async def enqueue(
        self, name: str, n: int, priority: int, channel: Channel, purpose: Purpose
    ) -> None:
        users = [self.sandbox.create_user(f"{name}{i}") for i in range(n)]
        for user in users:
            self.sandbox.mark_started(user)
        await self.delivery.enqueue(
            [
                OutgoingMessage(
                    key=f"{name}:{u.id}",
                    purpose=purpose,
                    chat_id=u.id,
                    chat_kind=ChatKind.PRIVATE,
                    text=name,
                    not_before=self.clock.now(),
                    priority=priority,
                    channel=channel,
                )
                for u in users
            ]
        )

    def by_text(self, status: str) -> dict[str, int]:
        with sqlite3.connect(self.db.path) as conn:
            return dict(
                conn.execute(
                    "SELECT text, count(*) FROM outbox WHERE status = ? GROUP BY text", (status,)
                )
            )

    def sent_on_zalo(self) -> int:
        return len([c for c in self.sandbox.calls_of("sendMessage") if c.status == 200])


@pytest.fixture
async def lane(tmp_path: Path) -> AsyncIterator[tuple[Lane, Sender]]:
    clock = FixedClock(START)
    async with Sandbox() as sandbox:
        db = await SqliteDatabase.open(tmp_path / "q.sqlite3")
        delivery = DeliveryService(db, clock, {Channel.ZALO: MonthlyQuota(10, ZONE)})
        request = HTTPXRequest(read_timeout=2.0, connection_pool_size=8)
        async with Bot(
            "9:Z", base_url=sandbox.base_url, base_file_url=sandbox.base_file_url, request=request
        ) as bot:
            sender = Sender(bot, delivery, channel=Channel.ZALO, rate=50, concurrency=4)
            delivery.listen(sender.wake)
            try:
                yield Lane(sandbox, db, clock, delivery), sender
            finally:
                await sender.stop()
        await db.close()


async def test_essential_first_optional_held_at_the_reserve_never_over_the_quota(
    lane: tuple[Lane, Sender],
) -> None:
    e, sender = lane
    # Queued before the lane starts: twelve optional notices, three must-attend reminders,
    # and one Telegram row this lane must leave alone.
    await e.enqueue("bulk", 12, PRIORITY_BULK, Channel.ZALO, Purpose.BROADCAST)
    await e.enqueue("urgent", 3, PRIORITY_URGENT, Channel.ZALO, Purpose.REMINDER)
    await e.enqueue("telegram", 1, PRIORITY_URGENT, Channel.TELEGRAM, Purpose.REMINDER)
    task = asyncio.create_task(sender.run())
    try:
        # 10 a month, 1 kept in reserve: the 3 reminders and 6 of the notices.
        await eventually(lambda: sum(e.by_text("sent").values()) == 9, timeout=10)
        await asyncio.sleep(0.3)  # nothing more goes
        assert e.by_text("sent") == {"urgent": 3, "bulk": 6}
        assert e.by_text("pending") == {"bulk": 6, "telegram": 1}
        assert await e.delivery.quota_left(Channel.ZALO) == QuotaLeft(1, 10, 1)

        # A task deadline reminder (optional) waits; of two decisions about members (a task
        # approved), the reserve lets one go, the other waits too.
        await e.enqueue("deadline", 1, PRIORITY_NORMAL, Channel.ZALO, Purpose.REMINDER)
        await e.enqueue("decision", 2, PRIORITY_NORMAL, Channel.ZALO, Purpose.NOTICE)
        await eventually(lambda: e.by_text("sent").get("decision") == 1, timeout=10)
        await asyncio.sleep(0.3)
        assert e.sent_on_zalo() == 10 == sum(e.by_text("sent").values())
        assert e.by_text("pending") == {"bulk": 6, "deadline": 1, "decision": 1, "telegram": 1}

        # An hour later it is April in the organisation's time zone (still March in UTC):
        # what waited goes.
        e.clock.advance(hours=1)
        sender.wake()
        await eventually(lambda: sum(e.by_text("sent").values()) == 18, timeout=10)
        assert e.by_text("pending") == {"telegram": 1}
        assert e.by_text("sent") == {"urgent": 3, "bulk": 12, "deadline": 1, "decision": 2}
        assert e.sent_on_zalo() == 18
        assert await e.delivery.quota_left(Channel.ZALO) == QuotaLeft(2, 10, 1)
    finally:
        await sender.stop()
        await task
