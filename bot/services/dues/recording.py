"""Recording dues months: a member says they paid ("✅ Tôi đã đóng": claimed); the cell
secretary (or the committee) confirms it with one tap, marks a month paid in cash, exempt,
reduced or deferred with a reason, or back to unpaid. Anyone else's press is refused and
audited; a member is told when a month is already recorded rather than changing it."""

from __future__ import annotations

from dataclasses import dataclass

from bot.clock import Clock
from bot.domain.dues.access import may_record_for
from bot.domain.dues.model import MAX_REASON, DuesRecord, DuesState, Month
from bot.domain.dues.rules import claimable
from bot.domain.errors import NotAllowed, NotFound, UserError
from bot.domain.model import Identity, Member
from bot.i18n import N_
from bot.services.dues.ports import DuesUnitOfWork
from bot.services.dues.status import NOT_PARTY, DuesStatusService
from bot.services.ports import Database

NOT_YOURS = N_("You can record the party dues of your own cell's members only.")
FUTURE = N_("That month has not come yet.")
NEEDS_REASON = N_("Please give a reason (up to {limit} characters).")


@dataclass(frozen=True)
class Recorded:
    member: Member
    month: Month
    state: DuesState
    changed: bool  # False: it was already so


class DuesRecordingService:
    def __init__(
        self, db: Database[DuesUnitOfWork], clock: Clock, status: DuesStatusService
    ) -> None:
        self._db = db
        self._clock = clock
        self._status = status

    def _month(self, year: int, month: int) -> Month:
        try:
            found = Month(year, month)
        except ValueError:
            raise NotFound(FUTURE) from None
        if not claimable(found, self._status.today()):
            raise UserError(FUTURE)
        return found

    async def claim(self, actor: Identity, year: int, month: int) -> Recorded:
        """The member's own "I paid" for a month of theirs: recorded as claimed, for the
        secretary to confirm. A month already settled is left as it is."""
        async with self._status.audited(actor, "dues_claim", year=year, month=month):
            if not actor.member.kind.is_party_member:
                raise NotAllowed(NOT_PARTY)
        at = self._month(year, month)
        async with self._db.write() as uow:
            record = await uow.dues.get(actor.member.id, year, month)
            if record is not None and record.state is not DuesState.UNPAID:
                return Recorded(actor.member, at, record.state, changed=False)
            await uow.dues.save(
                DuesRecord(
                    actor.member.id,
                    year,
                    month,
                    DuesState.CLAIMED,
                    recorded_by=actor.member.id,
                    recorded_at=self._clock.now(),
                )
            )
        return Recorded(actor.member, at, DuesState.CLAIMED, changed=True)

    async def record(
        self,
        actor: Identity,
        member_id: int,
        year: int,
        month: int,
        state: DuesState,
        *,
        reason: str = "",
        in_cash: bool = False,
    ) -> Recorded:
        """The secretary's (or the committee's) record of a member's month: paid (a claim
        confirmed, or ``in_cash``), exempt, reduced or deferred with ``reason``, or unpaid."""
        reason = " ".join(reason.split())
        if state.needs_reason and not 0 < len(reason) <= MAX_REASON:
            raise UserError(NEEDS_REASON, limit=MAX_REASON)
        if state is DuesState.CLAIMED:
            raise NotAllowed(NOT_YOURS)
        async with (
            self._status.audited(actor, "dues_record", member_id=member_id, year=year, month=month),
            self._db.write() as uow,
        ):
            member = await uow.members.get(member_id)
            if member is None or not may_record_for(actor, member):
                raise NotAllowed(NOT_YOURS)
            if not member.kind.is_party_member:
                raise NotAllowed(NOT_PARTY)
            at = self._month(year, month)
            before = await uow.dues.get(member_id, year, month)
            kept = (
                before is not None
                and before.state is state
                and before.reason == reason
                and before.in_cash == in_cash
            )
            if not kept:
                await uow.dues.save(
                    DuesRecord(
                        member_id,
                        year,
                        month,
                        state,
                        reason=reason if state.needs_reason else "",
                        in_cash=in_cash and state is DuesState.PAID,
                        recorded_by=actor.member.id,
                        recorded_at=self._clock.now(),
                    )
                )
        return Recorded(member, at, state, changed=not kept)

    async def confirm(self, actor: Identity, member_id: int, year: int, month: int) -> Recorded:
        """One tap on the grid: a claim confirmed as paid."""
        return await self.record(actor, member_id, year, month, DuesState.PAID)

    async def member_for(self, actor: Identity, member_id: int) -> Member:
        """A member whose months ``actor`` may record (before asking a reason); audited."""
        async with self._status.audited(actor, "dues_member", member_id=member_id):
            async with self._db.read() as uow:
                member = await uow.members.get(member_id)
            if member is None or not may_record_for(actor, member):
                raise NotAllowed(NOT_YOURS)
            return member
