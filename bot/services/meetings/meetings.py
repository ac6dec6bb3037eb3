"""Meetings: one-off meetings and recurring series, their occurrences, who is in scope.

A series stores its rule as a ``CronTrigger`` spec (see ``bot.services.meetings.recurrence``);
``materialise`` writes its occurrences as ordinary meeting rows a few months ahead, keyed by the
series' own time, so running it again adds nothing and a moved or cancelled occurrence is never
recreated (in :mod:`bot.services.meetings.series_occurrences`, a base class). Nothing here
sends messages: moving or cancelling returns whom to tell.

``actor`` None is the operator on the command line, who may do what the committee does.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.clock import Clock
from bot.domain.errors import NotAllowed, NotFound, UserError
from bot.domain.meetings import (
    DEFAULT_DURATION,
    DEFAULT_REMINDERS,
    Meeting,
    MeetingKind,
    MeetingRequest,
    NewMeeting,
    NewSeries,
    concerns,
    parse_offsets,
)
from bot.domain.model import Identity, Member, Unit, UnitKind
from bot.domain.outbox import PRIORITY_URGENT, ChatKind, OutgoingMessage, Purpose
from bot.domain.text import cell_key, cell_sort_key
from bot.i18n import N_
from bot.services.cell_names import unknown_cell
from bot.services.meetings.meeting_audience import expected_at, unit_chain
from bot.services.meetings.meeting_calendar import calendar_bytes
from bot.services.meetings.meeting_edits import NOT_FOUND, NOT_YOURS, MeetingEdits, may_change
from bot.services.meetings.meeting_rows import parse_rows
from bot.services.meetings.ports import MeetingsUnitOfWork
from bot.services.meetings.recurrence import parse_rule
from bot.services.meetings.reminders import meeting_prefix
from bot.services.meetings.series_occurrences import MATERIALISE_AHEAD, SeriesOccurrences
from bot.services.meetings.similar_series import SeriesExists, similar_series
from bot.services.ports import Database
from bot.services.spreadsheet import (
    DEFAULT_LIMITS,
    ImportLimits,
    ImportRejected,
    Problem,
    read_sheet,
)

MAX_TITLE = 200

# The cancellation notice of ``meeting`` for one member, in their language (HTML).
CancelRender = Callable[[Member, Meeting], str]


@dataclass(frozen=True)
class Created:
    meeting_ids: list[int]  # the one-off meeting, or the occurrences materialised so far
    series_id: int | None


@dataclass(frozen=True)
class Listed:
    meeting: Meeting
    units: list[str]  # whose it is: its cells' names, or the organisation's


@dataclass(frozen=True)
class Changed:
    meeting: Meeting
    notify: list[Member]  # the members in scope, to be told by the reminders step
    told: int = 0  # of them, those already reminded, sent a cancellation notice


class MeetingService(MeetingEdits, SeriesOccurrences):
    def __init__(
        self,
        db: Database[MeetingsUnitOfWork],
        clock: Clock,
        zone: ZoneInfo,
        defaults: dict[MeetingKind, tuple[timedelta, ...]] | None = None,
        import_limits: ImportLimits = DEFAULT_LIMITS,
    ) -> None:
        self._db = db
        self._clock = clock
        self.zone = zone
        self._import_limits = import_limits
        # The organisation's reminder offsets per kind (BUTPHA_REMINDERS), for new meetings.
        self.defaults = defaults or DEFAULT_REMINDERS

    def local(self, moment: datetime) -> datetime:
        return moment.astimezone(self.zone)

    async def create(
        self, actor: Identity | None, request: MeetingRequest, *, ask_if_similar: bool = False
    ) -> Created:
        """A one-off meeting, or a series with its first months of occurrences. With
        ``ask_if_similar``, a series of a kind its unit already has raises SeriesExists."""
        async with self._db.write() as uow:
            return await self._create(uow, actor, request, ask_if_similar)

    async def import_file(self, actor: Identity | None, path: Path) -> list[Created]:
        """A year's plan from a spreadsheet: every row is created, or none (problems by row)."""
        requests, problems = parse_rows(read_sheet(path, self._import_limits))
        if problems and not requests:
            raise ImportRejected(problems)
        async with self._db.write() as uow:
            created = []
            # The rows that read well are created too, so one run reports every problem.
            for number, request in requests:
                try:
                    created.append(await self._create(uow, actor, request))
                except UserError as error:
                    problems.append(Problem(number, error.message, error.params))
            if problems:
                # Raising inside the block rolls every row back.
                raise ImportRejected(sorted(problems, key=lambda p: p.row))
        return created

    async def _create(
        self,
        uow: MeetingsUnitOfWork,
        actor: Identity | None,
        request: MeetingRequest,
        ask_if_similar: bool = False,
    ) -> Created:
        title = request.title.strip()
        if not title or len(title) > MAX_TITLE:
            raise UserError(N_("Give the meeting a title of at most 200 characters."))
        starts = request.starts.replace(tzinfo=self.zone)
        ends = (
            starts + DEFAULT_DURATION
            if request.ends is None
            else request.ends.replace(tzinfo=self.zone)
        )
        if ends <= starts:
            raise UserError(N_("The meeting must end after it starts."))
        remind = (
            self.defaults[request.kind] if request.remind is None else parse_offsets(request.remind)
        )
        recurrence = None if request.repeat is None else parse_rule(request.repeat, request.starts)
        now = self._clock.now()
        if starts < now:
            raise UserError(N_("{at} has already passed; choose a later time."), at=starts)
        units = await _resolve_units(uow, request)
        _authorise(actor, units)
        if recurrence is not None and ask_if_similar:
            similar = await similar_series(uow, request.kind, units)
            if similar:
                raise SeriesExists(similar)
        unit_ids = frozenset(u.id for u in units)
        by = None if actor is None else actor.member.id
        if recurrence is None:
            meeting = NewMeeting(
                kind=request.kind, title=title, starts_at=starts, ends_at=ends,
                attendees=request.attendees, unit_ids=unit_ids, remind=remind,
                place=request.place, online_link=request.online_link, agenda=request.agenda,
            )  # fmt: skip
            return Created([await uow.meetings.add(meeting, created_by=by, at=now)], None)
        series = NewSeries(
            kind=request.kind, title=title, rule=request.repeat or "",
            trigger=recurrence.fields, duration=ends - starts, attendees=request.attendees,
            unit_ids=unit_ids, remind=remind, starts_from=starts, place=request.place,
            online_link=request.online_link, agenda=request.agenda,
        )  # fmt: skip
        series_id = await uow.meetings.add_series(series, created_by=by, at=now)
        stored = await uow.meetings.get_series(series_id)
        assert stored is not None
        ids = await self._materialise_series(uow, stored, now + MATERIALISE_AHEAD, now)
        return Created(ids, series_id)

    async def get(self, meeting_id: int) -> Meeting:
        async with self._db.read() as uow:
            meeting = await uow.meetings.get(meeting_id)
        if meeting is None:
            raise NotFound(NOT_FOUND, id=str(meeting_id))
        return meeting

    async def move(self, actor: Identity | None, meeting_id: int, starts: datetime) -> Changed:
        """One occurrence to a new local start, same length; the series is left alone."""
        new_start = starts.replace(tzinfo=self.zone)
        if new_start < self._clock.now():
            raise UserError(N_("{at} has already passed; choose a later time."), at=new_start)
        async with self._guard(actor, meeting_id), self._db.write() as uow:
            meeting = await self._changeable(uow, actor, meeting_id)
            length = meeting.ends_at - meeting.starts_at
            await uow.meetings.reschedule(
                meeting.id, new_start, new_start + length, self._clock.now()
            )
            # Reminders planned for the old time stop; the next planning run plans the new time
            # under keys carrying the new sequence.
            await uow.outbox.skip_pending(
                Purpose.REMINDER, meeting_prefix(meeting.id), "meeting moved"
            )
            moved = await uow.meetings.get(meeting.id)
            assert moved is not None
            return Changed(moved, await expected_at(uow, moved))

    async def cancel(
        self, actor: Identity | None, meeting_id: int, render: CancelRender | None = None
    ) -> Changed:
        """Cancel one occurrence: its pending reminders and nudges stop and, with ``render``,
        the members who were already reminded are told, in the same transaction."""
        now = self._clock.now()
        async with self._guard(actor, meeting_id), self._db.write() as uow:
            meeting = await self._changeable(uow, actor, meeting_id)
            await uow.meetings.cancel(meeting.id, now)
            cancelled = await uow.meetings.get(meeting.id)
            assert cancelled is not None
            await uow.outbox.skip_pending(
                Purpose.REMINDER, meeting_prefix(meeting.id), "meeting cancelled"
            )
            await uow.outbox.skip_pending(
                Purpose.NUDGE, f"nudge:meeting:{meeting.id}:", "meeting cancelled"
            )
            told = 0 if render is None else await _tell_reminded(uow, cancelled, render, now)
            return Changed(cancelled, await expected_at(uow, cancelled), told)

    async def _changeable(
        self, uow: MeetingsUnitOfWork, actor: Identity | None, meeting_id: int
    ) -> Meeting:
        meeting = await uow.meetings.get(meeting_id)
        if meeting is None:
            raise NotFound(NOT_FOUND, id=str(meeting_id))
        units = [u for u in await uow.units.all() if u.id in meeting.unit_ids]
        _authorise(actor, units)
        if meeting.cancelled:
            raise UserError(N_("Meeting {id} is already cancelled."), id=str(meeting_id))
        return meeting

    async def upcoming(self, member: Member | None, days: int = 30) -> list[Meeting]:
        """Meetings in the next ``days`` days: ``member``'s (scope and attendees), or all."""
        now = self._clock.now()
        async with self._db.read() as uow:
            meetings = await uow.meetings.between(now, now + timedelta(days=days))
            if member is None:
                return meetings
            chain = await unit_chain(uow, member.cell_id)
        return [m for m in meetings if concerns(m, member, chain)]

    async def listing(self, days: int) -> list[Listed]:
        """Every meeting of the next ``days`` days with whose it is (the command line): by
        start, then by cell, since each cell's monthly meeting looks alike."""
        now = self._clock.now()
        async with self._db.read() as uow:
            meetings = await uow.meetings.between(now, now + timedelta(days=days))
            names = {u.id: u.name for u in await uow.units.all()}
        listed = [
            Listed(m, sorted((names[u] for u in m.unit_ids if u in names), key=cell_sort_key))
            for m in meetings
        ]
        listed.sort(key=lambda i: (i.meeting.starts_at, [cell_sort_key(n) for n in i.units]))
        return listed

    async def card(self, actor: Identity, meeting_id: int) -> Meeting:
        """One meeting for ``actor``'s card: only one that concerns them. A missing id and
        someone else's meeting get the same answer (and an audit row): a forged button
        learns nothing."""
        async with self._db.read() as uow:
            meeting = await uow.meetings.get(meeting_id)
            chain = await unit_chain(uow, actor.member.cell_id)
        if meeting is not None and concerns(meeting, actor.member, chain):
            return meeting
        async with self._db.write() as uow:
            await uow.audit.record(
                "meeting_access_refused",
                at=self._clock.now(),
                actor_member_id=actor.member.id,
                detail={"meeting_id": meeting_id},
            )
        raise NotAllowed(N_("You cannot open this meeting."))

    async def calendar(self, member: Member, days: int = 366) -> bytes:
        """An ``.ics`` of ``member``'s meetings from 30 days ago, cancelled ones marked."""
        now = self._clock.now()
        async with self._db.read() as uow:
            meetings = await uow.meetings.between(
                now - timedelta(days=30), now + timedelta(days=days)
            )
            chain = await unit_chain(uow, member.cell_id)
        mine = [m for m in meetings if concerns(m, member, chain)]
        return calendar_bytes(mine, self.zone, now)


