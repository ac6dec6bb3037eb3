"""The delivery engine against the sandbox over real HTTP: pacing, faults, outcomes."""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
import subprocess
from collections.abc import AsyncIterator, Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from telegram import Bot
from telegram.request import HTTPXRequest

from bot.clock import SystemClock
from bot.domain.outbox import ChatKind, OutgoingMessage, Purpose
from bot.sandbox.models import SandboxUser
from bot.sandbox.server import Sandbox
from bot.services.delivery import DeliveryService
from scheduler.sender import Sender
from storage.database import SqliteDatabase
from tests.e2e.conftest import World, eventually, outbox_drained


class Engine:
    def __init__(
        self, sandbox: Sandbox, db: SqliteDatabase, clock: SystemClock, delivery: DeliveryService
    ) -> None:
        self.sandbox, self.db, self.clock, self.delivery = sandbox, db, clock, delivery

    def users(self, n: int) -> list[SandboxUser]:
        users = [self.sandbox.create_user(f"U{i}") for i in range(n)]
        for user in users:  # they have all opened a chat with the bot
            self.sandbox.mark_started(user)
        return users

    async def enqueue(self, users: list[SandboxUser], source: int = 1, **extra: object) -> None:
        await self.delivery.enqueue(
            [
                OutgoingMessage(
                    key=f"test:{source}:{u.id}",
                    purpose=Purpose.BROADCAST,
                    chat_id=u.id,
                    chat_kind=ChatKind.PRIVATE,
                    text=f"Thông báo <b>{source}</b>",
                    not_before=self.clock.now(),
                    source_id=source,
                    **extra,  # type: ignore[arg-type]
                )
                for u in users
            ]
        )

    def statuses(self) -> dict[str, int]:
        with sqlite3.connect(self.db.path) as conn:
            return dict(conn.execute("SELECT status, count(*) FROM outbox GROUP BY status"))


@pytest.fixture
async def engine(tmp_path: Path) -> AsyncIterator[tuple[Engine, Sender]]:
    # Real time: retries and pauses are about wall-clock seconds.
    clock = SystemClock()
    async with Sandbox(enforce_rate_limits=True) as sandbox:
        db = await SqliteDatabase.open(tmp_path / "o.sqlite3")
        delivery = DeliveryService(db, clock)
        # A short read timeout so a hung call times out (and is retried) within the test.
        request = HTTPXRequest(read_timeout=1.0, connection_pool_size=16)
        async with Bot(
            "1:T", base_url=sandbox.base_url, base_file_url=sandbox.base_file_url, request=request
        ) as bot:
            sender = Sender(bot, delivery, rate=25, backoff_base=0.05)
            task = asyncio.create_task(sender.run())
            try:
                yield Engine(sandbox, db, clock, delivery), sender
            finally:
                await sender.stop()
                await task
        await db.close()


async def test_everything_is_delivered_once_at_the_configured_pace(
    engine: tuple[Engine, Sender],
) -> None:
    e, sender = engine
    users = e.users(40)
    await e.enqueue(users)
    await e.enqueue(users)  # the same notice again: the idempotency keys refuse it
    sender.wake()
    started = asyncio.get_running_loop().time()
    await eventually(lambda: e.statuses().get("sent", 0) == 40, timeout=10)
    elapsed = asyncio.get_running_loop().time() - started
    assert all(len(e.sandbox.messages(u.id)) == 1 for u in users)
    assert elapsed >= 39 / 25 * 0.9  # paced at 25/s, not faster
    refused = [c for c in e.sandbox.calls_of("sendMessage") if c.status == 429]
    assert refused == []


async def test_429_pauses_and_retries_403_blocks_500_retries(
    engine: tuple[Engine, Sender],
) -> None:
    e, sender = engine
    users = e.users(12)
    e.sandbox.block_bot(users[0], notify=False)
    e.sandbox.inject_fault("sendMessage", "429", count=1, retry_after=1)
    e.sandbox.inject_fault("sendMessage", "500", count=2)
    await e.enqueue(users)
    sender.wake()
    await eventually(lambda: e.statuses().get("sent", 0) == 11, timeout=15)
    assert e.statuses() == {"sent": 11, "blocked": 1}
    assert e.sandbox.messages(users[0].id) == []
    with sqlite3.connect(e.db.path) as conn:
        conn.row_factory = sqlite3.Row
        blocked = conn.execute("SELECT * FROM outbox WHERE status = 'blocked'").fetchone()
    assert blocked["chat_id"] == str(users[0].id) and "403" in blocked["last_error"]


