"""The inbox's storage (migrations 0018, 0019): stored once per key, claimed with its attempts
counted, done in the handler's own transaction, its answer kept until it is done, tried again,
set aside; unfinished ones found at start-up."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta

from bot.domain.inbox import Attempt, InboxStatus, current_attempt, not_the_update_itself
from storage.database import SqliteDatabase

NOW = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
TG = "telegram:1"


async def _store(db: SqliteDatabase, *updates: tuple[str, int | None, str]) -> list[int | None]:
    async with db.write() as uow:
        return await uow.inbox.store(TG, list(updates), NOW)


async def _claim(db: SqliteDatabase, update_id: int) -> tuple[int, int] | bool | None:
    async with db.write() as uow:
        return await uow.inbox.claim(TG, update_id)


async def _status(db: SqliteDatabase, entry: int) -> tuple[InboxStatus, int, str | None]:
    async with db.read() as uow:
        found = await uow.inbox.entry(entry)
    assert found is not None
    return found.status, found.attempts, found.last_error


async def test_an_update_delivered_twice_is_stored_once(db: SqliteDatabase) -> None:
    first = await _store(db, ("10", 10, "{}"), ("11", 11, "{}"))
    again = await _store(db, ("11", 11, "{}"), ("12", 12, "{}"))
    assert first[0] is not None and first[1] is not None
    assert again[0] is None and again[1] is not None
    async with db.read() as uow:
        assert [e.update_id for e in await uow.inbox.unfinished(TG)] == [10, 11, 12]
        assert await uow.inbox.unfinished("zalo") == []


async def test_zalo_updates_take_their_entry_id_as_update_id(db: SqliteDatabase) -> None:
    async with db.write() as uow:
        ids = await uow.inbox.store("zalo", [("text:a", None, "{}"), ("text:b", None, "{}")], NOW)
        again = await uow.inbox.store("zalo", [("text:a", None, "{}")], NOW)
    assert again == [None]
    async with db.read() as uow:
        entries = await uow.inbox.unfinished("zalo")
    assert [e.update_id for e in entries] == ids


async def test_a_claim_counts_the_attempt_and_a_second_claim_is_refused(db: SqliteDatabase) -> None:
    [entry] = await _store(db, ("10", 10, "{}"))
    assert await _claim(db, 10) == (entry, 1)
    assert await _claim(db, 10) is False  # being handled: a delivery again is not handled
    assert await _claim(db, 99) is None  # not from the inbox
    assert entry is not None
    async with db.write() as uow:
        await uow.inbox.failed(entry, "ValueError: boom")
    assert await _status(db, entry) == (InboxStatus.PENDING, 1, "ValueError: boom")
    assert await _claim(db, 10) == (entry, 2)
    async with db.write() as uow:
        assert await uow.inbox.done(entry, NOW)
    assert await _claim(db, 10) is False
    assert (await _status(db, entry))[0] is InboxStatus.DONE


async def test_the_handlers_first_change_marks_the_update_applied_in_its_transaction(
    db: SqliteDatabase,
) -> None:
    [entry] = await _store(db, ("10", 10, "{}"))
    assert entry is not None
    await _claim(db, 10)
    attempt = Attempt(entry, 1)
    token = current_attempt.set(attempt)
    try:
        async with db.write() as uow:  # changes nothing: not done
            await uow.inbox.prune(NOW - timedelta(days=30))
        assert not attempt.applied
        with not_the_update_itself():  # bookkeeping: not the update's effect
            async with db.write() as uow:
                await uow.inbox.store("other", [("x", 1, "{}")], NOW)
        assert not attempt.applied
        async with db.write() as uow:
            await uow.inbox.store("other", [("y", 2, "{}")], NOW)
        assert attempt.applied
    finally:
        current_attempt.reset(token)
    assert (await _status(db, entry))[0] is InboxStatus.APPLIED
    assert await _claim(db, 10) is False  # never handled again
    async with db.write() as uow:
        assert [e.id for e in await uow.inbox.unanswered(TG)] == [entry]
        assert await uow.inbox.done(entry, NOW)  # its answer went out
        assert await uow.inbox.unanswered(TG) == []


async def test_an_applied_entry_keeps_its_first_answer_until_it_is_done(
    db: SqliteDatabase,
) -> None:
    [entry, other] = await _store(db, ("10", 10, "{}"), ("11", 11, "{}"))
    assert entry is not None and other is not None
    await _claim(db, 10)
    await _claim(db, 11)
    async with db.write() as uow:
        assert not await uow.inbox.keep_answer(entry, "early")  # not applied: nothing to keep
    with sqlite3.connect(db.path) as conn:  # both handled, their changes committed
        conn.execute("UPDATE inbox SET status = 'applied' WHERE id IN (?, ?)", (entry, other))
    async with db.write() as uow:
        assert await uow.inbox.keep_answer(entry, "first")
        assert not await uow.inbox.keep_answer(entry, "second")  # the first one only
    async with db.read() as uow:
        assert [(e.id, e.answer) for e in await uow.inbox.unanswered(TG)] == [
            (entry, "first"),
            (other, None),
        ]
    async with db.write() as uow:
        assert await uow.inbox.done(entry, NOW)
    async with db.read() as uow:
        found = await uow.inbox.entry(entry)
    assert found is not None and found.answer is None  # not kept once it went out


async def test_a_rolled_back_change_does_not_mark_it_done(db: SqliteDatabase) -> None:
    [entry] = await _store(db, ("10", 10, "{}"))
    assert entry is not None
    await _claim(db, 10)
    attempt = Attempt(entry, 1)
    token = current_attempt.set(attempt)
    try:
        try:
            async with db.write() as uow:
                await uow.inbox.store("other", [("x", 1, "{}")], NOW)
                raise RuntimeError("the handler failed")
        except RuntimeError:
            pass
    finally:
        current_attempt.reset(token)
    assert not attempt.applied
    assert (await _status(db, entry))[0] is InboxStatus.HANDLING


async def test_interrupted_attempts_are_pending_again_and_set_aside_ones_stay(
    db: SqliteDatabase,
) -> None:
    first, second, third = await _store(db, ("1", 1, "{}"), ("2", 2, "{}"), ("3", 3, "{}"))
    assert first is not None and second is not None and third is not None
    await _claim(db, 1)
    await _claim(db, 2)
    async with db.write() as uow:
        assert await uow.inbox.set_aside(second, "KeyError: 'x'", NOW)
        assert await uow.inbox.interrupted(TG) == 1  # the first, found being handled
        unfinished = await uow.inbox.unfinished(TG)
        aside = await uow.inbox.set_aside_entries(TG)
    assert [(e.id, e.status, e.attempts) for e in unfinished] == [
        (first, InboxStatus.PENDING, 1),
        (third, InboxStatus.PENDING, 0),
    ]
    assert [(e.id, e.last_error) for e in aside] == [(second, "KeyError: 'x'")]
    assert await _claim(db, 2) is False  # never tried again


async def test_old_handled_updates_are_forgotten(db: SqliteDatabase) -> None:
    [entry] = await _store(db, ("10", 10, "{}"))
    assert entry is not None
    async with db.write() as uow:
        await uow.inbox.done(entry, NOW)
        assert await uow.inbox.prune(NOW) == 0
        assert await uow.inbox.prune(NOW + timedelta(days=4)) == 1


async def test_a_large_batch_is_stored_in_order_with_each_new_entrys_id(
    db: SqliteDatabase,
) -> None:
    """Several rows to a statement: each update still gets its own entry's id, in the order
    the batch came, and one stored before (or twice in the batch) gets None."""
    await _store(db, ("5", 5, '{"n": 5}'))
    batch = [(str(n), n, f'{{"n": {n}}}') for n in range(1, 251)] + [("7", 7, "{}")]
    ids = await _store(db, *batch)
    assert ids[4] is None and ids[-1] is None  # 5 stored before; 7 twice in this batch
    new = [i for i in ids if i is not None]
    assert len(new) == 249 and new == sorted(new)
    async with db.read() as uow:
        entries = await uow.inbox.unfinished(TG)
    assert [e.update_id for e in entries] == [5, *(n for n in range(1, 251) if n != 5)]
    assert {e.id: e.payload for e in entries}[ids[6]] == '{"n": 7}'
