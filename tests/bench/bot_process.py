"""Driving a real bot process against the sandbox, honestly: the benchmarks' shared part.

- the bot runs in a process of its own, as ``butpha run`` does (or, without the rate limiter,
  the same assembly through :mod:`tests.bench.run_bot`), its log in a file;
- timing starts only once the bot is idle: its process has used next to no CPU for a while
  (the start-up jobs — reminder planning, materialising meetings — are done), not merely once
  the sandbox saw no call;
- an answer is recognised by its content, never as "any message from the bot" (a reminder
  the sender delivers meanwhile is not an answer);
- the process's peak memory (VmHWM) and the longest write transaction it logged are read back.
"""

from __future__ import annotations

import asyncio
import os
import re
import signal
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bot.sandbox.models import SandboxUser, SentMessage
from bot.sandbox.server import Sandbox

TICKS = os.sysconf("SC_CLK_TCK")


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] if len(values) > 1 else values[0]


def cpu_seconds(pid: int) -> float:
    """User and system CPU time the process has used."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def peak_memory_mb(pid: int) -> float:
    """The process's peak resident memory so far (VmHWM)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


@dataclass
class BotProcess:
    process: asyncio.subprocess.Process
    log: Path

    @property
    def pid(self) -> int:
        return self.process.pid

    async def wait_until_idle(
        self, *, share: float = 0.03, window: float = 1.0, timeout: float = 600.0
    ) -> float:
        """Until the bot used under ``share`` of a core over ``window`` seconds; returns how
        long that took."""
        started = time.perf_counter()
        deadline = started + timeout
        while time.perf_counter() < deadline:
            before = cpu_seconds(self.pid)
            await asyncio.sleep(window)
            if cpu_seconds(self.pid) - before < share * window:
                return time.perf_counter() - started - window
        raise TimeoutError("the bot never became idle")

    async def stop(self) -> str:
        """SIGTERM, wait, and the log's text."""
        if self.process.returncode is None:
            self.process.send_signal(signal.SIGTERM)
            await self.process.wait()
        return self.log.read_text(errors="replace")


def bot_environment(sandbox: Sandbox, database: Path, token: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BUTPHA_")}
    env.update(
        BUTPHA_DATABASE=str(database),
        BUTPHA_API_BASE_URL=sandbox.base_url,
        BUTPHA_BOT_TOKEN=token,
        BUTPHA_BOT_USERNAME=sandbox.bot_username,
    )
    return env


async def start_bot(
    sandbox: Sandbox,
    database: Path,
    token: str,
    log: Path,
    *,
    rate_limit: bool = True,
    concurrent: bool = False,
    profile: Path | None = None,
) -> BotProcess:
    """``butpha run`` (with the limiter, as deployed), or the same bot without it, or (a
    what-if) with updates handled concurrently. ``profile``: run it under cProfile, the
    statistics written there when it stops."""
    plain = rate_limit and not concurrent
    command = ["-m", "bot", "run"] if plain else ["-m", "tests.bench.run_bot"]
    if profile is not None:
        command = ["-m", "cProfile", "-o", str(profile), *command]
    env = bot_environment(sandbox, database, token)
    env.update(BENCH_RATE_LIMIT=str(int(rate_limit)), BENCH_CONCURRENT=str(int(concurrent)))
    handle = log.open("wb")
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        *command,
        env=env,
        stdout=handle,
        stderr=handle,
    )
    handle.close()
    return BotProcess(process, log)


_WRITES = re.compile(
    r"Write transactions: (\d+), longest ([\d.]+) ms \((.*?)\); slowest by place: (.*)"
)


def longest_writes(log: str) -> tuple[int, float, str, str] | None:
    """(count, longest ms, where, slowest by place) from the bot's closing log line."""
    found = _WRITES.search(log)
    if found is None:
        return None
    return int(found[1]), float(found[2]), found[3], found[4]


async def ask(
    sandbox: Sandbox,
    user: SandboxUser,
    text: str,
    answer: Callable[[SentMessage], bool],
    *,
    timeout: float = 120.0,
) -> float:
    """Seconds from sending ``text`` to the bot's message in that chat that ``answer``
    recognises (edits count)."""
    started = time.perf_counter()
    sent = await sandbox.send_text(user, text)
    await sandbox.wait_for_message(user.id, answer, after=sent["message_id"], timeout=timeout)
    return time.perf_counter() - started


def containing(*words: str) -> Callable[[SentMessage], bool]:
    return lambda message: all(word in (message.text or "") for word in words)