async def test_expired_notices_are_skipped_not_sent_late(engine: tuple[Engine, Sender]) -> None:
    e, sender = engine
    [user] = e.users(1)
    await e.enqueue([user], expires_at=e.clock.now() - timedelta(minutes=1))
    sender.wake()
    await eventually(lambda: e.statuses() == {"skipped": 1})
    assert e.sandbox.messages(user.id) == []


async def test_not_before_waits_for_its_time(engine: tuple[Engine, Sender]) -> None:
    e, sender = engine
    [user] = e.users(1)
    await e.delivery.enqueue(
        [
            OutgoingMessage(
                key="later",
                purpose=Purpose.BROADCAST,
                chat_id=user.id,
                chat_kind=ChatKind.PRIVATE,
                text="Sau",
                not_before=e.clock.now() + timedelta(seconds=1.5),
                source_id=9,
            )
        ]
    )
    sender.wake()
    await asyncio.sleep(0.5)
    assert e.sandbox.messages(user.id) == []
    await eventually(lambda: len(e.sandbox.messages(user.id)) == 1, timeout=5)


async def test_a_blocked_member_is_reachable_again_once_they_write(world: World) -> None:
    member = await world.join("A2")
    # Written to the bot a moment ago: remembered as reachable, with no read for a minute...
    await world.say(member, "/trogiup")
    await world.say(member, "/trogiup")
    # ...until the sender finds them blocked.
    world.sandbox.block_bot(member, notify=False)
    await world.services.delivery.enqueue(
        [
            OutgoingMessage(
                key="k1",
                purpose=Purpose.NOTICE,
                chat_id=member.id,
                chat_kind=ChatKind.PRIVATE,
                text="Một",
                not_before=world.services.delivery.now(),
            )
        ]
    )
    await outbox_drained(world)

    def unreachable() -> object:
        with sqlite3.connect(world.database) as conn:
            return conn.execute(
                "SELECT unreachable_since IS NOT NULL, unreachable_reason"
                " FROM accounts WHERE user_id = ?",
                (str(member.id),),
            ).fetchone()

    assert unreachable()[0] == 1 and "403" in unreachable()[1]  # type: ignore[index]
    await world.say(member, "/trogiup")  # writing to the bot unblocks it, as clients do
    assert unreachable() == (0, None)


async def test_429_on_a_tenth_of_sends_and_a_timeout_still_deliver_everything(
    engine: tuple[Engine, Sender],
) -> None:
    e, sender = engine
    users = e.users(40)
    e.sandbox.inject_fault("sendMessage", "hang", count=1, hang_seconds=5)
    await e.enqueue(users)
    sender.wake()

    async def throttle() -> None:
        # Telegram's 429 on every tenth send, as long as the broadcast runs.
        seen = 0
        while e.statuses().get("sent", 0) < 40:
            calls = e.sandbox.calls_of("sendMessage")
            if len(calls) >= seen + 10:
                seen = len(calls)
                e.sandbox.inject_fault("sendMessage", "429", count=1, retry_after=1)
            await asyncio.sleep(0.01)

    await asyncio.wait_for(throttle(), timeout=30)
    calls = e.sandbox.calls_of("sendMessage")
    refused_at = [c.time for c in calls if c.status == 429]
    assert len(refused_at) >= 3
    assert all(len(e.sandbox.messages(u.id)) == 1 for u in users)
    # After each 429, nothing was sent until retry_after had passed.
    for moment in refused_at:
        during_pause = [c for c in calls if c.status == 200 and moment < c.time < moment + 0.9]
        assert during_pause == [], moment
    with sqlite3.connect(e.db.path) as conn:
        retried = conn.execute(
            "SELECT count(*) FROM outbox WHERE attempts > 1 AND status = 'sent'"
        ).fetchone()[0]
    assert retried >= 1  # the hung call timed out, was retried and delivered


