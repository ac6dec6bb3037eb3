"""Task reminders: 7 days and 1 day before a task's deadline, then overdue notices (the first
the day after, then at most weekly, at most three), and a quarterly check-in for tasks left
untouched for 90 days.

Only the current year's open personal tasks (submitted or approved) of active members count.
Everything goes through the outbox and ``plan`` is idempotent: keys name the task and its
deadline (a changed deadline gives new keys; the old deadline's pending rows are skipped), or
the member and the quarter. A reminder whose moment passed while the bot was down goes out once
if still useful: the 7-day one only until the 1-day one is due, the 1-day one until the end of
the deadline day. Texts come from the caller's ``render`` in the member's language.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from bot.clock import Clock
from bot.domain.delivery_channels import Address
from bot.domain.model import Member
from bot.domain.outbox import PRIORITY_NORMAL, ChatKind, DeliveryStatus, OutgoingMessage, Purpose
from bot.domain.preferences import NOTHING_CHOSEN, ReminderKind
from bot.domain.quiet_hours import QuietHours
from bot.domain.task_queues import OpenTask
from bot.domain.tasks import Task
from bot.services.delivery import DeliveryService
from bot.services.loop_share import LoopShare
from bot.services.ports import Database
from bot.services.tasks.ports import TasksUnitOfWork

SEND_AT = time(8, 0)  # local time a deadline reminder or overdue notice goes out
HORIZON = timedelta(days=1)  # planned this far ahead: runs are every 30 minutes
MAX_OVERDUE = 3
OVERDUE_EVERY = timedelta(days=7)
STALE_AFTER = timedelta(days=90)

DUE = "task-due:"  # task-due:<task>:<deadline>:7d|1d
OVERDUE = "task-overdue:"  # task-overdue:<task>:<deadline>:<n>
CHECKIN = "task-checkin:"  # task-checkin:<member>:<year>Q<n>
PREFIX = "task-"

# Owners whose open tasks are read and planned together; their rows written, and pending keys
# skipped, a few hundred per write. Each write transaction stays a few milliseconds at 50,000
# members (a batch of owners late in the year has thousands of overdue notices). 25 owners'
# rows (about 75 tasks) are turned into objects on the loop in about the LoopShare slice, 2 ms:
# at 100, a member's /trogiup during start-up waited behind 6 ms of it (p95 about 1.4x higher).
OWNERS_PER_BATCH = 25
ROWS_PER_WRITE = 250
KEYS_PER_WRITE = 250


class NoticeKind(StrEnum):
    DUE = "due"
    OVERDUE = "overdue"
    CHECKIN = "checkin"


@dataclass(frozen=True)
class TaskNotice:
    """What one message is about: one task (due, overdue) or a member's stale tasks."""

    kind: NoticeKind
    tasks: tuple[Task, ...]
    days: int = 0  # days left before the deadline (due) or past it (overdue)


# (text, keyboard JSON) of one notice, in the member's language.
Render = Callable[[Member, TaskNotice], tuple[str, str | None]]


def quarter_key(member_id: int, day: date) -> str:
    return f"{CHECKIN}{member_id}:{day.year}Q{(day.month - 1) // 3 + 1}"


def _task_of(key: str) -> tuple[int, str] | None:
    """(task id, deadline) named by a due or overdue key."""
    for prefix in (DUE, OVERDUE):
        if key.startswith(prefix):
            task_id, deadline, _ = key.removeprefix(prefix).split(":", 2)
            return int(task_id), deadline
    return None


