"""The database: migrations, PRAGMAs, the single writer."""

from __future__ import annotations

import asyncio
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.domain.audit import AuditEntry
from bot.domain.model import Channel
from storage import migrations
from storage.database import SqliteDatabase


async def test_migrations_apply_on_an_empty_file_and_are_recorded(tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite3"
    async with await SqliteDatabase.open(path):
        pass
    with sqlite3.connect(path) as conn:
        versions = [row[0] for row in conn.execute("SELECT version FROM schema_migrations")]
        tables = {
            row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
        }
    assert versions == [m.version for m in migrations.available()]
    assert {"units", "members", "roles", "accounts", "invites", "audit_log"} <= tables


async def test_reopening_keeps_data_and_applies_nothing_twice(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite3"
    async with await SqliteDatabase.open(path) as db, db.write() as uow:
        await uow.audit.record("test", at=datetime.now(UTC))
    async with await SqliteDatabase.open(path) as db, db.read() as uow:
        assert [r.event for r in await uow.audit.recent(10)] == ["test"]
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT count(*) FROM schema_migrations").fetchone()[0] == len(
            migrations.available()
        )


async def test_a_new_migration_upgrades_an_existing_database_without_losing_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "old.sqlite3"
    async with await SqliteDatabase.open(path) as db, db.write() as uow:
        from bot.domain.model import UnitKind

        await uow.units.add(
            parent_id=None,
            kind=UnitKind.PARTY_COMMITTEE,
            name="Đảng bộ",
            key="dang bo",
            at=datetime.now(UTC),
        )
    current = migrations.available()
    future = migrations.Migration(
        current[-1].version + 1, "add_note", "ALTER TABLE units ADD COLUMN note TEXT;"
    )
    monkeypatch.setattr(migrations, "available", lambda: [*current, future])
    async with await SqliteDatabase.open(path) as db, db.read() as uow:
        root = await uow.units.root()
    assert root is not None and root.name == "Đảng bộ"
    with sqlite3.connect(path) as conn:
        assert "note" in [row[1] for row in conn.execute("PRAGMA table_info(units)")]


async def test_a_failing_migration_leaves_the_database_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "db.sqlite3"
    async with await SqliteDatabase.open(path):
        pass
    current = migrations.available()
    broken = migrations.Migration(
        current[-1].version + 1,
        "broken",
        "CREATE TABLE half_done (id INTEGER); INSERT INTO no_such_table VALUES (1);",
    )
    monkeypatch.setattr(migrations, "available", lambda: [*current, broken])
    with pytest.raises(sqlite3.OperationalError):
        await SqliteDatabase.open(path)
    with sqlite3.connect(path) as conn:
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
        versions = [row[0] for row in conn.execute("SELECT version FROM schema_migrations")]
    assert "half_done" not in tables
    assert broken.version not in versions


async def test_pragmas_are_in_force(db: SqliteDatabase) -> None:
    assert await db.pragma("journal_mode") == "wal"
    assert await db.pragma("foreign_keys") == 1
    assert await db.pragma("busy_timeout") == 5000


async def test_a_failed_write_rolls_back_everything_in_it(db: SqliteDatabase) -> None:
    with pytest.raises(RuntimeError):
        async with db.write() as uow:
            await uow.audit.record("kept?", at=datetime.now(UTC))
            raise RuntimeError("boom")
    async with db.read() as uow:
        assert await uow.audit.recent(10) == []


async def test_concurrent_writes_queue_behind_the_single_writer(db: SqliteDatabase) -> None:
    async def write(n: int) -> None:
        async with db.write() as uow:
            await uow.audit.record(f"e{n}", at=datetime.now(UTC))

    await asyncio.gather(*(write(n) for n in range(200)))
    async with db.read() as uow:
        assert len(await uow.audit.recent(1000)) == 200


async def test_the_audit_log_reads_back_typed_entries(db: SqliteDatabase) -> None:
    at = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
    async with db.write() as uow:
        await uow.audit.record(
            "stranger_refused",
            at=at,
            actor_channel=Channel.ZALO,
            actor_user_id="8",
            detail={"command": "/tiendo"},
        )
    async with db.read() as uow:
        assert await uow.audit.recent(1) == [
            AuditEntry(
                at=at,
                event="stranger_refused",
                actor_channel=Channel.ZALO,
                actor_user_id="8",
                detail={"command": "/tiendo"},
            )
        ]
