"""The day before a meeting: one nudge to members who have not answered, one digest per cell
secretary. Both are decided from the database alone, read without holding the writer and queued into the
outbox in short chunks (nudges checked again against answers in the transaction that queues
them), keyed so that running again (every few minutes, after a restart) queues nothing twice. Texts come from the caller's ``render``.

A nudge is queued only once it is due, not planned ahead: an answer given before then means no
nudge at all, and ``ReminderService.answer`` skips one still waiting in the outbox.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.clock import Clock
from bot.domain.meetings import DEFAULT_REMINDERS, Meeting, concerns
from bot.domain.model import Member, Role
from bot.domain.outbox import ChatKind, OutgoingMessage, Purpose
from bot.domain.preferences import NOTHING_CHOSEN, of_meeting, reminder_priority
from bot.domain.quiet_hours import QuietHours
from bot.domain.rsvps import AbsenceReason, Answer
from bot.domain.text import name_sort_key
from bot.services.delivery import DeliveryService
from bot.services.loop_share import LoopShare
from bot.services.meetings.meeting_audience import Audience
from bot.services.meetings.ports import MeetingsUnitOfWork
from bot.services.meetings.reminders import (
    CHUNK,
    Render,
    awaiting_answer,
    nudge_key,
    still_wanted,
)
from bot.services.ports import Database

DAY_BEFORE = timedelta(days=1)
# A reminder this close to a day before the start already is the day-before reminder.
ABOUT_A_DAY = (timedelta(hours=20), timedelta(hours=28))


def _needs_nudge(meeting: Meeting) -> bool:
    """Whether the day-before nudge adds anything: not when the meeting's own reminders
    include one about a day before (the defaults do), nor when it was arranged less than a day
    ahead — its reminders are all the notice there is, and two messages at once help nobody."""
    offsets = meeting.remind or DEFAULT_REMINDERS[meeting.kind]
    if any(ABOUT_A_DAY[0] <= offset <= ABOUT_A_DAY[1] for offset in offsets):
        return False
    return _arranged_ahead(meeting)


def _arranged_ahead(meeting: Meeting) -> bool:
    """Arranged at least a day ahead: a meeting called at shorter notice gets neither nudges
    nor a digest of answers nobody has had time to give."""
    return meeting.created_at <= meeting.starts_at - DAY_BEFORE


@dataclass(frozen=True)
class Excused:
    name: str
    reason: AbsenceReason | None
    text: str | None


@dataclass(frozen=True)
class MeetingDigest:
    """What one cell secretary learns the day before: their cell's members in scope."""

    secretary: Member
    meeting: Meeting
    attending: list[str]
    excused: list[Excused]
    no_answer: list[str]
    not_linked: list[str]


DigestRender = Callable[[MeetingDigest], str]