class TaskReminderService:
    def __init__(
        self,
        db: Database[TasksUnitOfWork],
        clock: Clock,
        zone: ZoneInfo,
        delivery: DeliveryService,
        quiet: QuietHours | None = None,
    ) -> None:
        self._db = db
        self._clock = clock
        self._zone = zone
        self._delivery = delivery
        self.quiet = quiet or QuietHours()

    async def plan(self, render: Render) -> int:
        """Enqueue the deadline reminders, overdue notices and check-ins now due or due within
        a day; returns how many rows were new.

        The year is read a batch of owners at a time outside any write, and each batch's
        rows are written in a short transaction of their own: the single writer is never held
        for the whole year (joins, submissions and delivery records would wait), and only a
        batch of tasks is in memory at once. Idempotent keys make a batch planned twice, or a
        run cut short, harmless."""
        now = self._clock.now()
        async with self._db.read() as uow:
            year = await uow.years.current()
            settings = await uow.preferences.of_members()
            overdue = await self._overdue_rows(uow)
            pending = [
                row.key
                for row in await uow.outbox.by_prefix(Purpose.REMINDER, PREFIX, pending_only=True)
            ]
        share = LoopShare()
        valid: set[str] = set()  # task-id:deadline, member check-in keys still wanted
        added = 0
        after = 0
        while year is not None:
            async with self._db.read() as uow:
                tasks = await uow.tasks.open_personal(
                    year.year, after=after, owners=OWNERS_PER_BATCH
                )
                if not tasks:
                    break
                owners = list(dict.fromkeys(i.task.owner_member_id or 0 for i in tasks))
                members = {m.id: m for m in await uow.members.with_ids(owners) if m.is_active}
                chats = await uow.outbox.addresses_of(owners)
            after = owners[-1]
            mine: dict[int, list[OpenTask]] = defaultdict(list)
            for item in tasks:
                owner = item.task.owner_member_id
                if owner is not None and owner in members and owner in chats:
                    mine[owner].append(item)
            messages: list[OutgoingMessage] = []
            for member_id, opens in mine.items():
                await share()  # rendering is CPU work on the event loop
                prefs = settings.get(member_id, NOTHING_CHOSEN)
                quiet = prefs.quiet_or(self.quiet)
                planner = _Planner(now, self._zone, quiet, members[member_id], chats[member_id])
                if prefs.wants(ReminderKind.TASK_DEADLINE):
                    for item in opens:
                        valid.add(f"{item.task.id}:{item.task.deadline.isoformat()}")
                        done = overdue.get((item.task.id, item.task.deadline.isoformat()), [])
                        messages += planner.deadline(item, done, render)
                if prefs.wants(ReminderKind.TASK_CHECKIN):
                    checkin = planner.checkin(opens, render)
                    if checkin is not None:
                        valid.add(checkin.key)
                        messages.append(checkin)
            for start in range(0, len(messages), ROWS_PER_WRITE):
                async with self._db.write() as uow:
                    added += await uow.outbox.enqueue(messages[start : start + ROWS_PER_WRITE], now)
        await self._skip_stale(pending, valid)
        if added:
            self._delivery.wake()
        return added

    async def _overdue_rows(
        self, uow: TasksUnitOfWork
    ) -> dict[tuple[int, str], list[tuple[int, DeliveryStatus, datetime]]]:
        """(number, status, when) of the overdue notices already queued, per task and deadline."""
        found: dict[tuple[int, str], list[tuple[int, DeliveryStatus, datetime]]] = defaultdict(list)
        for row in await uow.outbox.by_prefix(Purpose.REMINDER, OVERDUE):
            task_id, deadline, number = row.key.removeprefix(OVERDUE).split(":")
            found[(int(task_id), deadline)].append((int(number), row.status, row.at))
        return found

    async def _skip_stale(self, pending: list[str], valid: set[str]) -> None:
        """Pending notices for a finished or withdrawn task, an old deadline, a muted kind, or a
        check-in no longer needed will not be sent (a batch of keys per transaction)."""
        stale = []
        for key in pending:
            named = _task_of(key)
            if not (key in valid if named is None else f"{named[0]}:{named[1]}" in valid):
                stale.append(key)
        for start in range(0, len(stale), KEYS_PER_WRITE):
            async with self._db.write() as uow:
                await uow.outbox.skip_keys(
                    stale[start : start + KEYS_PER_WRITE], "no longer needed"
                )


