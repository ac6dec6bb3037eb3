"""Benchmark: the bot on Zalo, next to Telegram.

The real bot runs in a child process (this script with ``serve``: one ``Core``, the Telegram
application and/or the Zalo one, long polling, as a deployment serving both runs them) against
the local sandboxes over real HTTP.

1. /trogiup round trip — a member sends it, the bot's answer (the help text itself, not any
   message) arrives — through the Zalo sandbox and through the Telegram sandbox, by the same
   bot process in the same run, alternating, after start-up has settled and warm-up rounds
   (not counted): median, p95 and the ratio Zalo/Telegram.
2. A broadcast to ``--members`` members who joined on Zalo (seeded in the database, each with a
   real chat in the Zalo sandbox: the bot may only write to someone who wrote first), the
   sandbox refusing sends above ``--sandbox-rate`` (429) and the bot configured with
   ``BUTPHA_ZALO_SEND_RATE=--rate``: the pace achieved from the first send to the last, the
   sends refused for rate, members missing it and duplicates; ``--broadcasts`` runs, each on a
   fresh database, sandbox and bot, and their medians.

    .venv/bin/python tests/bench/bench_zalo.py [--runs 50] [--warmup 5] [--members 5000]
        [--rate 50] [--sandbox-rate RATE] [--broadcasts 3]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import sqlite3
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Awaitable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from bot.app import Core, build_application, running_together
from bot.clock import SystemClock
from bot.domain.broadcasts import Audience
from bot.sandbox.server import Sandbox
from bot.sandbox.zalo import ZaloSandbox, ZaloUser
from bot.services.container import Services
from bot.settings import load_settings
from bot.zalo_application import build_zalo_application
from storage.database import SqliteDatabase

TELEGRAM_TOKEN = "123456:BENCH-zalo-telegram"
ZALO_TOKEN = "1459232241454765289:BENCH-zalo"
HELP_HEADING = "Đồng chí có thể dùng các lệnh sau"  # the help text's first line, in Vietnamese
NOTICE = "Kính mời đồng chí dự sinh hoạt chuyên đề lúc 14:00 Thứ Sáu tại hội trường A."
MARK = "sinh hoạt chuyên đề"
ms = 1000.0


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] if len(values) >= 2 else values[0]


# --- the bot, in a child process -------------------------------------------------------------


async def serve() -> None:
    """The applications the environment's tokens ask for, on one Core, until SIGTERM."""
    settings = load_settings()
    core = Core(settings, SystemClock(), settings.database)
    applications = []
    if settings.bot_token is not None:
        token = settings.bot_token.get_secret_value()
        applications.append(build_application(settings, token, core=core))
    if settings.zalo_bot_token is not None:
        token = settings.zalo_bot_token.get_secret_value()
        applications.append(build_zalo_application(settings, token, core=core))
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    async with running_together(*applications):
        await stop.wait()


class BotProcess:
    """``serve`` in a child process, its stderr kept in a file for when something fails."""

    def __init__(self, folder: Path, env: dict[str, str]) -> None:
        self._env = {k: v for k, v in os.environ.items() if not k.startswith("BUTPHA_")}
        self._env.update(env)
        self._log = folder / "bot-stderr.txt"
        self._process: asyncio.subprocess.Process | None = None

    async def __aenter__(self) -> BotProcess:
        with self._log.open("wb") as err:
            self._process = await asyncio.create_subprocess_exec(
                sys.executable, __file__, "serve", env=self._env, stdout=err, stderr=err
            )
        return self

    async def __aexit__(self, *exc: object) -> None:
        assert self._process is not None
        self._process.send_signal(signal.SIGTERM)
        await self._process.wait()
        if self._process.returncode != 0 or exc[0] is not None:
            print(self._log.read_text(errors="replace")[-3000:], file=sys.stderr)


# --- the organisation, seeded ----------------------------------------------------------------


