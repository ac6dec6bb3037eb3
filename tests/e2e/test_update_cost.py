"""What one member's question costs the database: counted round trips to aiosqlite's worker
thread while the bot handles that update, and nothing else (the sender and jobs run beside it)."""

from __future__ import annotations

import contextvars
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import aiosqlite
import pytest
from telegram import Update

from tests.e2e.conftest import World

# Set while the application handles an update: round trips made then are that update's.
_handling: contextvars.ContextVar[list[str] | None] = contextvars.ContextVar(
    "handling", default=None
)


@contextmanager
def counting_round_trips(world: World, monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Every call that crosses to an aiosqlite connection's thread while an update is being
    handled, by the function called (a counting wrapper around the connection)."""
    calls: list[str] = []
    execute = aiosqlite.Connection._execute

    async def counted(self: aiosqlite.Connection, fn: Any, *args: Any, **kwargs: Any) -> Any:
        seen = _handling.get()
        if seen is not None:
            seen.append(getattr(fn, "__name__", repr(fn)) + (f" {args[0]}" if args else ""))
        return await execute(self, fn, *args, **kwargs)

    process = world.app.process_update

    async def process_counted(update: object) -> None:
        token = _handling.set(calls if isinstance(update, Update) else None)
        try:
            await process(update)
        finally:
            _handling.reset(token)

    monkeypatch.setattr(aiosqlite.Connection, "_execute", counted)
    monkeypatch.setattr(world.app, "process_update", process_counted)
    yield calls


async def test_help_costs_at_most_ten_round_trips(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    member = await world.join("A2")
    await world.sandbox.wait_until_idle()
    # Once to warm what is cached (the organisation's name, the catalogue), then counted.
    await world.say(member, "/trogiup")
    await world.sandbox.wait_until_idle()
    with counting_round_trips(world, monkeypatch) as calls:
        answer = await world.say(member, "/trogiup")
        await world.all_handled()
    assert "/dangky" in (answer.text or "")
    assert len(calls) <= 10, "\n".join(calls)
    print(f"/trogiup: {len(calls)} round trips")
