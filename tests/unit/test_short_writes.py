"""Background jobs hold the single writer briefly (issue 15): rows in small chunks, each checked
again in its own transaction; the write-ahead log checkpointed beside the writer, not in its
commits; planners taking turns and giving the event loop back; the heavy file libraries loaded
only when a file is built. Real SQLite files, a clock that moves only when told."""

from __future__ import annotations

import asyncio
import json
import sqlite3
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bot.clock import FixedClock
from bot.domain.meetings import Attendees, MeetingKind
from bot.domain.model import Channel, Identity, Member
from bot.domain.outbox import OutgoingMessage
from bot.inbox.chat_order import ChatOrderedProcessor
from bot.inbox.telegram_polling import StoringUpdatesRequest
from bot.services import loop_share
from bot.services.container import Services
from bot.services.loop_share import FOREGROUND, MOST_YIELDED, LoopShare
from bot.services.meetings import meeting_notices
from bot.services.meetings import reminders as meeting_reminders
from bot.services.meetings.meetings import MeetingRequest
from handlers.meetings.meeting_reminder import renderer
from scheduler.jobs import on_services
from storage.database import SqliteDatabase
from storage.repositories.outbox import SqliteOutbox
from tests.conftest import loaded_in_fresh_process

ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
RENDER = renderer(ZONE, "vi")
ROOT = Path(__file__).resolve().parents[2]


async def _link(services: Services, code: str, user: int) -> Identity:
    [issued] = await services.invites.issue_for_command_line(member_code=code)
    outcome = await services.membership.join(Channel.TELEGRAM, str(user), str(user), issued.code)
    assert outcome.identity is not None
    return outcome.identity


@pytest.fixture
async def linked(organisation: Services) -> dict[str, Identity]:
    codes = {"A1": 100, "A2": 101, "A3": 102, "B1": 103}
    return {code: await _link(organisation, code, user) for code, user in codes.items()}


