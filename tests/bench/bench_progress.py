"""Benchmark: "how far are we?" (/tiendo) on a large organisation.

Generates 50,000 members in 1,000 cells with 250,000 tasks, runs the real bot (``butpha run``
in a child process) against the local sandbox, and times /tiendo round trips for a cell
secretary and for the committee — median and p95 — next to the raw SQL aggregates for the same
numbers timed in the same run. Timing starts once the bot is idle (the start-up jobs done: its
process uses next to no CPU), and an answer is recognised by its content. Reports the bot
process's peak memory (through start-up and the year's reminder planning, and over the run) and
its longest write transaction.

    .venv/bin/python tests/bench/bench_progress.py [--members 50000] [--cells 1000] [--runs 30]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import resource
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from bot.sandbox.models import SandboxUser, SentMessage
from bot.sandbox.server import Sandbox
from storage.database import SqliteDatabase
from tests.bench.bot_process import ask, containing, longest_writes, peak_memory_mb, start_bot

STATUSES = [
    "submitted",
    "in_progress",
    "in_progress",
    "in_progress",
    "done",
    "exceeded",
    "returned",
    "withdrawn",
    "not_achieved",
]
TOKEN = "123456:BENCH-progress"
Answer = Callable[[SentMessage], bool]
# The answers, by their content: a cell's figures; the organisation's.
CELL = containing("Đã đăng ký")
ORGANISATION = containing("Tiến độ toàn Đảng bộ")


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1]


async def create_schema(path: Path) -> None:
    db = await SqliteDatabase.open(path)
    await db.close()


def generate(
    path: Path, members: int, cells: int, tasks: int, year: int, users: dict[str, int]
) -> None:
    """Rows straight into SQLite (the import path is benchmarked elsewhere)."""
    rng = random.Random(2020)
    now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("BEGIN")
    conn.execute(
        "INSERT INTO units (id, parent_id, kind, name, name_key, created_at)"
        " VALUES (1, NULL, 'party_committee', 'Đảng bộ Thử', 'dang bo thu', ?)",
        (now,),
    )
    conn.executemany(
        "INSERT INTO units (id, parent_id, kind, name, name_key, created_at)"
        " VALUES (?, 1, 'cell', ?, ?, ?)",
        [(c + 2, f"Chi bộ số {c + 1}", f"so {c + 1}", now) for c in range(cells)],
    )
    conn.executemany(
        "INSERT INTO members (id, full_name, cell_id, kind, status, created_at, updated_at)"
        " VALUES (?, ?, ?, ?, 'active', ?, ?)",
        [
            (
                m + 1,
                f"Đảng Viên {m + 1}",
                m % cells + 2,
                ("full", "probationary", "non_party")[m % 3],
                now,
                now,
            )
            for m in range(members)
        ],
    )
    conn.executemany(
        "INSERT INTO roles (member_id, unit_id, role, granted_at) VALUES (?, ?, 'member', ?)",
        [(m + 1, m % cells + 2, now) for m in range(members)],
    )
    # Member 1 is secretary of cell 2 (the first cell); member 2 sits on the committee.
    conn.execute("INSERT INTO roles VALUES (1, 2, 'cell_secretary', ?)", (now,))
    conn.execute("INSERT INTO roles VALUES (2, 1, 'committee', ?)", (now,))
    for member_id, user_id in ((1, users["secretary"]), (2, users["committee"])):
        conn.execute(
            "INSERT INTO accounts (member_id, channel, user_id, chat_id, linked_at)"
            " VALUES (?, 'telegram', ?, ?, ?)",
            (member_id, str(user_id), str(user_id), now),
        )
    conn.execute(
        "INSERT INTO years (year, theme, opens, closes, max_tasks, approval_required,"
        " is_current, updated_at) VALUES (?, 'Bứt phá về đích', ?, ?, 5, 1, 1, ?)",
        (year, f"{year}-01-01", f"{year}-12-31", now),
    )
    start = date(year, 1, 1)
    # One member in seven has not registered: a realistic list of names to show. The others
    # share the tasks in turn.
    owners = [m + 1 for m in range(members) if m % 7 != 3]
    rows = [
        (
            year,
            owners[n % len(owners)],
            f"Công việc bứt phá số {n + 1}",
            "Sản phẩm cụ thể",
            (start + timedelta(days=rng.randrange(365))).isoformat(),
            rng.choice(STATUSES),
            rng.choice((0, 25, 50, 75, 100)),
            now,
            now,
        )
        for n in range(tasks)
    ]
    conn.executemany(
        "INSERT INTO tasks (year, owner_member_id, title, product, deadline, status, progress,"
        " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )
    conn.execute("COMMIT")
    conn.execute("ANALYZE")
    conn.close()


OPEN = "('submitted', 'returned', 'in_progress')"


def _aggregate(
    conn: sqlite3.Connection, year: int, today: str, where: str, params: tuple[int, ...]
) -> None:
    """The same numbers the bot shows, straight from SQL: members and registered (party
    members and non-party staff apart), tasks by status."""
    conn.execute(
        "SELECT cell_id, kind = 'non_party', count(*), sum(EXISTS (SELECT 1 FROM tasks r"
        " WHERE r.owner_member_id = members.id AND r.year = ? AND r.status != 'withdrawn'))"
        f" FROM members WHERE status = 'active' {where} GROUP BY cell_id, kind = 'non_party'",
        (year, *params),
    ).fetchall()
    conn.execute(
        f"SELECT cell_id, status, count(*), sum(deadline < ? AND status IN {OPEN})"
        f" FROM tasks WHERE year = ? AND cell_id IS NOT NULL {where}"
        " GROUP BY cell_id, status",
        (today, year, *params),
    ).fetchall()


def raw_cell(conn: sqlite3.Connection, year: int, today: str, cell_id: int) -> None:
    _aggregate(conn, year, today, "AND cell_id = ?", (cell_id,))


def raw_organisation(conn: sqlite3.Connection, year: int, today: str) -> None:
    _aggregate(conn, year, today, "", ())


def timed(fn: object, runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()  # type: ignore[operator]
        out.append(time.perf_counter() - started)
    return out


async def round_trips(
    sandbox: Sandbox, user: SandboxUser, text: str, answer: Answer, runs: int
) -> list[float]:
    """Until the answer, recognised by its content: a reminder the sender delivers meanwhile
    is not an answer."""
    out = []
    for _ in range(runs):
        out.append(await ask(sandbox, user, text, answer, timeout=60))
        # The reply may span several messages; wait until the bot is quiet.
        await sandbox.wait_until_idle(quiet=0.05)
    return out


async def bench(args: argparse.Namespace, folder: Path) -> None:
    path = folder / "big.sqlite3"
    year = datetime.now(UTC).year
    today = datetime.now(UTC).date().isoformat()
    async with Sandbox() as sandbox:
        secretary = sandbox.create_user("Bí thư")
        committee = sandbox.create_user("Đảng ủy")
        await create_schema(path)
        started = time.perf_counter()
        generate(
            path,
            args.members,
            args.cells,
            args.tasks,
            year,
            {"secretary": secretary.id, "committee": committee.id},
        )
        print(
            f"generated {args.members:,} members, {args.cells:,} cells, {args.tasks:,} tasks "
            f"in {time.perf_counter() - started:.1f} s"
        )

        conn = sqlite3.connect(path)
        raw_c = timed(lambda: raw_cell(conn, year, today, 2), args.runs)
        raw_o = timed(lambda: raw_organisation(conn, year, today), max(5, args.runs // 3))
        conn.close()

        bot = await start_bot(sandbox, path, TOKEN, folder / "bot.log")
        try:
            # Timing starts once the start-up jobs (the year's reminder planning) are done.
            await ask(sandbox, secretary, "/tiendo", CELL, timeout=300)
            await bot.wait_until_idle()
            memory = peak_memory_mb(bot.pid)
            await round_trips(sandbox, secretary, "/tiendo", CELL, 2)  # warm up
            cell = await round_trips(sandbox, secretary, "/tiendo", CELL, args.runs)
            org = await round_trips(
                sandbox, committee, "/tiendo", ORGANISATION, max(5, args.runs // 3)
            )
            sample = sandbox.last_message(secretary.id)
        finally:
            log = await bot.stop()
        if bot.process.returncode != 0:
            print(log[-2000:])
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    writes = longest_writes(log)
    ms = 1000.0
    print("/tiendo through the sandbox (real HTTP, bot in its own process), ms")
    print(
        f"  cell secretary       median {statistics.median(cell) * ms:7.1f}"
        f"   p95 {p95(cell) * ms:7.1f}   target p95 < 50"
    )
    print(
        f"  raw SQL, cell        median {statistics.median(raw_c) * ms:7.1f}"
        f"   p95 {p95(raw_c) * ms:7.1f}   bot/raw = "
        f"{statistics.median(cell) / statistics.median(raw_c):.1f}x"
    )
    print(
        f"  committee (org)      median {statistics.median(org) * ms:7.1f}"
        f"   p95 {p95(org) * ms:7.1f}   target p95 < 500"
    )
    print(
        f"  raw SQL, org         median {statistics.median(raw_o) * ms:7.1f}"
        f"   p95 {p95(raw_o) * ms:7.1f}   bot/raw = "
        f"{statistics.median(org) / statistics.median(raw_o):.1f}x"
    )
    print(f"  bot peak memory through start-up and planning (VmHWM) {memory:7.1f} MB")
    print(f"  bot peak memory over the whole run (ru_maxrss)      {peak_mb:7.1f} MB   target < 150")
    if writes is not None:
        print(f"  longest write transaction {writes[1]:.1f} ms ({writes[2]})")
    if sample is not None:
        print("  sample answer: " + (sample.text or "").splitlines()[0][:100])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=50_000)
    parser.add_argument("--cells", type=int, default=1_000)
    parser.add_argument("--tasks", type=int, default=250_000)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        asyncio.run(bench(args, Path(folder)))


if __name__ == "__main__":
    main()
