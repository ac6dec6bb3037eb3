"""Benchmark: how long the background jobs hold the single writer, and the bot's peak memory,
through start-up and a year's reminder planning at 50,000 members.

50,000 members in 1,000 cells with 250,000 tasks (as ``bench_progress.py`` generates them), a
share of the members linked to a sandbox chat (``--linked``, 10,000 by default: their deadline
reminders and overdue notices are planned, queued and sent), a monthly meeting per cell this
month and next (reminders planned, past ones finalised). The bot runs in its own process
(``butpha run``) against the sandbox, for ``--seconds`` after its first answer: the start-up jobs
(the task-reminder planning of the whole year among them) and the sender delivering what they
queued. Printed, per run and as medians over ``--runs`` runs:

- the bot's peak memory (VmHWM) through start-up and planning, target < 150 MB;
- the longest write transaction, target < 100 ms, and the longest by place (who opened it), from
  the bot's closing log line, and how many writes took over 60 ms and 100 ms (its warnings).

    .venv/bin/python tests/bench/bench_writes.py [--members 50000] [--linked 10000] [--runs 3]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import sqlite3
import statistics
import tempfile
import time
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.sandbox.server import Sandbox
from tests.bench.bench_progress import create_schema, generate
from tests.bench.bot_process import ask, containing, longest_writes, peak_memory_mb, start_bot

TOKEN = "123456:BENCH-writes"
HELP = containing("/trogiup")
DB_TIME = "%Y-%m-%dT%H:%M:%S.%fZ"
_SLOW = re.compile(r"A write transaction held the writer (\d+) ms \((.*)\)$", re.M)
_PLACE = re.compile(r"(.*?) ([\d.]+) ms$")


def link_many(path: Path, sandbox: Sandbox, linked: int, first_member: int) -> None:
    """Members ``first_member``… linked to sandbox users who have started the bot."""
    now = datetime.now(UTC).strftime(DB_TIME)
    rows = []
    for member_id in range(first_member, first_member + linked):
        user = sandbox.create_user(f"Thành viên {member_id}")
        sandbox.mark_started(user)
        rows.append((member_id, str(user.id), str(user.id), now))
    with sqlite3.connect(path) as conn:
        conn.executemany(
            "INSERT INTO accounts (member_id, channel, user_id, chat_id, linked_at)"
            " VALUES (?, 'telegram', ?, ?, ?)",
            rows,
        )


def add_meetings(path: Path, cells: int) -> None:
    """A cell meeting per cell last week (to finalise) and in two days (to remind), and a
    study for the whole organisation in two days."""
    now = datetime.now(UTC).replace(microsecond=0)
    stamp = now.strftime(DB_TIME)
    offsets = "[259200, 86400, 7200]"
    meetings, units = [], []
    plan = [(cell + 2, "cell_meeting", "party", d) for cell in range(cells) for d in (-7, 2)]
    plan.append((1, "study", "all", 2))
    for number, (unit, kind, attendees, days) in enumerate(plan, start=1):
        starts = now + timedelta(days=days)
        meetings.append(
            (
                number,
                kind,
                f"Họp {number}",
                starts.strftime(DB_TIME),
                (starts + timedelta(hours=2)).strftime(DB_TIME),
                attendees,
                offsets,
                stamp,
                stamp,
            )
        )
        units.append((number, unit))
    with sqlite3.connect(path) as conn:
        conn.executemany(
            "INSERT INTO meetings (id, kind, title, starts_at, ends_at, attendees,"
            " remind_offsets, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            meetings,
        )
        conn.executemany("INSERT INTO meeting_units (meeting_id, unit_id) VALUES (?, ?)", units)


async def one_run(args: argparse.Namespace, folder: Path) -> dict[str, object]:
    path = folder / "big.sqlite3"
    year = datetime.now(UTC).year
    async with Sandbox() as sandbox:
        secretary, committee = sandbox.create_user("Bí thư"), sandbox.create_user("Đảng ủy")
        asker = sandbox.create_user("Hỏi")
        sandbox.mark_started(asker)
        await create_schema(path)
        started = time.perf_counter()
        users = {"secretary": secretary.id, "committee": committee.id}
        generate(path, args.members, args.cells, args.tasks, year, users)
        with sqlite3.connect(path) as conn:
            conn.execute(
                "INSERT INTO accounts (member_id, channel, user_id, chat_id, linked_at)"
                " VALUES (3, 'telegram', ?, ?, ?)",
                (str(asker.id), str(asker.id), datetime.now(UTC).strftime(DB_TIME)),
            )
        link_many(path, sandbox, args.linked, 10)
        if args.meetings:
            add_meetings(path, args.cells)
        print(
            f"generated {args.members:,} members ({args.linked:,} linked), {args.cells:,} cells,"
            f" {args.tasks:,} tasks in {time.perf_counter() - started:.1f} s",
            flush=True,
        )
        launched = time.perf_counter()
        bot = await start_bot(sandbox, path, TOKEN, folder / "bot.log", profile=args.profile)
        try:
            await ask(sandbox, asker, "/trogiup", HELP, timeout=300)
            answered = time.perf_counter() - launched
            await asyncio.sleep(args.seconds)
            memory = peak_memory_mb(bot.pid)
        finally:
            log = await bot.stop()
            if os.environ.get("BENCH_KEEP_LOG"):
                Path(os.environ["BENCH_KEEP_LOG"]).write_text(log)
    with sqlite3.connect(path) as conn:
        outbox = dict(conn.execute("SELECT status, count(*) FROM outbox GROUP BY status"))
    writes = longest_writes(log)
    slow = [(int(ms), where) for ms, where in _SLOW.findall(log)]
    places: dict[str, float] = {}
    if writes is not None:
        for part in writes[3].split("; "):
            found = _PLACE.match(part)
            if found:
                places[found[1]] = float(found[2])
    if writes is None:
        print(log[-3000:])
    return {
        "answered": answered,
        "memory": memory,
        "count": writes[0] if writes else 0,
        "longest": writes[1] if writes else float("nan"),
        "where": writes[2] if writes else "",
        "places": places,
        "over100": slow,
        "outbox": outbox,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=50_000)
    parser.add_argument("--cells", type=int, default=1_000)
    parser.add_argument("--tasks", type=int, default=250_000)
    parser.add_argument("--linked", type=int, default=10_000)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-meetings", dest="meetings", action="store_false")
    parser.add_argument(
        "--profile", type=Path, help="run the bot under cProfile, its statistics written here"
    )
    args = parser.parse_args()
    results = []
    for run in range(args.runs):
        with tempfile.TemporaryDirectory() as folder:
            result = asyncio.run(one_run(args, Path(folder)))
        results.append(result)
        print(
            f"run {run + 1}: first answer {result['answered']:.1f} s; peak memory"
            f" {result['memory']:.1f} MB; writes {result['count']:,}, longest"
            f" {result['longest']:.1f} ms ({result['where']}); over 100 ms:"
            f" {len(result['over100'])}; outbox {result['outbox']}",
            flush=True,
        )
        for ms, where in sorted(result["over100"], reverse=True)[:10]:  # type: ignore[index]
            print(f"    {ms:5d} ms  {where}")
    by_place: dict[str, list[float]] = defaultdict(list)
    for result in results:
        for where, ms in result["places"].items():  # type: ignore[attr-defined]
            by_place[where].append(ms)
    memory = statistics.median(r["memory"] for r in results)  # type: ignore[misc]
    longest = statistics.median(r["longest"] for r in results)  # type: ignore[misc]
    print(f"median of {args.runs} runs:")
    print(f"  bot peak memory through start-up and planning {memory:6.1f} MB  target < 150")
    print(f"  longest write transaction                      {longest:6.1f} ms  target < 100")
    print("  longest by place (median over the runs that logged it; the 8 slowest per run):")
    for where, values in sorted(by_place.items(), key=lambda kv: -statistics.median(kv[1])):
        print(f"    {statistics.median(values):7.1f} ms  n={len(values)}  {where}")


if __name__ == "__main__":
    main()