class _Planner:
    """The notices of one member at one moment."""

    def __init__(
        self, now: datetime, zone: ZoneInfo, quiet: QuietHours, member: Member, address: Address
    ) -> None:
        self.now, self.zone, self.quiet = now, zone, quiet
        self.member, self.address = member, address
        self.today = now.astimezone(zone).date()

    def _midnight(self, day: date) -> datetime:
        return datetime.combine(day, time(0), self.zone)

    def _at(self, day: date) -> datetime:
        """08:00 local on ``day``, out of the member's quiet hours (within that day)."""
        end = self._midnight(day + timedelta(days=1))
        return self.quiet.move(datetime.combine(day, SEND_AT, self.zone), end, self.zone)

    def _late(self, until: datetime) -> datetime:
        """Now, or the end of the quiet hours now falls in."""
        return max(self.now, self.quiet.move(self.now, until, self.zone))

    def _message(
        self, key: str, notice: TaskNotice, due: datetime, expires: datetime | None, render: Render
    ) -> OutgoingMessage:
        text, keyboard = render(self.member, notice)
        return OutgoingMessage(
            key=key,
            purpose=Purpose.REMINDER,
            chat_id=self.address.chat_id,
            channel=self.address.channel,
            chat_kind=ChatKind.PRIVATE,
            text=text,
            not_before=due,
            member_id=self.member.id,
            source_id=notice.tasks[0].id if notice.kind is not NoticeKind.CHECKIN else None,
            keyboard=keyboard,
            priority=PRIORITY_NORMAL,
            expires_at=expires,
        )

    def _days(self, due: datetime, deadline: date) -> int:
        return (deadline - due.astimezone(self.zone).date()).days

    def deadline(
        self, item: OpenTask, overdue: list[tuple[int, DeliveryStatus, datetime]], render: Render
    ) -> list[OutgoingMessage]:
        task = item.task
        base = f"{task.id}:{task.deadline.isoformat()}"
        end = self._midnight(task.deadline + timedelta(days=1))  # the deadline day is over
        due1 = self._at(task.deadline - timedelta(days=1))
        due7 = self._at(task.deadline - timedelta(days=7))
        planned: list[tuple[str, NoticeKind, datetime, datetime | None]] = []
        if self.now < due1:
            if due7 > self.now:
                planned.append((f"{DUE}{base}:7d", NoticeKind.DUE, due7, due1))
            elif due7 >= item.registered_at:  # passed while the bot was down: still useful
                planned.append((f"{DUE}{base}:7d", NoticeKind.DUE, self._late(due1), due1))
            planned.append((f"{DUE}{base}:1d", NoticeKind.DUE, due1, end))
        elif self.now < end and due1 >= item.registered_at:
            planned.append((f"{DUE}{base}:1d", NoticeKind.DUE, self._late(end), end))
        number, due = self._next_overdue(task, overdue)
        if number is not None and due is not None:
            planned.append((f"{OVERDUE}{base}:{number}", NoticeKind.OVERDUE, due, None))
        return [
            self._message(
                key,
                TaskNotice(kind, (task,), abs(self._days(at, task.deadline))),
                at,
                expires,
                render,
            )
            for key, kind, at, expires in planned
            if at <= self.now + HORIZON and (expires is None or at < expires)
        ]

    def _next_overdue(
        self, task: Task, queued: list[tuple[int, DeliveryStatus, datetime]]
    ) -> tuple[int | None, datetime | None]:
        """The next overdue notice and when: the day after the deadline, then a week after the
        previous one went out (or its moment passed), three at most."""
        if not queued:
            number, earliest = 1, self._at(task.deadline + timedelta(days=1))
        else:
            last, status, when = max(queued)
            if last >= MAX_OVERDUE or status in (DeliveryStatus.PENDING, DeliveryStatus.SENDING):
                return None, None
            number = last + 1
            nominal = self._at(task.deadline + timedelta(days=1) + OVERDUE_EVERY * last)
            earliest = max(nominal, when + OVERDUE_EVERY)
        if earliest <= self.now:
            earliest = self._late(self.now + timedelta(days=1))
        return number, earliest

    def checkin(self, opens: list[OpenTask], render: Render) -> OutgoingMessage | None:
        """One message a quarter listing the member's tasks untouched for 90 days."""
        stale = tuple(o.task for o in opens if o.touched_at <= self.now - STALE_AFTER)
        if not stale:
            return None
        quarter = (self.today.month - 1) // 3  # 0..3
        next_quarter = (
            date(self.today.year + 1, 1, 1)
            if quarter == 3
            else date(self.today.year, quarter * 3 + 4, 1)
        )
        ends = self._midnight(next_quarter)
        due = max(self.now, self._at(self.today))
        due = self.quiet.move(due, ends, self.zone)
        if due >= ends:
            return None
        notice = TaskNotice(NoticeKind.CHECKIN, stale)
        return self._message(quarter_key(self.member.id, self.today), notice, due, ends, render)
