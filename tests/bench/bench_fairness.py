"""Benchmark: is a member's /trogiup answered as fast while others make the bot work hard?

50,000 members in 1,000 cells with 250,000 tasks (as ``bench_progress.py`` generates them);
the bot in its own process (``butpha run``) against the sandbox. A plain member's /trogiup is
timed — median and p95 — in four situations, in one run:

1. while the start-up jobs run (the task-reminder planning of the whole year among them),
   from the bot's first answer until its log says the planning is done;
2. idle: the bot's process has used next to no CPU for a second (the baseline);
3. while another member pages the public registry (/congkhai, every cell) with ▶;
4. while a committee member downloads the whole registry as a spreadsheet, again and again
   (timed until at least ``--files`` spreadsheets have arrived: each takes seconds).

Answers are recognised by their content. Each line gives the p95 against the idle p95 (the
target: under 2x) and the median against the idle median, steadier on a shared machine. Also printed: the bot's peak memory through start-up
and the year's reminder planning (VmHWM, target < 150 MB), and the longest write transaction
it held (from its closing log line; target < 100 ms for background jobs).

    .venv/bin/python tests/bench/bench_fairness.py [--members 50000] [--cells 1000] [--runs 40]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import sqlite3
import statistics
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from bot.sandbox.models import SandboxUser
from bot.sandbox.server import Sandbox
from tests.bench.bench_progress import create_schema, generate
from tests.bench.bot_process import (
    BotProcess,
    ask,
    containing,
    longest_writes,
    p95,
    peak_memory_mb,
    start_bot,
)

TOKEN = "123456:BENCH-fairness"
HELP = containing("/congkhai", "/trogiup")
MS = 1000.0
DB_TIME = "%Y-%m-%dT%H:%M:%S.%fZ"


def link(path: Path, member_id: int, user: SandboxUser) -> None:
    with sqlite3.connect(path) as conn:
        conn.execute(
            "INSERT INTO accounts (member_id, channel, user_id, chat_id, linked_at)"
            " VALUES (?, 'telegram', ?, ?, ?)",
            (member_id, str(user.id), str(user.id), datetime.now(UTC).strftime(DB_TIME)),
        )


# Between two /trogiup of the member timed: about four a second, within a private chat's share
# of the bot's allowance (5 a second, bot/inbox/answering.py), so what is timed is the bot
# and not the member's own allowance.
PAUSE = 0.25


async def helps(sandbox: Sandbox, asker: SandboxUser, runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        out.append(await ask(sandbox, asker, "/trogiup", HELP))
        await asyncio.sleep(PAUSE)
    return out


async def page_on(sandbox: Sandbox, pager: SandboxUser, times: list[float]) -> None:
    """Press ▶ on /congkhai over and over, each time until the next page is shown."""
    sent = await sandbox.send_text(pager, "/congkhai")
    page = await sandbox.wait_for_message(
        pager.id, containing("Trang 1/"), after=sent["message_id"], timeout=120
    )
    number = 1
    while True:
        started = time.perf_counter()
        await sandbox.press_button(pager, page, "Tiếp ▶")
        number += 1
        page = await sandbox.wait_for_message(
            pager.id, containing(f"Trang {number}/"), after=page.message_id - 1, timeout=120
        )
        times.append(time.perf_counter() - started)


async def download_on(sandbox: Sandbox, committee: SandboxUser, times: list[float]) -> None:
    """Ask for the whole registry's spreadsheet over and over, each time until it arrives."""
    while True:
        sent = await sandbox.send_text(committee, "/congkhai")
        page = await sandbox.wait_for_message(
            committee.id, containing("Trang 1/"), after=sent["message_id"], timeout=120
        )
        started = time.perf_counter()
        await sandbox.press_button(committee, page, "Tải Excel")
        await sandbox.wait_for_message(
            committee.id,
            lambda m: m.document is not None,
            after=page.message_id,
            timeout=300,
        )
        times.append(time.perf_counter() - started)


async def under(
    load: asyncio.Task[None],
    sandbox: Sandbox,
    asker: SandboxUser,
    runs: int,
    done: list[float],
    cycles: int = 1,
) -> list[float]:
    """/trogiup asked ``runs`` times and on until the load has gone round ``cycles`` times
    (a page shown, a file received), so a slow load is measured whole, not its start only."""
    await asyncio.sleep(1.0)  # the load under way
    out: list[float] = []
    deadline = time.perf_counter() + 600
    try:
        while len(out) < runs or (len(done) < cycles and time.perf_counter() < deadline):
            out += await helps(sandbox, asker, 1)
        return out
    finally:
        load.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await load


