"""The monthly dues reminder and the unpaid-months alerts, from the database into the outbox
(the rules: :mod:`bot.domain.dues.rules`).

From the reminder day of each month (``BUTPHA_DUES_REMINDER_DAY``, the 5th) to its end, every
active party member whose month is not settled yet gets one reminder with "✅ Tôi đã đóng"; a
member with two unpaid months in the year is named to their cell's secretaries, with three to
the committee, once a year each. The outbox's keys are the "already sent" marks, so planning
every half hour, twice, or after a crash, sends nothing twice. Each goes out at 08:00 local, or
at once when the job wakes later, moved out of the recipient's quiet hours; a reminder not sent
by the end of its month is dropped.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.clock import Clock
from bot.domain.dues.model import Month
from bot.domain.dues.rules import (
    PREFIX,
    AlertLevel,
    alert_key,
    alert_levels,
    reminder_key,
    reminder_month,
)
from bot.domain.model import Member, Role
from bot.domain.outbox import PRIORITY_NORMAL, ChatKind, OutgoingMessage, Purpose
from bot.domain.preferences import NOTHING_CHOSEN
from bot.domain.quiet_hours import QuietHours
from bot.services.delivery import DeliveryService
from bot.services.dues.ports import DuesUnitOfWork
from bot.services.dues.status import DuesStatusService, MemberMonths
from bot.services.loop_share import LoopShare
from bot.services.ports import Database

SEND_AT = time(8, 0)
CHUNK = 250  # rows written per transaction: the writer is held a few milliseconds


@dataclass(frozen=True)
class DuesReminder:
    month: Month


@dataclass(frozen=True)
class DuesAlert:
    level: AlertLevel
    year: int
    member: Member  # the one behind
    cell_name: str
    unpaid: tuple[int, ...]  # the unpaid months' numbers


DuesNotice = DuesReminder | DuesAlert
# One notice's (text, keyboard JSON) for its recipient, in the recipient's language.
Render = Callable[[Member, DuesNotice], tuple[str, str | None]]


@dataclass(frozen=True)
class _Planned:
    key: str
    recipient: int
    notice: DuesNotice
    purpose: Purpose
    expires: datetime | None


class DuesReminderService:
    def __init__(
        self,
        db: Database[DuesUnitOfWork],
        clock: Clock,
        zone: ZoneInfo,
        delivery: DeliveryService,
        status: DuesStatusService,
        *,
        quiet: QuietHours | None = None,
    ) -> None:
        self._db = db
        self._clock = clock
        self._zone = zone
        self._delivery = delivery
        self._status = status
        self.quiet = quiet or QuietHours()

    async def plan(self, render: Render) -> int:
        """Queues the reminders and alerts due today not queued before; returns how many.

        Everything is read and worked out outside the write lock (the organisation's tens of
        thousands of members); only the new rows are written, in short chunks, so a member's
        own action never waits long for the single writer. The outbox's keys keep a second
        planner, or a race with one, from queuing anything twice."""
        now = self._clock.now()
        today = now.astimezone(self._zone).date()
        settings = self._status.settings
        share = LoopShare()
        years = sorted({today.year, (today.replace(day=1) - timedelta(days=1)).year})
        async with self._db.read() as uow:
            everyone = {m.id: m for m in await uow.members.all() if m.is_active}
            # In no particular order: sorting tens of thousands of names buys nothing here.
            party = [m for m in everyone.values() if m.kind.is_party_member]
            listed = await uow.dues.listed_at()
            states = {year: await uow.dues.states_of_year(year, None) for year in years}
            cells = {u.id: u.name for u in await uow.units.all()}
            secretaries = await uow.roles.holders_by_unit(Role.CELL_SECRETARY)
            committee = [m for m in await uow.roles.holders(Role.COMMITTEE) if m in everyone]
            queued = {
                entry.key
                for purpose in (Purpose.REMINDER, Purpose.NOTICE)
                for entry in await uow.outbox.by_prefix(purpose, PREFIX)
            }
            planned: list[_Planned] = []
            month = reminder_month(today, settings.reminder_day)
            if month is not None:
                of_year = states.get(month.year, {})
                ends = datetime.combine(month.next().first_day, time(0), self._zone)
                for m in party:
                    state = of_year.get(m.id, {}).get(month.month)
                    if state is None or not state.settled:
                        key = reminder_key(month, m.id)
                        planned.append(
                            _Planned(key, m.id, DuesReminder(month), Purpose.REMINDER, ends)
                        )
            for year in years:
                for member in party:
                    await share()  # CPU work on the event loop
                    months = self._status.months_of(
                        member, year, states[year].get(member.id, {}), listed.get(member.id), today
                    )
                    if months.counts.unpaid:
                        planned += self._alerts(months, cells, secretaries, committee, everyone)
            fresh = [p for p in planned if p.key not in queued and p.recipient in everyone]
            if not fresh:
                return 0
            recipients = sorted({p.recipient for p in fresh})
            addresses = await uow.outbox.addresses_of(recipients)
            preferences = await uow.preferences.of_members(recipients)
        messages = []
        for item in fresh:
            await share()
            address = addresses.get(item.recipient)
            if address is None:
                continue
            member = everyone[item.recipient]
            quiet = preferences.get(member.id, NOTHING_CHOSEN).quiet_or(self.quiet)
            at = self._send_at(now, today, quiet)
            if item.expires is not None and at >= item.expires:
                continue
            text, keyboard = render(member, item.notice)
            messages.append(
                OutgoingMessage(
                    key=item.key,
                    purpose=item.purpose,
                    chat_id=address.chat_id,
                    channel=address.channel,
                    chat_kind=ChatKind.PRIVATE,
                    text=text,
                    keyboard=keyboard,
                    not_before=at,
                    member_id=member.id,
                    priority=PRIORITY_NORMAL,
                    expires_at=item.expires,
                )
            )
        added = 0
        for start in range(0, len(messages), CHUNK):
            async with self._db.write() as uow:
                added += await uow.outbox.enqueue(messages[start : start + CHUNK], now)
        if added:
            self._delivery.wake()
        return added

    def _alerts(
        self,
        months: MemberMonths,
        cells: Mapping[int, str],
        secretaries: Mapping[int, list[int]],
        committee: list[int],
        everyone: Mapping[int, Member],
    ) -> list[_Planned]:
        member = months.member
        levels = alert_levels(months.counts.unpaid, self._status.settings)
        if not levels:
            return []
        unpaid = tuple(i + 1 for i, s in enumerate(months.months) if s.value == "unpaid")
        planned = []
        for level in levels:
            if level is AlertLevel.SECRETARY:
                to = [s for s in secretaries.get(member.cell_id, []) if s in everyone]
            else:
                to = committee
            alert = DuesAlert(level, months.year, member, cells.get(member.cell_id, ""), unpaid)
            planned += [
                _Planned(
                    alert_key(level, months.year, member.id, r), r, alert, Purpose.NOTICE, None
                )
                for r in sorted(set(to))
                if r != member.id
            ]
        return planned

    def _send_at(self, now: datetime, today: date, quiet: QuietHours) -> datetime:
        due = max(now, datetime.combine(today, SEND_AT, self._zone))
        return quiet.move(due, datetime.max.replace(tzinfo=self._zone), self._zone)
