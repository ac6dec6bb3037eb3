"""What a secretary does to a planned meeting after creating it, and what members open from
its card: edits, documents, the meetings one may change, one's own answers.

A part of :class:`bot.services.meetings.meetings.MeetingService` (its base class), kept apart so each
module stays small. A refused change leaves an audit row, as a refused card does.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.clock import Clock
from bot.domain.errors import NotAllowed, NotFound, UserError
from bot.domain.meetings import Meeting, MeetingDocument
from bot.domain.model import Identity, Unit, UnitKind
from bot.domain.outbox import Purpose
from bot.domain.permissions import may_plan_meetings, oversees_everyone, secretary_of
from bot.domain.rsvps import Rsvp
from bot.domain.text import cell_sort_key
from bot.i18n import N_
from bot.services.date_fields import check_moment
from bot.services.meetings.ports import MeetingsUnitOfWork
from bot.services.meetings.recurrence import parse_rule
from bot.services.meetings.reminders import meeting_prefix
from bot.services.ports import Database

NOT_FOUND = N_("Meeting {id} does not exist.")
NOT_YOURS = N_("A cell secretary arranges meetings of their own cell only.")
PLANNED_AHEAD = timedelta(days=120)  # how far ahead the planning menu lists meetings
FIRST_DATES = timedelta(days=800)  # where to look for a series' first dates
MAX_TITLE = 200
MAX_TEXT = 3000
BAD_DOCUMENT = N_("Send a file, a photo or a link starting with https://.")
_LINK = re.compile(r"^https?://\S+$")


def may_change(actor: Identity | None, units: list[Unit]) -> bool:
    """The operator and the committee change any meeting; a secretary one of their cells only."""
    if actor is None or oversees_everyone(actor):
        return True
    mine = secretary_of(actor)
    return bool(mine) and all(u.kind is UnitKind.CELL and u.id in mine for u in units)


def _changed(old: str | None, new: str | None) -> str | None:
    """None keeps ``old``; an empty or blank value removes it."""
    if new is None:
        return old
    return new.strip() or None


@dataclass(frozen=True)
class Repeat:
    """A series' rule as read: its trigger fields (to say it in words) and its first starts."""

    fields: dict[str, str]
    first: list[datetime]


@dataclass(frozen=True)
class Planned:
    meeting: Meeting
    scope: str | None  # whose meeting, for a planner of several cells


