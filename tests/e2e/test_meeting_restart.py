"""Meeting reminders across restarts of a real ``butpha run`` on the real clock.

A reminder that falls due while the bot is stopped goes out once at the next start if its
meeting has not begun, and is skipped if it has; starting again sends nothing twice.

Reminder offsets are whole minutes, so a reminder whose time *and* meeting start both pass
during a stop would need a stop of over a minute. To keep this file short, that reminder (and
the one that two offsets share) is planned by the bot's own planning step run in this process
with a clock set a few minutes (hours) back — what a run that long ago would have stored — and
the real process then starts after both moments.
"""

from __future__ import annotations

import asyncio
import csv
import os
import signal
import sqlite3
import sys
import time as monotonic
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.clock import Clock, FixedClock, SystemClock
from bot.domain.meetings import MeetingKind, MeetingRequest
from bot.sandbox.models import SentMessage
from bot.sandbox.server import Sandbox
from bot.services.container import Services
from handlers.meetings.jobs import plan_meeting_reminders
from storage.database import SqliteDatabase
from tests.conftest import MEMBERS, write_csv

TOKEN = "987654:restart-token"
ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
DUE_IN = 15.0  # seconds from creating meeting A to its reminder: covers one start and stop
LINKED = ("A1", "A2", "A3", "B1")
A, B, C, D, E = "Họp A", "Họp B", "Họp C", "Họp D", "Họp E"

Process = asyncio.subprocess.Process


def _env(tmp_path: Path, sandbox: Sandbox) -> dict[str, str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("BUTPHA_")}
    environment.update(
        BUTPHA_DATABASE=str(tmp_path / "live.sqlite3"),
        BUTPHA_API_BASE_URL=sandbox.base_url,
        BUTPHA_BOT_TOKEN=TOKEN,
        BUTPHA_BOT_USERNAME=sandbox.bot_username,
    )
    return environment


async def _butpha(env: dict[str, str], cwd: Path, *args: str) -> str:
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", *args, env=env, cwd=cwd,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    out, err = await process.communicate()
    assert process.returncode == 0, err.decode()
    return out.decode()


async def _start(env: dict[str, str], cwd: Path) -> Process:
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "run", env=env, cwd=cwd,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip


async def _stop(bot: Process) -> None:
    bot.send_signal(signal.SIGTERM)
    stdout, stderr = await asyncio.wait_for(bot.communicate(), timeout=30)
    logs = stdout.decode() + stderr.decode()
    assert bot.returncode == 0, logs
    assert "Traceback" not in logs, logs


async def _until(condition: Callable[[], bool], what: str, timeout: float = 20.0) -> None:
    deadline = monotonic.monotonic() + timeout
    while not condition():
        assert monotonic.monotonic() < deadline, f"timed out waiting for {what}"
        await asyncio.sleep(0.05)


def _rows(database: Path, sql: str, *params: object) -> list[tuple[object, ...]]:
    with sqlite3.connect(database) as conn:
        return list(conn.execute(sql, params))


def _reminders(database: Path, title: str) -> list[tuple[object, ...]]:
    """(member code, status, last error) of each reminder row of the meeting called ``title``."""
    return _rows(
        database,
        "SELECT m.member_code, o.status, o.last_error FROM outbox o"
        " JOIN members m ON m.id = o.member_id JOIN meetings g ON g.id = o.source_id"
        " WHERE o.purpose = 'reminder' AND g.title = ? ORDER BY m.member_code, o.id",
        title,
    )


def _local(seconds: float) -> datetime:
    """The organisation's wall-clock time ``seconds`` from now, as the committee types it."""
    return (datetime.now(ZONE) + timedelta(seconds=seconds)).replace(tzinfo=None)


Work = Callable[[Services, SqliteDatabase], Awaitable[None]]


async def _with_services(database: Path, clock: Clock, work: Work) -> None:
    """The services over the bot's database file, in this process, while the bot is stopped."""
    db = await SqliteDatabase.open(database)
    try:
        await work(Services.build(db, clock, invite_ttl_days=30, default_language="vi"), db)
    finally:
        await db.close()


def _meeting(title: str, cell: str, starts: datetime, remind: str) -> MeetingRequest:
    return MeetingRequest(
        kind=MeetingKind.CELL_MEETING, title=title, starts=starts, cells=(cell,), remind=remind
    )