async def seed(path: Path, telegram_ids: list[int], zalo_users: list[ZaloUser]) -> None:
    """One cell of ordinary members: one per Telegram user, then one per Zalo user, joined on
    Zalo as the adapter records it (its chat row, the integer that stands for the Zalo id, told
    what the bot is) with an account on that integer. Rows straight into SQLite otherwise, as
    the other benchmarks do (joining is benchmarked by its tests, not here)."""
    db = await SqliteDatabase.open(path)
    services = Services.build(db, SystemClock(), invite_ttl_days=30, default_language="vi")
    await services.organisation.init("Đảng bộ Thử")
    at = datetime.now(UTC)
    chats = []
    async with db.write() as uow:
        for user in zalo_users:
            chat, _ = await uow.zalo.chat_for(user.id, user.display_name, at)
            await uow.zalo.mark_disclosed(chat.id, at)
            chats.append(chat.id)
    await db.close()
    now = at.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    accounts = [("telegram", uid) for uid in telegram_ids] + [("zalo", c) for c in chats]
    with sqlite3.connect(path) as conn:
        conn.execute(
            "INSERT INTO units (id, parent_id, kind, name, name_key, created_at)"
            " VALUES (2, 1, 'cell', 'Chi bộ Thử', 'thu', ?)",
            (now,),
        )
        conn.executemany(
            "INSERT INTO members (id, full_name, cell_id, kind, created_at, updated_at)"
            " VALUES (?, ?, 2, 'full', ?, ?)",
            [(n + 1, f"Đảng Viên {n + 1}", now, now) for n in range(len(accounts))],
        )
        conn.executemany(
            "INSERT INTO roles (member_id, unit_id, role, granted_at) VALUES (?, 2, 'member', ?)",
            [(n + 1, now) for n in range(len(accounts))],
        )
        conn.executemany(
            "INSERT INTO accounts (member_id, channel, user_id, chat_id, linked_at)"
            " VALUES (?, ?, ?, ?, ?)",
            [(n + 1, ch, str(i), str(i), now) for n, (ch, i) in enumerate(accounts)],
        )


# --- 1. /trogiup on both channels ------------------------------------------------------------


async def help_on_telegram(sandbox: Sandbox, user_id: int, timeout: float = 30) -> float:
    started = time.perf_counter()
    sent = await sandbox.send_text(user_id, "/trogiup")
    await sandbox.wait_for_message(
        user_id,
        lambda m: HELP_HEADING in (m.text or ""),
        after=sent["message_id"],
        timeout=timeout,
    )
    elapsed = time.perf_counter() - started
    await sandbox.wait_until_idle(quiet=0.05)
    return elapsed


async def help_on_zalo(sandbox: ZaloSandbox, user: ZaloUser, timeout: float = 30) -> float:
    started = time.perf_counter()
    update = await sandbox.send_text(user, "/trogiup")
    await sandbox.wait_for_message(
        user.id, lambda m: HELP_HEADING in m.content, after=update, timeout=timeout
    )
    elapsed = time.perf_counter() - started
    await sandbox.wait_until_idle(quiet=0.05)
    return elapsed


