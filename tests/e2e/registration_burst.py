"""A burst of one-line registrations sent to a real ``butpha run`` (a subprocess, against the
sandbox), killed with SIGKILL in the middle and started again: what members sent is neither
lost nor handled twice, and each gets one answer. Used by tests/e2e/test_inbox_crash.py (once)
and tests/bench/bench_inbox.py (five times)."""

from __future__ import annotations

import asyncio
import os
import signal
import sqlite3
import sys
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from bot.clock import SystemClock
from bot.sandbox.server import Sandbox
from bot.services.container import Services
from storage.database import SqliteDatabase

TOKEN = "424242:INBOX-crash"
ANSWER = "bí thư chi bộ để duyệt"  # what the one-line registration answers
# What a member whose registration was stored, and its answer lost in the crash, is told.
RECORDED = "trước khi hệ thống khởi động lại và đã được ghi nhận"


@dataclass(frozen=True)
class BurstOutcome:
    members: int
    answered_before_kill: int
    lost: int  # registrations never stored
    duplicated: int  # registrations stored more than once
    unanswered: int  # members without an answer
    answered_twice: int  # members answered more than once
    told_recorded: int  # members answered "recorded before the restart" (their answer was lost)
    told_answer: int  # members who got the registration's own answer
    told_both: int  # members who got both the answer and the note
    seconds_after_restart: float


def title(n: int) -> str:
    return f"Việc bứt phá số {n}"


async def prepare(path: Path, chat_ids: list[int]) -> None:
    """An organisation whose members all have a chat with the bot, and the year open."""
    db = await SqliteDatabase.open(path)
    services = Services.build(db, SystemClock(), invite_ttl_days=30, default_language="vi")
    root, _ = await services.organisation.init("Đảng bộ Thử")
    year = datetime.now(UTC).year
    await services.years.set_year(
        None,
        year=year,
        theme="Bứt phá",
        opens=date(year, 1, 1),
        closes=date(year, 12, 31),
        max_tasks=5,
    )
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


def environment(sandbox: Sandbox, path: Path, **settings: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BUTPHA_")}
    env.update(
        BUTPHA_DATABASE=str(path),
        BUTPHA_API_BASE_URL=sandbox.base_url,
        BUTPHA_BOT_TOKEN=TOKEN,
        BUTPHA_BOT_USERNAME=sandbox.bot_username,
        **{f"BUTPHA_{k.upper()}": v for k, v in settings.items()},
    )
    return env


async def start(env: dict[str, str], log: Path) -> asyncio.subprocess.Process:
    with log.open("ab") as out:
        return await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "run", env=env, stdout=out, stderr=out
        )


async def until(check: object, timeout: float) -> bool:
    deadline = asyncio.get_running_loop().time() + timeout
    while not check():  # type: ignore[operator]
        if asyncio.get_running_loop().time() > deadline:
            return False
        await asyncio.sleep(0.05)
    return True


def registrations(path: Path) -> Counter[int]:
    with sqlite3.connect(path) as conn:
        rows = conn.execute("SELECT owner_member_id FROM tasks").fetchall()
    return Counter(int(r[0]) for r in rows)


async def burst_killed_and_restarted(
    folder: Path, run: int, *, members: int = 246, kill_after: int = 60
) -> BurstOutcome:
    """Sends ``members`` one-line registrations at once, kills the bot once ``kill_after``
    members were answered, starts it again and waits until everyone is registered (or a
    minute passes)."""
    path = folder / f"burst-{run}.sqlite3"
    log = folder / f"burst-{run}.log"
    async with Sandbox() as sandbox:
        users = [sandbox.create_user(f"U{n}") for n in range(members)]
        for user in users:
            sandbox.mark_started(user)
        await prepare(path, [u.id for u in users])
        env = environment(sandbox, path)

        def answers(user_id: int) -> int:
            return sum(
                ANSWER in (m.text or "") or RECORDED in (m.text or "")
                for m in sandbox.messages(user_id)
            )

        def real_answers(user_id: int) -> int:
            return sum(ANSWER in (m.text or "") for m in sandbox.messages(user_id))

        def recorded(user_id: int) -> int:
            return sum(RECORDED in (m.text or "") for m in sandbox.messages(user_id))

        def answered() -> int:
            return sum(answers(u.id) > 0 for u in users)

        bot = await start(env, log)
        await asyncio.gather(
            *(
                sandbox.send_text(u, f"/dangky {title(n)} | 01 sản phẩm | 31/12")
                for n, u in enumerate(users)
            )
        )
        await until(lambda: answered() >= kill_after, 60)
        bot.send_signal(signal.SIGKILL)
        await bot.wait()
        before = answered()

        bot = await start(env, log)
        started = asyncio.get_running_loop().time()
        try:
            await until(lambda: answered() == members and len(registrations(path)) == members, 60)
            seconds = asyncio.get_running_loop().time() - started
            await sandbox.wait_until_idle(quiet=1.0, timeout=20)
        finally:
            bot.send_signal(signal.SIGTERM)
            await bot.wait()
        stored = registrations(path)
        counts = [answers(u.id) for u in users]
        told = sum(recorded(u.id) > 0 for u in users)
        real = [real_answers(u.id) for u in users]
        both = sum(r > 0 and recorded(u.id) > 0 for u, r in zip(users, real, strict=True))
    return BurstOutcome(
        members=members,
        answered_before_kill=before,
        lost=members - len(stored),
        duplicated=sum(n - 1 for n in stored.values()),
        unanswered=sum(c == 0 for c in counts),
        answered_twice=sum(c > 1 for c in counts),
        told_recorded=told,
        told_answer=sum(r > 0 for r in real),
        told_both=both,
        seconds_after_restart=seconds,
    )
