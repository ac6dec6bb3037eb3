"""The public registry's counts per cell, kept by triggers (migration 0020), agree with
counting the tasks themselves whatever happens to the tasks and their owners."""

from __future__ import annotations

import random
import sqlite3
from pathlib import Path

from bot.domain.reports import CellCount
from storage.database import SqliteDatabase
from tests.bench.bench_progress import create_schema, generate

YEAR = 2026
PUBLIC = "('in_progress', 'done', 'exceeded', 'not_achieved')"
# What the registry counted before the triggers: every task, by its owner's cell.
COUNTED = (
    "SELECT m.cell_id, count(*) FROM tasks t JOIN members m ON m.id = t.owner_member_id"
    f" WHERE t.year = ? AND t.status IN {PUBLIC} GROUP BY m.cell_id ORDER BY m.cell_id"
)
STATUSES = ["submitted", "returned", "in_progress", "done", "exceeded", "not_achieved"]


async def counts(path: Path) -> list[tuple[int, int]]:
    """What /congkhai reads (the counts kept by the triggers), and the worker's snapshot too."""
    async with await SqliteDatabase.open(path) as db:
        async with db.read() as uow:
            found = await uow.progress.public_counts(YEAR)
        with db.snapshot()() as snapshot:
            assert snapshot.public_counts(YEAR) == found
    assert all(type(count) is CellCount for count in found)  # named: (cell_id, tasks)
    return found


def counted(path: Path) -> list[tuple[int, int]]:
    with sqlite3.connect(path) as conn:
        return [(cell, n) for cell, n in conn.execute(COUNTED, (YEAR,))]


async def test_the_counts_follow_tasks_and_owners_through_every_change(tmp_path: Path) -> None:
    path = tmp_path / "bot.sqlite3"
    await create_schema(path)
    generate(path, 300, 6, 1_200, YEAR, {"secretary": 901, "committee": 902})
    before = counted(path)
    assert len(before) == 6
    assert await counts(path) == before

    rng = random.Random(15)
    with sqlite3.connect(path, isolation_level=None) as conn:
        conn.execute("PRAGMA foreign_keys=ON")
        ids = [row[0] for row in conn.execute("SELECT id FROM tasks")]
        for task in rng.sample(ids, 300):  # approved, returned, done, withdrawn…
            conn.execute("UPDATE tasks SET status = ? WHERE id = ?", (rng.choice(STATUSES), task))
        for task in rng.sample(ids, 50):  # progress only: status written unchanged
            conn.execute("UPDATE tasks SET progress = 50, status = status WHERE id = ?", (task,))
        for member in rng.sample(range(10, 300), 30):  # moved to another cell
            conn.execute(
                "UPDATE members SET cell_id = ? WHERE id = ?", (rng.randrange(2, 8), member)
            )
        for member in rng.sample(range(10, 300), 20):  # left: counted by their row
            conn.execute("UPDATE members SET status = 'left' WHERE id = ?", (member,))
        conn.execute("DELETE FROM tasks WHERE id IN (SELECT id FROM tasks LIMIT 40)")
        owner = conn.execute("SELECT id, cell_id FROM members WHERE status = 'active'").fetchone()
        conn.execute(
            "INSERT INTO tasks (year, owner_member_id, title, product, deadline, status,"
            " created_at, updated_at) VALUES (?, ?, 'T', 'P', '2026-12-31', 'done', '', '')",
            (YEAR, owner[0]),
        )
        conn.execute(
            "INSERT INTO years (year, theme, opens, closes, max_tasks, approval_required,"
            " is_current, updated_at) VALUES (?, '', '2025-01-01', '2025-12-31', 5, 0, 0, '')",
            (YEAR - 1,),
        )
        conn.execute(
            "UPDATE tasks SET year = ? WHERE id IN (SELECT id FROM tasks LIMIT 5)", (YEAR - 1,)
        )

    after = counted(path)
    assert after != before
    assert await counts(path) == after
