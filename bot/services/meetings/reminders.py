"""Meeting reminders: planned into the outbox, stopped by an answer, snoozed on request.

``plan`` is idempotent: every reminder's outbox key names the meeting, the member and the offset,
so planning again (every few minutes, after a restart) adds nothing. A reminder whose time passed
while the bot was down is due now if the meeting has not started; ``expires_at`` (the start)
makes the sender skip it otherwise. Texts come from the caller's ``render``, in the member's
language; this module only decides who, when, and what happens on an answer.

At 50,000 members: a meeting's members are found from its units (``Audience``), only the cells
concerned are read, keys already queued are not rendered again, and the rows are written in
short chunks so a member's own action never waits long for the single writer.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.clock import Clock
from bot.domain.delivery_channels import Address
from bot.domain.errors import UserError
from bot.domain.meetings import DEFAULT_REMINDERS, Meeting
from bot.domain.model import Identity, Member
from bot.domain.outbox import ChatKind, OutgoingMessage, Purpose
from bot.domain.preferences import NOTHING_CHOSEN, of_meeting, reminder_priority
from bot.domain.quiet_hours import QuietHours
from bot.domain.rsvps import AbsenceReason, Answer, Rsvp
from bot.i18n import N_
from bot.services.delivery import DeliveryService
from bot.services.loop_share import LoopShare
from bot.services.meetings.meeting_audience import Audience, audience_meeting, audited
from bot.services.meetings.ports import MeetingsUnitOfWork
from bot.services.ports import Database

PLAN_DAYS = 62  # longer than the longest offset (60 days)
# Reminder rows written per transaction, checked again in it: each holds the writer a few
# milliseconds at 50,000 members.
CHUNK = 250
MAX_REASON = 200

# (text, keyboard JSON) of one reminder; ``offset`` None is a snoozed reminder.
Render = Callable[[Member, Meeting, timedelta | None], tuple[str, str | None]]


@dataclass(frozen=True)
class Answered:
    meeting: Meeting
    rsvp: Rsvp
    stopped: int  # pending reminders that will no longer be sent


def reminder_prefix(meeting: Meeting, member_id: int) -> str:
    """The occurrence's sequence is in the key: a moved meeting's reminders are planned anew."""
    return f"reminder:{meeting.id}:{meeting.sequence}:{member_id}:"


def meeting_prefix(meeting_id: int) -> str:
    return f"reminder:{meeting_id}:"


def nudge_key(meeting_id: int, member_id: int) -> str:
    return f"nudge:meeting:{meeting_id}:{member_id}"


class ReminderService:
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
        self.quiet = quiet or QuietHours()

    async def plan(
        self, render: Render, days: int = PLAN_DAYS, horizon: timedelta | None = None
    ) -> int:
        """Enqueue the reminders of the coming meetings for members who have not answered;
        returns how many rows were new. With ``horizon``, only those due before ``now +
        horizon`` (the job plans a day ahead, every few minutes, so a later mute, move or quiet
        hours change still applies). Reads happen first, without holding the writer; the rows
        are written in chunks, each checked again against answers, moves and cancellations."""
        now = self._clock.now()
        until = None if horizon is None else now + horizon
        async with self._db.read() as uow:
            meetings = await uow.meetings.between(now, now + timedelta(days=days))
        cancelled = [m for m in meetings if m.cancelled]
        if cancelled:
            async with self._db.write() as uow:
                for meeting in cancelled:
                    # Looked up by the meeting first: the key search reads every reminder row.
                    if (await uow.outbox.counts(Purpose.REMINDER, meeting.id)).pending:
                        await uow.outbox.skip_pending(
                            Purpose.REMINDER, meeting_prefix(meeting.id), "meeting cancelled"
                        )
        async with self._db.read() as uow:
            settings = await uow.preferences.of_members()
        # The quiet hours in use: the organisation's and those members chose. A meeting none
        # of whose reminders can be due by ``until`` under any of them is not looked at.
        quiets = {p.quiet_or(self.quiet) for p in settings.values()} | {self.quiet}
        meetings = [
            m
            for m in meetings
            if not m.cancelled
            and (
                until is None
                or any(due <= until for q in quiets for _, due in self._times(m, now, q))
            )
        ]
        if not meetings:
            return 0
        async with self._db.read() as uow:
            people = await Audience.load(uow, meetings)
            answered = {
                (r.meeting_id, r.member_id)
                for r in await uow.rsvps.of_meetings([m.id for m in meetings])
            }
            planned = await uow.outbox.keys_of(Purpose.REMINDER, [m.id for m in meetings])
        added = 0
        share = LoopShare()
        batch: list[OutgoingMessage] = []
        for meeting in meetings:
            times: dict[QuietHours, list[tuple[timedelta, datetime]]] = {}  # same for most
            for member in people.expected(meeting):
                await share()  # rendering is CPU work on the event loop
                chat = people.chats.get(member.id)
                if chat is None or (meeting.id, member.id) in answered:
                    continue
                mine = settings.get(member.id, NOTHING_CHOSEN)
                if not mine.wants(of_meeting(meeting.kind)):
                    continue
                quiet = mine.quiet_or(self.quiet)
                prefix = reminder_prefix(meeting, member.id)
                if quiet not in times:
                    times[quiet] = self._times(meeting, now, quiet)
                for offset, due in times[quiet]:
                    suffix = offset_key(offset)
                    if (until is not None and due > until) or prefix + suffix in planned:
                        continue
                    text, keyboard = render(member, meeting, offset)
                    batch.append(_message(meeting, member, chat, suffix, due, text, keyboard))
                if len(batch) >= CHUNK:
                    added += await self._write(batch, now)
                    batch = []
        added += await self._write(batch, now)
        return added

    async def _write(self, messages: list[OutgoingMessage], now: datetime) -> int:
        """One chunk in one short transaction, less the rows an answer, a move or a
        cancellation since the reads has made wrong."""
        if not messages:
            return 0
        async with self._db.write() as uow:
            wanted = await still_wanted(
                uow,
                messages,
                lambda meeting, message: message.key.startswith(
                    reminder_prefix(meeting, message.member_id or 0)
                ),
            )
            added = await uow.outbox.enqueue(wanted, now)
        if added:
            self._delivery.wake()
        return added

    def _times(
        self, meeting: Meeting, now: datetime, quiet: QuietHours
    ) -> list[tuple[timedelta, datetime]]:
        """(offset, when) of each reminder still useful. Offsets already passed collapse into
        one reminder due now: a member learning late of a meeting gets one message, not three."""
        offsets = meeting.remind or DEFAULT_REMINDERS[meeting.kind]
        result: list[tuple[timedelta, datetime]] = []
        passed: tuple[timedelta, datetime] | None = None
        for offset in sorted(offsets, reverse=True):
            due = quiet.move(meeting.starts_at - offset, meeting.starts_at, self._zone)
            if due >= meeting.starts_at:
                continue
            if due <= now:
                # The last one passed wins; sent now, or after the quiet hours if they end in time.
                passed = (offset, max(now, quiet.move(now, meeting.starts_at, self._zone)))
            else:
                result.append((offset, due))
        return ([passed] if passed else []) + result

    async def answer(
        self,
        actor: Identity,
        meeting_id: int,
        attending: bool,
        reason_kind: AbsenceReason | None = None,
        reason_text: str | None = None,
    ) -> Answered:
        """Record ``actor``'s answer; their reminders still pending for the meeting stop."""
        text = (reason_text or "").strip() or None
        if text is not None and len(text) > MAX_REASON:
            raise UserError(N_("Please keep the reason under 200 characters."))
        if attending:
            reason_kind, text = None, None
        now = self._clock.now()
        async with (
            audited(self._db, self._clock, actor, "rsvp", meeting_id=meeting_id),
            self._db.write() as uow,
        ):
            meeting = await audience_meeting(uow, actor, meeting_id)
            rsvp = Rsvp(
                meeting_id=meeting.id,
                member_id=actor.member.id,
                answer=Answer.ATTENDING if attending else Answer.ABSENT,
                reason_kind=reason_kind,
                reason_text=text,
                answered_at=now,
            )
            await uow.rsvps.save(rsvp)
            stopped = await uow.outbox.skip_pending(
                Purpose.REMINDER,
                reminder_prefix(meeting, actor.member.id),
                "answered",
            )
            stopped += await uow.outbox.skip_key(nudge_key(meeting.id, actor.member.id), "answered")
        return Answered(meeting, rsvp, stopped)

    async def snooze(
        self, actor: Identity, meeting_id: int, until: datetime, render: Render
    ) -> tuple[Meeting, datetime | None]:
        """One more reminder at ``until`` (never after the start); the time None when too late."""
        now = self._clock.now()
        async with (
            audited(self._db, self._clock, actor, "snooze", meeting_id=meeting_id),
            self._db.write() as uow,
        ):
            meeting = await audience_meeting(uow, actor, meeting_id)
            address = (await uow.outbox.addresses_of([actor.member.id])).get(actor.member.id)
            if address is None or until >= meeting.starts_at or until <= now:
                return meeting, None
            text, keyboard = render(actor.member, meeting, None)
            key = f"snooze:{until.strftime('%Y%m%dT%H%M')}"
            await uow.outbox.enqueue(
                [_message(meeting, actor.member, address, key, until, text, keyboard)], now
            )
        self._delivery.wake()
        return meeting, until

    def tonight(self) -> datetime:
        """20:00 local today (tomorrow's if it has passed)."""
        local = self._clock.now().astimezone(self._zone)
        evening = local.replace(hour=20, minute=0, second=0, microsecond=0)
        return evening if evening > local else evening + timedelta(days=1)

    def now(self) -> datetime:
        return self._clock.now()

    async def meeting(self, actor: Identity, meeting_id: int) -> Meeting:
        """The meeting ``actor`` is about to answer (the reasons are asked next): refused and
        audited like the answer itself when it is not theirs."""
        async with (
            audited(self._db, self._clock, actor, "rsvp", meeting_id=meeting_id),
            self._db.read() as uow,
        ):
            return await audience_meeting(uow, actor, meeting_id)


