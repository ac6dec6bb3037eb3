"""Task reminders over a real SQLite file with a clock that moves only when told: 7 days and
1 day before the deadline at 08:00 local, overdue notices at most weekly and three times, the
quarterly check-in for tasks left untouched, mutes, quiet hours, re-planning, idempotence."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, date, datetime, time
from pathlib import Path

import pytest

from bot.clock import FixedClock
from bot.domain.model import Channel, Identity
from bot.domain.preferences import ReminderKind
from bot.domain.tasks import TaskDraft, TaskStatus
from bot.services.container import Services
from handlers.tasks.task_reminder import renderer
from storage.database import SqliteDatabase

RENDER = renderer("vi")
# The clock fixture stands at 2026-03-02 08:00 UTC, 15:00 in Hanoi.


async def _link(services: Services, code: str, user: int) -> Identity:
    [issued] = await services.invites.issue_for_command_line(member_code=code)
    outcome = await services.membership.join(Channel.TELEGRAM, str(user), str(user), issued.code)
    assert outcome.identity is not None
    return outcome.identity


@pytest.fixture
async def linked(organisation: Services) -> dict[str, Identity]:
    await organisation.years.set_year(
        None,
        year=2026,
        theme="Bứt phá về đích",
        opens=date(2026, 1, 1),
        closes=date(2026, 12, 31),
    )
    codes = {"A1": 100, "A2": 101, "A3": 102}
    return {code: await _link(organisation, code, user) for code, user in codes.items()}


async def _task(
    services: Services,
    linked: dict[str, Identity],
    deadline: date,
    owner: str = "A2",
    title: str = "Viết <giáo trình>",
) -> int:
    registered = await services.tasks.register(
        linked[owner], TaskDraft(title, "01 giáo trình được nghiệm thu", deadline)
    )
    await services.approvals.approve(linked["A1"], registered.task.id)
    return registered.task.id


def _at(clock: FixedClock, year: int, month: int, day: int, hour: int) -> None:
    """Move the clock to that UTC moment."""
    target = datetime(year, month, day, hour, tzinfo=UTC)
    clock.advance(seconds=(target - clock.now()).total_seconds())


def _rows(tmp_path: Path, prefix: str = "task-") -> list[tuple[str, str, str, str]]:
    with sqlite3.connect(tmp_path / "butpha.sqlite3") as conn:
        return list(
            conn.execute(
                "SELECT idempotency_key, not_before, status, coalesce(expires_at, '')"
                " FROM outbox WHERE purpose = 'reminder' AND idempotency_key LIKE ?"
                " ORDER BY id",
                (prefix + "%",),
            )
        )


def _utc(text: str) -> str:
    return f"{text}.000000Z"


async def _send_due(db: SqliteDatabase, clock: FixedClock) -> int:
    """What the sender does, without Telegram: claim what is due and mark it sent."""
    async with db.write() as uow:
        claimed = await uow.outbox.claim_due(clock.now(), 100)
        for delivery in claimed:
            await uow.outbox.mark_sent(delivery.id, clock.now(), 1)
    return len(claimed)


async def test_seven_days_and_one_day_before_at_eight_local_once(
    organisation: Services, linked: dict[str, Identity], clock: FixedClock, tmp_path: Path
) -> None:
    task = await _task(organisation, linked, date(2026, 3, 20))
    plan = organisation.task_reminders.plan
    assert await plan(RENDER) == 0  # nothing within a day yet
    _at(clock, 2026, 3, 12, 8)
    assert await plan(RENDER) == 1
    assert await plan(RENDER) == 0  # idempotent
    # 13 March 08:00 in Hanoi is 01:00 UTC; useless once the 1-day one is due.
    assert _rows(tmp_path) == [
        (
            f"task-due:{task}:2026-03-20:7d",
            _utc("2026-03-13T01:00:00"),
            "pending",
            _utc("2026-03-19T01:00:00"),
        )
    ]
    _at(clock, 2026, 3, 18, 8)
    assert await plan(RENDER) == 1
    assert await plan(RENDER) == 0
    key, due, _, expires = _rows(tmp_path)[-1]
    assert (key, due, expires) == (
        f"task-due:{task}:2026-03-20:1d",
        _utc("2026-03-19T01:00:00"),
        _utc("2026-03-20T17:00:00"),  # the end of the deadline day in Hanoi
    )
    with sqlite3.connect(tmp_path / "butpha.sqlite3") as conn:
        text, keyboard, chat = conn.execute(
            "SELECT text, keyboard, chat_id FROM outbox WHERE idempotency_key = ?", (key,)
        ).fetchone()
    assert chat == "101"
    assert "Còn 1 ngày đến hạn" in text and "Viết &lt;giáo trình&gt;" in text
    assert "20/03/2026" in text
    [[button]] = json.loads(keyboard)["inline_keyboard"]
    assert button == {"text": "📋 Mở công việc", "callback_data": f"tk:v:{task}"}


async def test_missed_reminders_collapse_and_late_registrations_skip_passed_ones(
    organisation: Services, linked: dict[str, Identity], clock: FixedClock, tmp_path: Path
) -> None:
    early = await _task(organisation, linked, date(2026, 3, 20))
    _at(clock, 2026, 3, 19, 3)  # the bot was down through both reminders
    late = await _task(organisation, linked, date(2026, 3, 21), owner="A3")
    assert await organisation.task_reminders.plan(RENDER) == 2
    assert [(k, nb) for k, nb, _, _ in _rows(tmp_path)] == [
        (f"task-due:{early}:2026-03-20:1d", _utc("2026-03-19T03:00:00")),  # now, not the 7d
        (f"task-due:{late}:2026-03-21:1d", _utc("2026-03-20T01:00:00")),  # its 7d had passed
    ]


async def test_overdue_at_most_weekly_and_three_times(
    organisation: Services,
    linked: dict[str, Identity],
    clock: FixedClock,
    db: SqliteDatabase,
    tmp_path: Path,
) -> None:
    task = await _task(organisation, linked, date(2026, 3, 20))
    plan = organisation.task_reminders.plan
    _at(clock, 2026, 3, 20, 20)  # 03:00 on the 21st in Hanoi: the day after, quiet hours
    assert await plan(RENDER) == 1
    [(key, due, _, _)] = _rows(tmp_path, "task-overdue:")
    assert (key, due) == (f"task-overdue:{task}:2026-03-20:1", _utc("2026-03-21T01:00:00"))
    _at(clock, 2026, 3, 23, 2)  # the sender was down: the first one goes out on the 23rd
    assert await _send_due(db, clock) == 1
    assert await plan(RENDER) == 0
    _at(clock, 2026, 3, 28, 2)  # a week after the deadline day, not after the first notice
    assert await plan(RENDER) == 0
    _at(clock, 2026, 3, 29, 3)  # planned a day ahead, for a week after the first went out
    assert await plan(RENDER) == 1
    assert _rows(tmp_path, "task-overdue:")[-1][1] == _utc("2026-03-30T02:00:00")
    _at(clock, 2026, 3, 30, 2)
    assert await _send_due(db, clock) == 1
    _at(clock, 2026, 4, 5, 3)
    assert await plan(RENDER) == 1  # the third, a week after the second
    _at(clock, 2026, 4, 6, 3)
    assert await _send_due(db, clock) == 1
    _at(clock, 2026, 5, 6, 3)
    assert await plan(RENDER) == 0  # three at most
    rows = _rows(tmp_path, "task-overdue:")
    assert [r[0].rsplit(":", 1)[1] for r in rows] == ["1", "2", "3"]
    assert all(status == "sent" for _, _, status, _ in rows)
    with sqlite3.connect(tmp_path / "butpha.sqlite3") as conn:
        (text,) = conn.execute(
            "SELECT text FROM outbox WHERE idempotency_key = ?", (rows[0][0],)
        ).fetchone()
    assert "quá hạn 1 ngày" in text


async def test_quarterly_check_in_once_and_only_for_stale_tasks(
    organisation: Services, linked: dict[str, Identity], clock: FixedClock, tmp_path: Path
) -> None:
    stale = await _task(organisation, linked, date(2026, 12, 20))
    fresh = await _task(organisation, linked, date(2026, 12, 20), owner="A3")
    plan = organisation.task_reminders.plan
    _at(clock, 2026, 6, 15, 3)
    await organisation.tasks.set_progress(linked["A3"], fresh, 40)
    _at(clock, 2026, 7, 1, 0)  # 07:00 on 1 July in Hanoi
    assert await plan(RENDER) == 1
    assert await plan(RENDER) == 0
    a2 = linked["A2"].member.id
    [(key, due, _, expires)] = _rows(tmp_path)
    assert (key, due, expires) == (
        f"task-checkin:{a2}:2026Q3",
        _utc("2026-07-01T01:00:00"),
        _utc("2026-09-30T17:00:00"),
    )
    with sqlite3.connect(tmp_path / "butpha.sqlite3") as conn:
        text, keyboard = conn.execute(
            "SELECT text, keyboard FROM outbox WHERE idempotency_key = ?", (key,)
        ).fetchone()
    assert "90 ngày" in text and "Viết &lt;giáo trình&gt;" in text
    assert json.loads(keyboard)["inline_keyboard"][0][0]["callback_data"] == f"tk:v:{stale}"
    _at(clock, 2026, 8, 20, 3)
    assert await plan(RENDER) == 0  # once a quarter
    _at(clock, 2026, 10, 1, 3)
    assert await plan(RENDER) == 2  # next quarter: now both are stale
    assert {k for k, *_ in _rows(tmp_path)} >= {
        f"task-checkin:{a2}:2026Q4",
        f"task-checkin:{linked['A3'].member.id}:2026Q4",
    }


async def test_muted_members_get_none_of_that_kind(
    organisation: Services,
    linked: dict[str, Identity],
    clock: FixedClock,
    db: SqliteDatabase,
    tmp_path: Path,
) -> None:
    await _task(organisation, linked, date(2026, 3, 20))
    a2 = linked["A2"].member.id
    _at(clock, 2026, 3, 12, 8)
    assert await organisation.task_reminders.plan(RENDER) == 1
    async with db.write() as uow:
        await uow.preferences.mute(a2, ReminderKind.TASK_DEADLINE, clock.now())
        await uow.preferences.mute(a2, ReminderKind.TASK_CHECKIN, clock.now())
    assert await organisation.task_reminders.plan(RENDER) == 0
    assert [s for _, _, s, _ in _rows(tmp_path)] == ["skipped"]  # the planned one stops too
    _at(clock, 2026, 7, 1, 3)
    assert await organisation.task_reminders.plan(RENDER) == 0


async def test_quiet_hours_of_the_member_move_the_reminder(
    organisation: Services,
    linked: dict[str, Identity],
    clock: FixedClock,
    db: SqliteDatabase,
    tmp_path: Path,
) -> None:
    await _task(organisation, linked, date(2026, 3, 20))
    async with db.write() as uow:
        await uow.preferences.set_quiet(
            linked["A2"].member.id, time(6, 0), time(9, 30), clock.now()
        )
    _at(clock, 2026, 3, 12, 8)
    assert await organisation.task_reminders.plan(RENDER) == 1
    assert _rows(tmp_path)[0][1] == _utc("2026-03-13T02:30:00")  # 09:30 in Hanoi


async def test_a_changed_deadline_or_a_finished_task_re_plans(
    organisation: Services, linked: dict[str, Identity], clock: FixedClock, tmp_path: Path
) -> None:
    task = await _task(organisation, linked, date(2026, 3, 20))
    plan = organisation.task_reminders.plan
    _at(clock, 2026, 3, 12, 8)
    assert await plan(RENDER) == 1
    await organisation.task_edits.edit_field(linked["A2"], task, deadline=date(2026, 3, 19))
    assert await plan(RENDER) == 1
    assert [(k, s) for k, _, s, _ in _rows(tmp_path)] == [
        (f"task-due:{task}:2026-03-20:7d", "skipped"),
        (f"task-due:{task}:2026-03-19:7d", "pending"),
    ]
    card = await organisation.tasks.card(linked["A2"], task)
    if card.task.status is TaskStatus.SUBMITTED:  # an edit may need approval again
        await organisation.approvals.approve(linked["A1"], task)
    await organisation.tasks.finish(linked["A2"], task, TaskStatus.DONE)
    assert await plan(RENDER) == 0
    assert [s for _, _, s, _ in _rows(tmp_path)] == ["skipped", "skipped"]
