"""Benchmark: the quota lines and the period report of inspection and supervision on a large
organisation, read from a real SQLite file through the services.

Generates 1,000 cells of 50 members (50,000; 50 on the committee and the inspection
commission), an adopted programme of 6,000 items for the year, each taken some way along its
steps (every step an event, dated in its month), remediation for the concluded ones and 20,000
supervision notes; then times, through the services as the chat and the command line call
them, the quota lines (``ProgrammeService.quota_lines``) and the year's and six months'
report (``PeriodReportService.report``): the median of the runs. Baselines measured in the same
run: a plain ``SELECT count(*)`` over the items, and the same two calls on an organisation ten
times smaller; the ratios are printed.

    .venv/bin/python tests/bench/bench_inspection_quota_lines.py [--cells 1000] [--per-cell 50]
        [--items 6000] [--runs 15]
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
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bot.clock import FixedClock
from bot.domain.inspections.periods import ReportPeriod
from bot.services.container import Services
from storage.database import SqliteDatabase

YEAR = 2027
KINDS = ["inspection"] * 5 + ["thematic_supervision"] * 2 + ["regular_supervision"]
STATES = [
    "planned", "decided", "notified", "self_report_received", "verifying", "concluded",
    "conclusion_notified", "remediating", "closed",
]  # fmt: skip


def _at(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def generate(path: Path, cells: int, per_cell: int, items: int, notes: int) -> None:
    """Rows straight into SQLite (the services that write them are tested elsewhere)."""
    rng = random.Random(12)
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
        " VALUES (?, ?, ?, ?, 'active', ?, ?)",
        [
            (
                m + 1,
                f"Đảng Viên {m + 1}",
                m % cells + 2,
                ("full", "probationary")[m % 7 == 0],
                now,
                now,
            )
            for m in range(members)
        ],
    )
    staff = max(5, cells // 20)
    conn.executemany(
        "INSERT INTO roles (member_id, unit_id, role, granted_at) VALUES (?, 1, ?, ?)",
        [(s + 1, "committee" if s % 3 else "inspector", now) for s in range(staff)],
    )
    conn.execute(
        "INSERT INTO inspection_programmes (id, year, unit_id, adopted_at, adopted_by,"
        " created_at) VALUES (1, ?, 1, ?, 1, ?)",
        (YEAR, now, now),
    )
    events, actions, item_rows = [], [], []
    for i in range(1, items + 1):
        kind = rng.choice(KINDS)
        month = rng.randint(1, 12)
        if rng.random() < 0.2:
            target = ("cell", rng.randint(2, cells + 1))
            cell = target[1]
        else:
            member = rng.randint(1, members)
            target = ("committee_member" if member <= staff else "member", member)
            cell = (member - 1) % cells + 2
        lead = rng.randint(1, staff)
        state = "planned" if kind == "regular_supervision" else rng.choice(STATES)
        item_rows.append(
            (i, kind, f"Nội dung {i}", target[0], target[1], cell, month, lead, state, now)
        )
        day = datetime(YEAR, month, 1, 8, tzinfo=UTC)
        events.append((i, now, 1, "created"))
        for step in STATES[1 : STATES.index(state) + 1]:
            day += timedelta(days=rng.randint(1, 4), minutes=rng.randint(0, 600))
            events.append((i, _at(day), lead, step))
            if step == "conclusion_notified":
                for _ in range(rng.randint(1, 3)):
                    done = _at(day + timedelta(days=9)) if rng.random() < 0.6 else None
                    actions.append((i, lead, _at(day), done))
    conn.executemany(
        "INSERT INTO inspection_items (id, programme_id, kind, content, target_kind, target_id,"
        " target_cell_id, month, lead_id, state, created_at)"
        " VALUES (?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        item_rows,
    )
    conn.executemany(
        "INSERT INTO inspection_events (item_id, at, member_id, event) VALUES (?, ?, ?, ?)",
        events,
    )
    conn.executemany(
        "INSERT INTO remediation_actions (item_id, action, owner_id, due, done_at, created_at)"
        f" VALUES (?, 'Khắc phục', ?, '{YEAR}-12-31', ?, ?)",
        [(i, owner, done, created) for i, owner, created, done in actions],
    )
    conn.executemany(
        "INSERT INTO supervision_notes (target_kind, target_id, target_cell_id, at, member_id,"
        " note) VALUES ('cell', ?, ?, ?, 1, 'Ghi chép')",
        [
            (
                c,
                c,
                _at(datetime(YEAR, 1, 1, tzinfo=UTC) + timedelta(minutes=rng.randrange(500_000))),
            )
            for c in (rng.randint(2, cells + 1) for _ in range(notes))
        ],
    )
    conn.execute("COMMIT")
    conn.close()
    print(
        f"  {cells:,} cells, {members:,} members, {items:,} items, {len(events):,} events, "
        f"{len(actions):,} remediation actions, {notes:,} notes"
    )


async def median(call: Callable[[], Awaitable[object]], runs: int) -> float:
    await call()  # warm the page cache and the statement cache
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        await call()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


async def measure(path: Path, runs: int) -> dict[str, float]:
    db = await SqliteDatabase.open(path)
    try:
        clock = FixedClock(datetime(YEAR, 12, 15, 3, tzinfo=UTC))
        services = Services.build(db, clock, invite_ttl_days=30, default_language="vi")

        async def count() -> object:
            async with db.read() as uow:
                conn = uow.inspections._conn  # the baseline: the same connection, bare SQL
                async with conn.execute("SELECT count(*) FROM inspection_items") as cursor:
                    return await cursor.fetchone()

        lines = await services.programme.quota_lines(YEAR)
        report = await services.inspection_report.report(None, ReportPeriod.YEAR, YEAR)
        print("  quota lines: " + "; ".join(f"{q.kind} {q.done}/{q.of}" for q in lines))
        f = report.figures
        print(
            f"  year: carried out {f.carried_out:,}, concluded {f.concluded:,}, closed "
            f"{f.closed:,}, remediation done {f.remediation_done:,} / open {f.remediation_open:,}"
        )
        return {
            "count(*)": await median(count, runs),
            "quota lines": await median(lambda: services.programme.quota_lines(YEAR), runs),
            "year report": await median(
                lambda: services.inspection_report.report(None, ReportPeriod.YEAR, YEAR), runs
            ),
            "6m report": await median(
                lambda: services.inspection_report.report(None, ReportPeriod.HALF, YEAR), runs
            ),
        }
    finally:
        await db.close()


async def build(folder: Path, name: str, cells: int, per_cell: int, items: int) -> Path:
    path = folder / f"{name}.sqlite3"
    db = await SqliteDatabase.open(path)  # the schema, by the migrations
    await db.close()
    generate(path, cells, per_cell, items, notes=items * 10 // 3)
    return path


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cells", type=int, default=1000)
    parser.add_argument("--per-cell", type=int, default=50)
    parser.add_argument("--items", type=int, default=6000)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        print("large:")
        large = await build(Path(folder), "large", args.cells, args.per_cell, args.items)
        print("small (a tenth):")
        small = await build(
            Path(folder), "small", args.cells // 10, args.per_cell, args.items // 10
        )
        print("large:")
        big = await measure(large, args.runs)
        print("small:")
        little = await measure(small, args.runs)
    print(f"median of {args.runs} runs (ms); ratio to count(*) over the items; large / small:")
    for name, seconds in big.items():
        print(
            f"  {name:12} {seconds * 1000:9.2f} ms  ×{seconds / big['count(*)']:8.1f}"
            f"  small {little[name] * 1000:8.2f} ms  large/small ×{seconds / little[name]:.1f}"
        )


if __name__ == "__main__":
    asyncio.run(main())