async def _tell_reminded(
    uow: MeetingsUnitOfWork, meeting: Meeting, render: CancelRender, now: datetime
) -> int:
    """Only those who were sent a reminder or a nudge: the others never heard of it.
    Returns how many are told."""
    reminded = await uow.outbox.sent_members([Purpose.REMINDER, Purpose.NUDGE], meeting.id)
    addresses = await uow.outbox.addresses_of(reminded)
    messages = []
    for member_id in reminded:
        member = await uow.members.get(member_id)
        address = addresses.get(member_id)
        if member is None or address is None:
            continue
        messages.append(
            OutgoingMessage(
                key=f"meeting-cancelled:{meeting.id}:{member_id}",
                purpose=Purpose.NOTICE,
                chat_id=address.chat_id,
                channel=address.channel,
                chat_kind=ChatKind.PRIVATE,
                text=render(member, meeting),
                not_before=now,
                member_id=member_id,
                source_id=meeting.id,
                priority=PRIORITY_URGENT,
                expires_at=meeting.ends_at,
            )
        )
    await uow.outbox.enqueue(messages, now)
    return len(messages)


async def _resolve_units(uow: MeetingsUnitOfWork, request: MeetingRequest) -> list[Unit]:
    if request.everyone:
        root = await uow.units.root()
        if root is None:
            raise UserError(N_('The organisation does not exist yet: run "butpha init" first.'))
        return [root]
    if not request.cells:
        raise UserError(N_("Say whose meeting it is: one or more cells, or everyone."))
    root = await uow.units.root()
    cells: list[Unit] | None = None
    chosen: dict[int, Unit] = {}
    for name in request.cells:
        wanted = cell_key(name)
        # Cells hang from the organisation under this very key: one indexed look-up, not every
        # unit read again for each of a year's 2,000 meetings. Any other layout: the scan.
        found = None if root is None else await uow.units.find_child(root.id, wanted)
        if found is None or found.kind is not UnitKind.CELL or cell_key(found.name) != wanted:
            if cells is None:
                cells = [u for u in await uow.units.all() if u.kind is UnitKind.CELL]
            match = [c for c in cells if cell_key(c.name) == wanted]
            if not match:
                raise unknown_cell(name, cells)
            found = match[0]
        chosen[found.id] = found
    return list(chosen.values())


def _authorise(actor: Identity | None, units: list[Unit]) -> None:
    if not may_change(actor, units):
        raise NotAllowed(NOT_YOURS)
