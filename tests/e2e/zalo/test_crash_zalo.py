"""A real ``butpha run`` serving Zalo, killed with SIGKILL in the middle of a 2,000-recipient
notice, then started again: every Zalo member gets it, and the duplicates stay within the bound
the Telegram crash test holds (the sender's concurrency: only messages in flight at the moment
of the crash can go out twice)."""

from __future__ import annotations

import asyncio
import os
import signal
import sqlite3
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from bot.clock import SystemClock
from bot.domain.broadcasts import Audience
from bot.sandbox.zalo import ZaloSandbox
from bot.services.container import Services
from storage.database import SqliteDatabase
from tests.e2e.zalo.conftest import ZALO_TOKEN

RECIPIENTS = 2_000
CONCURRENCY = 8


async def _prepare(path: Path, zalo_ids: list[str]) -> None:
    """An organisation whose 2,000 members are all on Zalo (each Zalo id mapped to the integer
    the bot knows them by), and one notice to all of them, queued as /thongbao queues it."""
    db = await SqliteDatabase.open(path)
    services = Services.build(db, SystemClock(), invite_ttl_days=30, default_language="vi")
    root, _ = await services.organisation.init("Đảng bộ Thử")
    await db.close()
    now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    numbers = range(1, len(zalo_ids) + 1)
    with sqlite3.connect(path) as conn:
        conn.execute(
            "INSERT INTO units (id, parent_id, kind, name, name_key, created_at)"
            " VALUES (2, ?, 'cell', 'Chi bộ Thử', 'thu', ?)",
            (root.id, now),
        )
        conn.executemany(
            "INSERT INTO members (id, full_name, cell_id, kind, created_at, updated_at)"
            " VALUES (?, ?, 2, 'full', ?, ?)",
            [(n, f"Đảng Viên {n}", now, now) for n in numbers],
        )
        conn.executemany(
            "INSERT INTO zalo_chats (id, zalo_id, display_name, first_seen_at, disclosed_at)"
            " VALUES (?, ?, ?, ?, ?)",
            [(n, z, f"Đảng Viên {n}", now, now) for n, z in zip(numbers, zalo_ids, strict=True)],
        )
        conn.executemany(
            "INSERT INTO accounts (member_id, channel, user_id, chat_id, linked_at)"
            " VALUES (?, 'zalo', ?, ?, ?)",
            [(n, str(n), str(n), now) for n in numbers],
        )
    db = await SqliteDatabase.open(path)
    services = Services.build(db, SystemClock(), invite_ttl_days=30, default_language="vi")
    await services.broadcasts.send(None, Audience.organisation(), "Kính mời họp chi bộ.")
    await db.close()
    with sqlite3.connect(path) as conn:
        channels = conn.execute("SELECT DISTINCT channel FROM outbox").fetchall()
    assert channels == [("zalo",)]


def _sent_rows(path: Path) -> int:
    with sqlite3.connect(path) as conn:
        return int(
            conn.execute(
                "SELECT count(*) FROM outbox WHERE purpose = 'broadcast' AND status = 'sent'"
            ).fetchone()[0]
        )


async def _start(env: dict[str, str]) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "run",
        env=env,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.DEVNULL,
    )


async def _until(check: Callable[[], bool], timeout: float) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while not check():
        assert asyncio.get_running_loop().time() < deadline, "timed out"
        await asyncio.sleep(0.05)


async def _one_crash(tmp_path: Path, run: int) -> int:
    path = tmp_path / f"crash-{run}.sqlite3"
    async with ZaloSandbox() as sandbox:
        users = [sandbox.create_user(f"U{n}") for n in range(RECIPIENTS)]
        for user in users:
            sandbox.mark_started(user)
        await _prepare(path, [u.id for u in users])
        env = {k: v for k, v in os.environ.items() if not k.startswith("BUTPHA_")}
        env.update(
            BUTPHA_DATABASE=str(path),
            BUTPHA_ZALO_API_BASE_URL=sandbox.base_url,
            BUTPHA_ZALO_BOT_TOKEN=ZALO_TOKEN,
            BUTPHA_ZALO_SEND_RATE="400",
            BUTPHA_SEND_CONCURRENCY=str(CONCURRENCY),
        )

        def delivered() -> int:
            return len(sandbox.calls_of("sendMessage"))

        bot = await _start(env)
        # Kill it somewhere in the middle, at a different point each run.
        await _until(lambda: delivered() >= 300 + 600 * run, 60)
        bot.send_signal(signal.SIGKILL)
        await bot.wait()
        assert delivered() < RECIPIENTS, "finished before the crash: nothing was tested"

        bot = await _start(env)
        try:
            await _until(lambda: _sent_rows(path) == RECIPIENTS, 60)
        finally:
            bot.send_signal(signal.SIGTERM)
            await bot.wait()
        assert bot.returncode == 0
        counts = [len(sandbox.messages(u.id)) for u in users]
    assert min(counts) == 1, "someone on Zalo never got the notice"
    assert all("Kính mời họp chi bộ." in m.content for m in sandbox.messages(users[0].id))
    return sum(n - 1 for n in counts)


async def test_sigkill_mid_zalo_broadcast_loses_nothing_and_duplicates_stay_bounded(
    tmp_path: Path,
) -> None:
    duplicates = [await _one_crash(tmp_path, run) for run in range(2)]
    print(f"duplicates on Zalo after SIGKILL, per run: {duplicates} (bound: {CONCURRENCY})")
    assert all(d <= CONCURRENCY for d in duplicates), duplicates