async def help_round_trips(args: argparse.Namespace, folder: Path) -> None:
    path = folder / "help.sqlite3"
    async with Sandbox() as telegram, ZaloSandbox(token=ZALO_TOKEN) as zalo:
        member_t = telegram.create_user("Lan")
        member_z = zalo.create_user("Nguyễn Thị Lan")
        await seed(path, [member_t.id], [member_z])
        env = {
            "BUTPHA_DATABASE": str(path),
            "BUTPHA_API_BASE_URL": telegram.base_url,
            "BUTPHA_BOT_TOKEN": TELEGRAM_TOKEN,
            "BUTPHA_BOT_USERNAME": telegram.bot_username,
            "BUTPHA_ZALO_BOT_TOKEN": ZALO_TOKEN,
            "BUTPHA_ZALO_API_BASE_URL": zalo.base_url,
        }

        def on_telegram() -> Awaitable[float]:
            return help_on_telegram(telegram, member_t.id)

        def on_zalo() -> Awaitable[float]:
            return help_on_zalo(zalo, member_z)

        async with BotProcess(folder, env):
            # Not counted: the first answers also wait for the bot to start. Then start-up's
            # own traffic (command menus) must be over before anything is timed.
            await help_on_telegram(telegram, member_t.id, timeout=60)
            await help_on_zalo(zalo, member_z, timeout=60)
            await telegram.wait_until_idle(quiet=1.0, timeout=60)
            await zalo.wait_until_idle(quiet=1.0, timeout=60)
            for _ in range(args.warmup):
                await on_telegram()
                await on_zalo()
            times: dict[str, list[float]] = {"telegram": [], "zalo": []}
            for n in range(args.runs):
                # Alternating, and which goes first alternates too: noise falls on both.
                order = [("telegram", on_telegram), ("zalo", on_zalo)]
                for name, measure in order if n % 2 == 0 else order[::-1]:
                    times[name].append(await measure())
            last_t, last_z = telegram.last_message(member_t.id), zalo.last_message(member_z.id)
            samples = {
                "Telegram": "" if last_t is None else last_t.text or "",
                "Zalo": "" if last_z is None else last_z.content,
            }
    tg, za = times["telegram"], times["zalo"]
    print(
        f"/trogiup round trip (member sends → the help text arrives), one bot process serving "
        f"both; N = {args.runs} each, after {args.warmup} warm-up rounds, ms"
    )
    for name, values in (("Telegram", tg), ("Zalo", za)):
        print(
            f"  {name + ' sandbox':18} median {statistics.median(values) * ms:7.1f}"
            f"   p95 {p95(values) * ms:7.1f}"
        )
    print(
        f"  Zalo / Telegram    median {statistics.median(za) / statistics.median(tg):5.2f}x"
        f"         p95 {p95(za) / p95(tg):5.2f}x"
    )
    for name, text in samples.items():
        lines = text.splitlines()
        print(f"  the answer on {name}: {lines[0]!r} + {len(lines) - 1} lines, {len(text)} chars")


# --- 2. a broadcast on Zalo ------------------------------------------------------------------


@dataclass(frozen=True)
class BroadcastRun:
    seconds: float  # first send to last
    delivered: int
    pace: float  # messages/s
    refused: int  # 429 for rate
    missing: int
    duplicates: int
    outbox: dict[str, int]


async def enqueue_broadcast(path: Path) -> float:
    """As ``butpha broadcast`` does, from another process than the bot's: to everyone."""
    db = await SqliteDatabase.open(path)
    services = Services.build(db, SystemClock(), invite_ttl_days=30, default_language="vi")
    started = time.perf_counter()
    await services.broadcasts.send(None, Audience.organisation(), NOTICE)
    elapsed = time.perf_counter() - started
    await db.close()
    return elapsed


def outbox_statuses(path: Path) -> dict[str, int]:
    with sqlite3.connect(path) as conn:
        rows = conn.execute(
            "SELECT status, count(*) FROM outbox WHERE purpose = 'broadcast' GROUP BY status"
        )
        return {status: count for status, count in rows}


