"""The cell secretary's /xeploai: the cell's members by state, a reminder to those who have not
submitted (once a day each), the cell's proposed level per member (with vote counts if given)
after the meeting, the cell's own collective review, and sending the list to the committee."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

from bot.clock import Clock
from bot.domain.errors import UserError
from bot.domain.model import Identity, Member, Unit
from bot.domain.nudges import NudgeKind
from bot.domain.outbox import ChatKind, OutgoingMessage, Purpose
from bot.domain.ratings.levels import Level
from bot.domain.ratings.records import CellReview, Cycle, Entry, EntryState
from bot.i18n import N_
from bot.services.delivery import DeliveryService
from bot.services.ports import Database
from bot.services.ratings.access import RatingRefused, in_rating_transaction, may_see_cell
from bot.services.ratings.cycles import PUBLISHED, open_cycle
from bot.services.ratings.ports import RatingsUnitOfWork

NUDGE_KIND = NudgeKind.RATING_SELF_REVIEW
BAD_VOTES = N_("Votes are two whole numbers, in favour of how many present, like 9/10.")
MISSING = N_(
    "{count} rated members of the cell have no proposed level yet: propose one for each first."
)
SUBMITTED = N_("The cell's list has gone to the committee: ask the committee to change it.")
NOT_IN_CYCLE = N_("This member is not in the review cycle.")

# The reminder's text for one member, in their language.
NudgeText = Callable[[Member, Cycle], str]


@dataclass(frozen=True)
class CellRoster:
    cycle: Cycle
    cell: Unit
    entries: list[Entry]
    review: CellReview

    def by_state(self, state: EntryState) -> list[Entry]:
        return [e for e in self.entries if e.state is state]

    @property
    def waiting(self) -> list[Entry]:
        """Asked for a self-review and not submitted."""
        return [
            e
            for e in self.entries
            if e.review is None and (e.not_rated is None or e.not_rated.writes_self_review)
        ]


@dataclass(frozen=True)
class EntryCard:
    cycle: Cycle
    entry: Entry
    cell_sent: bool  # the cell's list has gone to the committee


def parse_votes(text: str) -> tuple[int, int]:
    left, sep, right = text.strip().partition("/")
    if not sep or not (left.strip().isdecimal() and right.strip().isdecimal()):
        raise UserError(BAD_VOTES)
    votes = int(left), int(right)
    if votes[1] == 0 or votes[0] > votes[1] or votes[1] > 10_000:
        raise UserError(BAD_VOTES)
    return votes


class CellRatingService:
    def __init__(
        self,
        db: Database[RatingsUnitOfWork],
        clock: Clock,
        zone: ZoneInfo,
        delivery: DeliveryService,
    ) -> None:
        self._db = db
        self._clock = clock
        self._zone = zone
        self._delivery = delivery

    def today(self) -> date:
        return self._clock.now().astimezone(self._zone).date()

    async def roster(self, actor: Identity, cell_id: int) -> CellRoster:
        async def work(uow: RatingsUnitOfWork) -> CellRoster:
            return await _roster(uow, actor, cell_id)

        return await in_rating_transaction(self._db, self._clock, actor, work, write=False)

    async def entry(self, actor: Identity, member_id: int) -> EntryCard:
        """One member's entry for the secretary's (or committee's) card; refused and audited
        for anyone else."""

        async def work(uow: RatingsUnitOfWork) -> EntryCard:
            cycle = await open_cycle(uow)
            entry = await _entry_for(uow, actor, cycle, member_id)
            cell = await uow.ratings.cell_review(cycle.id, entry.cell_id)
            return EntryCard(cycle, entry, cell.submitted_at is not None)

        return await in_rating_transaction(self._db, self._clock, actor, work, write=False)

    async def nudge(self, actor: Identity, cell_id: int, text: NudgeText) -> int:
        """Reminds those of the cell who have not submitted, each at most once a day; returns
        how many were reminded now."""
        now = self._clock.now()

        async def work(uow: RatingsUnitOfWork) -> int:
            roster = await _roster(uow, actor, cell_id)
            waiting = [e.member_id for e in roster.waiting]
            fresh = await uow.nudges.record(waiting, self.today(), NUDGE_KIND, actor.member.id, now)
            addresses = await uow.outbox.addresses_of(fresh)
            messages = []
            for member_id in fresh:
                member = await uow.members.get(member_id)
                address = addresses.get(member_id)
                if member is None or address is None:
                    continue
                messages.append(
                    OutgoingMessage(
                        key=f"nudge:{NUDGE_KIND}:{roster.cycle.id}:{member_id}:{self.today()}",
                        purpose=Purpose.NUDGE,
                        chat_id=address.chat_id,
                        channel=address.channel,
                        chat_kind=ChatKind.PRIVATE,
                        text=text(member, roster.cycle),
                        not_before=now,
                        member_id=member_id,
                    )
                )
            return await uow.outbox.enqueue(messages, now)

        count = await in_rating_transaction(self._db, self._clock, actor, work)
        if count:
            self._delivery.wake()
        return count

    async def propose(
        self,
        actor: Identity,
        member_id: int,
        level: Level,
        votes: tuple[int, int] | None = None,
    ) -> Entry:
        """The cell's proposed level for a member, after the meeting."""
        now = self._clock.now()

        async def work(uow: RatingsUnitOfWork) -> Entry:
            cycle = await open_cycle(uow)
            entry = await _entry_for(uow, actor, cycle, member_id)
            cell = await uow.ratings.cell_review(cycle.id, entry.cell_id)
            if cell.submitted_at is not None:
                raise UserError(SUBMITTED)
            await uow.ratings.propose(cycle.id, member_id, level, votes, now, actor.member.id)
            proposed = await uow.ratings.entry(cycle.id, member_id)
            assert proposed is not None
            return proposed

        return await in_rating_transaction(self._db, self._clock, actor, work)

    async def review_cell(self, actor: Identity, cell_id: int, level: Level, note: str) -> None:
        """The cell's own collective review: its level and a short note."""

        async def work(uow: RatingsUnitOfWork) -> None:
            roster = await _roster(uow, actor, cell_id)
            if roster.review.submitted_at is not None:
                raise UserError(SUBMITTED)
            await uow.ratings.save_cell_review(roster.cycle.id, cell_id, level, note.strip()[:500])

        await in_rating_transaction(self._db, self._clock, actor, work)

    async def submit(self, actor: Identity, cell_id: int) -> CellRoster:
        """Sends the cell's proposals to the committee, once every rated member has one."""
        now = self._clock.now()

        async def work(uow: RatingsUnitOfWork) -> CellRoster:
            roster = await _roster(uow, actor, cell_id)
            missing = [e for e in roster.entries if e.rated and e.proposed is None]
            if missing:
                raise UserError(MISSING, count=len(missing))
            await uow.ratings.submit_cell(roster.cycle.id, cell_id, now, actor.member.id)
            return await _roster(uow, actor, cell_id)

        return await in_rating_transaction(self._db, self._clock, actor, work)


async def _roster(uow: RatingsUnitOfWork, actor: Identity | None, cell_id: int) -> CellRoster:
    cycle = await open_cycle(uow)
    cell = await uow.units.get(cell_id)
    if cell is None or (actor is not None and not may_see_cell(actor, cell_id)):
        raise RatingRefused(f"cell:{cell_id}")
    entries = await uow.ratings.entries(cycle.id, cell_id)
    return CellRoster(cycle, cell, entries, await uow.ratings.cell_review(cycle.id, cell_id))


async def _entry_for(
    uow: RatingsUnitOfWork, actor: Identity, cycle: Cycle, member_id: int
) -> Entry:
    """An entry the secretary of its cell (or the committee) may act on."""
    if cycle.published:
        raise UserError(PUBLISHED)
    entry = await uow.ratings.entry(cycle.id, member_id)
    if entry is None or not may_see_cell(actor, entry.cell_id):
        raise RatingRefused(f"member:{member_id}")
    return entry
