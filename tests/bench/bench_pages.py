"""Benchmark: the committee's long answers a page at a time (issue 15).

Generates the organisation of ``bench_progress.py`` (50,000 members in 1,000 cells, 250,000
tasks) and a notice to everyone (three members in five linked: most got it, some blocked the
bot, failed or are still pending; two in five not linked), and times, in one process against the same database, each answer's first, middle and
last page two ways: as before — everything read and rendered, then cut into pages to show one
(the notice's list was sent whole, every page a message) — and as now — the page alone read
from the database and rendered: the committee's /tiendo overview, "ai chưa đăng ký" for every
cell, and who has not got the notice. Prints the median time per
page of each and the ratio.

    .venv/bin/python tests/bench/bench_pages.py [--members 50000] [--cells 1000] [--runs 15]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path

from bot.clock import SystemClock
from bot.domain.model import Identity
from bot.i18n import Translator, translator
from bot.services.container import Services
from handlers.broadcasts import broadcast_missing_render
from handlers.broadcasts.broadcast_report import MISSED_PER_PAGE
from handlers.kit.pages import clamp, paginate
from handlers.tasks import overview_pages, overview_render, unregistered_pages
from handlers.tasks import progress_render as render
from storage.database import SqliteDatabase
from tests.bench.bench_progress import create_schema, generate

Page = Callable[[int], Awaitable[tuple[str, int]]]  # a page's text and how many pages there are


def whole_pages(blocks: list[str], page: int) -> tuple[str, int]:
    pages = paginate(blocks)
    return pages[clamp(page, len(pages))], len(pages)


def overview(services: Services, committee: Identity, t: Translator) -> tuple[Page, Page]:
    reports = services.reports

    async def before(page: int) -> tuple[str, int]:
        summary = await reports.organisation(committee)
        return whole_pages(overview_render.organisation_blocks(summary, reports.today(), t), page)

    async def after(page: int) -> tuple[str, int]:
        today = reports.today()
        shown = await reports.organisation_page(
            committee, lambda outline: overview_pages.choose(outline, page, today, t)
        )
        return overview_pages.page_text(shown, today, t), shown.chosen.pages

    return before, after


def unregistered(services: Services, committee: Identity, t: Translator) -> tuple[Page, Page]:
    reports = services.reports

    async def before(page: int) -> tuple[str, int]:
        report = await reports.unregistered_by_cell(committee)
        return whole_pages(render.unregistered_by_cell_blocks(report, t), page)

    async def after(page: int) -> tuple[str, int]:
        shown = await reports.unregistered_page(
            committee, lambda outline: unregistered_pages.choose(outline, page, t)
        )
        return unregistered_pages.page_text(shown, t), shown.picked.pages

    return before, after


def generate_broadcast(path: Path, members: int) -> int:
    """A notice to everyone, author member 2: three members in five have an outbox row (most
    sent; some blocked, failed or still pending), the others were not linked."""
    rng = random.Random(15)
    now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN")
    conn.execute(
        "INSERT INTO broadcasts (id, author_member_id, audience, text, scheduled_at, status,"
        " created_at) VALUES (1, 2, '{\"cells\": null, \"kind\": null}', 'Nộp đảng phí.', ?,"
        " 'sent', ?)",
        (now, now),
    )
    outcomes = ["sent"] * 85 + ["blocked"] * 4 + ["failed"] * 3 + ["pending"] * 8
    linked = [m for m in range(1, members + 1) if m % 5 < 3]
    conn.executemany(
        "INSERT INTO outbox (idempotency_key, purpose, source_id, member_id, chat_id, chat_kind,"
        " text, not_before, status, last_error, created_at)"
        " VALUES (?, 'broadcast', 1, ?, ?, 'private', 'Nộp đảng phí.', ?, ?, ?, ?)",
        [
            (f"broadcast:1:{m}", m, str(10_000_000 + m), now, status, error, now)
            for m in linked
            for status in [rng.choice(outcomes)]
            for error in ["Forbidden: bot was blocked" if status == "failed" else None]
        ],
    )
    conn.executemany(
        "INSERT INTO broadcast_not_linked (broadcast_id, member_id) VALUES (1, ?)",
        [(m,) for m in range(1, members + 1) if m % 5 >= 3],
    )
    conn.execute("COMMIT")
    conn.execute("ANALYZE")
    conn.close()
    return 1


def not_received(
    services: Services, committee: Identity, t: Translator, broadcast_id: int
) -> tuple[Page, Page]:
    broadcasts = services.broadcasts

    async def before(page: int) -> tuple[str, int]:
        missed = await broadcasts.missing(committee, broadcast_id)
        return whole_pages(broadcast_missing_render.missing_blocks(broadcast_id, missed, t), page)

    async def after(page: int) -> tuple[str, int]:
        shown = await broadcasts.missing_page(committee, broadcast_id, page, MISSED_PER_PAGE)
        return broadcast_missing_render.missing_page(shown, t), shown.pages

    return before, after


async def timed(page: Page, number: int, runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        started = time.perf_counter()
        await page(number)
        out.append(time.perf_counter() - started)
    return out


async def compare(name: str, before: Page, after: Page, runs: int) -> None:
    _, pages = await after(0)
    _, pages_before = await before(0)
    print(f"{name}: {pages} pages now ({pages_before} before)")
    for label, number in (("first", 0), ("middle", pages // 2), ("last", pages - 1)):
        old = statistics.median(await timed(before, min(number, pages_before - 1), runs))
        new = statistics.median(await timed(after, number, runs))
        print(
            f"  {label:6s} page {number + 1:4d}   before {old * 1000:8.1f} ms"
            f"   now {new * 1000:7.1f} ms   before/now {old / new:6.1f}x"
        )


async def bench(args: argparse.Namespace, folder: Path) -> None:
    path = folder / "big.sqlite3"
    year = datetime.now(UTC).year
    await create_schema(path)
    started = time.perf_counter()
    generate(path, args.members, args.cells, args.tasks, year, {"secretary": 1, "committee": 2})
    broadcast_id = generate_broadcast(path, args.members)
    print(
        f"generated {args.members:,} members, {args.cells:,} cells, {args.tasks:,} tasks "
        f"in {time.perf_counter() - started:.1f} s; medians of {args.runs} runs"
    )
    db = await SqliteDatabase.open(path)
    try:
        services = Services.build(db, SystemClock(), invite_ttl_days=30, default_language="vi")
        committee = await services.membership.identity_of(2)
        assert committee is not None
        t = translator("vi", "vi")
        await compare(
            "/tiendo, the committee's overview", *overview(services, committee, t), args.runs
        )
        await compare(
            '"ai chưa đăng ký", every cell', *unregistered(services, committee, t), args.runs
        )
        await compare(
            "a notice to everyone: who has not got it",
            *not_received(services, committee, t, broadcast_id),
            args.runs,
        )
    finally:
        await db.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=50_000)
    parser.add_argument("--cells", type=int, default=1_000)
    parser.add_argument("--tasks", type=int, default=250_000)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        asyncio.run(bench(args, Path(folder)))


if __name__ == "__main__":
    main()
