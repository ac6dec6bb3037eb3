"""A writer the database refuses for a reason that can pass is reopened until it accepts a
write; one that never does is given up on, and the composition root told."""

from __future__ import annotations

import asyncio
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import aiosqlite
import pytest

from storage.database import SqliteDatabase
from storage.writer_recovery import can_pass


async def _read_only_writer(db: SqliteDatabase) -> None:
    """As if the bot had started while the file was read-only: SQLite then opens it read-only
    and the connection stays so after the permissions return."""
    read_only = await aiosqlite.connect(f"file:{db.path}?mode=ro", uri=True, isolation_level=None)
    await db._writer.close()  # the fault is the writer's own
    db._writer = read_only


async def _write(db: SqliteDatabase, event: str) -> None:
    async with db.write() as uow:
        await uow.audit.record(event, at=datetime.now(UTC))


async def test_a_read_only_writer_is_reopened_and_writes_go_through_again(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    db = await SqliteDatabase.open(tmp_path / "b.sqlite3")
    try:
        await _read_only_writer(db)
        with pytest.raises(sqlite3.OperationalError):
            await _write(db, "refused")
        with pytest.raises(sqlite3.OperationalError):
            await _write(db, "refused again")  # meanwhile: refused, no second recovery
        for _ in range(50):
            await asyncio.sleep(0.1)
            if not db.recovery.recovering:
                break
        await _write(db, "accepted")
        async with db.read() as uow:
            assert [e.event for e in await uow.audit.recent(5)] == ["accepted"]
    finally:
        await db.close()
    said = [r.getMessage() for r in caplog.records if r.name == "storage.writer_recovery"]
    assert len([m for m in said if "reopening it" in m]) == 1
    assert any("accepts writes again" in m for m in said)


async def test_a_writer_that_cannot_be_reopened_is_given_up_on(tmp_path: Path) -> None:
    db = await SqliteDatabase.open(tmp_path / "b.sqlite3")
    lost: list[str] = []
    db.recovery.give_up_after = 0.1
    db.recovery.on_lost = lost.append

    async def refused() -> aiosqlite.Connection:
        raise sqlite3.OperationalError("attempt to write a readonly database")

    db.recovery._connect = refused  # the file stays read-only
    try:
        await _read_only_writer(db)
        with pytest.raises(sqlite3.OperationalError):
            await _write(db, "refused")
        for _ in range(50):
            await asyncio.sleep(0.1)
            if lost:
                break
    finally:
        await db.close()
    assert lost == ["attempt to write a readonly database"]


def test_only_what_can_pass_is_recovered_from(tmp_path: Path) -> None:
    conn = sqlite3.connect(tmp_path / "f.sqlite3")
    conn.execute("CREATE TABLE t (x TEXT UNIQUE)")
    conn.execute("INSERT INTO t VALUES ('a')")
    conn.commit()
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.execute(f"PRAGMA max_page_count = {pages}")
    with pytest.raises(sqlite3.Error) as full:
        conn.executemany("INSERT INTO t VALUES (?)", [(str(n) * 200,) for n in range(2000)])
    assert can_pass(full.value)  # "database or disk is full"
    conn.rollback()
    with pytest.raises(sqlite3.IntegrityError) as duplicate:
        conn.execute("INSERT INTO t VALUES ('a')")
    assert not can_pass(duplicate.value)  # a rule broken: reopening would not help
    conn.close()
