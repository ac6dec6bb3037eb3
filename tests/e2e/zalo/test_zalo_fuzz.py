"""Random replies on Zalo from people in every role: the transport and the handlers must never
fail inside, never send what Zalo would refuse, keep the database sound and still answer.

What a Zalo member can send: commands with or without arguments, numbers (in and out of the
choices on offer, long ones), a choice's words (with the diacritics dropped), plain words,
pictures, stickers, voice and messages Zalo did not pass on; and Zalo delivers some updates
twice. The world is the demo's organisation (bot/demo/seed.py) on the Zalo sandbox.

``ZALO_FUZZ_SEED=N`` repeats a run, ``ZALO_FUZZ_COUNT=N`` makes it longer.
"""

from __future__ import annotations

import logging
import os
import random
import re
import sqlite3
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.app import ButphaApplication, running
from bot.clock import TickingClock
from bot.demo.seed import PEOPLE, seed_database
from bot.domain.broadcasts import utf16_len
from bot.domain.text import fold
from bot.sandbox.zalo import ZaloSandbox, ZaloUser
from bot.settings import load_settings
from bot.zalo_application import build_zalo_application
from tests.e2e.fuzz_updates import commands_of
from tests.e2e.test_fuzz import SENDERS, where

ZALO_TOKEN = "1459232241454765289:FUZZ-zalo-token"
COUNT = int(os.environ.get("ZALO_FUZZ_COUNT") or 500)
SEED = int(os.environ.get("ZALO_FUZZ_SEED") or random.SystemRandom().randrange(1, 2**31))
CHOICE_LINE = re.compile(r"^(\d{1,3})\. (.+)$", re.M)
WORDS = ["tiến độ", "ai chưa đăng ký", "bỏ qua", "có", "không", "xong", "75%", "hôm nay", "👍"]


@pytest.fixture
async def zalo_arena(tmp_path: Path) -> AsyncIterator[tuple[ZaloSandbox, ButphaApplication]]:
    rng = random.Random(SEED)
    year = datetime.now(UTC).year
    start = datetime(year, rng.randint(1, 12), rng.randint(1, 28), rng.randint(1, 13), tzinfo=UTC)
    async with ZaloSandbox() as sandbox:
        settings = load_settings(database=tmp_path / "fuzz.sqlite3", language="vi")
        await seed_database(settings, start)
        application = build_zalo_application(
            settings, ZALO_TOKEN, base_url=sandbox.base_url, clock=TickingClock(start)
        )
        async with running(application, poll_timeout=1):
            yield sandbox, application


def reply_for(rng: random.Random, sandbox: ZaloSandbox, user: ZaloUser, commands: list[str]) -> str:
    """What a member might type next, often about the choices the bot last showed."""
    last = sandbox.last_message(user.id)
    choices = CHOICE_LINE.findall(last.content) if last else []
    pick = rng.random()
    if choices and pick < 0.35:
        return str(rng.choice(choices)[0])
    if choices and pick < 0.45:
        return fold(str(rng.choice(choices)[1]))
    if pick < 0.55:
        return str(rng.choice([0, 99, 100, 101, 12345678, rng.randint(1, 30)]))
    if pick < 0.85:
        command = f"/{rng.choice(commands)}"
        return command if rng.random() < 0.7 else f"{command} {rng.choice(WORDS)}"
    return rng.choice(WORDS)


async def test_random_replies_on_zalo_break_nothing(
    zalo_arena: tuple[ZaloSandbox, ButphaApplication],
    caplog: pytest.LogCaptureFixture,
    tmp_path: Path,
) -> None:
    caplog.set_level(logging.WARNING)
    sandbox, application = zalo_arena
    services = application.bot_data.services
    assert services is not None
    rng = random.Random(SEED)
    reproduce = f"\n\nreproduce: ZALO_FUZZ_SEED={SEED} ZALO_FUZZ_COUNT={COUNT}"
    people = []
    for code in SENDERS:
        name = next(p[1] for p in PEOPLE if p[0] == code)
        user = sandbox.create_user(name)
        [issued] = await services.invites.issue_for_command_line(member_code=code)
        await sandbox.send_text(user, issued.code)
        people.append(user)
    people.append(sandbox.create_user("Người Lạ"))
    commands = commands_of(application)

    for _ in range(COUNT):
        user = rng.choice(people)
        kind = rng.random()
        if kind < 0.02:
            await sandbox.send_image(user)
        elif kind < 0.04:
            await sandbox.send_sticker(user)
        elif kind < 0.05:
            await sandbox.send_voice(user)
        elif kind < 0.07:
            await sandbox.send_unsupported(user)
        else:
            if kind < 0.12:
                sandbox.replay_next()
            await sandbox.send_text(user, reply_for(rng, sandbox, user, commands))
        await sandbox.wait_until_idle(quiet=0.02, timeout=30)

    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert not errors, "\n".join(sorted({where(r) for r in errors})) + reproduce
    for user in people:
        for message in sandbox.messages(user.id):
            assert 0 < utf16_len(message.content) <= 2000, message.describe() + reproduce
            assert "<b>" not in message.content and "t.me/" not in message.content, (
                message.describe() + reproduce
            )
    refused = [c for c in sandbox.calls_of("sendMessage") if c.status != 200]
    assert not refused, [(c.status, c.description) for c in refused[:5]]
    with sqlite3.connect(tmp_path / "fuzz.sqlite3") as connection:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []

    # And the bot still answers.
    await application.update_queue.join()
    member = people[0]
    await sandbox.send_text(member, "/huy")
    await sandbox.wait_until_idle(quiet=0.1)
    update = await sandbox.send_text(member, "/trogiup")
    answer = await sandbox.wait_for_message(
        member.id, lambda m: "/trogiup" in m.content, after=update, timeout=10
    )
    assert "/tiendo" in answer.content
