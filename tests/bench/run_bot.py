"""The bot as ``butpha run`` assembles it for Telegram, optionally without the rate limiter
(``BENCH_RATE_LIMIT=0``): the benchmarks' way to measure the bot's own cost. ``BENCH_CONCURRENT=1``
handles updates 16 at a time (a what-if for ``bench_fairness.py --concurrent``).

    BUTPHA_... .venv/bin/python -m tests.bench.run_bot
"""

from __future__ import annotations

import asyncio
import os
import signal

from telegram.ext import SimpleUpdateProcessor

from bot.app import Core, build_application, running
from bot.clock import SystemClock
from bot.log_redaction import configure_logging
from bot.process_tuning import tune_for_serving
from bot.settings import load_settings


async def serve() -> None:
    settings = load_settings()
    assert settings.bot_token is not None
    core = Core(settings, SystemClock(), settings.database)
    application = build_application(
        settings,
        settings.bot_token.get_secret_value(),
        core=core,
        rate_limit=os.environ.get("BENCH_RATE_LIMIT", "0") != "0",
    )
    if os.environ.get("BENCH_CONCURRENT", "0") != "0":
        # What-if only: updates handled concurrently without per-chat order (the bot's own
        # concurrent processing, with per-chat order, is another branch's work).
        application._update_processor = SimpleUpdateProcessor(16)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    async with running(application):
        await stop.wait()


def main() -> None:
    settings = load_settings()
    configure_logging(settings.secrets)
    tune_for_serving()  # as butpha run does
    asyncio.run(serve())


if __name__ == "__main__":
    main()
