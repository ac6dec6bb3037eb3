"""Benchmark: a year of meetings for a large organisation, their reminders, start-up, lateness.

Generates 50,000 members in 1,000 cells (all linked to the bot, each cell with a secretary),
then through the services: a monthly cell meeting and a quarterly thematic meeting per cell and
a few organisation-wide study sessions, materialised for a year; plans their reminders the way
the bot's job does (twice: the second run must add nothing, quickly); times the start-up of the
real bot (``butpha run`` in a child process, spawn → answer to /trogiup) against the same
measure on an empty database; then lets several thousand reminders fall due in the same minute
and reads from the outbox how late the running bot sent them (sent_at − the planned due time)
at its configured rate. Last, the heavy case: every reminder of the next 62 days at once.

    .venv/bin/python tests/bench/bench_meetings.py [--members 50000] [--cells 1000]
        [--due 3000] [--rate 25] [--starts 3]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.clock import FixedClock, SystemClock
from bot.domain.meetings import Attendees, MeetingKind, MeetingRequest
from bot.domain.quiet_hours import QuietHours
from bot.sandbox.models import SandboxUser
from bot.sandbox.server import Sandbox
from bot.services.container import Services
from handlers.meetings.attendance_alert import alert_renderer
from handlers.meetings.jobs import plan_meeting_reminders
from handlers.meetings.meeting_reminder import renderer
from storage.database import SqliteDatabase

TOKEN = "123456:BENCH-meetings"
ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
STUDIES = 4  # organisation-wide study sessions in the year
KINDS = ("full", "probationary", "non_party")  # in turn within each cell
ms = 1000.0


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] if len(values) >= 2 else values[0]


def build(path: Path, members: int, cells: int, users: list[SandboxUser]) -> None:
    """Rows straight into SQLite (the import path is benchmarked elsewhere): every member in a
    cell, the first of each cell its secretary, every member linked to a sandbox user."""
    now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
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
        " VALUES (?, ?, ?, ?, 'active', ?, ?)",
        [
            (m + 1, f"Đảng Viên {m + 1}", m % cells + 2, KINDS[m // cells % 3], now, now)
            for m in range(members)
        ],  # in turn: the first of each cell is a full member
    )
    conn.executemany(
        "INSERT INTO roles (member_id, unit_id, role, granted_at) VALUES (?, ?, 'member', ?)",
        [(m + 1, m % cells + 2, now) for m in range(members)],
    )
    # Members 1..cells are the first of their cell (and full members): its secretary.
    conn.executemany(
        "INSERT INTO roles (member_id, unit_id, role, granted_at)"
        " VALUES (?, ?, 'cell_secretary', ?)",
        [(c + 1, c + 2, now) for c in range(min(cells, members))],
    )
    conn.executemany(
        "INSERT INTO accounts (member_id, channel, user_id, chat_id, linked_at)"
        " VALUES (?, 'telegram', ?, ?, ?)",
        [(m + 1, str(u.id), str(u.id), now) for m, u in enumerate(users)],
    )
    conn.execute("COMMIT")
    conn.execute("ANALYZE")
    conn.close()


def first_days(today: datetime) -> list[tuple[int, datetime]]:
    """(day of the month, first date) for monthly rules whose next meeting is 4 to 25 days
    away: nothing is due at once, whatever day the benchmark runs."""
    found = []
    for ahead in range(4, 26):
        moment = today + timedelta(days=ahead)
        if moment.day <= 28:
            found.append((moment.day, moment))
    return found


async def materialise(services: Services, cells: int) -> tuple[float, int]:
    """A year of series through the service; (seconds, occurrences materialised)."""
    today = datetime.now(ZONE).replace(tzinfo=None, hour=0, minute=0, second=0, microsecond=0)
    days = first_days(today)
    started = time.perf_counter()
    count = 0
    for c in range(cells):
        day, first = days[c % len(days)]
        name = f"Chi bộ số {c + 1}"
        monthly = await services.meetings.create(
            None,
            MeetingRequest(
                kind=MeetingKind.CELL_MEETING,
                title=f"Sinh hoạt chi bộ định kỳ — {name}",
                starts=first.replace(hour=14),
                cells=(name,),
                place="Phòng họp",
                agenda="Kiểm điểm công việc tháng; triển khai nhiệm vụ tháng tới.",
                repeat=f"monthly:{day}@14:00",
            ),
        )
        quarterly = await services.meetings.create(
            None,
            MeetingRequest(
                kind=MeetingKind.THEMATIC_MEETING,
                title=f"Sinh hoạt chuyên đề — {name}",
                starts=first.replace(hour=8),
                cells=(name,),
                repeat=f"quarterly:{day}@8:00",
            ),
        )
        count += len(monthly.meeting_ids) + len(quarterly.meeting_ids)
    for n in range(STUDIES):
        created = await services.meetings.create(
            None,
            MeetingRequest(
                kind=MeetingKind.STUDY,
                title=f"Học tập, quán triệt Nghị quyết số {n + 1}",
                starts=today + timedelta(days=20 + 90 * n, hours=8),
                everyone=True,
                attendees=Attendees.ALL if n % 2 else Attendees.PARTY,
                place="Hội trường lớn",
            ),
        )
        count += len(created.meeting_ids)
    count += await services.meetings.materialise(datetime.now(UTC) + timedelta(days=366))
    return time.perf_counter() - started, count


async def timed_plan(services: Services) -> tuple[float, int]:
    started = time.perf_counter()
    added = await plan_meeting_reminders(services)
    return time.perf_counter() - started, added


def bot_env(path: Path, sandbox: Sandbox, rate: float) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BUTPHA_")}
    env.update(
        BUTPHA_DATABASE=str(path),
        BUTPHA_API_BASE_URL=sandbox.base_url,
        BUTPHA_BOT_TOKEN=TOKEN,
        BUTPHA_BOT_USERNAME=sandbox.bot_username,
        BUTPHA_SEND_RATE=str(rate),
    )
    return env


async def spawn(path: Path, sandbox: Sandbox, rate: float) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "run",
        env=bot_env(path, sandbox, rate),
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )


async def stop(bot: asyncio.subprocess.Process) -> None:
    bot.send_signal(signal.SIGTERM)
    _, err = await bot.communicate()
    if bot.returncode != 0:
        print(err.decode()[-2000:])


async def start_up(path: Path, sandbox: Sandbox, asker: SandboxUser, rate: float) -> float:
    """Seconds from spawning ``butpha run`` to its answer to /trogiup (sent at once: it waits
    in the sandbox until the bot polls)."""
    started = time.perf_counter()
    bot = await spawn(path, sandbox, rate)
    try:
        sent = await sandbox.send_text(asker, "/trogiup")
        await sandbox.wait_for_message(asker.id, after=sent["message_id"], timeout=120)
        return time.perf_counter() - started
    finally:
        await stop(bot)


async def empty_database(path: Path) -> None:
    db = await SqliteDatabase.open(path)
    services = Services.build(db, SystemClock(), invite_ttl_days=30, default_language="vi")
    await services.organisation.init("Đảng bộ Trống")
    await db.close()


async def due_together(
    path: Path, cells: int, per_cell: int, due: int
) -> tuple[datetime, list[int], int]:
    """Cell meetings two days after a minute soon, their 2-day reminders all due in that
    minute: planned with no quiet hours, so the minute is the same whatever the hour. (Two days,
    not an hour: the day-before nudges of a meeting an hour away would go out first.)"""
    db = await SqliteDatabase.open(path)
    services = Services.build(
        db,
        SystemClock(),
        invite_ttl_days=30,
        default_language="vi",
        quiet=QuietHours(begins=datetime.min.time(), ends=datetime.min.time()),
    )
    # The first whole minute at least 45 s away: time to start the bot first.
    soon = datetime.now(ZONE).replace(tzinfo=None) + timedelta(seconds=45)
    at = soon.replace(second=0, microsecond=0) + timedelta(minutes=1)
    ids = []
    for c in range(min(cells, -(-due // per_cell))):
        created = await services.meetings.create(
            None,
            MeetingRequest(
                kind=MeetingKind.CELL_MEETING,
                title=f"Họp chi bộ bất thường {c + 1}",
                starts=at + timedelta(days=2),
                cells=(f"Chi bộ số {c + 1}",),
                attendees=Attendees.ALL,
                remind="2d",
            ),
        )
        ids += created.meeting_ids
    added = await services.reminders.plan(renderer(ZONE, "vi"), days=3)
    await db.close()
    return at.replace(tzinfo=ZONE).astimezone(UTC), ids, added


def sent_times(path: Path, meeting_ids: list[int]) -> list[datetime]:
    """When each reminder of those meetings was sent (a row paused by a 429 has its
    not_before moved, so lateness is measured against the planned due time instead)."""
    marks = ",".join("?" * len(meeting_ids))
    with sqlite3.connect(path) as conn:
        rows = conn.execute(
            "SELECT sent_at FROM outbox WHERE purpose = 'reminder' AND status = 'sent'"
            f" AND source_id IN ({marks})",
            meeting_ids,
        ).fetchall()
    return [datetime.fromisoformat(row[0]) for row in rows]


async def lateness(
    path: Path, sandbox: Sandbox, cells: int, per_cell: int, due: int, rate: float
) -> tuple[int, list[float], float]:
    """(reminders due, seconds late each, achieved rate) with the bot running meanwhile."""
    due_at, ids, planned = await due_together(path, cells, per_cell, due)
    bot = await spawn(path, sandbox, rate)
    try:
        deadline = time.time() + (due_at - datetime.now(UTC)).total_seconds()
        deadline += planned / rate * 3 + 60
        sent = sent_times(path, ids)
        while len(sent) < planned:
            if time.time() > deadline:
                print(f"  only {len(sent)} of {planned} reminders were sent in time")
                break
            await asyncio.sleep(1.0)
            sent = sent_times(path, ids)
    finally:
        await stop(bot)
    late = [(s - due_at).total_seconds() for s in sent]
    sent.sort()
    span = (sent[-1] - sent[0]).total_seconds() if len(sent) > 1 else 0.0
    return planned, late, (len(sent) - 1) / span if span > 0 else float("nan")


def meeting_count(path: Path) -> int:
    with sqlite3.connect(path) as conn:
        return int(conn.execute("SELECT count(*) FROM meetings").fetchone()[0])


async def bench(args: argparse.Namespace, folder: Path) -> None:
    path = folder / "big.sqlite3"
    empty = folder / "empty.sqlite3"
    async with Sandbox(enforce_rate_limits=True) as sandbox:
        users = [sandbox.create_user(f"Đảng viên {n + 1}") for n in range(args.members)]
        for user in users:
            sandbox.mark_started(user)
        asker = sandbox.create_user("Hỏi")
        await empty_database(empty)

        db = await SqliteDatabase.open(path)
        started = time.perf_counter()
        build(path, args.members, args.cells, users)
        print(f"meetings benchmark: {args.members:,} members in {args.cells:,} cells, all linked")
        print(f"  database built                          {time.perf_counter() - started:8.2f} s")
        services = Services.build(db, SystemClock(), invite_ttl_days=30, default_language="vi")
        seconds, occurrences = await materialise(services, args.cells)
        meetings = meeting_count(path)
        print(
            f"  materialise a year ({2 * args.cells:,} series + {STUDIES} studies)"
            f"   {seconds:8.2f} s   {occurrences:,} occurrences ({meetings:,} meetings)"
        )
        first, added = await timed_plan(services)
        second, again = await timed_plan(services)
        print(
            f"  the job now (materialise + plan a day ahead) {first * ms:8.1f} ms   {added:,} rows"
        )
        print(
            f"  again                                        {second * ms:8.1f} ms   {again:,} rows"
        )
        # A busy day: 19 days on, the first organisation-wide study is tomorrow morning (its
        # reminders for everyone) and series need materialising further.
        busy = Services.build(
            db,
            FixedClock(datetime.now(UTC) + timedelta(days=19)),
            invite_ttl_days=30,
            default_language="vi",
        )
        first, added = await timed_plan(busy)
        second, again = await timed_plan(busy)
        print(
            f"  the job on a busy day (+19 days)             {first * ms:8.1f} ms   {added:,} rows"
        )
        print(
            f"  again                                        {second * ms:8.1f} ms"
            f"   {again:,} rows (expected 0)"
        )
        await db.close()

        base = [await start_up(empty, sandbox, asker, args.rate) for _ in range(args.starts)]
        big = [await start_up(path, sandbox, asker, args.rate) for _ in range(args.starts)]
        print(
            f"  start-up to first answer, empty database   median {statistics.median(base):6.2f} s"
            f"   (runs: {', '.join(f'{s:.2f}' for s in base)})"
        )
        print(
            f"  start-up to first answer, this database    median {statistics.median(big):6.2f} s"
            f"   (runs: {', '.join(f'{s:.2f}' for s in big)})   target < 3 s,"
            f" {statistics.median(big) / statistics.median(base):.2f}x empty"
        )

        planned, late, achieved = await lateness(
            path, sandbox, args.cells, max(1, args.members // args.cells), args.due, args.rate
        )
        if late:
            print(
                f"  {planned:,} reminders due in the same minute: sent {len(late):,};"
                f" lateness median {statistics.median(late):6.1f} s   p95 {p95(late):6.1f} s"
                f"   (first {min(late):.2f} s, last {max(late):.1f} s)"
            )
            # Baseline: a sender at exactly the configured rate, starting on time, makes the
            # i-th reminder i/rate late; what the bot adds is the ratio above 1.
            ideal = [i / args.rate for i in range(planned)]
            print(
                f"    sender configured at {args.rate:g}/s, achieved {achieved:.1f}/s;"
                f" at exactly that rate: median {statistics.median(ideal):.1f} s,"
                f" p95 {p95(ideal):.1f} s, last {planned / args.rate:.0f} s"
                f" (bot/ideal: median {statistics.median(late) / statistics.median(ideal):.2f}x,"
                f" p95 {p95(late) / p95(ideal):.2f}x)"
            )
        else:
            print(f"  {planned:,} reminders due in the same minute: none sent")

    db = await SqliteDatabase.open(path)
    services = Services.build(db, SystemClock(), invite_ttl_days=30, default_language="vi")
    render = renderer(ZONE, "vi")
    started = time.perf_counter()
    ahead = await services.reminders.plan(render, days=62, horizon=None)
    heavy = time.perf_counter() - started
    started = time.perf_counter()
    ahead_again = await services.reminders.plan(render, days=62, horizon=None)
    heavy_again = time.perf_counter() - started
    await db.close()
    print(
        f"  heavy case: every reminder of 62 days at once   {heavy:8.2f} s   {ahead:,} rows;"
        f" again {heavy_again * ms:.0f} ms, {ahead_again:,} rows"
    )
    await finalising(path)


async def finalising(path: Path) -> None:
    """A week of meetings after they ended — about a third of the cells' monthly meetings and
    the first organisation-wide study — with nine in ten members checked in: the job fills in
    the absent (one write transaction per meeting) and raises the secretaries' alerts."""
    later = datetime.now(UTC) + timedelta(days=26)
    with sqlite3.connect(path) as conn:
        ended = [
            row[0]
            for row in conn.execute(
                "SELECT id FROM meetings WHERE status = 'scheduled' AND ends_at <= ?"
                " AND ends_at > ?",
                (_db_time(later), _db_time(later - timedelta(days=7))),
            )
        ]
        marks = ",".join("?" * len(ended))
        conn.execute(
            "INSERT INTO attendance (meeting_id, member_id, status, at, source)"
            " SELECT mu.meeting_id, m.id, 'attended', ?, 'check_in' FROM meeting_units mu"
            " JOIN members m ON m.cell_id = mu.unit_id OR mu.unit_id = 1"
            f" WHERE mu.meeting_id IN ({marks}) AND m.id % 10 <> 0",
            (_db_time(later), *ended),
        )
        checked_in = conn.execute("SELECT count(*) FROM attendance").fetchone()[0]
    db = await SqliteDatabase.open(path)
    services = Services.build(db, FixedClock(later), invite_ttl_days=30, default_language="vi")
    render = alert_renderer(ZONE, "vi")
    started = time.perf_counter()
    alerts = await services.attendance.finalise_ended(render)
    took = time.perf_counter() - started
    started = time.perf_counter()
    again = await services.attendance.finalise_ended(render)
    took_again = time.perf_counter() - started
    await db.close()
    with sqlite3.connect(path) as conn:
        filled = conn.execute("SELECT count(*) FROM attendance").fetchone()[0] - checked_in
    print(
        f"  finalise {len(ended):,} ended meetings ({checked_in:,} check-ins)   {took:8.2f} s"
        f"   {filled:,} absences recorded, {alerts:,} alerts; again {took_again * ms:.0f} ms,"
        f" {again} alerts"
    )


def _db_time(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=50_000)
    parser.add_argument("--cells", type=int, default=1_000)
    parser.add_argument("--due", type=int, default=3_000, help="reminders due in one minute")
    parser.add_argument("--rate", type=float, default=25.0, help="BUTPHA_SEND_RATE of the bot")
    parser.add_argument("--starts", type=int, default=3, help="start-ups timed per database")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        asyncio.run(bench(args, Path(folder)))


if __name__ == "__main__":
    main()