class MeetingEdits:
    _db: Database[MeetingsUnitOfWork]
    _clock: Clock
    zone: ZoneInfo

    async def _changeable(
        self, uow: MeetingsUnitOfWork, actor: Identity | None, meeting_id: int
    ) -> Meeting:
        raise NotImplementedError

    async def card(self, actor: Identity, meeting_id: int) -> Meeting:
        raise NotImplementedError

    def may_plan(self, actor: Identity) -> bool:
        return may_plan_meetings(actor)

    def may_plan_everyone(self, actor: Identity) -> bool:
        """Whether ``actor`` may plan meetings of the whole organisation (the committee)."""
        return oversees_everyone(actor)

    def local_now(self) -> datetime:
        """Now in the organisation's time zone, naive, as the planner's answers are."""
        return self._clock.now().astimezone(self.zone).replace(tzinfo=None)

    def read_start(self, text: str) -> datetime:
        """A start as the planner typed it ("10/04 14:00", "thứ Sáu tuần sau 8h"), local and
        naive; raises with the reason when it is not a day and time, or has passed."""
        starts = check_moment(text, self.local_now())
        self.check_start(starts)
        return starts

    def check_start(self, starts: datetime) -> None:
        """A local start for a new meeting or a move: refused once it has passed."""
        at = starts.replace(tzinfo=self.zone)
        if at < self._clock.now():
            raise UserError(N_("{at} has already passed; choose a later time."), at=at)

    def check_repeat(self, rule: str, starts: datetime, count: int = 3) -> list[datetime]:
        """The first ``count`` local starts of a series by ``rule`` from ``starts``; raises with
        the reason when the rule is not understood."""
        return self.read_repeat(rule, starts, count).first

    def read_repeat(self, rule: str, starts: datetime, count: int = 3) -> Repeat:
        """``rule`` read with the day and time it leaves out taken from ``starts``, and its first
        ``count`` local starts; raises with the reason when the rule is not understood."""
        start = starts.replace(tzinfo=self.zone)
        recurrence = parse_rule(rule, starts)
        found = []
        for at in recurrence.occurrences(self.zone, start, start + FIRST_DATES):
            found.append(at)
            if len(found) == count:
                break
        return Repeat(dict(recurrence.fields), found)

    async def planning_cells(self, actor: Identity) -> list[Unit]:
        """The cells ``actor`` may plan meetings for: their own, or every cell."""
        async with self._db.read() as uow:
            cells = [u for u in await uow.units.all() if u.kind is UnitKind.CELL]
        allowed = (c for c in cells if may_change(actor, [c]))
        return sorted(allowed, key=lambda c: cell_sort_key(c.name))

    async def planning_cell(self, actor: Identity, cell_id: int) -> Unit:
        """The cell ``actor`` pressed as a new meeting's scope, if they may plan for it; any
        other (a forged button) is refused and audited."""
        found = [c for c in await self.planning_cells(actor) if c.id == cell_id]
        if found:
            return found[0]
        async with self._db.write() as uow:
            await uow.audit.record(
                "meeting_change_refused",
                at=self._clock.now(),
                actor_member_id=actor.member.id,
                detail={"cell_id": cell_id},
            )
        raise NotAllowed(NOT_YOURS)

    async def plannable(self, actor: Identity) -> list[Planned]:
        """The upcoming meetings ``actor`` may change, by start, each with whose it is when
        ``actor`` plans for more than one cell (five cells' monthly meetings look alike)."""
        if not may_plan_meetings(actor):
            raise NotAllowed(NOT_YOURS)
        now = self._clock.now()
        async with self._db.read() as uow:
            meetings = await uow.meetings.between(now, now + PLANNED_AHEAD)
            units = {u.id: u for u in await uow.units.all()}
        several = oversees_everyone(actor) or len(secretary_of(actor)) > 1
        planned = []
        for meeting in meetings:
            scope = [units[i] for i in meeting.unit_ids if i in units]
            if meeting.cancelled or not may_change(actor, scope):
                continue
            names = ", ".join(sorted((u.name for u in scope), key=cell_sort_key))
            planned.append(Planned(meeting, names if several else None))
        return planned

    async def changeable(
        self, actor: Identity, meeting_id: int
    ) -> tuple[Meeting, list[MeetingDocument]]:
        """A meeting ``actor`` may change, with its documents (refused and audited if not)."""
        async with self._guard(actor, meeting_id), self._db.read() as uow:
            meeting = await self._changeable(uow, actor, meeting_id)
            return meeting, await uow.meetings.documents(meeting_id)

    async def edit(
        self,
        actor: Identity | None,
        meeting_id: int,
        *,
        title: str | None = None,
        place: str | None = None,
        online_link: str | None = None,
        agenda: str | None = None,
    ) -> Meeting:
        """One occurrence's title, place, link or agenda (None: unchanged; "": removed, except
        the title); the series is left alone. Its pending reminders stop: the next planning
        run plans them with the new text, under keys carrying the bumped sequence."""
        if title is not None:
            title = title.strip()
            if not title or len(title) > MAX_TITLE:
                raise UserError(N_("Give the meeting a title of at most 200 characters."))
        for value in (place, online_link, agenda):
            if value is not None and len(value) > MAX_TEXT:
                raise UserError(N_("Please keep it under 3000 characters."))
        async with self._guard(actor, meeting_id), self._db.write() as uow:
            meeting = await self._changeable(uow, actor, meeting_id)
            await uow.meetings.edit(
                meeting.id,
                title=meeting.title if title is None else title,
                place=_changed(meeting.place, place),
                online_link=_changed(meeting.online_link, online_link),
                agenda=_changed(meeting.agenda, agenda),
                at=self._clock.now(),
            )
            await uow.outbox.skip_pending(
                Purpose.REMINDER, meeting_prefix(meeting.id), "meeting edited"
            )
            edited = await uow.meetings.get(meeting.id)
            assert edited is not None
            return edited

    async def add_document(
        self,
        actor: Identity | None,
        meeting_id: int,
        title: str,
        file_id: str | None = None,
        url: str | None = None,
    ) -> MeetingDocument:
        """A file (its Telegram id) or an http(s) link members open from the meeting's card."""
        title = " ".join(title.split())[:MAX_TITLE]
        if (file_id is None) == (url is None) or not title:
            raise UserError(BAD_DOCUMENT)
        if url is not None and (not _LINK.match(url) or len(url) > MAX_TEXT):
            raise UserError(BAD_DOCUMENT)
        now = self._clock.now()
        async with self._guard(actor, meeting_id), self._db.write() as uow:
            meeting = await self._changeable(uow, actor, meeting_id)
            document_id = await uow.meetings.add_document(
                meeting.id, title, file_id=file_id, url=url, at=now
            )
        return MeetingDocument(document_id, meeting_id, title, file_id, url, now)

    async def documents(self, meeting_id: int) -> list[MeetingDocument]:
        async with self._db.read() as uow:
            return await uow.meetings.documents(meeting_id)

    async def document(self, actor: Identity, document_id: int) -> MeetingDocument:
        """A document of a meeting that concerns ``actor``; any other is refused (and audited)
        like a forged card."""
        async with self._db.read() as uow:
            document = await uow.meetings.document(document_id)
        await self.card(actor, 0 if document is None else document.meeting_id)
        assert document is not None
        return document

    async def my_answers(self, actor: Identity, meeting_ids: list[int]) -> dict[int, Rsvp]:
        """``actor``'s RSVPs to these meetings, by meeting id."""
        async with self._db.read() as uow:
            rsvps = await uow.rsvps.of_member(actor.member.id, meeting_ids)
        return {r.meeting_id: r for r in rsvps}

    @asynccontextmanager
    async def _guard(self, actor: Identity | None, meeting_id: int) -> AsyncIterator[None]:
        """A refused change leaves an audit row: a forged button is noticed."""
        try:
            yield
        except (NotAllowed, NotFound):
            if actor is not None:
                async with self._db.write() as uow:
                    await uow.audit.record(
                        "meeting_change_refused",
                        at=self._clock.now(),
                        actor_member_id=actor.member.id,
                        detail={"meeting_id": meeting_id},
                    )
            raise
