"""Benchmark: the committee's /xeploai — the table by cell and the distribution against the cap
and the targets — on a large organisation.

Generates 50,000 members in 1,000 cells (two in three party members, each in the review
cycle, most with a self-review, a cell's proposal and some a committee's decision), runs the
real bot (``butpha run`` in a child process) against the local sandbox, and times /xeploai
round trips for the committee — median and p95 — next to the raw SQL for the same figures
(per cell: members, not rated, submitted, proposed, decided; per cell and level: how many),
timed in the same run.

    .venv/bin/python tests/bench/bench_rating_distribution.py [--members 50000] [--cells 1000]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sqlite3
import statistics
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from bot.sandbox.server import Sandbox
from tests.bench.bench_progress import create_schema, p95, round_trips, timed
from tests.bench.bot_process import ask, containing, start_bot

TOKEN = "123456:BENCH-rating"
# The committee's answer: the distribution's line for "good or better".
ANSWER = containing("trở lên")
LEVELS = ("excellent", "good", "good", "good", "complete", "not_complete")


def generate(path: Path, members: int, cells: int, year: int, committee_user: int) -> int:
    """Rows straight into SQLite; returns the entries of the cycle."""
    rng = random.Random(2026)
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
    kinds = ("full", "probationary", "non_party")
    conn.executemany(
        "INSERT INTO members (id, full_name, cell_id, kind, status, created_at, updated_at)"
        " VALUES (?, ?, ?, ?, 'active', ?, ?)",
        [
            (m + 1, f"Đảng Viên {m + 1}", m % cells + 2, kinds[m % 3], now, now)
            for m in range(members)
        ],
    )
    conn.execute("INSERT INTO roles VALUES (1, 1, 'committee', ?)", (now,))
    conn.execute(
        "INSERT INTO accounts (member_id, channel, user_id, chat_id, linked_at)"
        " VALUES (1, 'telegram', ?, ?, ?)",
        (str(committee_user), str(committee_user), now),
    )
    conn.execute(
        "INSERT INTO rating_cycles (id, year, self_review_due, cells_by, decision_by, opened_at)"
        " VALUES (1, ?, ?, ?, ?, ?)",
        (year, f"{year}-12-10", f"{year}-12-20", f"{year}-12-28", now),
    )
    rows = []
    for m in range(members):
        if kinds[m % 3] == "non_party":
            continue
        draw = rng.random()
        not_rated = "new_member" if draw < 0.02 else None
        submitted = now if draw < 0.9 else None
        proposed = rng.choice(LEVELS) if submitted and draw < 0.8 and not not_rated else None
        decided = proposed if proposed and draw < 0.4 else None
        rows.append(
            (m + 1, m % cells + 2, not_rated, "good" if submitted else None, submitted,
             proposed, decided)
        )  # fmt: skip
    conn.executemany(
        "INSERT INTO rating_entries (cycle_id, member_id, cell_id, not_rated, self_level,"
        " submitted_at, proposed_level, decided_level) VALUES (1, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )
    conn.execute("COMMIT")
    conn.execute("ANALYZE")
    conn.close()
    return len(rows)


def raw_distribution(conn: sqlite3.Connection) -> None:
    """The same figures /xeploai shows the committee, straight from SQL."""
    conn.execute(
        "SELECT cell_id, count(*), count(not_rated), count(submitted_at), count(proposed_level),"
        " count(decided_level) FROM rating_entries WHERE cycle_id = 1 GROUP BY cell_id"
    ).fetchall()
    conn.execute(
        "SELECT cell_id, coalesce(decided_level, proposed_level) AS level, count(*)"
        " FROM rating_entries WHERE cycle_id = 1 AND not_rated IS NULL"
        " AND coalesce(decided_level, proposed_level) IS NOT NULL GROUP BY cell_id, level"
    ).fetchall()


async def bench(args: argparse.Namespace, folder: Path) -> None:
    path = folder / "big.sqlite3"
    year = datetime.now(UTC).year
    async with Sandbox() as sandbox:
        committee = sandbox.create_user("Đảng ủy")
        await create_schema(path)
        started = time.perf_counter()
        entries = generate(path, args.members, args.cells, year, committee.id)
        print(
            f"generated {args.members:,} members in {args.cells:,} cells, {entries:,} in the "
            f"cycle, in {time.perf_counter() - started:.1f} s"
        )
        conn = sqlite3.connect(path)
        raw = timed(lambda: raw_distribution(conn), args.runs)
        conn.close()
        bot = await start_bot(sandbox, path, TOKEN, folder / "bot.log")
        try:
            # Timing starts once the start-up jobs (the reminder planners) are done.
            await ask(sandbox, committee, "/xeploai", ANSWER, timeout=300)
            settled = await bot.wait_until_idle()
            await round_trips(sandbox, committee, "/xeploai", ANSWER, 2)  # warm up
            view = await round_trips(sandbox, committee, "/xeploai", ANSWER, args.runs)
            sample = sandbox.last_message(committee.id)
        finally:
            log = await bot.stop()
        if bot.process.returncode != 0:
            print(log[-2000:])
    print(f"the bot was idle {settled:.1f} s after its first answer")
    ms = 1000.0
    print("/xeploai (the committee's distribution) through the sandbox, bot in its own process, ms")
    print(
        f"  committee      median {statistics.median(view) * ms:7.1f}   p95 {p95(view) * ms:7.1f}"
    )
    print(
        f"  raw SQL        median {statistics.median(raw) * ms:7.1f}   p95 {p95(raw) * ms:7.1f}"
        f"   bot/raw = {statistics.median(view) / statistics.median(raw):.1f}x"
    )
    if sample is not None:
        lines = (sample.text or "").splitlines()
        print("  sample answer: " + " | ".join(line for line in lines[5:8])[:300])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=50_000)
    parser.add_argument("--cells", type=int, default=1_000)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        asyncio.run(bench(args, Path(folder)))


if __name__ == "__main__":
    main()
