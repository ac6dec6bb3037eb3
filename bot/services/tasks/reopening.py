"""Reopening registration for one member after the window closed: by their cell secretary
(members who find it closed are sent to them) or by the committee; the member is told.

Who may reopen for whom is decided here, for typed names and for buttons alike; a refusal is
audited, so forged callback data leaves a trace."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from bot.clock import Clock
from bot.domain.errors import NotAllowed, NotFound, UserError
from bot.domain.model import Identity, Member, Role
from bot.domain.outbox import ChatKind, OutgoingMessage, Purpose
from bot.domain.permissions import may_reopen_for, may_reopen_registration, reopenable_cell_ids
from bot.domain.tasks import Year
from bot.domain.text import name_sort_key
from bot.domain.year_changes import end_of_next_month
from bot.i18n import N_
from bot.services.delivery import DeliveryService
from bot.services.member_lookup import find_member
from bot.services.ports import Database
from bot.services.tasks.ports import TasksUnitOfWork
from bot.services.tasks.task_access import recipient

PAGE_SIZE = 8


@dataclass(frozen=True)
class Reopened:
    year: Year
    member: Member
    until: date
    granted_by: str | None  # who reopened it; None: the command line
    chat_id: int | None  # the member's private chat, None when not linked
    language: str | None  # the member's language


# Writes the member's notice, in their language.
Notice = Callable[[Reopened], str]


@dataclass(frozen=True)
class CandidatePage:
    """Members ``actor`` may reopen registration for, one page of them, by name."""

    members: list[Member]
    page: int
    pages: int


def _refused() -> NotAllowed:
    return NotAllowed(
        N_("You can reopen registration only for members of your own cell, and not for yourself.")
    )


def _not_set_up() -> UserError:
    return UserError(N_("The committee has not set up this year's breakthrough tasks yet."))


async def who_reopens(uow: TasksUnitOfWork, member: Member) -> list[str]:
    """The names of the member's cell secretaries (not the member), by name: whom a member
    who finds registration closed should ask."""
    holders = (await uow.roles.holders_by_unit(Role.CELL_SECRETARY)).get(member.cell_id, [])
    names = []
    for member_id in holders:
        secretary = await uow.members.get(member_id)
        if secretary is not None and secretary.is_active and secretary.id != member.id:
            names.append(secretary.full_name)
    return sorted(names, key=name_sort_key)


class ReopeningService:
    def __init__(
        self, db: Database[TasksUnitOfWork], clock: Clock, zone: ZoneInfo, delivery: DeliveryService
    ) -> None:
        self._db = db
        self._clock = clock
        self._zone = zone
        self._delivery = delivery

    def today(self) -> date:
        return self._clock.now().astimezone(self._zone).date()

    def choices(self, year: Year | None) -> list[date]:
        """Dates to offer as buttons: a week, two weeks, the end of the month after this one;
        none later than the end of the year (a task's deadline must fall within it)."""
        today = self.today()
        end_of_next = end_of_next_month(today)
        last = date(year.year, 12, 31) if year is not None else end_of_next
        wanted = [today + timedelta(days=7), today + timedelta(days=14), end_of_next]
        return sorted({min(d, last) for d in wanted if min(d, last) >= today})

    async def candidates(
        self, actor: Identity, page: int, page_size: int = PAGE_SIZE
    ) -> CandidatePage:
        if not may_reopen_registration(actor):
            raise NotAllowed(N_("Only cell secretaries and the committee can reopen registration."))
        async with self._db.read() as uow:
            members = await uow.members.in_cells(reopenable_cell_ids(actor), unlinked_only=False)
        members = [m for m in members if may_reopen_for(actor, m)]
        members.sort(key=lambda m: name_sort_key(m.full_name))
        pages = max(1, -(-len(members) // page_size))
        page = min(max(page, 0), pages - 1)
        return CandidatePage(members[page * page_size : (page + 1) * page_size], page, pages)

    async def member(self, actor: Identity, member_id: int) -> Member:
        """The member a button names, if ``actor`` may reopen for them (else audited)."""
        async with self._db.write() as uow:
            member = await uow.members.get(member_id)
            allowed = member is not None and member.is_active and may_reopen_for(actor, member)
            if not allowed:
                await self._audit_refusal(uow, actor, member_id)
        if member is None or not allowed:
            raise _refused()
        return member

    async def reopen_for(
        self, actor: Identity | None, member_id: int, until: date, notice: Notice | None = None
    ) -> Reopened:
        """Let one member register until ``until`` (inclusive). ``actor`` None: the command
        line. ``notice`` writes what the member is told, in their language."""
        if actor is not None and not may_reopen_registration(actor):
            raise NotAllowed(N_("Only cell secretaries and the committee can reopen registration."))
        async with self._db.write() as uow:
            member = await uow.members.get(member_id)
            done = None
            if member is None or not member.is_active:
                pass
            elif actor is None or may_reopen_for(actor, member):
                done = await self._reopen(uow, actor, member, until, notice)
            if done is None and actor is not None:
                await self._audit_refusal(uow, actor, member_id)
        if done is None:
            if actor is None:
                raise NotFound(N_("There is no such member."))
            raise _refused()
        if notice is not None:
            self._delivery.wake()
        return done

    async def reopen_named(
        self, actor: Identity, who: str, until: date, notice: Notice | None = None
    ) -> Reopened:
        """The same, for the member whose code or name was typed in the chat."""
        if not may_reopen_registration(actor):
            raise NotAllowed(N_("Only cell secretaries and the committee can reopen registration."))
        async with self._db.read() as uow:
            member = await find_member(uow, who)
        return await self.reopen_for(actor, member.id, until, notice)

    async def _audit_refusal(self, uow: TasksUnitOfWork, actor: Identity, member_id: int) -> None:
        await uow.audit.record(
            "reopen_refused",
            at=self._clock.now(),
            actor_member_id=actor.member.id,
            subject_member_id=member_id,
        )

    async def _reopen(
        self,
        uow: TasksUnitOfWork,
        actor: Identity | None,
        member: Member,
        until: date,
        notice: Notice | None,
    ) -> Reopened:
        now = self._clock.now()
        year = await uow.years.current()
        if year is None:
            raise _not_set_up()
        if until < self.today():
            raise UserError(N_("That date ({deadline}) has already passed."), deadline=until)
        await uow.years.reopen(
            year.year, member.id, until, None if actor is None else actor.member.id, now
        )
        await uow.audit.record(
            "registration_reopened",
            at=now,
            subject_member_id=member.id,
            actor_member_id=None if actor is None else actor.member.id,
            detail={"year": year.year, "until": until.isoformat()},
        )
        to = await recipient(uow, member)
        done = Reopened(
            year,
            member,
            until,
            None if actor is None else actor.member.full_name,
            to.chat_id,
            to.language,
        )
        myself = actor is not None and actor.member.id == member.id
        if notice is not None and to.chat_id is not None and not myself:
            await uow.outbox.enqueue(
                [
                    OutgoingMessage(
                        key=f"notice:reopened:{year.year}:{member.id}:{now.isoformat()}",
                        purpose=Purpose.NOTICE,
                        chat_id=to.chat_id,
                        channel=to.channel,
                        chat_kind=ChatKind.PRIVATE,
                        text=notice(done),
                        not_before=now,
                        member_id=member.id,
                    )
                ],
                now,
            )
        return done
