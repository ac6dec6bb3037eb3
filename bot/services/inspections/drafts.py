"""The programme as the committee drafts, reviews and adopts it, and changes it afterwards.

The planner's proposal is stored as a draft (each item "proposed"); the committee accepts,
moves, re-targets, re-staffs or drops items one by one, then adopts the programme (what is
still only proposed is accepted with it, what was dropped is gone). An adopted item can still be
changed: every change is recorded with who made it. A cell's programme belongs to its
secretary; the organisation's to the committee (an inspection for a suspected violation to the
inspection commission). Nobody sits on an item about their own cell or themselves.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from bot.clock import Clock
from bot.domain.errors import NotAllowed, UserError
from bot.domain.inspections.model import (
    ItemKind,
    ItemState,
    Person,
    Target,
    TargetKind,
    check_no_conflict,
)
from bot.domain.inspections.planner import ProposedItem
from bot.domain.inspections.quotas import QuotaLine, QuotaSettings
from bot.domain.inspections.records import Change, Item, ItemDraft, Programme, Review
from bot.domain.model import Identity, Role
from bot.domain.permissions import may_plan_inspections
from bot.i18n import N_
from bot.services.inspections.ports import InspectionsUnitOfWork
from bot.services.inspections.programme import ProgrammeService
from bot.services.inspections.standing import (
    ItemRefused,
    LoadedItem,
    in_item_transaction,
    load_item,
)
from bot.services.ports import Database

ALREADY_ADOPTED = N_("The programme for {year} is already adopted: change its items instead.")
NOT_A_DRAFT = N_("The programme is already adopted.")
NOT_OWNER = N_("Only the committee changes the organisation's programme.")
NOT_CELL_OWNER = N_("Only the cell's secretary changes the cell's programme.")
VIOLATION_ONLY_COMMISSION = N_(
    "An inspection for a suspected violation is the inspection commission's alone."
)
BAD_MONTH = N_("{month} is not a month: give 1 to 12.")
STARTED = N_("This item has already started: it can no longer be moved, re-targeted or dropped.")
NO_CONTENT = N_("Write what the item inspects or supervises.")
NOT_A_MEMBER = N_("{name} is not an active party member of the organisation.")
TEAM_TWICE = N_("The lead cannot also be a member of the team.")
OVERLOADED = N_(
    "{name} already leads {count} items in month {month}: choose someone else, or move an item."
)
NOT_OWN_MEMBER = N_(
    "A cell inspects and supervises its own members: {name} is not a member of this cell, so "
    "the item belongs in the programme of the committee or of {name}'s cell."
)
NOT_A_CELL_TARGET = N_(
    "A cell inspects and supervises its own members: a cell's programme has no item about a "
    "cell, only about one of its members."
)
# Items one person may lead in the same month of a programme (INSPECTIONS.md: "without
# overloading anyone"; the planner spreads the load evenly, a person may not pile it up).
MAX_LEADS_IN_A_MONTH = 2
# A stored proposal's items cleared or written per write transaction: a few milliseconds each at
# 50,000 members, where the whole draft (some 10,000 items) in one held the writer seconds.
ITEMS_PER_WRITE = 250


Fields = Callable[[LoadedItem], tuple[dict[str, object], Change, str]]
Check = Callable[[InspectionsUnitOfWork, LoadedItem], Awaitable[None]]
# How a proposed item's content is worded, in the organisation's language (the caller's).
Wording = Callable[[ProposedItem], str]


@dataclass(frozen=True)
class Adopted:
    programme: Programme
    items: int
    quotas: tuple[QuotaLine, ...]


class DraftService:
    def __init__(
        self,
        db: Database[InspectionsUnitOfWork],
        clock: Clock,
        settings: QuotaSettings,
        programmes: ProgrammeService,
    ) -> None:
        self._db = db
        self._clock = clock
        self._settings = settings
        self._programmes = programmes
        self._drafting = asyncio.Lock()  # one draft written at a time, adopted once written

    async def draft(
        self, actor: Identity | None, year: int, word: Wording, from_month: int = 1
    ) -> Programme:
        """Stores the planner's proposal for ``year`` as the organisation's draft programme,
        replacing an earlier draft; an adopted programme is not replaced.

        At 50,000 members the proposal has some 10,000 items: the planner runs off the event
        loop (:meth:`ProgrammeService.propose`), and the earlier draft is cleared and the new one
        written :data:`ITEMS_PER_WRITE` items a transaction, so that no write holds the single
        writer long (issue 15: joins and answers queue behind it). Meanwhile the committee may
        see the draft half written; drafts and adoption in this process wait for each other."""
        proposed = await self._programmes.propose(actor, year, from_month)
        now = self._clock.now()
        async with self._drafting:
            async with self._db.write() as uow:
                root = await uow.units.root()
                assert root is not None  # propose() refused otherwise
                programme = await uow.inspections.programme(year, root.id)
                if programme is not None and programme.adopted:
                    raise UserError(ALREADY_ADOPTED, year=str(year))
                if programme is None:
                    programme_id = await uow.inspections.create_programme(year, root.id, now)
                else:
                    programme_id = programme.id
            cleared = ITEMS_PER_WRITE
            while cleared == ITEMS_PER_WRITE:
                async with self._db.write() as uow:
                    await _still_a_draft(uow, programme_id, year)
                    cleared = await uow.inspections.clear_draft(programme_id, ITEMS_PER_WRITE)
            member_id = None if actor is None else actor.member.id
            items = proposed.proposal.items
            for start in range(0, len(items), ITEMS_PER_WRITE):
                drafts = [
                    ItemDraft(
                        kind=p.kind,
                        content=word(p),
                        target=p.target,
                        month=p.month,
                        lead_id=p.lead_id,
                        team_ids=p.team_ids,
                        reason=",".join(f"{c.reason.value}:{c.count}" for c in p.concerns),
                    )
                    for p in items[start : start + ITEMS_PER_WRITE]
                ]
                async with self._db.write() as uow:
                    await _still_a_draft(uow, programme_id, year)
                    ids = await uow.inspections.add_items(
                        programme_id, drafts, Review.PROPOSED, now
                    )
                    await uow.inspections.add_events(ids, now, member_id, Change.CREATED)
            async with self._db.read() as uow:
                stored = await uow.inspections.programme_by_id(programme_id)
        assert stored is not None
        return stored

    async def adopt(self, actor: Identity | None, programme_id: int) -> Adopted:
        async with self._drafting:  # not a draft half written
            return await self._adopt(actor, programme_id)

    async def _adopt(self, actor: Identity | None, programme_id: int) -> Adopted:
        now = self._clock.now()
        async with self._db.write() as uow:
            programme = await uow.inspections.programme_by_id(programme_id)
            if programme is None:
                raise ItemRefused(0)
            await self._own(uow, actor, programme, ItemKind.INSPECTION)
            if programme.adopted:
                raise UserError(NOT_A_DRAFT)
            await uow.inspections.adopt(
                programme_id, now, None if actor is None else actor.member.id
            )
            items = await uow.inspections.items(programme_id)
            adopted = await uow.inspections.programme_by_id(programme_id)
            lines = await self._programmes.quota_lines_in(uow, programme.year)
        assert adopted is not None
        return Adopted(adopted, len(items), lines)

    async def add(self, actor: Identity | None, year: int, unit_id: int, draft: ItemDraft) -> Item:
        """Adds an item to ``unit_id``'s programme of ``year`` (created, adopted, if none: a
        cell's programme is its secretary's list, adopted as it is written)."""
        if not draft.content.strip():
            raise UserError(NO_CONTENT)
        if not 1 <= draft.month <= 12:
            raise UserError(BAD_MONTH, month=str(draft.month))
        now = self._clock.now()

        async def work(uow: InspectionsUnitOfWork) -> Item:
            programme = await uow.inspections.programme(year, unit_id)
            stub = Programme(0, year, unit_id, None, None) if programme is None else programme
            await self._own(uow, actor, stub, draft.kind)
            await self._check_own_members(uow, stub, draft.target)
            await self._check_people(uow, draft.lead_id, draft.team_ids, draft.target)
            if programme is None:
                programme_id = await uow.inspections.create_programme(year, unit_id, now)
                root = await uow.units.root()
                if root is not None and root.id != unit_id:
                    await uow.inspections.adopt(programme_id, now, _who(actor))
            else:
                programme_id = programme.id
            draft_open = programme is not None and not programme.adopted
            review = Review.PROPOSED if draft_open else Review.ACCEPTED
            [item_id] = await uow.inspections.add_items(programme_id, [draft], review, now)
            await uow.inspections.add_event(item_id, now, _who(actor), Change.CREATED)
            item = await uow.inspections.item(item_id)
            assert item is not None
            return item

        return await in_item_transaction(self._db, self._clock, actor, work)

    async def review(self, actor: Identity | None, item_id: int, review: Review) -> Item:
        """Accepts or drops a proposed item of a draft; an adopted item may be dropped while
        nothing has been done on it."""
        return await self._change(
            actor,
            item_id,
            lambda loaded: (
                {"review": review.value},
                Change.ACCEPTED if review is Review.ACCEPTED else Change.DROPPED,
                "",
            ),
            structural=review is Review.DROPPED,
        )

    async def move(self, actor: Identity | None, item_id: int, month: int) -> Item:
        if not 1 <= month <= 12:
            raise UserError(BAD_MONTH, month=str(month))
        return await self._change(
            actor,
            item_id,
            lambda loaded: ({"month": month}, Change.MOVED, f"{loaded.item.month}→{month}"),
            structural=True,
        )

    async def retarget(self, actor: Identity | None, item_id: int, target: Target) -> Item:
        async def check(uow: InspectionsUnitOfWork, loaded: LoadedItem) -> None:
            await self._check_own_members(uow, loaded.programme, target)
            await self._check_people(uow, loaded.item.lead_id, loaded.item.team_ids, target)

        return await self._change(
            actor,
            item_id,
            lambda loaded: (
                {
                    "target_kind": target.kind.value,
                    "target_id": target.id,
                    "target_cell_id": target.cell_id,
                },
                Change.TARGET,
                f"{loaded.item.target.kind.value}:{loaded.item.target.id}→"
                f"{target.kind.value}:{target.id}",
            ),
            structural=True,
            check=check,
        )

    async def restaff(
        self, actor: Identity | None, item_id: int, lead_id: int | None, team_ids: tuple[int, ...]
    ) -> Item:
        """A new lead and team; refused, naming the person, when one would sit on an item about
        their own cell or themselves."""
        if lead_id is not None and lead_id in team_ids:
            raise UserError(TEAM_TWICE)

        async def check(uow: InspectionsUnitOfWork, loaded: LoadedItem) -> None:
            item = loaded.item
            await self._check_people(uow, lead_id, team_ids, item.target)
            await self._check_load(uow, item.programme_id, item.id, lead_id, item.month)
            await uow.inspections.set_team(item.id, team_ids)

        return await self._change(
            actor,
            item_id,
            lambda loaded: (
                {"lead_id": lead_id},
                Change.TEAM,
                f"{lead_id}|{','.join(map(str, team_ids))}",
            ),
            structural=False,
            check=check,
        )

    async def _change(
        self,
        actor: Identity | None,
        item_id: int,
        fields: Fields,
        *,
        structural: bool,
        check: Check | None = None,
    ) -> Item:
        now = self._clock.now()

        async def work(uow: InspectionsUnitOfWork) -> Item:
            loaded = await load_item(uow, actor, item_id)
            await self._own(uow, actor, loaded.programme, loaded.item.kind)
            if structural and loaded.item.state is not ItemState.PLANNED:
                raise UserError(STARTED)
            values, change, detail = fields(loaded)
            if check is not None:
                await check(uow, loaded)
            await uow.inspections.update_item(item_id, values)
            await uow.inspections.add_event(item_id, now, _who(actor), change, detail)
            item = await uow.inspections.item(item_id)
            assert item is not None
            return item

        return await in_item_transaction(self._db, self._clock, actor, work)

    async def _own(
        self,
        uow: InspectionsUnitOfWork,
        actor: Identity | None,
        programme: Programme,
        kind: ItemKind,
    ) -> None:
        if actor is None:
            return
        if kind.is_restricted:
            if not actor.has(Role.INSPECTOR):
                raise NotAllowed(VIOLATION_ONLY_COMMISSION)
            return
        root = await uow.units.root()
        if root is not None and programme.unit_id == root.id:
            if not may_plan_inspections(actor):
                raise NotAllowed(NOT_OWNER)
        elif not actor.has(Role.CELL_SECRETARY, programme.unit_id):
            raise NotAllowed(NOT_CELL_OWNER)

    async def _check_own_members(
        self, uow: InspectionsUnitOfWork, programme: Programme, target: Target
    ) -> None:
        """A cell's programme is about the cell's own members (INSPECTIONS.md: "A cell inspects
        and supervises its own members"); the organisation's may target anyone."""
        root = await uow.units.root()
        if root is None or programme.unit_id == root.id:
            return
        if target.kind is TargetKind.CELL:
            raise UserError(NOT_A_CELL_TARGET)
        member = await uow.members.get(target.id)
        cell_id = target.cell_id if member is None else member.cell_id
        if cell_id != programme.unit_id or target.cell_id != programme.unit_id:
            name = str(target.id) if member is None else member.full_name
            raise UserError(NOT_OWN_MEMBER, name=name)

    async def _check_people(
        self,
        uow: InspectionsUnitOfWork,
        lead_id: int | None,
        team_ids: tuple[int, ...],
        target: Target,
    ) -> None:
        people = []
        for member_id in ((lead_id,) if lead_id is not None else ()) + team_ids:
            member = await uow.members.get(member_id)
            if member is None or not member.is_active or not member.kind.is_party_member:
                name = str(member_id) if member is None else member.full_name
                raise UserError(NOT_A_MEMBER, name=name)
            people.append(Person(member.id, member.full_name, member.cell_id))
        check_no_conflict(people, target)

    async def _check_load(
        self,
        uow: InspectionsUnitOfWork,
        programme_id: int,
        item_id: int,
        lead_id: int | None,
        month: int,
    ) -> None:
        """Refuses a lead who already leads as many items as allowed in ``month``."""
        if lead_id is None:
            return
        led = [
            i
            for i in await uow.inspections.items(programme_id)
            if i.lead_id == lead_id
            and i.month == month
            and i.id != item_id
            and i.review is not Review.DROPPED
        ]
        if len(led) >= MAX_LEADS_IN_A_MONTH:
            member = await uow.members.get(lead_id)
            raise NotAllowed(
                OVERLOADED,
                name="" if member is None else member.full_name,
                count=str(len(led)),
                month=str(month),
            )


async def _still_a_draft(uow: InspectionsUnitOfWork, programme_id: int, year: int) -> None:
    """Refuses to go on writing a draft adopted meanwhile (by ``butpha oversight import``)."""
    programme = await uow.inspections.programme_by_id(programme_id)
    if programme is None or programme.adopted:
        raise UserError(ALREADY_ADOPTED, year=str(year))


def _who(actor: Identity | None) -> int | None:
    return None if actor is None else actor.member.id