def offset_key(offset: timedelta) -> str:
    return str(int(offset.total_seconds()) // 60)


def _message(
    meeting: Meeting,
    member: Member,
    address: Address,
    suffix: str,
    due: datetime,
    text: str,
    keyboard: str | None,
) -> OutgoingMessage:
    return OutgoingMessage(
        key=reminder_prefix(meeting, member.id) + suffix,
        purpose=Purpose.REMINDER,
        chat_id=address.chat_id,
        channel=address.channel,
        chat_kind=ChatKind.PRIVATE,
        text=text,
        not_before=due,
        member_id=member.id,
        source_id=meeting.id,
        keyboard=keyboard,
        priority=reminder_priority(of_meeting(meeting.kind)),
        expires_at=meeting.starts_at,
    )


async def awaiting_answer(
    uow: MeetingsUnitOfWork, meetings: list[Meeting]
) -> list[tuple[Meeting, Member, Address]]:
    """(meeting, member, where their notices go) for every member expected at each meeting who can be
    reached and has not answered yet — whom reminders and nudges go to."""
    people = await Audience.load(uow, meetings)
    answered = {
        (r.meeting_id, r.member_id) for r in await uow.rsvps.of_meetings([m.id for m in meetings])
    }
    return [
        (meeting, member, people.chats[member.id])
        for meeting in meetings
        for member in people.expected(meeting)
        if member.id in people.chats and (meeting.id, member.id) not in answered
    ]


async def still_wanted(
    uow: MeetingsUnitOfWork,
    messages: list[OutgoingMessage],
    fits: Callable[[Meeting, OutgoingMessage], bool],
) -> list[OutgoingMessage]:
    """Of the notices planned from earlier reads, those still wanted, checked inside the write
    that queues them: the meeting is there and not cancelled, ``fits`` (the key matches the
    meeting as it is now) and the member has not answered since. Reads only the meetings and
    the chunk's members' answers, so the check stays a few lookups."""
    ids = sorted({m.source_id for m in messages if m.source_id is not None})
    current = {i: await uow.meetings.get(i) for i in ids}
    answered = await uow.rsvps.answered(ids, [m.member_id for m in messages if m.member_id])
    return [
        message
        for message in messages
        if (meeting := current.get(message.source_id or 0)) is not None
        and not meeting.cancelled
        and message.member_id is not None
        and fits(meeting, message)
        and (meeting.id, message.member_id) not in answered
    ]
