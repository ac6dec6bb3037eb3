"""A bare python-telegram-bot echo bot, the baseline of ``bench_throughput.py``: the same
library, the same polling and (``BENCH_RATE_LIMIT=1``) the same rate limiter as butpha, and no
work of its own. ``BENCH_ECHO_AIOHTTP=1``: on butpha's HTTP client (bot/api_request.py).

    BENCH_BASE_URL=... BENCH_TOKEN=... .venv/bin/python -m tests.bench.echo_bot
"""

from __future__ import annotations

import os
from pathlib import Path

from telegram import Update
from telegram.constants import ParseMode
from telegram.ext import AIORateLimiter, Application, ContextTypes, MessageHandler, filters

ANSWER = os.environ.get("BENCH_ECHO_HTML")
HTML = Path(ANSWER).read_text() if ANSWER else None


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.message is not None and update.message.text is not None
    if HTML is None:
        await update.message.reply_text(update.message.text)
    else:
        await update.message.reply_text(HTML, parse_mode=ParseMode.HTML)


def main() -> None:
    limited = os.environ.get("BENCH_RATE_LIMIT", "0") != "0"
    builder = Application.builder()
    if os.environ.get("BENCH_ECHO_AIOHTTP"):  # butpha's client instead of the default httpx
        from bot.api_request import AiohttpRequest

        builder = builder.request(AiohttpRequest()).get_updates_request(AiohttpRequest(1))
    application = (
        builder.token(os.environ["BENCH_TOKEN"])
        .base_url(os.environ["BENCH_BASE_URL"])
        .rate_limiter(AIORateLimiter(overall_max_rate=30 if limited else 0, max_retries=2))
        .build()
    )
    application.add_handler(MessageHandler(filters.TEXT, echo))
    application.run_polling(poll_interval=0.0, timeout=10)


if __name__ == "__main__":
    main()
