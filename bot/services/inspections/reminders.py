"""Inspection reminders, the monthly digest and the quarterly warning, from the database into
the outbox (the rules: :mod:`bot.domain.inspections.reminders`).

Only items of adopted programmes count. ``plan`` reads what is stored, works out what is due
today, and in one write transaction queues what was not queued before: the outbox's keys are
the "already sent" marks, so running it every half hour, twice, or after a crash, sends nothing
twice. A queued reminder that is no longer wanted before it goes out (the self-report arrived,
the action was done) is skipped. Each goes out at 08:00 local on its day, or at once when the
job wakes later, moved out of the recipient's quiet hours; never after its day has passed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from enum import StrEnum
from typing import Protocol
from zoneinfo import ZoneInfo

from bot.clock import Clock
from bot.domain.errors import UserError
from bot.domain.inspections.model import ItemState
from bot.domain.inspections.quotas import QuotaLine
from bot.domain.inspections.records import Item, RemediationAction
from bot.domain.inspections.reminders import (
    DEFAULT_VERIFICATION_DAYS,
    PREFIX,
    REMEDIABLE,
    VERIFYING,
    Reminder,
    action_reminders,
    behind_reminders,
    checkpoint,
    digest_reminders,
    is_committee_secretary,
    item_reminders,
    required_closed,
    unsent,
    verification_closes,
)
from bot.domain.model import Member, Role
from bot.domain.outbox import (
    PRIORITY_NORMAL,
    ChatKind,
    DeliveryStatus,
    OutgoingMessage,
    Purpose,
)
from bot.domain.preferences import NOTHING_CHOSEN
from bot.domain.quiet_hours import QuietHours
from bot.services.delivery import DeliveryService
from bot.services.inspections.ports import InspectionsUnitOfWork
from bot.services.inspections.programme import ProgrammeService
from bot.services.ports import Database, PreferenceRepository

SEND_AT = time(8, 0)  # local time a reminder, the digest or the warning goes out


class RemindersUnitOfWork(InspectionsUnitOfWork, Protocol):
    """The inspections' unit of work with the members' quiet hours."""

    @property
    def preferences(self) -> PreferenceRepository: ...


@dataclass(frozen=True)
class ItemReminder:
    """A reminder about one item (and one remediation action of it)."""

    reminder: Reminder
    item: Item
    year: int  # the programme's
    target_name: str
    today: date
    closes: date | None = None  # the verification window's last day + 1
    action: RemediationAction | None = None
    owner_name: str = ""  # the action's owner (for the lead's escalation)


class Lateness(StrEnum):
    SELF_REPORT = "self_report"  # not received by its due date
    VERIFICATION = "verification"  # the window closed, nothing concluded
    REMEDIATION = "remediation"  # an action past its due date


@dataclass(frozen=True)
class OverdueStep:
    item: Item
    target_name: str
    lateness: Lateness
    since: date  # the day it was due
    action: RemediationAction | None = None


@dataclass(frozen=True)
class MonthDigest:
    reminder: Reminder
    month: date  # its first day
    items: tuple[tuple[Item, str], ...]  # this month's items with their targets' names
    overdue: tuple[OverdueStep, ...]
    quota_lines: tuple[QuotaLine, ...]


@dataclass(frozen=True)
class BehindWarning:
    reminder: Reminder
    year: int
    months: int  # of the year gone by
    items: int  # the year's items with steps
    closed: int
    required: int


Notice = ItemReminder | MonthDigest | BehindWarning
# One notice's text, in the member's language.
Render = Callable[[Member, Notice], str]


class InspectionReminderService:
    def __init__(
        self,
        db: Database[RemindersUnitOfWork],
        clock: Clock,
        zone: ZoneInfo,
        delivery: DeliveryService,
        programme: ProgrammeService,
        *,
        quiet: QuietHours | None = None,
        verification_days: int = DEFAULT_VERIFICATION_DAYS,
    ) -> None:
        self._db = db
        self._clock = clock
        self._zone = zone
        self._delivery = delivery
        self._programme = programme
        self.quiet = quiet or QuietHours()
        self.verification_days = verification_days

    def _received(self, item: Item) -> date | None:
        at = item.self_report_at
        return None if at is None else at.astimezone(self._zone).date()

    async def plan(self, render: Render) -> int:
        """Queues the reminders due today not queued before; returns how many.

        The programme, the members and what was queued are read outside the writer (every
        member of the organisation is read: seconds at 50,000 inside a write transaction);
        the write only marks what is no longer wanted and adds what is new."""
        now = self._clock.now()
        today = now.astimezone(self._zone).date()
        async with self._db.read() as uow:
            state = await _State.read(uow, today)
            notices = self._item_notices(state, today) + await self._digests(uow, state, today)
            wanted = {notice.reminder.key for notice in notices}
            queued = await uow.outbox.by_prefix(Purpose.REMINDER, PREFIX)
            fresh = {r.key for r in unsent((n.reminder for n in notices), (r.key for r in queued))}
            notices = [n for n in notices if n.reminder.key in fresh]
            recipients = sorted({n.reminder.member_id for n in notices} & set(state.members))
            addresses = await uow.outbox.addresses_of(recipients) if recipients else {}
            preferences = await uow.preferences.of_members(recipients) if recipients else {}
        stale = [
            row.key
            for row in queued
            if row.status is DeliveryStatus.PENDING and row.key not in wanted
        ]
        messages = []
        for notice in notices:
            reminder = notice.reminder
            member = state.members.get(reminder.member_id)
            address = addresses.get(reminder.member_id)
            if member is None or address is None:
                continue
            quiet = preferences.get(member.id, NOTHING_CHOSEN).quiet_or(self.quiet)
            at = self._send_at(now, today, quiet)
            until = reminder.until
            expires = None if until is None else datetime.combine(until, time(0), self._zone)
            if expires is not None and at >= expires:
                continue  # its day is over before the quiet hours are
            messages.append(
                OutgoingMessage(
                    key=reminder.key,
                    purpose=Purpose.REMINDER,
                    chat_id=address.chat_id,
                    channel=address.channel,
                    chat_kind=ChatKind.PRIVATE,
                    text=render(member, notice),
                    not_before=at,
                    member_id=member.id,
                    source_id=reminder.item_id,
                    priority=PRIORITY_NORMAL,
                    expires_at=expires,
                )
            )
        if not stale and not messages:
            return 0
        async with self._db.write() as uow:
            await uow.outbox.skip_keys(stale, "no longer needed")
            added = await uow.outbox.enqueue(messages, now)
        if added:
            self._delivery.wake()
        return added

    def _send_at(self, now: datetime, today: date, quiet: QuietHours) -> datetime:
        """08:00 local today, or now if later; out of the quiet hours it falls in (to their
        end, even when that is tomorrow: the caller drops a reminder whose day is then over)."""
        due = max(now, datetime.combine(today, SEND_AT, self._zone))
        return quiet.move(due, datetime.max.replace(tzinfo=self._zone), self._zone)

    def _item_notices(self, state: _State, today: date) -> list[Notice]:
        notices: list[Notice] = []
        for item in state.items.values():
            year = state.years[item.programme_id]
            received = self._received(item)
            closes = (
                None if received is None else verification_closes(received, self.verification_days)
            )
            for reminder in item_reminders(
                item,
                year,
                today,
                targets=state.targets(item),
                received=received,
                verification_days=self.verification_days,
            ):
                notices.append(
                    ItemReminder(reminder, item, year, state.target_name(item), today, closes)
                )
        for action in state.actions:
            owning = state.items.get(action.item_id)
            if owning is None:
                continue
            lead = () if owning.lead_id is None else (owning.lead_id,)
            for reminder in action_reminders(
                action, owning, today, escalate_to=lead or state.secretaries
            ):
                notices.append(
                    ItemReminder(
                        reminder,
                        owning,
                        state.years[owning.programme_id],
                        state.target_name(owning),
                        today,
                        action=action,
                        owner_name=state.name(action.owner_id),
                    )
                )
        return notices

    async def _digests(self, uow: RemindersUnitOfWork, state: _State, today: date) -> list[Notice]:
        """The month's digest and the checkpoint's warning, in the first week of a month."""
        people = [*state.committee, *(m for m in state.commission if m not in state.committee)]
        digests = digest_reminders(today, people)
        months = checkpoint(today)
        if not digests and months is None:
            return []  # most days: the year's items are not even read
        year_items = await uow.inspections.items_of_year(today.year)
        # The programme's planned items: not regular supervision (no steps to close), nor the
        # commission's ad hoc inspections of a suspected violation (not planned, not shown).
        stepped = [i for i in year_items if i.kind.has_steps and not i.kind.is_restricted]
        closed = sum(1 for i in stepped if i.state is ItemState.CLOSED)
        behind = behind_reminders(today, state.committee, items=len(stepped), closed=closed)
        if not digests and not behind:
            return []
        notices: list[Notice] = []
        overdue = self._overdue(state, today)
        if digests and (year_items or overdue):
            try:
                lines = await self._programme.quota_lines_in(uow, today.year)
            except UserError:
                lines = ()
            for reminder in digests:
                sees_all = reminder.member_id in state.commission

                def shown(item: Item, sees_all: bool = sees_all) -> bool:
                    return sees_all or not item.kind.is_restricted

                notices.append(
                    MonthDigest(
                        reminder,
                        today.replace(day=1),
                        tuple(
                            (i, state.target_name(i))
                            for i in year_items
                            if i.month == today.month and shown(i)
                        ),
                        tuple(step for step in overdue if shown(step.item)),
                        lines,
                    )
                )
        if months is not None:
            required = required_closed(len(stepped), months)
            notices += [
                BehindWarning(r, today.year, months, len(stepped), closed, required) for r in behind
            ]
        return notices

    def _overdue(self, state: _State, today: date) -> list[OverdueStep]:
        found = []
        for item in state.items.values():
            if not item.kind.has_steps:
                continue
            name = state.target_name(item)
            due = item.self_report_due
            if item.state is ItemState.NOTIFIED and due is not None and due < today:
                found.append(OverdueStep(item, name, Lateness.SELF_REPORT, due))
            received = self._received(item)
            if item.state in VERIFYING and received is not None:
                closes = verification_closes(received, self.verification_days)
                if closes <= today:
                    found.append(OverdueStep(item, name, Lateness.VERIFICATION, closes))
        for action in state.actions:
            owning = state.items.get(action.item_id)
            if owning is not None and owning.state in REMEDIABLE and action.due < today:
                name = state.target_name(owning)
                found.append(OverdueStep(owning, name, Lateness.REMEDIATION, action.due, action))
        return sorted(found, key=lambda step: (step.since, step.item.id))


@dataclass(frozen=True)
class _State:
    """What the reminders are worked out from, read in one transaction."""

    items: Mapping[int, Item]  # the open items of adopted programmes, by id
    years: Mapping[int, int]  # programme id → year
    actions: tuple[RemediationAction, ...]  # open remediation actions
    members: Mapping[int, Member]  # the active members
    cells: Mapping[int, str]  # unit id → name
    secretaries_of: Mapping[int, tuple[int, ...]]  # cell id → its secretaries
    committee: tuple[int, ...]
    commission: tuple[int, ...]
    secretaries: tuple[int, ...]  # the committee's secretary (or, with none named, the committee)

    @classmethod
    async def read(cls, uow: InspectionsUnitOfWork, today: date) -> _State:
        items = {item.id: item for item in await uow.inspections.open_items()}
        years: dict[int, int] = {}
        for item in items.values():
            if item.programme_id not in years:
                programme = await uow.inspections.programme_by_id(item.programme_id)
                years[item.programme_id] = today.year if programme is None else programme.year
        members = {m.id: m for m in await uow.members.all() if m.is_active}
        committee = _active(await uow.roles.holders(Role.COMMITTEE), members)
        secretaries = tuple(m for m in committee if is_committee_secretary(members[m].title))
        by_cell = await uow.roles.holders_by_unit(Role.CELL_SECRETARY)
        return cls(
            items=items,
            years=years,
            actions=tuple(await uow.inspections.open_actions()),
            members=members,
            cells={unit.id: unit.name for unit in await uow.units.all()},
            secretaries_of={cell: _active(ids, members) for cell, ids in by_cell.items()},
            committee=committee,
            commission=_active(await uow.roles.holders(Role.INSPECTOR), members),
            secretaries=secretaries or committee,
        )

    def name(self, member_id: int) -> str:
        member = self.members.get(member_id)
        return "" if member is None else member.full_name

    def target_name(self, item: Item) -> str:
        if item.target.kind.is_person:
            return self.name(item.target.id)
        return self.cells.get(item.target.id, "")

    def targets(self, item: Item) -> tuple[int, ...]:
        """Whom the target's reminders go to: the member, or the cell's secretaries."""
        if item.target.kind.is_person:
            return (item.target.id,)
        return self.secretaries_of.get(item.target.id, ())


def _active(ids: Iterable[int], members: Mapping[int, Member]) -> tuple[int, ...]:
    return tuple(sorted(member_id for member_id in set(ids) if member_id in members))
