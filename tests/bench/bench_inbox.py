"""Benchmark: the inbox (issue 15).

1. Crash: 246 members send a one-line registration at once to a real ``butpha run`` (a
   subprocess against the sandbox); it is killed with SIGKILL once some have been answered (at a
   different point each run) and started again. Per run: registrations lost and duplicated,
   members unanswered, answered twice, given their real answer, and told "recorded before the
   restart" (their registration was stored and no answer of it was kept).
2. Overhead: updates per second with the inbox and without it (``BUTPHA_INBOX=false``, which
   exists for this measurement only), in the same run, alternated: 1,000 ``/trogiup`` (a read)
   and 1,000 one-line registrations (a write) from 200 members, the limiter off, the answers
   recognised by their content.

    .venv/bin/python tests/bench/bench_inbox.py [--runs 5] [--rounds 2]

``--rounds 0`` measures the crash only. Columns of the crash: ``twice``, members answered more
than once (the answer twice, or the answer and the note); ``real-answer``, members who got
their registration's own answer; ``told-recorded``, those told "recorded before the restart";
``both``, those who got the answer and the note.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from pathlib import Path

from bot.app import build_application, running
from bot.sandbox.server import Sandbox
from bot.settings import load_settings
from tests.e2e.registration_burst import (
    ANSWER,
    TOKEN,
    burst_killed_and_restarted,
    prepare,
    title,
    until,
)

MEMBERS = 200
EACH = 5


async def throughput(folder: Path, name: str, *, inbox: bool, write: bool) -> float:
    """Updates per second: 1,000 sent at once, until the last is answered."""
    path = folder / f"{name}.sqlite3"
    async with Sandbox() as sandbox:
        users = [sandbox.create_user(f"T{n}") for n in range(MEMBERS)]
        for user in users:
            sandbox.mark_started(user)
        await prepare(path, [u.id for u in users])
        settings = load_settings(
            api_base_url=sandbox.base_url,
            database=path,
            bot_username=sandbox.bot_username,
            inbox=inbox,
        )
        application = build_application(settings, TOKEN, set_menus=False, rate_limit=False)
        expected = ANSWER if write else "/ngonngu"
        async with running(application, poll_timeout=1):
            await sandbox.wait_until_idle(quiet=1.0, timeout=30)  # the start-up jobs

            def answered() -> int:
                return sum(
                    expected in (m.text or "") for u in users for m in sandbox.messages(u.id)
                )

            started = time.perf_counter()
            for round_ in range(EACH):
                for n, user in enumerate(users):
                    text = (
                        f"/dangky {title(n * EACH + round_)} | 01 sản phẩm | 31/12"
                        if write
                        else "/trogiup"
                    )
                    await sandbox.send_text(user, text)
            total = MEMBERS * EACH
            await until(lambda: answered() >= total, 120)
            elapsed = time.perf_counter() - started
            done = answered()
        assert done == total, f"{done} of {total} answered"
        return total / elapsed


async def main(runs: int, rounds: int) -> None:
    with tempfile.TemporaryDirectory() as folder_name:
        folder = Path(folder_name)
        print(f"Crash: 246 one-line registrations, SIGKILL mid-burst, restart; {runs} runs")
        print(
            "run  answered-before-kill  lost  duplicated  unanswered  twice"
            "  real-answer  told-recorded  both  s"
        )
        for run in range(runs):
            outcome = await burst_killed_and_restarted(folder, run, kill_after=30 + 40 * run)
            print(
                f"{run + 1:>3}  {outcome.answered_before_kill:>20}  {outcome.lost:>4}"
                f"  {outcome.duplicated:>10}  {outcome.unanswered:>10}"
                f"  {outcome.answered_twice:>5}  {outcome.told_answer:>11}"
                f"  {outcome.told_recorded:>13}  {outcome.told_both:>4}"
                f"  {outcome.seconds_after_restart:.1f}"
            )
        if rounds < 1:
            return
        print()
        print(f"Overhead: {MEMBERS * EACH} updates at once, limiter off; {rounds} rounds each")
        for write in (False, True):
            figures: dict[bool, list[float]] = {True: [], False: []}
            for round_ in range(rounds):
                for inbox in (False, True):
                    name = f"{'w' if write else 'r'}-{round_}-{int(inbox)}"
                    figures[inbox].append(await throughput(folder, name, inbox=inbox, write=write))
            off, on = statistics.median(figures[False]), statistics.median(figures[True])
            kind = "one-line registrations" if write else "/trogiup"
            print(
                f"{kind:>24}: without the inbox {off:6.1f} updates/s, with it {on:6.1f}"
                f" ({on / off:.2f}×)"
            )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=2)
    arguments = parser.parse_args()
    asyncio.run(main(arguments.runs, arguments.rounds))
