"""A real ``butpha run`` killed with SIGKILL in the middle of a 2,000-recipient send, then
started again: everyone gets the message, and the duplicates stay within the stated bound (the
sender's concurrency: only messages in flight at the moment of the crash can go out twice)."""

from __future__ import annotations

import asyncio
import os
import signal
import sqlite3
import sys
from datetime import UTC, datetime
from pathlib import Path

from bot.clock import SystemClock
from bot.domain.broadcasts import Audience
from bot.sandbox.server import Sandbox
from bot.services.container import Services
from storage.database import SqliteDatabase

RECIPIENTS = 2_000
CONCURRENCY = 8
TOKEN = "424242:CRASH-test"


async def _prepare(path: Path, chat_ids: list[int]) -> None:
    """An organisation whose 2,000 members all have a chat with the bot, and one broadcast to
    all of them, queued the way the committee's /thongbao queues it."""
    db = await SqliteDatabase.open(path)
    services = Services.build(db, SystemClock(), invite_ttl_days=30, default_language="vi")
    root, _ = await services.organisation.init("Đảng bộ Thử")
    await db.close()
    now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    with sqlite3.connect(path) as conn:
        conn.execute(
            "INSERT INTO units (id, parent_id, kind, name, name_key, created_at)"
            " VALUES (2, ?, 'cell', 'Chi bộ Thử', 'thu', ?)",
            (root.id, now),
        )
        conn.executemany(
            "INSERT INTO members (id, full_name, cell_id, kind, created_at, updated_at)"
            " VALUES (?, ?, 2, 'full', ?, ?)",
            [(n + 1, f"Đảng Viên {n + 1}", now, now) for n in range(len(chat_ids))],
        )
        conn.executemany(
            "INSERT INTO accounts (member_id, channel, user_id, chat_id, linked_at)"
            " VALUES (?, 'telegram', ?, ?, ?)",
            [(n + 1, str(c), str(c), now) for n, c in enumerate(chat_ids)],
        )
    db = await SqliteDatabase.open(path)
    services = Services.build(db, SystemClock(), invite_ttl_days=30, default_language="vi")
    await services.broadcasts.send(None, Audience.organisation(), "Kính mời họp chi bộ.")
    await db.close()


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


async def _until(check: object, timeout: float) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while not check():  # type: ignore[operator]
        assert asyncio.get_running_loop().time() < deadline, "timed out"
        await asyncio.sleep(0.05)


async def _one_crash(tmp_path: Path, run: int) -> int:
    path = tmp_path / f"crash-{run}.sqlite3"
    async with Sandbox() as sandbox:
        users = [sandbox.create_user(f"U{n}") for n in range(RECIPIENTS)]
        for user in users:
            sandbox.mark_started(user)
        await _prepare(path, [u.id for u in users])
        env = {k: v for k, v in os.environ.items() if not k.startswith("BUTPHA_")}
        env.update(
            BUTPHA_DATABASE=str(path),
            BUTPHA_API_BASE_URL=sandbox.base_url,
            BUTPHA_BOT_TOKEN=TOKEN,
            BUTPHA_BOT_USERNAME=sandbox.bot_username,
            BUTPHA_SEND_RATE="400",
            BUTPHA_SEND_CONCURRENCY=str(CONCURRENCY),
        )

        def delivered() -> int:
            return len(sandbox.calls_of("sendMessage"))

        bot = await _start(env)
        # Kill it somewhere in the middle, at a different point each run.
        await _until(lambda: delivered() >= 300 + 250 * run, 60)
        bot.send_signal(signal.SIGKILL)
        await bot.wait()
        before_restart = delivered()
        assert before_restart < RECIPIENTS, "finished before the crash: nothing was tested"

        bot = await _start(env)
        try:
            await _until(lambda: _sent_rows(path) == RECIPIENTS, 60)
        finally:
            bot.send_signal(signal.SIGTERM)
            await bot.wait()
        counts = [len(sandbox.messages(u.id)) for u in users]
    assert min(counts) == 1, "someone never got the message"
    return sum(n - 1 for n in counts)


async def test_sigkill_mid_broadcast_loses_nothing_and_duplicates_stay_bounded(
    tmp_path: Path,
) -> None:
    duplicates = [await _one_crash(tmp_path, run) for run in range(3)]
    print(f"duplicates after SIGKILL, per run: {duplicates} (bound: {CONCURRENCY})")
    assert all(d <= CONCURRENCY for d in duplicates), duplicates
