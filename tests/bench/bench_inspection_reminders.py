"""Benchmark: plan the inspection reminders for a large organisation.

Generates 1,000 cells of 50 members (50,000, every one linked on Telegram), 35 on the committee
and 15 on the inspection commission, and an adopted programme of the size the quotas ask (20% of
cells and of members inspected, 20% of cells supervised: about 10,400 items) spread over
January to November, in the states a programme is in on 1 April, with a remediation action for
each item being remediated. Then times the reminder job's work (``plan``) over the real SQLite
file: on 1 April (a checkpoint: the digest and the quarterly warning too), again that day (a
second run, as after a restart: nothing queued), and on an ordinary day, 14 April.

    .venv/bin/python tests/bench/bench_inspection_reminders.py [--cells 1000] [--per-cell 50]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sqlite3
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bot.clock import FixedClock
from bot.services.container import Services
from handlers.inspections.jobs import plan_inspection_reminders
from storage.database import SqliteDatabase

YEAR = 2027
STAFF_COMMITTEE, STAFF_COMMISSION = 35, 15
EARLIER = ["self_report_received", "verifying", "concluded", "remediating", "closed", "closed"]


def _db_time(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def generate(path: Path, cells: int, per_cell: int) -> tuple[int, int]:
    """Rows straight into SQLite; returns (items, actions)."""
    rng = random.Random(2020)
    now = _db_time(datetime(YEAR, 1, 5, tzinfo=UTC))
    members = cells * per_cell
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
    conn.executemany(
        "INSERT INTO members (id, full_name, cell_id, kind, status, created_at, updated_at)"
        " VALUES (?, ?, ?, 'full', 'active', ?, ?)",
        [(m + 1, f"Đảng Viên {m + 1}", m % cells + 2, now, now) for m in range(members)],
    )
    conn.executemany(
        "INSERT INTO roles (member_id, unit_id, role, granted_at) VALUES (?, ?, 'member', ?)",
        [(m + 1, m % cells + 2, now) for m in range(members)],
    )
    conn.executemany(
        "INSERT INTO roles (member_id, unit_id, role, granted_at)"
        " VALUES (?, ?, 'cell_secretary', ?)",
        [(c + 1, c + 2, now) for c in range(cells)],
    )
    staff = list(range(cells + 1, cells + 1 + STAFF_COMMITTEE + STAFF_COMMISSION))
    conn.executemany(
        "INSERT INTO roles (member_id, unit_id, role, granted_at) VALUES (?, 1, ?, ?)",
        [
            (m, "committee" if n < STAFF_COMMITTEE else "inspector", now)
            for n, m in enumerate(staff)
        ],
    )
    conn.executemany(
        "INSERT INTO accounts (member_id, channel, user_id, chat_id, linked_at)"
        " VALUES (?, 'telegram', ?, ?, ?)",
        [(m + 1, str(10**9 + m), str(10**9 + m), now) for m in range(members)],
    )
    conn.execute(
        "INSERT INTO inspection_programmes (id, year, unit_id, adopted_at, created_at)"
        " VALUES (1, ?, 1, ?, ?)",
        (YEAR, now, now),
    )
    targets = (
        [("inspection", "cell", c + 2, c + 2) for c in rng.sample(range(cells), cells // 5)]
        + [
            ("thematic_supervision", "cell", c + 2, c + 2)
            for c in rng.sample(range(cells), cells // 5)
        ]
        + [
            ("inspection", "member", m + 1, m % cells + 2)
            for m in rng.sample(range(members), members // 5)
        ]
    )
    april = date(YEAR, 4, 1)
    items, teams, actions = [], [], []
    for number, (kind, target_kind, target_id, cell_id) in enumerate(targets, 1):
        month = number % 11 + 1
        lead, mate = rng.sample(staff, 2)
        due: str | None = None
        received: str | None = None
        if month < 4:
            state = rng.choice(EARLIER)
            due = (date(YEAR, month, 10) + timedelta(days=20)).isoformat()
            received = _db_time(datetime(YEAR, month, 25, 2, tzinfo=UTC))
        elif month == 4:
            state = rng.choice(["planned", "decided", "notified"])
            if state == "notified":
                due = (april + timedelta(days=rng.randrange(14))).isoformat()
        else:
            state = "planned"
        items.append(
            (
                number,
                kind,
                f"Nội dung số {number}",
                target_kind,
                target_id,
                cell_id,
                month,
                lead,
                due,
                state,
                received,
                now,
            )
        )
        teams.append((number, mate))
        if state == "remediating":
            action_due = date(YEAR, 3, 1) + timedelta(days=rng.randrange(60))
            owner = target_id if target_kind == "member" else cell_id - 1  # the cell's secretary
            actions.append((number, f"Khắc phục số {number}", owner, action_due.isoformat(), now))
    conn.executemany(
        "INSERT INTO inspection_items (id, programme_id, kind, content, target_kind, target_id,"
        " target_cell_id, month, lead_id, self_report_due, state, self_report_at, created_at)"
        " VALUES (?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        items,
    )
    conn.executemany("INSERT INTO inspection_team (item_id, member_id) VALUES (?, ?)", teams)
    conn.executemany(
        "INSERT INTO remediation_actions (item_id, action, owner_id, due, created_at)"
        " VALUES (?, ?, ?, ?, ?)",
        actions,
    )
    conn.execute("COMMIT")
    conn.execute("ANALYZE")
    conn.close()
    return len(items), len(actions)


async def timed(services: Services) -> tuple[float, int]:
    started = time.perf_counter()
    added = await plan_inspection_reminders(services)
    return time.perf_counter() - started, added


async def bench(args: argparse.Namespace, folder: Path) -> None:
    path = folder / "bench.sqlite3"
    db = await SqliteDatabase.open(path)
    await db.close()
    started = time.perf_counter()
    items, actions = generate(path, args.cells, args.per_cell)
    print(
        f"organisation: {args.cells} cells, {args.cells * args.per_cell} members;"
        f" programme: {items} items, {actions} open remediation actions"
        f" (generated in {time.perf_counter() - started:.1f} s)"
    )
    clock = FixedClock(datetime(YEAR, 4, 1, 1, 0, tzinfo=UTC))  # 1 April, 08:00 in Hà Nội
    db = await SqliteDatabase.open(path)
    try:
        services = Services.build(db, clock, invite_ttl_days=30, default_language="vi")
        for label in ("1 April (digest, warning)", "1 April again (as after a restart)"):
            seconds, added = await timed(services)
            print(f"plan on {label}: {seconds:.2f} s, {added} reminders queued")
        clock.advance(days=13)
        seconds, added = await timed(services)
        print(f"plan on 14 April (an ordinary day): {seconds:.2f} s, {added} reminders queued")
        seconds, added = await timed(services)
        print(f"plan on 14 April again: {seconds:.2f} s, {added} reminders queued")
    finally:
        await db.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cells", type=int, default=1000)
    parser.add_argument("--per-cell", type=int, default=50)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        asyncio.run(bench(args, Path(folder)))


if __name__ == "__main__":
    main()
