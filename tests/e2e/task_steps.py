"""Steps the task-card and approval tests share: a fixed day, tasks made through the service,
and reading back a message the bot has since edited."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime
from typing import Any

from bot.domain.model import Channel, Identity
from bot.domain.tasks import TaskDraft
from bot.sandbox.models import SandboxUser, SentMessage
from tests.e2e.conftest import World


def set_day(world: World, month: int, day: int) -> date:
    """Move the clock to 08:00 (Hà Nội) on that day of the clock's year; the day."""
    now = world.clock.now()
    target = datetime(now.year, month, day, 1, 0, tzinfo=UTC)
    world.clock.advance(seconds=(target - now).total_seconds())
    return target.date()


async def identity(world: World, user: SandboxUser) -> Identity:
    found = await world.services.membership.identify(Channel.TELEGRAM, str(user.id))
    assert found is not None
    return found


async def register(
    world: World,
    user: SandboxUser,
    title: str,
    deadline: date,
    product: str = "01 giáo trình được nghiệm thu",
) -> int:
    registered = await world.services.tasks.register(
        await identity(world, user), TaskDraft(title, product, deadline)
    )
    return registered.task.id


def now_shown(world: World, message: SentMessage) -> SentMessage:
    """The message as it stands now (after the bot edited it)."""
    return next(
        m for m in world.sandbox.messages(message.chat_id) if m.message_id == message.message_id
    )


def last(world: World, user: SandboxUser) -> SentMessage:
    found = world.sandbox.last_message(user.id)
    assert found is not None
    return found


def row(world: World, sql: str, *params: Any) -> Any:
    with sqlite3.connect(world.database) as conn:
        return conn.execute(sql, params).fetchone()


def rows(world: World, sql: str, *params: Any) -> list[Any]:
    with sqlite3.connect(world.database) as conn:
        return conn.execute(sql, params).fetchall()