async def broadcast_once(args: argparse.Namespace, folder: Path, run: int) -> BroadcastRun:
    path = folder / f"broadcast-{run}.sqlite3"
    async with ZaloSandbox(token=ZALO_TOKEN, send_rate=args.sandbox_rate) as zalo:
        users = [zalo.create_user(f"Đảng Viên {n + 1}") for n in range(args.members)]
        for user in users:
            zalo.mark_started(user)
        await seed(path, [], users)
        env = {
            "BUTPHA_DATABASE": str(path),
            "BUTPHA_ZALO_BOT_TOKEN": ZALO_TOKEN,
            "BUTPHA_ZALO_API_BASE_URL": zalo.base_url,
            "BUTPHA_ZALO_SEND_RATE": str(args.rate),
        }
        async with BotProcess(folder, env):
            await help_on_zalo(zalo, users[0], timeout=60)  # started, and answering
            await zalo.wait_until_idle(quiet=1.0, timeout=60)
            mark = len(zalo.calls)
            await enqueue_broadcast(path)
            deadline = time.monotonic() + args.members / args.rate * 3 + 60
            while time.monotonic() < deadline:
                settled = outbox_statuses(path)
                if settled and not (settled.get("pending") or settled.get("sending")):
                    break
                await asyncio.sleep(0.5)
            await zalo.wait_until_idle(quiet=2.0, timeout=30)  # anything sent twice, late
            calls = [c for c in zalo.calls[mark:] if c.method == "sendMessage"]
            received = Counter(
                user.id
                for user in users
                for message in zalo.messages(user.id)
                if MARK in message.content
            )
    ok = [c for c in calls if c.status == 200 and MARK in str(c.params.get("text"))]
    first, last = min(c.time for c in ok), max(c.time for c in ok)
    return BroadcastRun(
        seconds=last - first,
        delivered=len(ok),
        pace=(len(ok) - 1) / (last - first) if last > first else float("nan"),
        refused=sum(1 for c in calls if c.status == 429),
        missing=sum(1 for user in users if received[user.id] == 0),
        duplicates=sum(count - 1 for count in received.values() if count > 1),
        outbox=outbox_statuses(path),
    )


async def broadcasts(args: argparse.Namespace, folder: Path) -> None:
    print(
        f"broadcast to {args.members:,} members on Zalo: BUTPHA_ZALO_SEND_RATE={args.rate:g}, "
        f"the sandbox refusing above {args.sandbox_rate:g}/s (429)"
    )
    runs = []
    for n in range(args.broadcasts):
        result = await broadcast_once(args, folder, n + 1)
        runs.append(result)
        print(
            f"  run {n + 1}: {result.delivered:,} sent in {result.seconds:.1f} s = "
            f"{result.pace:.2f}/s ({result.pace / args.rate:.1%} of {args.rate:g}/s); "
            f"429 {result.refused}; missing {result.missing}; duplicates {result.duplicates}; "
            f"outbox {result.outbox}"
        )

    def median(values: list[float]) -> float:
        return statistics.median(values)

    pace = median([r.pace for r in runs])
    print(
        f"  median of {len(runs)}: pace {pace:.2f}/s = {pace / args.rate:.1%} of the configured "
        f"rate, {median([r.seconds for r in runs]):.1f} s; 429 "
        f"{median([r.refused for r in runs]):g}; missing {median([r.missing for r in runs]):g}; "
        f"duplicates {median([r.duplicates for r in runs]):g}"
    )


def main() -> None:
    if sys.argv[1:] == ["serve"]:
        asyncio.run(serve())
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=50, help="timed /trogiup per channel")
    parser.add_argument("--warmup", type=int, default=5, help="untimed /trogiup per channel")
    parser.add_argument("--members", type=int, default=5_000)
    parser.add_argument("--rate", type=float, default=50.0, help="BUTPHA_ZALO_SEND_RATE")
    parser.add_argument("--sandbox-rate", type=float, help="the platform's limit (= --rate)")
    parser.add_argument("--broadcasts", type=int, default=3)
    args = parser.parse_args()
    args.sandbox_rate = args.sandbox_rate or args.rate
    if args.sandbox_rate < args.rate:
        parser.error("the sandbox's rate is the platform's: at least the bot's --rate")
    print(f"machine: {os.cpu_count()} cores, shared; figures move with its load")
    with tempfile.TemporaryDirectory() as folder:
        asyncio.run(help_round_trips(args, Path(folder)))
        asyncio.run(broadcasts(args, Path(folder)))


if __name__ == "__main__":
    main()
