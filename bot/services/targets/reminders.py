"""Reminders to record a target's value, from the database into the outbox (the rules:
:mod:`bot.domain.targets.reminders`).

``plan`` reads the year's entered targets and, for those whose period (month or quarter) has
no update by its reminder day, queues one reminder per owner — the member who owns it, the
owning cell's secretaries, or for the organisation's the Bí thư Đảng ủy (the committee when
none is named) — in one write transaction. The outbox's keys are the "already sent" marks:
planning again, or after a restart, sends nothing twice. A reminder still queued when a value
arrives is skipped. Each goes out at 08:00 local, or at once when later, out of the
recipient's quiet hours, and never after its period ended."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, time
from zoneinfo import ZoneInfo

from bot.clock import Clock
from bot.domain.inspections.reminders import is_committee_secretary
from bot.domain.model import Member, Role
from bot.domain.outbox import PRIORITY_NORMAL, ChatKind, DeliveryStatus, OutgoingMessage, Purpose
from bot.domain.preferences import NOTHING_CHOSEN
from bot.domain.quiet_hours import QuietHours
from bot.domain.targets.model import Target
from bot.domain.targets.reminders import PREFIX, Period, due, key
from bot.services.delivery import DeliveryService
from bot.services.ports import Database
from bot.services.targets.ports import TargetsUnitOfWork

SEND_AT = time(8, 0)


@dataclass(frozen=True)
class TargetReminder:
    target: Target
    period: Period
    member: Member


# One reminder's text, in the member's language (HTML).
Render = Callable[[TargetReminder], str]


class TargetReminderService:
    def __init__(
        self,
        db: Database[TargetsUnitOfWork],
        clock: Clock,
        zone: ZoneInfo,
        delivery: DeliveryService,
        *,
        quiet: QuietHours | None = None,
    ) -> None:
        self._db = db
        self._clock = clock
        self._zone = zone
        self._delivery = delivery
        self.quiet = quiet or QuietHours()

    async def plan(self, render: Render) -> int:
        """Queues the reminders due today not queued before; returns how many."""
        now = self._clock.now()
        today = now.astimezone(self._zone).date()
        # Read outside the single writer (the members, roles, updates and what was queued),
        # then one short write; a reminder queued meanwhile has the same key, and a skip only
        # touches a row still pending.
        async with self._db.read() as uow:
            wanted: list[tuple[str, TargetReminder]] = []
            targets = [t for t in await uow.targets.of_year(today.year) if due(t, today)]
            if targets:
                members = {m.id: m for m in await uow.members.all() if m.is_active}
                secretaries = await uow.roles.holders_by_unit(Role.CELL_SECRETARY)
                root = await uow.units.root()
                heads = await self._heads(uow, members)
                since = min(
                    datetime.combine(p.start, time(0), self._zone)
                    for p in (due(t, today) for t in targets)
                    if p is not None
                )
                updated = await uow.targets.updated_since(since)
                for target in targets:
                    period = due(target, today)
                    assert period is not None
                    start = datetime.combine(period.start, time(0), self._zone)
                    if target.id in updated and await self._updated(uow, target, start):
                        continue
                    owner = target.owner
                    if owner.member_id is not None:
                        owners = [owner.member_id]
                    elif owner.unit_id is not None and (root is None or owner.unit_id != root.id):
                        owners = secretaries.get(owner.unit_id, [])
                    else:
                        owners = heads
                    for member_id in owners:
                        member = members.get(member_id)
                        if member is not None:
                            reminder = TargetReminder(target, period, member)
                            wanted.append((key(target.id, period, member_id), reminder))
            keys = {k for k, _ in wanted}
            queued = await uow.outbox.by_prefix(Purpose.REMINDER, PREFIX)
            stale = [
                row.key
                for row in queued
                if row.status is DeliveryStatus.PENDING and row.key not in keys
            ]
            done = {row.key for row in queued}
            wanted = [(k, r) for k, r in wanted if k not in done]
            messages = []
            recipients = sorted({r.member.id for _, r in wanted})
            addresses = await uow.outbox.addresses_of(recipients)
            preferences = await uow.preferences.of_members(recipients)
            for reminder_key, reminder in wanted:
                address = addresses.get(reminder.member.id)
                if address is None:
                    continue
                quiet = preferences.get(reminder.member.id, NOTHING_CHOSEN).quiet_or(self.quiet)
                at = max(now, datetime.combine(today, SEND_AT, self._zone))
                at = quiet.move(at, datetime.max.replace(tzinfo=self._zone), self._zone)
                expires = datetime.combine(reminder.period.end, time(0), self._zone)
                if at >= expires:
                    continue
                messages.append(
                    OutgoingMessage(
                        key=reminder_key,
                        purpose=Purpose.REMINDER,
                        chat_id=address.chat_id,
                        channel=address.channel,
                        chat_kind=ChatKind.PRIVATE,
                        text=render(reminder),
                        not_before=at,
                        member_id=reminder.member.id,
                        source_id=reminder.target.id,
                        priority=PRIORITY_NORMAL,
                        expires_at=expires,
                    )
                )
        if not stale and not messages:
            return 0
        async with self._db.write() as uow:
            if stale:
                await uow.outbox.skip_keys(stale, "no longer needed")
            added = await uow.outbox.enqueue(messages, now) if messages else 0
        if added:
            self._delivery.wake()
        return added

    async def _updated(self, uow: TargetsUnitOfWork, target: Target, since: datetime) -> bool:
        return any(u.at >= since for u in await uow.targets.updates(target.id, limit=1))

    async def _heads(self, uow: TargetsUnitOfWork, members: dict[int, Member]) -> list[int]:
        """Who is reminded of the organisation's targets: the Bí thư Đảng ủy, else the
        committee."""
        committee = [m for m in await uow.roles.holders(Role.COMMITTEE) if m in members]
        heads = [m for m in committee if is_committee_secretary(members[m].title)]
        return heads or committee
