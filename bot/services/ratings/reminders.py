"""A review cycle's reminders into the outbox: the self-review due in 7 and 2 days to those who
have not submitted, the cells' meeting date to the secretaries, the decision date to the
committee. At 08:00 local, out of each member's quiet hours; each once, whatever restarts
(the outbox keeps the keys)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from bot.clock import Clock
from bot.domain.model import Member, Role
from bot.domain.outbox import PRIORITY_NORMAL, ChatKind, OutgoingMessage, Purpose
from bot.domain.preferences import NOTHING_CHOSEN
from bot.domain.quiet_hours import QuietHours
from bot.domain.ratings.records import Cycle
from bot.domain.ratings.reminders import PREFIX, Reminder, reminders
from bot.services.delivery import DeliveryService
from bot.services.ports import Database
from bot.services.ratings.ports import RatingsUnitOfWork

SEND_AT = time(8, 0)

# One reminder's text, in the member's language.
Render = Callable[[Member, Cycle, Reminder], str]


class RatingReminderService:
    def __init__(
        self,
        db: Database[RatingsUnitOfWork],
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
        # Read outside the single writer (a cycle's members, roles, accounts and what was
        # queued before), then one short write; a reminder queued meanwhile has the same key
        # and is not queued twice.
        async with self._db.read() as uow:
            messages: list[OutgoingMessage] = []
            for cycle in await uow.ratings.open_cycles():
                messages += await self._cycle(uow, cycle, now, today, render)
        if not messages:
            return 0
        async with self._db.write() as uow:
            added = await uow.outbox.enqueue(messages, now)
        if added:
            self._delivery.wake()
        return added

    async def _cycle(
        self,
        uow: RatingsUnitOfWork,
        cycle: Cycle,
        now: datetime,
        today: date,
        render: Render,
    ) -> list[OutgoingMessage]:
        entries = await uow.ratings.entries(cycle.id)
        waiting = [
            e.member_id
            for e in entries
            if e.review is None and (e.not_rated is None or e.not_rated.writes_self_review)
        ]
        cells = {e.cell_id for e in entries}
        by_unit = await uow.roles.holders_by_unit(Role.CELL_SECRETARY)
        secretaries = [s for cell in cells for s in by_unit.get(cell, [])]
        committee = await uow.roles.holders(Role.COMMITTEE)
        due = reminders(
            cycle, today, not_submitted=waiting, secretaries=secretaries, committee=committee
        )
        if not due:
            return []
        queued = {r.key for r in await uow.outbox.by_prefix(Purpose.REMINDER, PREFIX)}
        due = [r for r in due if r.key not in queued]
        recipients = sorted({r.member_id for r in due})
        addresses = await uow.outbox.addresses_of(recipients)
        preferences = await uow.preferences.of_members(recipients)
        members = {m.id: m for m in await uow.members.all() if m.id in set(recipients)}
        messages = []
        for reminder in due:
            member = members.get(reminder.member_id)
            address = addresses.get(reminder.member_id)
            if member is None or address is None or not member.is_active:
                continue
            quiet = preferences.get(member.id, NOTHING_CHOSEN).quiet_or(self.quiet)
            start = max(now, datetime.combine(today, SEND_AT, self._zone))
            at = quiet.move(start, datetime.max.replace(tzinfo=self._zone), self._zone)
            expires = datetime.combine(reminder.until, time(0), self._zone)
            if at >= expires:
                continue
            messages.append(
                OutgoingMessage(
                    key=reminder.key,
                    purpose=Purpose.REMINDER,
                    chat_id=address.chat_id,
                    channel=address.channel,
                    chat_kind=ChatKind.PRIVATE,
                    text=render(member, cycle, reminder),
                    not_before=at,
                    member_id=member.id,
                    source_id=cycle.id,
                    priority=PRIORITY_NORMAL,
                    expires_at=expires,
                )
            )
        return messages