async def during_startup(
    bot: BotProcess, sandbox: Sandbox, askers: list[SandboxUser]
) -> list[float]:
    """/trogiup again and again from the first answer until the planning is logged done, one
    at a time as when idle, the askers taking turns: each chat asks about four times a second
    (its share of the allowance) and the planning's second and a half gets some twenty samples
    rather than six, whose p95 would be their maximum."""
    out = []
    deadline = time.perf_counter() + 300
    turn = 0
    while "task reminder" not in bot.log.read_text(errors="replace"):
        out.append(await ask(sandbox, askers[turn % len(askers)], "/trogiup", HELP))
        turn += 1
        await asyncio.sleep(PAUSE / len(askers))
        if time.perf_counter() > deadline:
            break
    return out


def line(label: str, values: list[float], idle: list[float] | None = None) -> str:
    if not values:
        return f"  {label:44} (none)"
    text = (
        f"  {label:44} n={len(values):3}  median {statistics.median(values) * MS:8.1f}"
        f"  p95 {p95(values) * MS:8.1f}"
    )
    if idle:
        text += f"  p95/idle p95 {p95(values) / p95(idle):5.2f}x"
        text += f"  median/idle {statistics.median(values) / statistics.median(idle):5.2f}x"
    return text


async def bench(args: argparse.Namespace, folder: Path) -> None:
    path = folder / "big.sqlite3"
    year = datetime.now(UTC).year
    async with Sandbox() as sandbox:
        secretary, committee = sandbox.create_user("Bí thư"), sandbox.create_user("Đảng ủy")
        asker, pager = sandbox.create_user("Hỏi"), sandbox.create_user("Xem")
        # Members who take turns with the asker during start-up (plain members, as the asker).
        others = [sandbox.create_user(f"Hỏi {n}") for n in range(2, 5)]
        await create_schema(path)
        started = time.perf_counter()
        users = {"secretary": secretary.id, "committee": committee.id}
        generate(path, args.members, args.cells, args.tasks, year, users)
        link(path, 3, asker)
        link(path, 5, pager)
        for member_id, other in zip((6, 7, 8), others, strict=True):
            link(path, member_id, other)
        print(
            f"generated {args.members:,} members, {args.cells:,} cells, {args.tasks:,} tasks"
            f" in {time.perf_counter() - started:.1f} s"
        )
        launched = time.perf_counter()
        bot = await start_bot(sandbox, path, TOKEN, folder / "bot.log", concurrent=args.concurrent)
        try:
            first = await ask(sandbox, asker, "/trogiup", HELP, timeout=300)
            answered = time.perf_counter() - launched
            startup = await during_startup(bot, sandbox, [asker, *others])
            planned = time.perf_counter() - launched
            settled = await bot.wait_until_idle()
            memory = peak_memory_mb(bot.pid)
            await helps(sandbox, asker, 5)  # warm
            idle = await helps(sandbox, asker, args.runs)
            pages: list[float] = []
            paging = await under(
                asyncio.create_task(page_on(sandbox, pager, pages)),
                sandbox,
                asker,
                args.runs,
                pages,
            )
            await bot.wait_until_idle()
            files: list[float] = []
            downloading = await under(
                asyncio.create_task(download_on(sandbox, committee, files)),
                sandbox,
                asker,
                args.runs,
                files,
                args.files,
            )
        finally:
            log = await bot.stop()
    if args.concurrent:
        print("(what-if: updates handled 16 at a time by SimpleUpdateProcessor)")
    print(
        f"/trogiup of a plain member, ms (bot in its own process; first answer"
        f" {answered:.1f} s after launch, {first * MS:.0f} ms; the year's task reminders planned"
        f" by {planned:.1f} s; idle {settled:.1f} s later)"
    )
    print(line("while the start-up jobs run", startup, idle))
    print(line("idle (baseline)", idle))
    print(line("while another member pages /congkhai", paging, idle))
    print(line("while the committee downloads the registry", downloading, idle))
    print(line("  (a /congkhai page, ▶ to the next one)", pages))
    print(line("  (the whole registry's spreadsheet)", files))
    print(f"  bot peak memory through start-up and planning  {memory:6.1f} MB   target < 150")
    writes = longest_writes(log)
    if writes is None:
        print("  (no write transactions logged)\n" + log[-2000:])
    else:
        count, longest, where, slowest = writes
        print(f"  write transactions {count:,}; longest {longest:.1f} ms ({where})")
        print(f"  slowest by place: {slowest}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=50_000)
    parser.add_argument("--cells", type=int, default=1_000)
    parser.add_argument("--tasks", type=int, default=250_000)
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument(
        "--files",
        type=int,
        default=2,
        help="whole spreadsheets received, at least, while /trogiup is timed",
    )
    parser.add_argument(
        "--concurrent",
        action="store_true",
        help="what if updates were handled 16 at a time (python-telegram-bot's processor)",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        asyncio.run(bench(args, Path(folder)))


if __name__ == "__main__":
    main()