@pytest.fixture
def enqueued(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many rows each call to the outbox's enqueue carried."""
    sizes: list[int] = []
    original = SqliteOutbox.enqueue

    async def spy(self: SqliteOutbox, messages: Sequence[OutgoingMessage], at: datetime) -> int:
        sizes.append(len(messages))
        return await original(self, messages, at)

    monkeypatch.setattr(SqliteOutbox, "enqueue", spy)
    return sizes


async def _study_for_everyone(services: Services, remind: str) -> int:
    created = await services.meetings.create(
        None,
        MeetingRequest(
            kind=MeetingKind.STUDY,
            title="Học tập chuyên đề",
            starts=datetime(2026, 3, 10, 14, 0),
            cells=(),
            everyone=True,
            attendees=Attendees.ALL,
            remind=remind,
            place="Hội trường",
            agenda="Chuyên đề năm",
        ),
    )
    return created.meeting_ids[0]


def _reminded(tmp_path: Path) -> list[str]:
    with sqlite3.connect(tmp_path / "butpha.sqlite3") as conn:
        return sorted(
            row[0] for row in conn.execute("SELECT chat_id FROM outbox WHERE purpose = 'reminder'")
        )


async def test_meeting_reminders_are_written_a_chunk_at_a_time(
    organisation: Services,
    linked: dict[str, Identity],
    tmp_path: Path,
    enqueued: list[int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(meeting_reminders, "CHUNK", 2)
    await _study_for_everyone(organisation, "1d,2h")
    assert await organisation.reminders.plan(RENDER) == 8  # four members, two reminders each
    assert sorted(enqueued) == [2, 2, 2, 2]  # never the whole meeting in one transaction
    assert _reminded(tmp_path) == ["100", "100", "101", "101", "102", "102", "103", "103"]


async def test_a_member_who_answers_while_reminders_are_planned_is_not_reminded(
    organisation: Services,
    linked: dict[str, Identity],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The answers are read before rendering; a member who answers after that but before their
    chunk is written gets nothing: each chunk is checked again in its own transaction."""
    monkeypatch.setattr(meeting_reminders, "CHUNK", 1)
    meeting = await _study_for_everyone(organisation, "1d")
    late = linked["B1"].member.id

    def render(member: Member, *rest: Any) -> tuple[str, str | None]:
        if member.id == late:  # the earlier chunks are written; B1 answers now
            with sqlite3.connect(tmp_path / "butpha.sqlite3") as conn:
                conn.execute(
                    "INSERT INTO rsvps (meeting_id, member_id, answer, answered_at)"
                    " VALUES (?, ?, 'attending', '2026-03-02T08:00:00.000000Z')",
                    (meeting, late),
                )
        return RENDER(member, *rest)

    assert await organisation.reminders.plan(render) == 3
    assert _reminded(tmp_path) == ["100", "101", "102"]


async def test_answered_reads_only_the_members_asked_about(
    organisation: Services, linked: dict[str, Identity], tmp_path: Path
) -> None:
    meeting = await _study_for_everyone(organisation, "1d")
    a1, a2 = linked["A1"], linked["A2"]
    await organisation.reminders.answer(a1, meeting, True)
    await organisation.reminders.answer(a2, meeting, True)
    async with organisation.reminders._db.read() as uow:
        found = await uow.rsvps.answered([meeting], [a1.member.id, linked["B1"].member.id])
        nobody = await uow.rsvps.answered([meeting], [])
    assert found == {(meeting, a1.member.id)}
    assert nobody == set()


async def test_day_before_nudges_are_written_in_chunks_checked_again(
    organisation: Services,
    linked: dict[str, Identity],
    tmp_path: Path,
    enqueued: list[int],
    monkeypatch: pytest.MonkeyPatch,
    clock: FixedClock,
) -> None:
    monkeypatch.setattr(meeting_notices, "CHUNK", 1)
    await _study_for_everyone(organisation, "2h")  # no reminder near a day before: nudged
    clock.advance(days=7, hours=1)  # 9 March 09:00 UTC, two hours past one day before
    assert await organisation.meeting_notices.nudge(RENDER) == 4
    assert enqueued == [1, 1, 1, 1]
    assert await organisation.meeting_notices.nudge(RENDER) == 0  # once


async def test_the_writer_never_checkpoints_in_a_commit_the_checkpointer_does(
    tmp_path: Path,
) -> None:
    db = await SqliteDatabase.open(tmp_path / "wal.sqlite3")
    try:
        assert await db.pragma("wal_autocheckpoint") == 0
        for n in range(5):
            async with db.write() as uow:
                await uow.audit.record("test", at=datetime.now(UTC), detail={"n": n})
        for _ in range(100):
            if db.checkpoints.done:
                break
            await asyncio.sleep(0.02)
        assert db.checkpoints.done >= 1
    finally:
        await db.close()
    with sqlite3.connect(tmp_path / "wal.sqlite3") as conn:  # all there after the close
        assert (
            conn.execute("SELECT count(*) FROM audit_log WHERE event = 'test'").fetchone()[0] == 5
        )


async def test_planners_take_turns() -> None:
    running: list[str] = []
    overlapped = False

    def work(name: str) -> Any:
        async def run(_: object) -> None:
            nonlocal overlapped
            overlapped = overlapped or bool(running)
            running.append(name)
            await asyncio.sleep(0.02)
            running.remove(name)

        return run

    # The shape of python-telegram-bot's job context.
    context: Any = SimpleNamespace(application=SimpleNamespace(bot_data=SimpleNamespace()))
    context.application.bot_data.services = None
    await asyncio.gather(*(on_services(work(n))(context) for n in ("a", "b", "c")))
    assert not overlapped


async def test_loop_share_gives_the_loop_back_once_its_slice_has_gone() -> None:
    share = LoopShare(slice_seconds=0.01)
    others = 0

    async def other() -> None:
        nonlocal others
        while True:
            others += 1
            await asyncio.sleep(0)

    task = asyncio.create_task(other())
    await asyncio.sleep(0)
    seen = others
    for _ in range(1000):  # well within one slice: no pause
        await share()
    assert others == seen
    deadline = datetime.now(UTC) + timedelta(seconds=0.03)
    while datetime.now(UTC) < deadline:  # CPU work past the slice
        await share()
    task.cancel()
    assert others > seen


async def test_background_work_gives_way_while_an_update_is_handled() -> None:
    """A slice gone, the work waits while a member's update is being handled (counted by the
    update processor), and goes on as soon as it is answered — or after MOST_YIELDED."""
    share = LoopShare(slice_seconds=0.0)
    processor = ChatOrderedProcessor(4)
    answered = asyncio.Event()
    steps: list[str] = []

    async def handling() -> None:
        await answered.wait()
        steps.append("answered")

    async def background() -> None:
        await share()
        steps.append("background")

    update = SimpleNamespace(effective_chat=SimpleNamespace(id=7))
    handled = asyncio.create_task(processor.do_process_update(update, handling()))
    await asyncio.sleep(0)
    assert FOREGROUND.busy == 1
    work = asyncio.create_task(background())
    await asyncio.sleep(0.02)
    assert steps == []  # the background work waits for the member
    answered.set()
    await asyncio.gather(handled, work)
    assert steps == ["answered", "background"] and FOREGROUND.busy == 0

    # An update that takes long does not stop background work for good.
    FOREGROUND.enter()
    try:
        started = asyncio.get_running_loop().time()
        await share()
        assert asyncio.get_running_loop().time() - started >= MOST_YIELDED * 0.9
    finally:
        FOREGROUND.leave()


def test_the_bot_starts_without_the_file_libraries() -> None:
    """Matplotlib, python-docx and openpyxl (about 65 MB) load when a file is built."""
    file_libraries = {"matplotlib", "docx", "openpyxl", "numpy"}
    assert loaded_in_fresh_process("bot.app, bot.cli.main", file_libraries) == []


async def test_background_work_gives_way_from_the_moment_updates_arrive(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Received and being stored in the inbox, before the processor has them: the work waits
    for them too, goes on once they are handled, and not longer than MOST_YIELDED."""
    share = LoopShare(slice_seconds=0.0)
    steps: list[str] = []

    async def background() -> None:
        await share()
        steps.append("background")

    stored: list[list[dict[str, object]]] = []

    async def store(updates: list[dict[str, object]]) -> None:
        stored.append(updates)

    # A long most-yielded, so that "goes on once handled" is not timing on a loaded machine.
    monkeypatch.setattr(loop_share, "MOST_YIELDED", 30.0)
    polling = StoringUpdatesRequest(store)
    await polling._keep(json.dumps({"ok": True, "result": [{"update_id": 1}]}).encode())
    assert stored == [[{"update_id": 1}]] and FOREGROUND.waiting
    work = asyncio.create_task(background())
    await asyncio.sleep(0.05)
    assert steps == []  # the member's update is on its way
    FOREGROUND.enter()  # the processor has it
    FOREGROUND.leave()  # answered
    await asyncio.wait_for(work, timeout=10)
    assert steps == ["background"] and not FOREGROUND.waiting
    monkeypatch.undo()

    # Updates announced but never handed over hold nothing back for good.
    FOREGROUND.arriving()
    started = asyncio.get_running_loop().time()
    await share()
    assert asyncio.get_running_loop().time() - started >= MOST_YIELDED * 0.9
    assert not FOREGROUND.waiting
