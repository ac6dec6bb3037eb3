"""Meeting reminders: planned into the outbox, stopped by an answer, snoozed on request.

``plan`` is idempotent: every reminder's outbox key names the meeting, the member and the offset,
so planning again (every few minutes, after a restart) adds nothing. A reminder whose time passed
while the bot was down is due now if the meeting has not started; ``expires_at`` (the start)
makes the sender skip it otherwise. Texts come from the caller's ``render``, in the member's
language; this module only decides who, when, and what happens on an answer.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.clock import Clock
from bot.domain.errors import NotAllowed, NotFound, UserError
from bot.domain.meetings import DEFAULT_REMINDERS, Meeting, concerns, unit_chains
from bot.domain.model import Channel, Identity, Member
from bot.domain.outbox import PRIORITY_URGENT, ChatKind, OutgoingMessage, Purpose
from bot.domain.preferences import of_meeting
from bot.domain.quiet_hours import QuietHours
from bot.domain.rsvps import AbsenceReason, Answer, Rsvp
from bot.i18n import N_
from bot.services.delivery import DeliveryService
from bot.services.ports import Database, UnitOfWork

PLAN_DAYS = 62  # longer than the longest offset (60 days)
MAX_REASON = 200
NOT_FOUND = N_("Meeting {id} does not exist.")

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
        db: Database,
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

    async def plan(self, render: Render, days: int = PLAN_DAYS) -> int:
        """Enqueue the reminders of the coming meetings for members who have not answered;
        returns how many rows were new."""
        now = self._clock.now()
        async with self._db.write() as uow:
            meetings = await uow.meetings.between(now, now + timedelta(days=days))
            for cancelled in (m for m in meetings if m.cancelled):
                await uow.outbox.skip_pending(
                    Purpose.REMINDER.value, meeting_prefix(cancelled.id), "meeting cancelled"
                )
            meetings = [m for m in meetings if not m.cancelled]
            if not meetings:
                return 0
            settings = await uow.preferences.of_members()
            messages = []
            for meeting, member, chat in await awaiting_answer(uow, meetings):
                mine = settings.get(member.id)
                if mine is not None and not mine.wants(of_meeting(meeting.kind)):
                    continue
                quiet = self.quiet if mine is None or not mine.custom_quiet else mine.quiet
                for offset, due in self._times(meeting, now, quiet):
                    text, keyboard = render(member, meeting, offset)
                    messages.append(
                        _message(meeting, member, chat, offset_key(offset), due, text, keyboard)
                    )
            added = await uow.outbox.enqueue(messages, now)
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
        async with self._db.write() as uow:
            meeting = await self._concerned(uow, actor, meeting_id)
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
                Purpose.REMINDER.value,
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
        async with self._db.write() as uow:
            meeting = await self._concerned(uow, actor, meeting_id)
            account = await uow.accounts.of_member(actor.member.id, Channel.TELEGRAM)
            if account is None or until >= meeting.starts_at or until <= now:
                return meeting, None
            text, keyboard = render(actor.member, meeting, None)
            key = f"snooze:{until.strftime('%Y%m%dT%H%M')}"
            await uow.outbox.enqueue(
                [_message(meeting, actor.member, int(account.chat_id), key, until, text, keyboard)],
                now,
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

    async def _concerned(self, uow: UnitOfWork, actor: Identity, meeting_id: int) -> Meeting:
        meeting = await uow.meetings.get(meeting_id)
        if meeting is None or meeting.cancelled:
            raise NotFound(NOT_FOUND, id=str(meeting_id))
        chains = unit_chains(await uow.units.all())
        if not concerns(meeting, actor.member, chains.get(actor.member.cell_id, frozenset())):
            raise NotAllowed(N_("This meeting is not one of yours."))
        return meeting


def offset_key(offset: timedelta) -> str:
    return str(int(offset.total_seconds()) // 60)


def _message(
    meeting: Meeting,
    member: Member,
    chat_id: int,
    suffix: str,
    due: datetime,
    text: str,
    keyboard: str | None,
) -> OutgoingMessage:
    return OutgoingMessage(
        key=reminder_prefix(meeting, member.id) + suffix,
        purpose=Purpose.REMINDER,
        chat_id=chat_id,
        chat_kind=ChatKind.PRIVATE,
        text=text,
        not_before=due,
        member_id=member.id,
        source_id=meeting.id,
        keyboard=keyboard,
        priority=PRIORITY_URGENT,
        expires_at=meeting.starts_at,
    )


async def awaiting_answer(
    uow: UnitOfWork, meetings: list[Meeting]
) -> list[tuple[Meeting, Member, int]]:
    """(meeting, member, private chat) for every member expected at each meeting who can be
    reached and has not answered yet — whom reminders and nudges go to."""
    members = [m for m in await uow.members.all() if m.is_active]
    chains = unit_chains(await uow.units.all())
    chats = {
        a.member_id: int(a.chat_id)
        for a in await uow.accounts.all()
        if a.channel is Channel.TELEGRAM
    }
    answered = {
        (r.meeting_id, r.member_id) for r in await uow.rsvps.of_meetings([m.id for m in meetings])
    }
    return [
        (meeting, member, chats[member.id])
        for meeting in meetings
        for member in members
        if member.id in chats
        and (meeting.id, member.id) not in answered
        and concerns(meeting, member, chains.get(member.cell_id, frozenset()))
    ]