async def test_a_chats_messages_arrive_in_order_even_when_one_is_slow(tmp_path: Path) -> None:
    """A long notice goes out in parts: one slow send must not let the next part overtake it
    (one message in flight per chat, in the order claimed)."""
    clock = SystemClock()
    async with Sandbox() as sandbox:
        db = await SqliteDatabase.open(tmp_path / "o.sqlite3")
        delivery = DeliveryService(db, clock)
        user = sandbox.create_user("U")
        sandbox.mark_started(user)
        async with Bot("1:T", base_url=sandbox.base_url) as bot:
            sender = Sender(bot, delivery, rate=25)
            task = asyncio.create_task(sender.run())
            try:
                await delivery.enqueue(
                    [
                        OutgoingMessage(
                            key=f"long:{part}",
                            purpose=Purpose.BROADCAST,
                            chat_id=user.id,
                            chat_kind=ChatKind.PRIVATE,
                            text=f"Phần {part}",
                            not_before=clock.now(),
                            source_id=1,
                        )
                        for part in (1, 2, 3, 4)
                    ]
                )
                sender.wake()
                await eventually(lambda: len(sandbox.messages(user.id)) == 1)
                # Part 2 takes longer than the one-second spacing between a chat's messages.
                sandbox.inject_fault("sendMessage", "hang", hang_seconds=1.6)
                await eventually(lambda: len(sandbox.messages(user.id)) == 4, timeout=15)
            finally:
                await sender.stop()
                await task
        await db.close()
    assert [m.text for m in sandbox.messages(user.id)] == [f"Phần {n}" for n in (1, 2, 3, 4)]


async def test_an_outcome_the_database_refuses_is_recorded_once_it_accepts(
    engine: tuple[Engine, Sender],
) -> None:
    """Another process holds the write lock past the busy timeout while messages are in flight:
    recording that they were sent fails. Once the lock is gone every row is "sent" (none left
    "being sent" in the report, none to send again after a restart) and each member got the
    notice once."""
    e, sender = engine
    users = e.users(20)
    e.sandbox.inject_fault("sendMessage", "hang", count=8, hang_seconds=0.8)
    await e.enqueue(users)
    sender.wake()
    await eventually(lambda: e.sandbox.calls_of("sendMessage") != [], timeout=5)
    holder = sqlite3.connect(e.db.path, timeout=1.0)
    try:
        holder.execute("BEGIN IMMEDIATE")
        await asyncio.sleep(6.5)  # longer than busy_timeout (5 s): the outcomes are refused
        assert e.statuses().get("sending", 0) > 0
    finally:
        holder.rollback()
        holder.close()
    await eventually(lambda: e.statuses() == {"sent": 20}, timeout=20)
    assert await e.delivery.requeue_interrupted() == 0
    assert [len(e.sandbox.messages(u.id)) for u in users] == [1] * 20


@contextlib.contextmanager
def _small_disk(path: Path) -> Iterator[Path]:
    """A 4 MB file system of its own (tmpfs), for a disk that fills up; skipped where one
    cannot be mounted (not root)."""
    path.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(path)]).returncode:
        pytest.skip("cannot mount a small file system here")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], check=False)


async def test_a_disk_full_during_a_broadcast_leaves_nothing_sending_and_nothing_twice(
    tmp_path: Path,
) -> None:
    """The disk fills up while messages are in flight: what became of them cannot be written.
    Once there is room again every row is "sent" and each member got the notice once."""
    clock = SystemClock()
    with _small_disk(tmp_path / "disk") as disk:
        async with Sandbox() as sandbox:
            db = await SqliteDatabase.open(disk / "o.sqlite3")
            delivery = DeliveryService(db, clock)
            e = Engine(sandbox, db, clock, delivery)
            request = HTTPXRequest(read_timeout=5.0, connection_pool_size=16)
            async with Bot(
                "1:T",
                base_url=sandbox.base_url,
                base_file_url=sandbox.base_file_url,
                request=request,
            ) as bot:
                sender = Sender(bot, delivery, rate=25, backoff_base=0.05)
                task = asyncio.create_task(sender.run())
                try:
                    users = e.users(20)
                    sandbox.inject_fault("sendMessage", "hang", count=20, hang_seconds=1.0)
                    await e.enqueue(users)
                    sender.wake()
                    await eventually(lambda: sandbox.calls_of("sendMessage") != [], timeout=5)
                    filler = disk / "filler"
                    # Unbuffered, the error suppressed around the close too: the last write
                    # may fill the disk only in part, and a buffer would then fail its close.
                    with contextlib.suppress(OSError), filler.open("wb", buffering=0) as handle:
                        while True:
                            handle.write(b"\0" * 65536)
                    await asyncio.sleep(3.0)  # the outcomes are refused meanwhile
                    assert e.statuses().get("sending", 0) > 0
                    filler.unlink()
                    await eventually(lambda: e.statuses() == {"sent": 20}, timeout=30)
                    assert await delivery.requeue_interrupted() == 0
                    assert [len(sandbox.messages(u.id)) for u in users] == [1] * 20
                finally:
                    await sender.stop()
                    await task
            await db.close()
