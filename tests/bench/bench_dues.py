"""Benchmark: party dues on a large organisation, read from a real SQLite file through the
services.

Generates 1,000 cells of 50 party members (50,000, each linked) and ten months of dues (about 90% paid, a
few said paid, exempt or unpaid: some 450,000 rows); then times, as the chat and the command
line call them, the committee's figures by cell (``DuesStatusService.figures``), one cell's
grid (``grid``), the organisation's six months for the period report (``period_figures``), and
the reminder job's planning (reminders and alerts; the first run writes them, the next finds
them all queued): the median of the runs. Baseline measured in the same run: the raw SQL for
the same figures (paid and unpaid member-months per cell and month, one ``GROUP BY``).

    .venv/bin/python tests/bench/bench_dues.py [--cells 1000] [--per-cell 50] [--runs 7]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bot.clock import FixedClock
from bot.domain.model import Member
from bot.services.container import Services
from bot.services.dues.reminders import DuesNotice
from storage.database import SqliteDatabase

YEAR = 2027
MONTHS = 10  # January to October recorded; the clock stands on 20 November
STATES = ["paid"] * 90 + ["claimed"] * 3 + ["exempt"] * 2 + ["unpaid"] * 5


def _at(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def generate(path: Path, cells: int, per_cell: int) -> None:
    """Rows straight into SQLite (the services that write them are tested elsewhere)."""
    rng = random.Random(14)
    now = _at(datetime(YEAR, 1, 2, tzinfo=UTC))
    conn = sqlite3.connect(path, isolation_level=None)
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
    members = cells * per_cell
    conn.executemany(
        "INSERT INTO members (id, full_name, cell_id, kind, status, created_at, updated_at)"
        " VALUES (?, ?, ?, 'full', 'active', ?, ?)",
        [(m + 1, f"Đảng Viên {m + 1}", m % cells + 2, now, now) for m in range(members)],
    )
    conn.executemany(
        "INSERT INTO accounts (member_id, channel, user_id, chat_id, linked_at)"
        " VALUES (?, 'telegram', ?, ?, ?)",
        [(m + 1, str(m + 1), str(m + 1), now) for m in range(members)],
    )
    conn.executemany(
        "INSERT INTO roles (member_id, unit_id, role, granted_at) VALUES (?, ?, ?, ?)",
        [(c + 1, c + 2, "cell_secretary", now) for c in range(cells)]
        + [(m, 1, "committee", now) for m in range(cells + 1, cells + 16)],
    )
    conn.executemany(
        "INSERT INTO dues_months (member_id, year, month, state, reason, recorded_at)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        [
            (m + 1, YEAR, month, state, "Ốm dài ngày" if state == "exempt" else "", now)
            for m in range(members)
            for month in range(1, MONTHS + 1)
            for state in [rng.choice(STATES)]
        ],
    )
    conn.execute("COMMIT")
    conn.close()


async def median(call: Callable[[], Awaitable[object]], runs: int) -> float:
    await call()  # warm the page cache and the statement cache
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        await call()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def render(member: Member, notice: DuesNotice) -> tuple[str, str | None]:
    return f"{type(notice).__name__} {member.id}", None


async def measure(path: Path, runs: int) -> dict[str, float]:
    db = await SqliteDatabase.open(path)
    try:
        clock = FixedClock(datetime(YEAR, 11, 20, 3, tzinfo=UTC))
        services = Services.build(db, clock, invite_ttl_days=30, default_language="vi")

        async def raw() -> object:
            async with db.read() as uow:
                conn = uow.dues._conn  # the baseline: the same connection, bare SQL
                async with conn.execute(
                    "SELECT m.cell_id, d.month, sum(d.state IN ('paid', 'reduced', 'claimed')),"
                    " sum(d.state = 'unpaid') FROM dues_months d JOIN members m"
                    " ON m.id = d.member_id WHERE d.year = ? GROUP BY m.cell_id, d.month",
                    (YEAR,),
                ) as cursor:
                    return await cursor.fetchall()

        started = time.perf_counter()
        queued = await services.dues_reminders.plan(render)
        first = time.perf_counter() - started
        print(f"  the job's first run queued {queued:,} reminders and alerts in {first:.2f} s")
        figures = await services.dues.figures(YEAR)
        print(
            f"  {len(figures):,} cells; October paid "
            f"{sum(c.paid[9] for c in figures):,}/{sum(c.members for c in figures):,}"
        )
        return {
            "raw SQL": await median(raw, runs),
            "figures by cell": await median(lambda: services.dues.figures(YEAR), runs),
            "one cell's grid": await median(lambda: services.dues.grid(2, YEAR), runs),
            "6 months (report)": await median(
                lambda: services.dues.period_figures(None, YEAR, 1, 6), runs
            ),
            "job, all queued": await median(lambda: services.dues_reminders.plan(render), runs),
        }
    finally:
        await db.close()


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cells", type=int, default=1000)
    parser.add_argument("--per-cell", type=int, default=50)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "dues.sqlite3"
        db = await SqliteDatabase.open(path)  # the schema, by the migrations
        await db.close()
        generate(path, args.cells, args.per_cell)
        print(f"{args.cells:,} cells × {args.per_cell} party members, {MONTHS} months:")
        timings = await measure(path, args.runs)
    print(f"median of {args.runs} runs; ratio to the raw SQL:")
    for name, seconds in timings.items():
        ratio = seconds / timings["raw SQL"]
        print(f"  {name:18} {seconds * 1000:9.1f} ms  ×{ratio:6.1f}")


if __name__ == "__main__":
    asyncio.run(main())
