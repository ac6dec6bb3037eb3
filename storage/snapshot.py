"""A read-only, synchronous view of the database for a worker process (plain ``sqlite3``).

Heavy files (the whole public registry: 167,000 tasks at 50,000 members) are built in a worker
process, away from the event loop and its GIL. The worker reads what it needs itself, through
one read-only connection in one transaction (a consistent snapshot; WAL lets it run beside the
bot's writes), rather than being sent the rows pickled. :meth:`SqliteDatabase.snapshot` hands
the services a picklable opener of this, bound to the database's path.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from bot.domain.reports import CellCount, PublicTask
from storage.repositories.progress import PUBLIC_COUNTS, public_task, public_tasks_in_sql

# As the bot's own connections (storage.database): a reader in WAL waits only while the
# database recovers from a crash.
BUSY_TIMEOUT_MS = 5000


class Snapshot:
    """The queries a worker reads with (the public registry's, for its spreadsheet)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def public_counts(self, year: int) -> list[CellCount]:
        """(cell, approved tasks) in cell order, as the bot's repository counts them."""
        return [CellCount(r[0], r[1]) for r in self._conn.execute(PUBLIC_COUNTS, (year, year))]

    def public_tasks_in(self, year: int, cell_ids: Sequence[int]) -> list[PublicTask]:
        """Approved personal tasks of a few cells, by cell, then owner."""
        if not cell_ids:
            return []
        rows = self._conn.execute(public_tasks_in_sql(len(cell_ids)), (*cell_ids, year))
        return [public_task(row) for row in rows]


@contextmanager
def open_snapshot(path: Path) -> Iterator[Snapshot]:
    """A read-only connection to ``path`` in one read transaction, closed at the end."""
    conn = sqlite3.connect(
        f"{Path(path).resolve().as_uri()}?mode=ro",
        uri=True,
        isolation_level=None,
        check_same_thread=False,
    )
    try:
        conn.row_factory = sqlite3.Row
        conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        conn.execute("BEGIN")
        try:
            yield Snapshot(conn)
        finally:
            conn.execute("COMMIT")
    finally:
        conn.close()
