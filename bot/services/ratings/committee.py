"""The committee's /xeploai: a table by cell (members, submitted, proposed, decided, the cell's
list sent), the distribution against the cap and the targets as things stand, a decision per
member (the cell's proposal by default; a reason when it differs), and publishing: each member
told their own level privately, each secretary their cell's list, through the outbox, once."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from bot.clock import Clock
from bot.domain.errors import NotAllowed, UserError
from bot.domain.model import Identity, Member, Role, Unit
from bot.domain.outbox import ChatKind, OutgoingMessage, Purpose
from bot.domain.ratings.distribution import Conflict, Distribution, target_conflicts
from bot.domain.ratings.levels import LEVELS, Level, RatingRules
from bot.domain.ratings.records import CellReview, Cycle, Entry, published_in_time
from bot.i18n import N_
from bot.services.delivery import DeliveryService
from bot.services.ports import Database
from bot.services.ratings.access import (
    COMMITTEE_ONLY,
    RatingRefused,
    in_rating_transaction,
    is_committee,
)
from bot.services.ratings.cycles import open_cycle
from bot.services.ratings.ports import RatingsUnitOfWork

REASON_NEEDED = N_(
    "A decision other than the cell's proposal needs a reason: write it after the level."
)
UNDECIDED = N_(
    "{count} rated members have neither a proposal from their cell nor a decision: decide "
    "for each before publishing."
)


@dataclass(frozen=True)
class CellLine:
    cell: Unit
    members: int
    not_rated: int
    submitted: int
    proposed: int
    decided: int
    sent: bool  # the cell's list has gone to the committee
    levels: Distribution


@dataclass(frozen=True)
class Overview:
    cycle: Cycle
    cells: list[CellLine]
    distribution: Distribution
    conflicts: list[Conflict]
    rules: RatingRules


# The notices of publication, each in its recipient's language.
MemberNotice = Callable[[Member, Cycle, Entry], str]
CellNotice = Callable[[Member, Cycle, Unit, list[Entry]], str]


class CommitteeRatingService:
    def __init__(
        self,
        db: Database[RatingsUnitOfWork],
        clock: Clock,
        delivery: DeliveryService,
        rules: RatingRules,
    ) -> None:
        self._db = db
        self._clock = clock
        self._delivery = delivery
        self.rules = rules

    async def overview(self, actor: Identity | None) -> Overview:
        if actor is not None and not is_committee(actor):
            raise NotAllowed(COMMITTEE_ONLY)
        async with self._db.read() as uow:
            cycle = await uow.ratings.latest()
            if cycle is None:
                await open_cycle(uow)  # refuses with "no cycle"
            assert cycle is not None
            return await _overview(uow, cycle, self.rules)

    async def figures(
        self, year: int, cell_id: int | None = None, published_by: datetime | None = None
    ) -> Distribution | None:
        """The year's ratings as counts per level (the committee's level, else the cell's
        proposal), of the organisation or of one cell: what a period report and the targets
        (issue 13) read. None when the year has no cycle, or (``published_by`` given) when it
        was not published by then. No names, so no actor is needed."""
        async with self._db.read() as uow:
            cycle = await uow.ratings.cycle_for(year, None)
            if cycle is None or not published_in_time(cycle, published_by):
                return None
            counts = await uow.ratings.level_counts(cycle.id)
        return Distribution.of_counts(counts, cell_id)

    async def decide(
        self, actor: Identity | None, member_id: int, level: Level, reason: str = ""
    ) -> Entry:
        """The committee's level for a member; a reason is needed when it is not the cell's
        proposal."""
        reason = reason.strip()[:500]
        now = self._clock.now()

        async def work(uow: RatingsUnitOfWork) -> Entry:
            if actor is not None and not is_committee(actor):
                raise RatingRefused(f"decide:{member_id}", COMMITTEE_ONLY)
            cycle = await open_cycle(uow)
            entry = await uow.ratings.entry(cycle.id, member_id)
            if entry is None or not entry.rated:
                raise UserError(N_("This member is not rated in this cycle."))
            if level is not entry.proposed and not reason:
                raise UserError(REASON_NEEDED)
            by = None if actor is None else actor.member.id
            await uow.ratings.decide(cycle.id, member_id, level, reason, now, by)
            decided = await uow.ratings.entry(cycle.id, member_id)
            assert decided is not None
            return decided

        return await in_rating_transaction(self._db, self._clock, actor, work)

    async def publish(
        self, actor: Identity | None, member_notice: MemberNotice, cell_notice: CellNotice
    ) -> int:
        """Proposals not decided otherwise become the decisions; each member is told their
        own level, each secretary their cell's list. Returns the notices queued."""
        if actor is not None and not is_committee(actor):
            raise NotAllowed(COMMITTEE_ONLY)
        now = self._clock.now()
        async with self._db.write() as uow:
            cycle = await open_cycle(uow)
            entries = await uow.ratings.entries(cycle.id)
            undecided = [e for e in entries if e.rated and e.level is None]
            if undecided:
                raise UserError(UNDECIDED, count=len(undecided))
            by = None if actor is None else actor.member.id
            await uow.ratings.accept_proposals(cycle.id, now, by)
            await uow.ratings.publish(cycle.id, now)
            published = await uow.ratings.cycle(cycle.id)
            assert published is not None
            entries = await uow.ratings.entries(cycle.id)
            secretaries = await uow.roles.holders_by_unit(Role.CELL_SECRETARY)
            by_cell: dict[int, list[Entry]] = {}
            for entry in entries:
                by_cell.setdefault(entry.cell_id, []).append(entry)
            recipients = {e.member_id for e in entries} | {
                s for cell in by_cell for s in secretaries.get(cell, [])
            }
            addresses = await uow.outbox.addresses_of(sorted(recipients))
            members = {m.id: m for m in await uow.members.all() if m.id in recipients}
            messages: list[OutgoingMessage] = []

            def add(key: str, member_id: int, text: str) -> None:
                member, address = members.get(member_id), addresses.get(member_id)
                if member is None or address is None or not member.is_active:
                    return
                messages.append(
                    OutgoingMessage(
                        key=key,
                        purpose=Purpose.NOTICE,
                        chat_id=address.chat_id,
                        channel=address.channel,
                        chat_kind=ChatKind.PRIVATE,
                        text=text,
                        not_before=now,
                        member_id=member_id,
                    )
                )

            for entry in entries:
                member = members.get(entry.member_id)
                if member is not None:
                    add(
                        f"rating:{cycle.id}:member:{entry.member_id}",
                        entry.member_id,
                        member_notice(member, published, entry),
                    )
            for cell_id, cell_entries in by_cell.items():
                cell = await uow.units.get(cell_id)
                if cell is None:
                    continue
                for secretary in secretaries.get(cell_id, []):
                    member = members.get(secretary)
                    if member is not None:
                        add(
                            f"rating:{cycle.id}:cell:{cell_id}:{secretary}",
                            secretary,
                            cell_notice(member, published, cell, cell_entries),
                        )
            count = await uow.outbox.enqueue(messages, now)
        if count:
            self._delivery.wake()
        return count


async def _overview(uow: RatingsUnitOfWork, cycle: Cycle, rules: RatingRules) -> Overview:
    states = await uow.ratings.state_counts(cycle.id)
    counts = await uow.ratings.level_counts(cycle.id)
    reviews: dict[int, CellReview] = await uow.ratings.cell_reviews(cycle.id)
    units = {u.id: u for u in await uow.units.all()}
    lines = []
    for cell_id, (members, not_rated, submitted, proposed, decided) in sorted(
        states.items(), key=lambda item: units[item[0]].name if item[0] in units else ""
    ):
        cell = units.get(cell_id)
        if cell is None:
            continue
        levels = Distribution({lv: counts.get((cell_id, lv), 0) for lv in LEVELS})
        review = reviews.get(cell_id)
        sent = review is not None and review.submitted_at is not None
        lines.append(CellLine(cell, members, not_rated, submitted, proposed, decided, sent, levels))
    total = Distribution(
        {lv: sum(n for (_, level), n in counts.items() if level is lv) for lv in LEVELS}
    )
    return Overview(cycle, lines, total, target_conflicts(rules), rules)
