"""Benchmark: a broadcast to 10,000 members through the sandbox.

Runs the real bot (``butpha run``, a child process) against the local sandbox. First with
Telegram's limits enforced by the sandbox (30/s overall, 1/s per chat, 20/min per group) and the
sender at its default 25 messages/s; then with the rate set to 1,000/s and the sandbox's limits
off, to show what the engine itself can do. Prints: time to enqueue, achieved rate as a fraction
of the configured one, messages the sandbox refused for rate, the latency of a member's /help
answered while the broadcast runs (median, p95), and the bot's peak memory.

    .venv/bin/python tests/bench/bench_broadcast.py [--members 10000]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import resource
import signal
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import httpx

from bot.clock import SystemClock
from bot.domain.outbox import PRIORITY_BULK, ChatKind, OutgoingMessage, Purpose
from bot.sandbox.server import Sandbox
from bot.services.container import Services
from storage.database import SqliteDatabase

TOKEN = "123456:BENCH-broadcast"
TEXT = (
    "📢 <b>Thông báo của Đảng ủy</b>\nKính mời đồng chí dự sinh hoạt chuyên đề lúc 14:00 "
    "Thứ Sáu, 29/03/2024 tại hội trường A."
)


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] if len(values) >= 2 else values[0]


async def prepare(path: Path, members: int, user_ids: list[int], asker_id: int) -> float:
    """An organisation whose members all have a chat with the bot; returns the enqueue time."""
    db = await SqliteDatabase.open(path)
    services = Services.build(db, SystemClock(), invite_ttl_days=30, default_language="vi")
    await services.organisation.init("Đảng bộ Thử")
    await db.close()
    now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    with sqlite3.connect(path) as conn:
        conn.execute(
            "INSERT INTO units (id, parent_id, kind, name, name_key, created_at)"
            " VALUES (2, 1, 'cell', 'Chi bộ Thử', 'thu', ?)",
            (now,),
        )
        conn.executemany(
            "INSERT INTO members (id, full_name, cell_id, kind, created_at, updated_at)"
            " VALUES (?, ?, 2, 'full', ?, ?)",
            [(n + 1, f"Đảng Viên {n + 1}", now, now) for n in range(members + 1)],
        )
        conn.executemany(
            "INSERT INTO roles (member_id, unit_id, role, granted_at) VALUES (?, 2, 'member', ?)",
            [(n + 1, now) for n in range(members + 1)],
        )
        conn.executemany(
            "INSERT INTO accounts (member_id, channel, user_id, chat_id, linked_at)"
            " VALUES (?, 'telegram', ?, ?, ?)",
            [(n + 1, str(uid), str(uid), now) for n, uid in enumerate([*user_ids, asker_id])],
        )
    db = await SqliteDatabase.open(path)
    services = Services.build(db, SystemClock(), invite_ttl_days=30, default_language="vi")
    started = time.perf_counter()
    # What a broadcast writes: one row per recipient, in one transaction, in bulk.
    await services.delivery.enqueue(
        [
            OutgoingMessage(
                key=f"broadcast:1:m:{n + 1}:p:1",
                purpose=Purpose.BROADCAST,
                chat_id=uid,
                chat_kind=ChatKind.PRIVATE,
                text=TEXT,
                not_before=services.delivery.now(),
                member_id=n + 1,
                source_id=1,
                priority=PRIORITY_BULK,
            )
            for n, uid in enumerate(user_ids)
        ]
    )
    elapsed = time.perf_counter() - started
    await db.close()
    return elapsed


def sent(path: Path) -> int:
    with sqlite3.connect(path) as conn:
        return int(conn.execute("SELECT count(*) FROM outbox WHERE status = 'sent'").fetchone()[0])


async def run(members: int, rate: float, enforce: bool, folder: Path) -> None:
    path = folder / f"broadcast-{int(rate)}.sqlite3"
    async with Sandbox(enforce_rate_limits=enforce) as sandbox:
        users = [sandbox.create_user(f"M{n}") for n in range(members)]
        for user in users:
            sandbox.mark_started(user)
        asker = sandbox.create_user("Hỏi")
        enqueue = await prepare(path, members, [u.id for u in users], asker.id)
        env = {k: v for k, v in os.environ.items() if not k.startswith("BUTPHA_")}
        env.update(
            BUTPHA_DATABASE=str(path),
            BUTPHA_API_BASE_URL=sandbox.base_url,
            BUTPHA_BOT_TOKEN=TOKEN,
            BUTPHA_BOT_USERNAME=sandbox.bot_username,
            BUTPHA_SEND_RATE=str(rate),
        )
        bot = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            "run",
            env=env,
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.DEVNULL,
        )
        latencies = []
        started = time.perf_counter()
        try:
            # Not counted: the first answer also waits for the bot to start.
            message = await sandbox.send_text(asker, "/help")
            await sandbox.wait_for_message(asker.id, after=message["message_id"], timeout=60)
            while sent(path) < members:
                if time.perf_counter() - started > members / rate * 3 + 60:
                    raise TimeoutError("the broadcast did not finish")
                asked = time.perf_counter()
                message = await sandbox.send_text(asker, "/help")
                await sandbox.wait_for_message(asker.id, after=message["message_id"], timeout=30)
                latencies.append(time.perf_counter() - asked)
                # One question a second: the asker's own chat is limited to 1 message/s too.
                await asyncio.sleep(max(0.0, 1.1 - (time.perf_counter() - asked)))
        finally:
            bot.send_signal(signal.SIGTERM)
            await bot.wait()
        sends = [
            c
            for c in sandbox.calls
            if c.method.lower() == "sendmessage"
            and c.params.get("chat_id") != asker.id
            and str(c.params.get("chat_id")) != str(asker.id)
        ]
        ok = [c for c in sends if c.status == 200]
        refused = [c for c in sends if c.status == 429]
        first, last = min(c.time for c in ok), max(c.time for c in ok)
    achieved = (len(ok) - 1) / (last - first) if last > first else float("nan")
    ms = 1000.0
    limits = "Telegram's limits enforced" if enforce else "sandbox limits off"
    print(f"broadcast to {members:,} members at {rate:g}/s ({limits})")
    print(f"  enqueue {members:,} rows            {enqueue * ms:8.1f} ms")
    print(f"  delivered                      {len(ok):8,} in {last - first:.1f} s")
    print(
        f"  achieved rate                  {achieved:8.1f}/s = {achieved / rate:.1%} of the "
        f"configured {rate:g}/s"
    )
    print(f"  refused by the sandbox (429)   {len(refused):8}")
    print(
        f"  /help while it runs            median {statistics.median(latencies) * ms:6.1f} ms"
        f"   p95 {p95(latencies) * ms:6.1f} ms   ({len(latencies)} asks)"
    )


async def sandbox_ceiling(requests: int, concurrency: int) -> float:
    """Baseline, same run: sendMessage calls per second the sandbox itself can answer, from
    ``concurrency`` parallel clients and no bot at all."""
    async with Sandbox() as sandbox:
        users = [sandbox.create_user(f"B{n}") for n in range(requests)]
        for user in users:
            sandbox.mark_started(user)
        queue = list(users)
        async with httpx.AsyncClient() as client:

            async def worker() -> None:
                while queue:
                    user = queue.pop()
                    response = await client.post(
                        f"{sandbox.base_url}{TOKEN}/sendMessage",
                        data={"chat_id": str(user.id), "text": TEXT, "parse_mode": "HTML"},
                    )
                    assert response.status_code == 200

            started = time.perf_counter()
            await asyncio.gather(*(worker() for _ in range(concurrency)))
            return requests / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=10_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        asyncio.run(run(args.members, 25.0, True, Path(folder)))
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(f"  bot peak memory (ru_maxrss)    {peak:8.1f} MB   target < 200")
        asyncio.run(run(args.members, 1000.0, False, Path(folder)))
        ceiling = asyncio.run(sandbox_ceiling(min(args.members, 3000), 8))
        print(f"  baseline: the sandbox alone, 8 clients   {ceiling:8.1f} sendMessage/s")
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(f"  bot peak memory, both runs     {peak:8.1f} MB")


if __name__ == "__main__":
    main()
