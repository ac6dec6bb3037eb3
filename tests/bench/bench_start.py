"""Benchmark: the /start round trip through the local sandbox (real HTTP, real Application).

Measures, for members joining one after another, the time from the user's message to the bot's
answer; prints the median and p95 next to two baselines measured in the same run: a stranger's
/start (read-only: identify and answer) and a bare HTTP getMe round trip to the sandbox.

    .venv/bin/python tests/bench/bench_start.py [--members 200]
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import statistics
import tempfile
import time
from pathlib import Path

import httpx

from bot.app import build_application, running
from bot.sandbox.server import Sandbox
from bot.settings import load_settings

TOKEN = "123456:BENCH"
# The answers, by their content (Vietnamese, the default language).
WELCOME = "Chào mừng"
STRANGER = "Bot này phục vụ"


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1]


async def round_trip(sandbox: Sandbox, user_id: int, text: str, answer: str) -> float:
    """Until the bot's answer, recognised by its content (``answer`` in its text)."""
    started = time.perf_counter()
    sent = await sandbox.send_text(user_id, text)
    await sandbox.wait_for_message(
        user_id, lambda m: answer in (m.text or ""), after=sent["message_id"], timeout=30
    )
    return time.perf_counter() - started


async def bench(members: int, folder: Path, *, rate_limit: bool) -> None:
    sheet = folder / "members.csv"
    with sheet.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Mã", "Họ và tên", "Chi bộ", "Loại"])
        writer.writerows(
            [f"B{n}", f"Thành Viên {n}", "Chi bộ Thử", "Quần chúng"] for n in range(members)
        )
    async with Sandbox() as sandbox:
        settings = load_settings(
            api_base_url=sandbox.base_url,
            database=folder / "b.sqlite3",
            bot_username=sandbox.bot_username,
        )
        application = build_application(settings, TOKEN, set_menus=False, rate_limit=rate_limit)
        async with running(application, poll_timeout=10):
            services = application.bot_data.services
            assert services is not None
            await services.organisation.init("Đảng bộ Thử")
            await services.member_import.import_file(sheet)
            issued = await services.invites.issue_for_command_line(all_unlinked=True)
            # The start-up jobs make no call: a longer quiet, so timing starts after them.
            await sandbox.wait_until_idle(quiet=1.0, timeout=60)

            joins, strangers, pings = [], [], []
            async with httpx.AsyncClient() as client:
                for n, invite in enumerate(issued):
                    member = sandbox.create_user(f"M{n}")
                    joins.append(
                        await round_trip(sandbox, member.id, f"/start {invite.code}", WELCOME)
                    )
                    stranger = sandbox.create_user(f"S{n}")
                    strangers.append(await round_trip(sandbox, stranger.id, "/start", STRANGER))
                    started = time.perf_counter()
                    response = await client.post(f"{sandbox.base_url}{TOKEN}/getMe")
                    pings.append(time.perf_counter() - started)
                    assert response.status_code == 200
    ms = 1000.0
    limiter = "with" if rate_limit else "without"
    print(
        f"/start round trip through the sandbox, {members} members one after another, "
        f"{limiter} the 30 messages/s rate limiter (ms)"
    )
    print(
        f"  /start CODE (join: write + answer)   median {statistics.median(joins) * ms:7.2f}"
        f"   p95 {p95(joins) * ms:7.2f}"
    )
    print(
        f"  baseline: stranger /start (read)     median {statistics.median(strangers) * ms:7.2f}"
        f"   p95 {p95(strangers) * ms:7.2f}"
    )
    print(
        f"  baseline: HTTP getMe to the sandbox  median {statistics.median(pings) * ms:7.2f}"
        f"   p95 {p95(pings) * ms:7.2f}"
    )
    print(
        f"  join / stranger = {statistics.median(joins) / statistics.median(strangers):.2f}x,"
        f" join / getMe = {statistics.median(joins) / statistics.median(pings):.1f}x"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=200)
    args = parser.parse_args()
    # As deployed (the limiter keeps the bot under Telegram's ~30 messages/s, so one answer per
    # ~33 ms at most), then without it, to show the bot's own share of the latency.
    for rate_limit in (True, False):
        with tempfile.TemporaryDirectory() as folder:
            asyncio.run(bench(args.members, Path(folder), rate_limit=rate_limit))


if __name__ == "__main__":
    main()
