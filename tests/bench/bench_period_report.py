"""Benchmark: the year's period report (/baocao nam) on a large organisation.

Generates 50,000 members in 1,000 cells with a year of monthly cell meetings and their
attendance, study sessions, tasks, notices and a dozen targets (entered and computed); runs the real bot (``butpha run`` in a child
process) against the local sandbox; has the committee ask for the year's report and times the
chat summary, the .xlsx and the .docx (with its charts) arriving; meanwhile a member sends
/trogiup again and again, and those round trips (median, p95) are set against a baseline
measured in the same run with the bot idle. Reports the bot process's peak memory.

    .venv/bin/python tests/bench/bench_period_report.py [--members 50000] [--cells 1000]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import resource
import signal
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from bot.sandbox.models import SentMessage
from bot.sandbox.server import Sandbox
from storage.database import SqliteDatabase
from tests.bench.bot_process import peak_memory_mb

TOKEN = "123456:BENCH-period-report"
STATUSES = ["submitted", "in_progress", "in_progress", "done", "exceeded", "withdrawn"]


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] if len(values) > 1 else max(values)


def _at(day: date, hour: int = 1) -> str:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC).strftime(
        "%Y-%m-%dT%H:%M:%S.%fZ"
    )


def _kind(member: int, cells: int) -> str:
    """Every cell has each kind: full members, probationary ones and non-party staff."""
    return ("full", "full", "probationary", "non_party")[(member // cells) % 4]


def generate(
    path: Path, members: int, cells: int, today: date, users: dict[str, int]
) -> dict[str, int]:
    """Rows straight into SQLite (the import path is benchmarked elsewhere)."""
    rng = random.Random(2020)
    year = today.year
    now = _at(date(year, 1, 1), 0)
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
            (m + 1, f"Đảng Viên {m + 1}", m % cells + 2, _kind(m, cells), now, now)
            for m in range(members)
        ],
    )
    conn.execute("INSERT INTO roles VALUES (1, 1, 'committee', ?)", (now,))
    for member_id, user_id in ((1, users["committee"]), (5, users["member"])):
        conn.execute(
            "INSERT INTO accounts (member_id, channel, user_id, chat_id, linked_at)"
            " VALUES (?, 'telegram', ?, ?, ?)",
            (member_id, str(user_id), str(user_id), now),
        )
    conn.execute(
        "INSERT INTO years (year, theme, opens, closes, max_tasks, approval_required,"
        " is_current, updated_at) VALUES (?, 'Bứt phá về đích', ?, ?, 5, 1, 1, ?)",
        (year, f"{year}-01-01", f"{year}-12-31", now),
    )
    conn.executemany(
        "INSERT INTO areas (id, year, name, position) VALUES (?, ?, ?, ?)",
        [(a + 1, year, f"Lĩnh vực {a + 1}", a) for a in range(3)],
    )
    # Two tasks for three members in four.
    conn.executemany(
        "INSERT INTO tasks (year, owner_member_id, title, product, deadline, area_id, status,"
        " progress, created_at, updated_at) VALUES (?, ?, 'Việc', 'Sản phẩm', ?, ?, ?, 50, ?, ?)",
        [
            (
                year,
                m + 1,
                (date(year, 1, 1) + timedelta(days=rng.randrange(365))).isoformat(),
                rng.randrange(3) + 1,
                rng.choice(STATUSES),
                now,
                now,
            )
            for m in range(members)
            if m % 4 != 3
            for _ in range(2)
        ],
    )
    by_cell: dict[int, list[tuple[int, str]]] = {}
    for m in range(members):
        by_cell.setdefault(m % cells + 2, []).append((m + 1, _kind(m, cells)))
    meeting_id = 0
    meetings = attendance = 0
    month = date(year, 1, 1)
    while month < today.replace(day=1):
        for cell, people in by_cell.items():
            if rng.random() < 0.03:
                continue  # a cell now and then misses a month
            meeting_id += 1
            day = month.replace(day=10)
            conn.execute(
                "INSERT INTO meetings (id, kind, title, starts_at, ends_at, attendees,"
                " remind_offsets, created_at, updated_at)"
                " VALUES (?, 'cell_meeting', 'Sinh hoạt chi bộ', ?, ?, 'party', '[]', ?, ?)",
                (meeting_id, _at(day, 1), _at(day, 3), now, now),
            )
            conn.execute("INSERT INTO meeting_units VALUES (?, ?)", (meeting_id, cell))
            rows = [
                (meeting_id, member, "attended" if rng.random() < 0.9 else "excused", now)
                for member, kind in people
                if kind != "non_party"
            ]
            conn.executemany("INSERT INTO attendance VALUES (?, ?, ?, NULL, ?, 'secretary')", rows)
            meetings += 1
            attendance += len(rows)
        month = (month + timedelta(days=32)).replace(day=1)
    for day in (date(year, 2, 20), date(year, 5, 20)):
        if day >= today:
            continue
        meeting_id += 1
        conn.execute(
            "INSERT INTO meetings (id, kind, title, starts_at, ends_at, attendees,"
            " remind_offsets, created_at, updated_at)"
            " VALUES (?, 'study', 'Học tập nghị quyết', ?, ?, 'all', '[]', ?, ?)",
            (meeting_id, _at(day, 1), _at(day, 3), now, now),
        )
        conn.execute("INSERT INTO meeting_units VALUES (?, 1)", (meeting_id,))
        conn.executemany(
            "INSERT INTO attendance VALUES (?, ?, 'attended', NULL, ?, 'secretary')",
            [(meeting_id, m + 1, now) for m in range(members) if m % 50 != 7],
        )
    for number, day in enumerate((date(year, 1, 15), date(year, 3, 15))):
        if day >= today:
            continue
        conn.execute(
            "INSERT INTO broadcasts (id, audience, text, scheduled_at, status, created_at)"
            " VALUES (?, '{\"cells\": null, \"kind\": null}', 'Thông báo', ?, 'sent', ?)",
            (number + 1, _at(day), _at(day)),
        )
        conn.executemany(
            "INSERT INTO outbox (idempotency_key, purpose, source_id, member_id, chat_id,"
            " chat_kind, text, not_before, status, created_at)"
            " VALUES (?, 'broadcast', ?, ?, ?, 'private', 'x', ?, ?, ?)",
            [
                (
                    f"b:{number + 1}:{m + 1}",
                    number + 1,
                    m + 1,
                    str(m + 1),
                    _at(day),
                    "sent" if m % 40 else "failed",
                    _at(day),
                )
                for m in range(members)
            ],
        )
    targets = _seed_targets(conn, year, today, now)
    conn.execute("COMMIT")
    conn.execute("ANALYZE")
    conn.close()
    return {"meetings": meetings, "attendance": attendance, "targets": targets}


# A dozen targets as the committee sets them (issue 13): counts entered with monthly values,
# shares the bot computes (study, tasks done — of the organisation and of three cells —,
# meetings at the bar, the rating), and one with a number of decimals of its own.
TARGETS = [
    # (section, title, unit, planned, comparator, source, owner cell or None, decimals)
    ("training", "Lớp đào tạo", "lớp", "22", "at_least", "entered", None, None),
    ("training", "Học viên các lớp đào tạo", "học viên", "1627", "at_least", "entered", None, None),
    ("training", "Lớp bồi dưỡng", "lớp", "27", "at_least", "entered", None, None),
    ("party_building", "Kết nạp đảng viên mới", "đảng viên", "40", "at_least", "entered", None,
     None),
    ("party_building", "Đảng viên bị kỷ luật", "đảng viên", "0", "zero", "entered", None, None),
    ("politics", "Đảng viên học tập", "%", "100", "at_least", "study_party", None, None),
    ("politics", "Quần chúng học tập", "%", "97", "more_than", "study_non_party", None, 1),
    ("party_building", "Công việc bứt phá hoàn thành", "%", "90", "at_least", "tasks_done", None,
     None),
    ("party_building", "Sinh hoạt đạt yêu cầu", "%", "90", "at_least", "meetings_at_bar", None,
     None),
    ("party_building", "Xếp loại tốt trở lên", "%", "90", "more_than", "rating_good_or_better",
     None, None),
    ("party_building", "Việc hoàn thành, Chi bộ số 1", "%", "90", "at_least", "tasks_done", 2,
     None),
    ("party_building", "Việc hoàn thành, Chi bộ số 2", "%", "90", "at_least", "tasks_done", 3,
     None),
]  # fmt: skip


def _seed_targets(conn: sqlite3.Connection, year: int, today: date, now: str) -> int:
    for number, (section, title, unit, planned, comparator, source, cell, decimals) in enumerate(
        TARGETS, start=1
    ):
        conn.execute(
            "INSERT INTO targets (id, year, section, title, unit, planned, comparator, source,"
            " accrues, cadence, owner_unit_id, created_at, decimals)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'monthly', ?, ?, ?)",
            (
                number, year, section, title, unit, planned, comparator, source,
                int(source == "entered" and unit != "%"), cell, now, decimals,
            ),
        )  # fmt: skip
        if source != "entered" or comparator == "zero":
            continue
        month = date(year, 1, 1)
        reached = 0
        while month < today.replace(day=1):  # a value a month, the running total
            reached += max(1, int(planned) // 12)
            conn.execute(
                "INSERT INTO target_updates (target_id, at, value, note)"
                " VALUES (?, ?, ?, 'Số liệu đến hết tháng')",
                (number, _at(month.replace(day=25)), str(reached)),
            )
            month = (month + timedelta(days=32)).replace(day=1)
    return len(TARGETS)


async def help_round_trip(sandbox: Sandbox, user_id: int) -> float:
    started = time.perf_counter()
    sent = await sandbox.send_text(user_id, "/trogiup")
    await sandbox.wait_for_message(user_id, after=sent["message_id"], timeout=60)
    return time.perf_counter() - started


async def help_round_trips(sandbox: Sandbox, user_id: int, until: asyncio.Event) -> list[float]:
    """/trogiup again and again until ``until`` is set."""
    out = []
    while not until.is_set():
        out.append(await help_round_trip(sandbox, user_id))
        # About four a second, within a private chat's share of the bot's allowance (5 a
        # second, bot/inbox/answering.py): what is timed is the bot, not the member's share.
        await asyncio.sleep(0.25)
    return out


async def wait_for(
    sandbox: Sandbox, chat: int, after: int, check: object, timeout: float = 600
) -> SentMessage:
    return await sandbox.wait_for_message(chat, check, after=after, timeout=timeout)  # type: ignore[arg-type]


async def bench(args: argparse.Namespace, folder: Path) -> None:
    path = folder / "big.sqlite3"
    today = datetime.now(UTC).date()
    async with Sandbox() as sandbox:
        committee = sandbox.create_user("Đảng ủy")
        member = sandbox.create_user("Đảng viên")
        db = await SqliteDatabase.open(path)
        await db.close()
        started = time.perf_counter()
        sizes = generate(
            path, args.members, args.cells, today, {"committee": committee.id, "member": member.id}
        )
        print(
            f"generated {args.members:,} members in {args.cells:,} cells, "
            f"{sizes['meetings']:,} cell meetings with {sizes['attendance']:,} attendance rows, "
            f"{sizes['targets']} targets, "
            f"in {time.perf_counter() - started:.1f} s"
        )
        env = {k: v for k, v in os.environ.items() if not k.startswith("BUTPHA_")}
        env.update(
            BUTPHA_DATABASE=str(path),
            BUTPHA_API_BASE_URL=sandbox.base_url,
            BUTPHA_BOT_TOKEN=TOKEN,
            BUTPHA_BOT_USERNAME=sandbox.bot_username,
        )
        bot = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "run", env=env,
            stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE,
        )  # fmt: skip
        try:
            for _ in range(3):  # warm up
                await help_round_trip(sandbox, member.id)
            idle = asyncio.Event()
            baseline_task = asyncio.create_task(help_round_trips(sandbox, member.id, idle))
            await asyncio.sleep(args.baseline)
            idle.set()
            baseline = await baseline_task

            done = asyncio.Event()
            during_task = asyncio.create_task(help_round_trips(sandbox, member.id, done))
            started = time.perf_counter()
            asked = await sandbox.send_text(committee.id, "/baocao nam")
            after = asked["message_id"]
            summary = await wait_for(
                sandbox, committee.id, after, lambda m: (m.text or "").startswith("Báo cáo")
            )
            to_summary = time.perf_counter() - started
            workbook = await wait_for(
                sandbox, committee.id, after,
                lambda m: bool(m.document) and m.document["file_name"].endswith(".xlsx"),
            )  # fmt: skip
            to_workbook = time.perf_counter() - started
            document = await wait_for(
                sandbox, committee.id, after,
                lambda m: bool(m.document) and m.document["file_name"].endswith(".docx"),
            )  # fmt: skip
            to_document = time.perf_counter() - started
            done.set()
            during = await during_task
            charts = [m for m in sandbox.messages(committee.id) if m.photo]
            bot_peak_mb = peak_memory_mb(bot.pid)  # the bot's own, before it stops
        finally:
            bot.send_signal(signal.SIGTERM)
            _, err = await bot.communicate()
        if bot.returncode != 0:
            print(err.decode()[-2000:])
    # The largest of the bot and its worker process (where the files are built).
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    ms = 1000.0
    sizes_kb = [(f.document or {}).get("file_size", 0) // 1024 for f in (workbook, document)]
    print("/baocao nam through the sandbox (real HTTP, bot in its own process)")
    print(f"  to the chat summary        {to_summary:7.2f} s")
    print(f"  to the .xlsx               {to_workbook:7.2f} s   ({sizes_kb[0]:,} KB)")
    print(
        f"  to the .docx with charts   {to_document:7.2f} s   ({sizes_kb[1]:,} KB, {len(charts)} charts sent)"
    )
    print(
        f"  /trogiup, idle (baseline)  median {statistics.median(baseline) * ms:7.1f} ms"
        f"   p95 {p95(baseline) * ms:7.1f} ms   ({len(baseline)} round trips)"
    )
    print(
        f"  /trogiup, while building   median {statistics.median(during) * ms:7.1f} ms"
        f"   p95 {p95(during) * ms:7.1f} ms   ({len(during)} round trips)"
    )
    print(f"  bot peak memory (VmHWM)      {bot_peak_mb:7.1f} MB")
    print(f"  largest process (ru_maxrss)  {peak_mb:7.1f} MB   (the bot or its file worker)")
    print("  summary: " + " | ".join((summary.text or "").splitlines()[:6])[:300])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=50_000)
    parser.add_argument("--cells", type=int, default=1_000)
    parser.add_argument("--baseline", type=float, default=5.0, help="seconds of idle /trogiup")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        asyncio.run(bench(args, Path(folder)))


if __name__ == "__main__":
    main()
