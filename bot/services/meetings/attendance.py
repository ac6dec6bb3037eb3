"""Attendance: members check in during the meeting, the secretary marks and corrects, and after
the meeting ``finalise`` fills the gaps and alerts the cell secretary once per occurrence.

Who may mark: the secretary of the member's cell, or the committee. Alerts go through the
outbox with a key naming the rule, the meeting and the member, so they are never sent twice;
their text comes from the caller's ``render``, in the secretary's language.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.clock import Clock
from bot.domain.attendance import (
    AlertKind,
    MeetingFigures,
    Record,
    Source,
    Status,
    YearFigures,
    alerts_for,
    in_check_in_window,
    year_figures,
)
from bot.domain.errors import NotAllowed, NotFound, UserError
from bot.domain.meetings import Meeting, concerns, unit_chains
from bot.domain.model import Identity, Member, Role, Unit, UnitKind
from bot.domain.outbox import ChatKind, OutgoingMessage, Purpose
from bot.domain.permissions import may_record_attendance, oversees_everyone, secretary_of
from bot.domain.rsvps import Answer, Rsvp
from bot.domain.text import cell_key, cell_sort_key
from bot.i18n import N_
from bot.services.delivery import DeliveryService
from bot.services.meetings.attendance_sheets import (
    Markable,
    Recent,
    Sheet,
    load_sheet,
    may_mark,
)
from bot.services.meetings.meeting_audience import CANCELLED, audience_meeting, audited, expected_at
from bot.services.meetings.ports import MeetingsUnitOfWork
from bot.services.ports import Database

NOT_FOUND = N_("Meeting {id} does not exist.")
OWN_CELL = N_("You can record attendance of your own cell only.")
NOT_STARTED = N_("The meeting has not started yet: attendance can be recorded from {at}.")
HISTORY = timedelta(days=366)
SECOND = timedelta(seconds=1)  # the history up to and including the meeting itself
RECORDS_PER_WRITE = 250  # attendance records finalised per write transaction (a few ms each)
FINALISE_DAYS = 7  # a meeting ended longer ago is left as it is
RECENT_DAYS = 30  # the sheets offered: meetings of today and this many days back

# The alert to one secretary: (secretary, absent member, meeting, rule) -> text.
Render = Callable[[Member, Member, Meeting, AlertKind], str]


class AttendanceService:
    def __init__(
        self,
        db: Database[MeetingsUnitOfWork],
        clock: Clock,
        zone: ZoneInfo,
        delivery: DeliveryService,
    ) -> None:
        self._db = db
        self._clock = clock
        self._zone = zone
        self._delivery = delivery

    async def check_in(self, actor: Identity, meeting_id: int) -> Meeting:
        """``actor`` came: only from 30 minutes before the start to the end."""
        now = self._clock.now()
        async with (
            audited(self._db, self._clock, actor, "check_in", meeting_id=meeting_id),
            self._db.write() as uow,
        ):
            meeting = await audience_meeting(uow, actor, meeting_id)
            if not in_check_in_window(now, meeting.starts_at, meeting.ends_at):
                raise UserError(
                    N_("Check-in opens 30 minutes before the meeting and closes at its end.")
                )
            await uow.attendance.save(
                Record(
                    meeting.id,
                    actor.member.id,
                    Status.ATTENDED,
                    actor.member.id,
                    now,
                    Source.CHECK_IN,
                )
            )
        return meeting

    async def open_now(self, actor: Identity) -> list[Meeting]:
        """The meetings ``actor`` can check in to right now."""
        now = self._clock.now()
        async with self._db.read() as uow:
            meetings = await uow.meetings.between(now - timedelta(days=1), now + timedelta(hours=1))
            chains = unit_chains(await uow.units.all())
        chain = chains.get(actor.member.cell_id, frozenset())
        return [
            m
            for m in meetings
            if not m.cancelled
            and concerns(m, actor.member, chain)
            and in_check_in_window(now, m.starts_at, m.ends_at)
        ]

    async def mark(
        self, actor: Identity, meeting_id: int, member_id: int, status: Status | None
    ) -> Sheet:
        """The secretary records (or corrects) one member; ``status`` None is "absent", excused
        when the member answered absent with a reason. Not before the meeting starts: what
        is recorded counts in the year's figures, which look at meetings that have begun."""
        now = self._clock.now()
        async with (
            audited(self._db, self._clock, actor, "attendance_mark", meeting_id=meeting_id),
            self._db.write() as uow,
        ):
            meeting = await _meeting(uow, meeting_id)
            scope = {m.id: m for m in await expected_at(uow, meeting)}
            member = scope.get(member_id)
            if member is None or not may_mark(actor, member):
                raise NotAllowed(OWN_CELL)
            if now < meeting.starts_at:
                raise UserError(NOT_STARTED, at=meeting.starts_at.astimezone(self._zone))
            if status is None:
                rsvp = await uow.rsvps.get(meeting.id, member.id)
                status = Status.EXCUSED if _excused(rsvp) else Status.UNEXCUSED
            await uow.attendance.save(
                Record(meeting.id, member.id, status, actor.member.id, now, Source.SECRETARY)
            )
            return await load_sheet(uow, actor, meeting, list(scope.values()), now)

    async def toggle(self, actor: Identity, meeting_id: int, member_id: int) -> Sheet:
        """The secretary's button: unmarked or unexcused -> attended -> excused -> unexcused."""
        async with self._db.read() as uow:
            records = {r.member_id: r.status for r in await uow.attendance.of_meeting(meeting_id)}
        current = records.get(member_id)
        status = Status.ATTENDED if current is None else current.next()
        return await self.mark(actor, meeting_id, member_id, status)

    async def sheet(self, actor: Identity, meeting_id: int) -> Sheet:
        """The toggles and figures for the members ``actor`` may mark."""
        async with (
            audited(self._db, self._clock, actor, "attendance_sheet", meeting_id=meeting_id),
            self._db.read() as uow,
        ):
            meeting = await _meeting(uow, meeting_id)
            scope = await expected_at(uow, meeting)
            mine = [m for m in scope if may_mark(actor, m)]
            if not mine:
                raise NotAllowed(OWN_CELL)
            return await load_sheet(uow, actor, meeting, scope, self._clock.now())

    def may_record(self, actor: Identity) -> bool:
        """Whether ``actor`` keeps attendance sheets: cell secretaries, the committee, admins."""
        return may_record_attendance(actor)

    async def markable(self, actor: Identity, cell_id: int | None = None) -> Recent:
        """The meetings of today and the last 30 days whose attendance ``actor`` records,
        newest first: a secretary's cells' (organisation-wide ones included), any for the
        committee; with ``cell_id`` only those of that cell (one of theirs)."""
        if not may_record_attendance(actor):
            raise NotAllowed(OWN_CELL)
        everyone = oversees_everyone(actor)
        cells = None if everyone else secretary_of(actor)
        if cell_id is not None:
            if cells is not None and cell_id not in cells:
                async with audited(
                    self._db, self._clock, actor, "attendance_list", cell_id=cell_id
                ):
                    raise NotAllowed(OWN_CELL)
            cells = frozenset({cell_id})
        local = self._clock.now().astimezone(self._zone)
        today = local.replace(hour=0, minute=0, second=0, microsecond=0)
        async with self._db.read() as uow:
            meetings = await uow.meetings.between(
                today - timedelta(days=RECENT_DAYS), today + timedelta(days=1)
            )
            units = {u.id: u for u in await uow.units.all()}
        chains = unit_chains(units.values())
        several = everyone or len(secretary_of(actor)) > 1
        found = []
        for meeting in meetings:
            if meeting.cancelled or (
                cells is not None
                and not any(meeting.unit_ids & chains.get(c, frozenset()) for c in cells)
            ):
                continue
            names = sorted(
                (units[i].name for i in meeting.unit_ids if i in units), key=cell_sort_key
            )
            found.append(Markable(meeting, ", ".join(names) if several else None))
        found.sort(key=lambda m: (m.meeting.starts_at, m.meeting.id), reverse=True)
        return Recent(found, None if cell_id is None else units.get(cell_id), everyone)

    async def find_cell(self, name: str) -> Unit:
        """A cell by (part of) its name, as typed after /diemdanh."""
        async with self._db.read() as uow:
            cells = [u for u in await uow.units.all() if u.kind is UnitKind.CELL]
        wanted = cell_key(name)
        exact = [u for u in cells if cell_key(u.name) == wanted]
        found = exact or [u for u in cells if wanted and wanted in cell_key(u.name)]
        if len(found) != 1:
            raise NotFound(N_("There is no cell named {name}."), name=name)
        return found[0]

    async def meeting_report(self, actor: Identity, meeting_id: int) -> MeetingFigures:
        return (await self.sheet(actor, meeting_id)).figures

    async def member_year(self, actor: Identity, member_id: int) -> YearFigures:
        """The member's last twelve months: themselves, their secretary, or the committee."""
        now = self._clock.now()
        async with self._db.read() as uow:
            member = await uow.members.get(member_id)
            if member is None or (member.id != actor.member.id and not may_mark(actor, member)):
                raise NotAllowed(N_("You can record attendance of your own cell only."))
            return year_figures(await uow.attendance.history(member.id, now - HISTORY, now))

    async def finalise(self, meeting_id: int, render: Render) -> int:
        """After the meeting: members without a record become unexcused (excused when they
        answered absent with a reason); new alerts go to the cell secretaries. Returns how many
        alert messages were queued; running it again queues nothing.

        Everything is read first, outside the writer; the records are then written a batch
        at a time (an organisation-wide study concerns every member: one transaction for all
        of them would hold the writer for seconds), never over a mark made meanwhile; the
        alerts and the "finalised" mark last, in one short transaction."""
        now = self._clock.now()
        async with self._db.read() as uow:
            meeting = await _meeting(uow, meeting_id)
            if now < meeting.ends_at:
                raise UserError(N_("The meeting has not ended yet."))
            scope = await expected_at(uow, meeting)
            marked = {r.member_id for r in await uow.attendance.of_meeting(meeting.id)}
            answers = {r.member_id: r for r in await uow.rsvps.of_meetings([meeting.id])}
        unmarked = [
            Record(
                meeting.id,
                member.id,
                Status.EXCUSED if _excused(answers.get(member.id)) else Status.UNEXCUSED,
                None,
                now,
                Source.FINALISE,
            )
            for member in scope
            if member.id not in marked
        ]
        for start in range(0, len(unmarked), RECORDS_PER_WRITE):
            async with self._db.write() as uow:
                await uow.attendance.add_unmarked(unmarked[start : start + RECORDS_PER_WRITE])
        async with self._db.read() as uow:
            alerts = await self._alerts(uow, meeting, scope, render, now)
        async with self._db.write() as uow:
            new: dict[tuple[int, AlertKind], bool] = {}
            messages = []
            for member_id, kind, message in alerts:
                if (member_id, kind) not in new:
                    new[member_id, kind] = await uow.attendance.add_alert(
                        member_id, kind, meeting.id, now
                    )
                if new[member_id, kind] and message is not None:
                    messages.append(message)
            await uow.outbox.enqueue(messages, now)
            await uow.attendance.mark_finalised(meeting.id, now)
        if messages:
            self._delivery.wake()
        return len(messages)

    async def finalise_ended(self, render: Render, days: int = FINALISE_DAYS) -> int:
        """``finalise`` every meeting that ended in the last ``days`` days and was not finalised
        yet (the periodic job); returns how many alert messages were queued."""
        now = self._clock.now()
        async with self._db.read() as uow:
            meetings = await uow.meetings.between(now - timedelta(days=days + 1), now)
            ended = [m.id for m in meetings if not m.cancelled and m.ends_at <= now]
            done = await uow.attendance.finalised(ended)
        return sum([await self.finalise(i, render) for i in ended if i not in done])

    async def _alerts(
        self,
        uow: MeetingsUnitOfWork,
        meeting: Meeting,
        scope: list[Member],
        render: Render,
        now: datetime,
    ) -> list[tuple[int, AlertKind, OutgoingMessage | None]]:
        """The alerts the members' histories call for, each with the message to each of the
        member's cell secretaries (None when an alert has nobody to go to): written, and the
        messages queued, only for the alerts not raised before."""
        histories = await uow.attendance.histories(
            [m.id for m in scope], meeting.starts_at - HISTORY, meeting.starts_at + SECOND
        )
        raised = [
            (member, kind)
            for member in scope
            for kind in alerts_for(histories.get(member.id, []), meeting.id)
        ]
        if not raised:  # most runs raise none
            return []
        secretaries = await uow.roles.holders_by_unit(Role.CELL_SECRETARY)  # cell → ids
        chats = await uow.outbox.addresses_of([i for ids in secretaries.values() for i in ids])
        people: dict[int, Member | None] = {}
        alerts: list[tuple[int, AlertKind, OutgoingMessage | None]] = []
        for member, kind in raised:
            alerts.append((member.id, kind, None))
            for secretary_id in secretaries.get(member.cell_id, []):
                if secretary_id not in people:
                    people[secretary_id] = await uow.members.get(secretary_id)
                secretary = people[secretary_id]
                chat = chats.get(secretary_id)
                if secretary is None or chat is None:
                    continue
                alerts.append(
                    (
                        member.id,
                        kind,
                        OutgoingMessage(
                            key=f"attendance:{kind.value}:{meeting.id}:{member.id}:{secretary_id}",
                            purpose=Purpose.NOTICE,
                            chat_id=chat.chat_id,
                            channel=chat.channel,
                            chat_kind=ChatKind.PRIVATE,
                            text=render(secretary, member, meeting, kind),
                            not_before=now,
                            member_id=secretary_id,
                            source_id=meeting.id,
                        ),
                    )
                )
        return alerts


def _excused(rsvp: Rsvp | None) -> bool:
    """Absent with a reason given beforehand."""
    return rsvp is not None and rsvp.answer is Answer.ABSENT and rsvp.reason_kind is not None


async def _meeting(uow: MeetingsUnitOfWork, meeting_id: int) -> Meeting:
    meeting = await uow.meetings.get(meeting_id)
    if meeting is None:
        raise NotFound(NOT_FOUND, id=str(meeting_id))
    if meeting.cancelled:
        raise UserError(CANCELLED)
    return meeting