async def test_reminders_across_restarts_of_a_real_bot(tmp_path: Path) -> None:
    database = tmp_path / "live.sqlite3"
    async with Sandbox() as sandbox:
        env = _env(tmp_path, sandbox)
        await _butpha(env, tmp_path, "init", "--org", "Đảng bộ Thử")
        await _butpha(env, tmp_path, "import-members", str(write_csv(tmp_path / "m.csv", MEMBERS)))
        await _butpha(env, tmp_path, "invite", "--all-unlinked", "--out", "inv.csv")
        with (tmp_path / "inv.csv").open(encoding="utf-8-sig") as handle:
            codes = {row["member_code"]: row["code"] for row in csv.DictReader(handle)}

        # Run 1: four members link their accounts (nobody else is reachable).
        users = {code: sandbox.create_user(code) for code in LINKED}
        bot = await _start(env, tmp_path)
        try:

            async def link(code: str) -> None:
                sent = await sandbox.send_text(users[code], f"/start {codes[code]}")
                await sandbox.wait_for_message(users[code].id, after=sent["message_id"], timeout=30)

            await asyncio.gather(*(link(code) for code in LINKED))
        finally:
            await _stop(bot)
        assert _rows(database, "SELECT count(*) FROM accounts") == [(4,)]

        def seen(code: str, *words: str) -> list[SentMessage]:
            return [
                m
                for m in sandbox.messages(users[code].id)
                if all(w in (m.text or "") for w in words)
            ]

        # Reminders at any time of day: nobody here keeps quiet hours (begin = end: never).
        async def setup(services: Services, db: SqliteDatabase) -> None:
            now = datetime.now(UTC)
            async with db.write() as uow:
                for member in await uow.members.all():
                    await uow.preferences.set_quiet(member.id, time(0, 0), time(0, 0), now)
            # A: reminded 2 h before, which is DUE_IN seconds from now; party members of
            # Phòng Đào tạo (A1, A2) — not A3, who is not a party member, nor B1.
            await services.meetings.create(
                None, _meeting(A, "Phòng Đào tạo", _local(2 * 3600 + DUE_IN), "2h")
            )
            # C: its only reminder is already due when the bot starts.
            await services.meetings.create(None, _meeting(C, "Liên khoa", _local(3600), "2h"))

        a_due_earliest = monotonic.monotonic() + DUE_IN
        await _with_services(database, SystemClock(), setup)
        a_due_latest = monotonic.monotonic() + DUE_IN

        # Run 2, before A's reminder is due: it is planned, not sent; C's goes out at once.
        bot = await _start(env, tmp_path)
        try:
            await _until(lambda: len(_reminders(database, A)) == 2, "A's reminders planned")
            await _until(lambda: len(seen("B1", "🔔", C)) == 1, "C's reminder")
        finally:
            await _stop(bot)
        assert monotonic.monotonic() < a_due_earliest, "too slow: A fell due during run 2"
        assert _reminders(database, A) == [("A1", "pending", None), ("A2", "pending", None)]
        assert not any(seen(code, A) for code in LINKED), [
            (m.text, _rows(database, "SELECT purpose, idempotency_key FROM outbox"))
            for code in LINKED
            for m in seen(code, A)
        ]

        # While the bot is down: meeting B's reminder (planned by a run two minutes ago) falls
        # due and B begins; meeting D's two reminders (planned three hours ago) both fall due.
        async def planned_earlier(
            minutes_ago: float, title: str, starts: float, remind: str
        ) -> None:
            async def plan(services: Services, _: SqliteDatabase) -> None:
                request = _meeting(title, "Liên khoa", _local(starts), remind)
                await services.meetings.create(None, request)
                await plan_meeting_reminders(services)

            past = FixedClock(datetime.now(UTC) - timedelta(minutes=minutes_ago))
            await _with_services(database, past, plan)

        await planned_earlier(2, B, 2.0, "1m")
        await planned_earlier(180, D, 3600, "3h,2h")
        assert [s for _, s, _ in _reminders(database, B)] == ["pending"]
        assert [s for _, s, _ in _reminders(database, D)] == ["pending", "pending"]
        await asyncio.sleep(max(a_due_latest - monotonic.monotonic(), 0) + 1.0)

        # Run 3, after A's time: A's reminder goes out once to each member in scope; B's is
        # skipped (B has begun); of D's two overdue reminders only one is sent.
        bot = await _start(env, tmp_path)
        try:
            await _until(
                lambda: all(len(seen(code, "🔔", A)) == 1 for code in ("A1", "A2")),
                "A's reminders",
            )
            await _until(lambda: len(seen("B1", "🔔", D)) >= 1, "D's reminder")
            await _until(
                lambda: (
                    not _rows(
                        database, "SELECT 1 FROM outbox WHERE status IN ('pending', 'sending')"
                    )
                ),
                "the outbox to empty",
            )
        finally:
            await _stop(bot)
        assert _reminders(database, A) == [("A1", "sent", None), ("A2", "sent", None)]
        assert _reminders(database, B) == [("B1", "skipped", "its moment passed")]
        assert [s for _, s, _ in _reminders(database, D)] == ["skipped", "sent"]

        # Run 4, straight after: nothing again. E, new and due at once, shows that the start-up
        # planning has run (it plans every meeting in one go) and the sender has sent what it
        # was given. Then A is cancelled while the bot runs: the two reminded are told, once.
        async def add_e(services: Services, _: SqliteDatabase) -> None:
            await services.meetings.create(None, _meeting(E, "Phòng Đào tạo", _local(3600), "2h"))

        await _with_services(database, SystemClock(), add_e)
        bot = await _start(env, tmp_path)
        try:
            await _until(
                lambda: all(len(seen(code, "🔔", E)) == 1 for code in ("A1", "A2")),
                "E's reminders",
            )
            meeting_a = _rows(database, "SELECT id FROM meetings WHERE title = ?", A)[0][0]
            printed = await _butpha(env, tmp_path, "meetings", "cancel", str(meeting_a))
            assert "Cả 2 đồng chí liên quan đã được nhắc lịch và sẽ được báo hủy." in printed
            await _until(
                lambda: all(len(seen(code, "🚫", A)) == 1 for code in ("A1", "A2")),
                "the cancellation notices",
            )
        finally:
            await _stop(bot)

    for code in ("A1", "A2"):
        assert len(seen(code, "🔔", A)) == 1
    assert not seen("A3", A) and not seen("B1", A)
    assert len(seen("B1", "🔔", C)) == 1
    assert not seen("B1", B)
    assert len(seen("B1", "🔔", D)) == 1
    assert _rows(
        database, "SELECT count(*) FROM outbox WHERE status = 'sent' AND purpose = 'reminder'"
    ) == [(6,)]
