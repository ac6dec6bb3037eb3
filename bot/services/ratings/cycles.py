"""Opening a review cycle (the committee, in the chat or ``butpha rating open``), the cycle under
way, and marking a member not rated (admitted under six months, exempted) or on long sick leave.

Opening enters every active party member (full and probationary) in the cell they belong to;
non-party staff are not rated as party members."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bot.clock import Clock
from bot.domain.errors import NotAllowed, UserError
from bot.domain.model import Identity
from bot.domain.ratings.levels import RatingRules
from bot.domain.ratings.records import Cycle, Entry, NotRated
from bot.i18n import N_
from bot.services.ports import Database
from bot.services.ratings.access import (
    COMMITTEE_ONLY,
    RatingRefused,
    in_rating_transaction,
    is_committee,
    may_see_cell,
)
from bot.services.ratings.ports import RatingsUnitOfWork

NO_CYCLE = N_("No review cycle is open. The party committee opens one with /xeploai.")
ALREADY_OPEN = N_("A review cycle for {period} is already open.")
DATES_ORDER = N_(
    "The dates must follow each other: self-reviews due, then the cells' meetings, then the "
    "committee's decisions."
)
BAD_YEAR = N_("The year must be between 2000 and 2100.")
BAD_QUARTER = N_("A quarter is 1, 2, 3 or 4.")
NO_ORGANISATION = N_('The organisation does not exist yet: run "butpha init" first.')
NOT_IN_CYCLE = N_("{name} is not in this review cycle (only party members are).")
PUBLISHED = N_("The ratings of this cycle are published: nothing can change any more.")


@dataclass(frozen=True)
class OpenedCycle:
    cycle: Cycle
    members: int  # entered
    cells: int


class CycleService:
    def __init__(self, db: Database[RatingsUnitOfWork], clock: Clock, rules: RatingRules) -> None:
        self._db = db
        self._clock = clock
        self.rules = rules

    async def open(
        self,
        actor: Identity | None,
        *,
        year: int,
        quarter: int | None,
        self_review_due: date,
        cells_by: date,
        decision_by: date,
    ) -> OpenedCycle:
        """Opens the cycle and enters its members; ``actor`` None is the operator."""
        if actor is not None and not is_committee(actor):
            raise NotAllowed(COMMITTEE_ONLY)
        if not 2000 <= year <= 2100:
            raise UserError(BAD_YEAR)
        if quarter is not None and not 1 <= quarter <= 4:
            raise UserError(BAD_QUARTER)
        if not self_review_due <= cells_by <= decision_by:
            raise UserError(DATES_ORDER)
        now = self._clock.now()
        async with self._db.write() as uow:
            if await uow.units.root() is None:
                raise UserError(NO_ORGANISATION)
            if await uow.ratings.cycle_for(year, quarter) is not None:
                period = str(year) if quarter is None else f"Q{quarter}/{year}"
                raise UserError(ALREADY_OPEN, period=period)
            cycle_id = await uow.ratings.open_cycle(
                year=year,
                quarter=quarter,
                self_review_due=self_review_due,
                cells_by=cells_by,
                decision_by=decision_by,
                at=now,
                by=None if actor is None else actor.member.id,
            )
            members = [
                (m.id, m.cell_id)
                for m in await uow.members.all()
                if m.is_active and m.kind.is_party_member
            ]
            await uow.ratings.add_entries(cycle_id, members)
            cycle = await uow.ratings.cycle(cycle_id)
        assert cycle is not None
        return OpenedCycle(cycle, len(members), len({cell for _, cell in members}))

    async def current(self) -> Cycle | None:
        async with self._db.read() as uow:
            return await uow.ratings.latest()

    async def mark(
        self,
        actor: Identity | None,
        member_id: int,
        *,
        reason: NotRated | None = None,
        note: str = "",
        sick_leave: bool | None = None,
    ) -> Entry:
        """Marks a member not rated (with the reason; ``reason`` None rates them again) or on
        sick leave of three months or more: the member's cell secretary or the committee."""

        async def work(uow: RatingsUnitOfWork) -> Entry:
            cycle = await uow.ratings.latest()
            if cycle is None:
                raise UserError(NO_CYCLE)
            if cycle.published:
                raise UserError(PUBLISHED)
            entry = await uow.ratings.entry(cycle.id, member_id)
            if entry is None:
                member = await uow.members.get(member_id)
                raise UserError(NOT_IN_CYCLE, name="?" if member is None else member.full_name)
            if actor is not None and not may_see_cell(actor, entry.cell_id):
                raise RatingRefused(f"mark:{member_id}")
            if sick_leave is not None:
                await uow.ratings.mark_sick_leave(cycle.id, member_id, sick_leave)
            else:
                await uow.ratings.mark_not_rated(cycle.id, member_id, reason, note.strip()[:200])
            marked = await uow.ratings.entry(cycle.id, member_id)
            assert marked is not None
            return marked

        return await in_rating_transaction(self._db, self._clock, actor, work)


async def open_cycle(uow: RatingsUnitOfWork) -> Cycle:
    """The cycle under way: the latest, not yet published; refused otherwise."""
    cycle = await uow.ratings.latest()
    if cycle is None or cycle.published:
        raise UserError(NO_CYCLE)
    return cycle
