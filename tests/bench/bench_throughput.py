"""Benchmark: how many updates a second butpha answers, against a bare python-telegram-bot echo
bot on the same sandbox with the same settings, measured in the same run.

Each bot runs in a process of its own (butpha as ``butpha run`` assembles it; the echo bot is
``tests/bench/echo_bot.py``), with Telegram's 30 messages/s rate limiter and without it. Once the
bot is idle, ``--users`` members each send ``/trogiup`` ``--each`` times at once; the time runs
from the first message sent to the last answer, every answer recognised by its content (butpha's
help; the echo). Also printed: the bot's CPU time per update. The ratio butpha / echo without
the limiter is the bot's own cost (target ≥ 0.7×). A third bot, the echo bot answering every
message with butpha's help as butpha sends it (captured in the same run), tells what the
answer itself costs (a long HTML text with some forty commands in it) from what the bot does.
A fourth, the echo bot on butpha's own HTTP client (bot/api_request.py, aiohttp), tells what
butpha's handling costs beside the client it chose rather than the library's default (httpx).

    .venv/bin/python tests/bench/bench_throughput.py [--users 30] [--each 20] [--rounds 3]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from bot.sandbox.models import SandboxUser, SentMessage
from bot.sandbox.server import Sandbox
from tests.bench.bench_fairness import link
from tests.bench.bench_progress import create_schema, generate
from tests.bench.bot_process import BotProcess, containing, cpu_seconds, start_bot

TOKEN = "123456:BENCH-throughput"
# butpha's answer to /trogiup, as sent, for the echo bot that answers with it.
HELP = "help.html"
KINDS = ("butpha", "echo", "echo-help", "echo-aiohttp")


@dataclass(frozen=True)
class Result:
    rate: float  # answers per second
    cpu_ms: float  # the bot's CPU per update


async def start_echo(
    sandbox: Sandbox,
    log: Path,
    *,
    rate_limit: bool,
    answer: Path | None = None,
    aiohttp: bool = False,
) -> BotProcess:
    handle = log.open("wb")
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "tests.bench.echo_bot",
        env={
            "PATH": "/usr/bin:/bin",
            "PYTHONPATH": str(Path(__file__).resolve().parents[2]),
            "BENCH_BASE_URL": sandbox.base_url,
            "BENCH_TOKEN": TOKEN,
            "BENCH_RATE_LIMIT": "1" if rate_limit else "0",
            **({"BENCH_ECHO_HTML": str(answer)} if answer is not None else {}),
            **({"BENCH_ECHO_AIOHTTP": "1"} if aiohttp else {}),
        },
        stdout=handle,
        stderr=handle,
    )
    handle.close()
    return BotProcess(process, log)


async def burst(
    sandbox: Sandbox,
    bot: BotProcess,
    users: list[SandboxUser],
    each: int,
    answer: Callable[[SentMessage], bool],
) -> Result:
    """Every user sends /trogiup ``each`` times at once; until every answer is in."""
    first = {u.id: len(sandbox.messages(u.id)) for u in users}
    expected = len(users) * each
    cpu = cpu_seconds(bot.pid)
    started = time.perf_counter()
    for _ in range(each):
        for user in users:
            await sandbox.send_text(user, "/trogiup")
    deadline = started + 600
    while True:
        answered = sum(
            sum(1 for m in sandbox.messages(u.id)[first[u.id] :] if answer(m)) for u in users
        )
        if answered >= expected:
            break
        if time.perf_counter() > deadline:
            raise TimeoutError(f"{answered} of {expected} answered")
        await asyncio.sleep(0.01)
    elapsed = time.perf_counter() - started
    return Result(expected / elapsed, (cpu_seconds(bot.pid) - cpu) * 1000 / expected)


async def run(kind: str, args: argparse.Namespace, folder: Path, *, rate_limit: bool) -> Result:
    async with Sandbox() as sandbox:
        users = [sandbox.create_user(f"U{n}") for n in range(args.users)]
        log = folder / f"{kind}-{rate_limit}.log"
        if kind == "butpha":
            path = folder / f"t-{rate_limit}-{time.monotonic_ns()}.sqlite3"
            await create_schema(path)
            # A small organisation: what is timed is the per-update path, not the data.
            generate(path, 1_000, 20, 0, datetime.now(UTC).year, {"secretary": 1, "committee": 2})
            for n, user in enumerate(users):
                link(path, 3 + n, user)
            bot = await start_bot(sandbox, path, TOKEN, log, rate_limit=rate_limit)
            answer = containing("/congkhai")
        elif kind in ("echo", "echo-aiohttp"):
            aiohttp = kind == "echo-aiohttp"
            bot = await start_echo(sandbox, log, rate_limit=rate_limit, aiohttp=aiohttp)
            answer = containing("/trogiup")
        else:  # the echo bot answering with butpha's help, captured from butpha's run
            bot = await start_echo(sandbox, log, rate_limit=rate_limit, answer=folder / HELP)
            answer = containing("/congkhai")
        try:
            # The first answer, then idle: start-up done.
            probe = await sandbox.send_text(users[0], "/trogiup")
            await sandbox.wait_for_message(
                users[0].id, answer, after=probe["message_id"], timeout=120
            )
            await bot.wait_until_idle()
            await burst(sandbox, bot, users[:5], 2, answer)  # warm
            await bot.wait_until_idle()
            if kind == "butpha":
                help_html = sandbox.messages(users[0].id)[-1].html
                assert help_html is not None
                (folder / HELP).write_text(help_html)
            return await burst(sandbox, bot, users, args.each, answer)
        finally:
            await bot.stop()


async def bench(args: argparse.Namespace, folder: Path) -> None:
    print(
        f"updates answered per second, {args.users} members x {args.each} /trogiup at once,"
        f" median of {args.rounds} rounds (the bots alternating, same sandbox settings)"
    )
    for rate_limit in (False, True):
        results: dict[str, list[Result]] = {kind: [] for kind in KINDS}
        for _ in range(args.rounds):
            for kind in KINDS:
                results[kind].append(await run(kind, args, folder, rate_limit=rate_limit))
        rates = {k: statistics.median(r.rate for r in v) for k, v in results.items()}
        cpu = {k: statistics.median(r.cpu_ms for r in v) for k, v in results.items()}
        limiter = "with the 30/s limiter" if rate_limit else "without the limiter"
        print(
            f"  {limiter:24} butpha {rates['butpha']:6.1f}/s ({cpu['butpha']:.1f} ms CPU/update)"
            f"   echo {rates['echo']:6.1f}/s ({cpu['echo']:.1f} ms CPU/update)"
            f"   butpha/echo {rates['butpha'] / rates['echo']:.2f}x"
            + ("   target >= 0.7x" if not rate_limit else "")
        )
        print(
            f"  {'':24} echo answering with butpha's help {rates['echo-help']:6.1f}/s"
            f" ({cpu['echo-help']:.1f} ms CPU/update)"
            f"   butpha/that {rates['butpha'] / rates['echo-help']:.2f}x"
            f"   echo's answer alone: {rates['echo-help'] / rates['echo']:.2f}x"
        )
        print(
            f"  {'':24} echo on butpha's HTTP client (aiohttp) {rates['echo-aiohttp']:6.1f}/s"
            f" ({cpu['echo-aiohttp']:.1f} ms CPU/update)"
            f"   butpha/that {rates['butpha'] / rates['echo-aiohttp']:.2f}x"
        )
        print(
            "    rounds: "
            + "; ".join(
                f"{kind} " + ", ".join(f"{r.rate:.0f}" for r in results[kind]) for kind in KINDS
            )
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=30)
    parser.add_argument("--each", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        asyncio.run(bench(args, Path(folder)))


if __name__ == "__main__":
    main()