class MeetingNoticeService:
    def __init__(
        self,
        db: Database[MeetingsUnitOfWork],
        clock: Clock,
        zone: ZoneInfo,
        delivery: DeliveryService,
        quiet: QuietHours | None = None,
    ) -> None:
        self._db = db
        self._clock = clock
        self._zone = zone
        self._delivery = delivery
        self._quiet = quiet or QuietHours()

    def _due(self, meeting: Meeting, now: datetime) -> bool:
        """From one day before (moved out of the quiet hours) until the start."""
        due = self._quiet.move(meeting.starts_at - DAY_BEFORE, meeting.starts_at, self._zone)
        return due <= now < meeting.starts_at

    async def nudge(self, render: Render) -> int:
        """One reminder to each member in scope without an answer, once; rows added. Read
        without holding the writer; written in chunks, each checked again against answers and
        cancellations in its own transaction."""
        now = self._clock.now()
        async with self._db.read() as uow:
            meetings = [
                m
                for m in await uow.meetings.between(now, now + 2 * DAY_BEFORE)
                if not m.cancelled and self._due(m, now) and _needs_nudge(m)
            ]
            if not meetings:
                return 0
            settings = await uow.preferences.of_members()
            awaiting = await awaiting_answer(uow, meetings)
        added = 0
        messages: list[OutgoingMessage] = []
        share = LoopShare()
        for meeting, member, address in awaiting:
            await share()  # rendering is CPU work on the event loop
            mine = settings.get(member.id, NOTHING_CHOSEN)
            if not mine.wants(of_meeting(meeting.kind)):
                continue
            quiet = mine.quiet_or(self._quiet)
            text, keyboard = render(member, meeting, DAY_BEFORE)
            messages.append(
                OutgoingMessage(
                    key=nudge_key(meeting.id, member.id),
                    purpose=Purpose.NUDGE,
                    chat_id=address.chat_id,
                    channel=address.channel,
                    chat_kind=ChatKind.PRIVATE,
                    text=text,
                    # A run that comes late at night waits for the member's morning.
                    not_before=max(now, quiet.move(now, meeting.starts_at, self._zone)),
                    member_id=member.id,
                    source_id=meeting.id,
                    keyboard=keyboard,
                    priority=reminder_priority(of_meeting(meeting.kind)),
                    expires_at=meeting.starts_at,
                )
            )
            if len(messages) >= CHUNK:
                added += await self._write_nudges(messages, now)
                messages = []
        added += await self._write_nudges(messages, now)
        return added

    async def _write_nudges(self, messages: list[OutgoingMessage], now: datetime) -> int:
        if not messages:
            return 0
        async with self._db.write() as uow:
            wanted = await still_wanted(uow, messages, lambda meeting, _: self._due(meeting, now))
            added = await uow.outbox.enqueue(wanted, now)
        if added:
            self._delivery.wake()
        return added

    async def digests(self, render: DigestRender) -> int:
        """Each cell secretary's digest of each meeting due tomorrow, once; rows added."""
        now = self._clock.now()
        async with self._db.read() as uow:
            meetings = [
                m
                for m in await uow.meetings.between(now, now + 2 * DAY_BEFORE)
                if not m.cancelled and self._due(m, now) and _arranged_ahead(m)
            ]
            if not meetings:
                return 0
            people = await Audience.load(uow, meetings)
            rsvps = {
                (r.meeting_id, r.member_id): r
                for r in await uow.rsvps.of_meetings([m.id for m in meetings])
            }
            concerned = set().union(*(people.cells(m) for m in meetings))
            grants = [
                (member_id, grant.unit_id)
                for member_id, held in sorted((await uow.roles.all()).items())
                for grant in held
                if grant.role is Role.CELL_SECRETARY and grant.unit_id in concerned
            ]
            # A secretary may belong to another cell than the one they lead: read them apart.
            ids = sorted({member_id for member_id, _ in grants})
            chats = {
                **people.chats,
                **await uow.outbox.addresses_of(ids),
            }
            leaders = {i: await uow.members.get(i) for i in ids}
            secretaries = [
                (leader, cell_id)
                for member_id, cell_id in grants
                if (leader := leaders[member_id]) is not None
                and leader.is_active
                and member_id in chats
            ]
        # Rendered from that snapshot and written in chunks: a digest is a picture of the
        # answers at one moment, and its key makes it once.
        messages: list[OutgoingMessage] = []
        share = LoopShare()
        for meeting in meetings:
            cells = people.cells(meeting)
            for secretary, cell_id in secretaries:
                if cell_id not in cells:
                    continue
                await share()  # rendering is CPU work on the event loop
                # Only the secretary's own cell is looked at, not every member.
                chain = people.chains.get(cell_id, frozenset())
                cell = [m for m in people.in_cell(cell_id) if concerns(meeting, m, chain)]
                if not cell:
                    continue
                attending, excused, no_answer, not_linked = [], [], [], []
                for member in sorted(cell, key=lambda m: name_sort_key(m.full_name)):
                    rsvp = rsvps.get((meeting.id, member.id))
                    if rsvp is not None and rsvp.answer is Answer.ATTENDING:
                        attending.append(member.full_name)
                    elif rsvp is not None:
                        excused.append(
                            Excused(member.full_name, rsvp.reason_kind, rsvp.reason_text)
                        )
                    elif member.id in chats:
                        no_answer.append(member.full_name)
                    else:
                        not_linked.append(member.full_name)
                digest = MeetingDigest(
                    secretary, meeting, attending, excused, no_answer, not_linked
                )
                messages.append(
                    OutgoingMessage(
                        key=f"meeting-digest:{meeting.id}:{secretary.id}",
                        purpose=Purpose.DIGEST,
                        chat_id=chats[secretary.id].chat_id,
                        channel=chats[secretary.id].channel,
                        chat_kind=ChatKind.PRIVATE,
                        text=render(digest),
                        not_before=max(now, self._quiet.move(now, meeting.starts_at, self._zone)),
                        member_id=secretary.id,
                        source_id=meeting.id,
                        expires_at=meeting.starts_at,
                    )
                )
        added = 0
        for start in range(0, len(messages), CHUNK):
            async with self._db.write() as uow:
                added += await uow.outbox.enqueue(messages[start : start + CHUNK], now)
        if added:
            self._delivery.wake()
        return added
