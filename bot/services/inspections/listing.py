"""The programme as each reader may see it, and what someone types to name an item's target or
people.

The committee and the inspection commission see the organisation's programme of the year with
its quota lines; a cell's secretary their cell's programme and the items about their cell once
notified; anyone else only the items they lead or sit on, or that were notified to them
(:func:`bot.domain.inspections.access.may_see_item` decides each). A programme still drafted is
its owners' (and the commission's) alone: a proposed lead or target learns of it once adopted.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

from bot.clock import Clock
from bot.domain.errors import NotAllowed, NotFound
from bot.domain.inspections.access import may_see_item
from bot.domain.inspections.model import Target, TargetKind
from bot.domain.inspections.months import Spread, spread
from bot.domain.inspections.quotas import QuotaLine
from bot.domain.inspections.records import Item, Programme, Review
from bot.domain.model import Identity, Member, Role, Unit, UnitKind
from bot.domain.permissions import may_plan_inspections, may_see_organisation, secretary_of
from bot.domain.text import cell_key, cell_sort_key
from bot.i18n import N_
from bot.services.inspections.ports import InspectionsUnitOfWork
from bot.services.inspections.programme import ProgrammeService
from bot.services.inspections.standing import standing
from bot.services.member_lookup import find_member
from bot.services.ports import Database

NO_PROGRAMME_OF_YOURS = N_(
    "Only the committee adds items to the organisation's programme, and a cell's secretary to "
    "the cell's."
)


NO_TARGET = N_("No cell or member is called {text}. The cells: {cells}.")


@dataclass(frozen=True)
class ListedItem:
    item: Item
    target_name: str
    cell_name: str  # the target's cell
    lead_name: str  # "" when nobody leads it yet
    cell_programme: str  # the cell's name for an item of a cell's programme; "" for the root's


@dataclass(frozen=True)
class ProgrammeView:
    year: int
    items: tuple[ListedItem, ...]
    quotas: tuple[QuotaLine, ...]  # for the committee and the commission; empty for others
    draft: Programme | None  # the organisation's programme while it is a draft its reader owns
    adopted: bool  # the organisation's programme of the year is adopted
    may_draft: bool  # the reader may store the planner's proposal as the draft
    may_add: bool  # the reader owns a programme (the organisation's, or a cell's)
    # How the organisation's programme falls over the months, for the committee and the
    # commission (None for others, or when it has no item): warned of when bunched at the end.
    spread: Spread | None = None


class ListingService:
    def __init__(
        self,
        db: Database[InspectionsUnitOfWork],
        clock: Clock,
        zone: ZoneInfo,
        programmes: ProgrammeService,
    ) -> None:
        self._db = db
        self._clock = clock
        self._zone = zone
        self._programmes = programmes

    async def visible(self, actor: Identity, year: int | None = None) -> ProgrammeView:
        """What ``actor`` may see of ``year``'s programmes (this year by default), by month."""
        async with self._db.read() as uow:
            root = await uow.units.root()
            if year is None:
                year = await self._shown_year(uow, root)
            programmes = {p.id: p for p in await uow.inspections.programmes(year)}
            items = await uow.inspections.items_of_year(year, adopted_only=False)
            units = {u.id: u for u in await uow.units.all()}
            members = {m.id: m for m in await uow.members.all()}
            root_id = None if root is None else root.id
            oversees = may_see_organisation(actor) and root is not None
            quotas = await self._programmes.quota_lines_in(uow, year) if oversees else ()
        shown = []
        for item in items:
            programme = programmes.get(item.programme_id)
            if programme is None:
                continue
            is_root = programme.unit_id == root_id
            seen = standing(actor, item, is_root, programme)
            drafted = not programme.adopted and not item.kind.is_restricted
            if drafted and not (seen.owner or seen.commission):
                continue
            if programme.adopted and item.review is Review.DROPPED:
                continue
            if not may_see_item(item.kind, item.state, seen):
                continue
            shown.append(_listed(item, is_root, programme, units, members))
        root_programme = next((p for p in programmes.values() if p.unit_id == root_id), None)
        months = [
            item.month
            for item in items
            if root_programme is not None
            and item.programme_id == root_programme.id
            and item.review is not Review.DROPPED
        ]
        allowed = self._programmes.settings.late_share
        spread_shown = spread(months, allowed) if oversees and months else None
        adopted = root_programme is not None and root_programme.adopted
        planner = may_plan_inspections(actor)
        return ProgrammeView(
            year=year,
            items=tuple(shown),
            quotas=tuple(quotas),
            draft=root_programme if planner and root_programme and not adopted else None,
            adopted=adopted,
            may_draft=planner and not adopted,
            may_add=planner or bool(secretary_of(actor)),
            spread=spread_shown,
        )

    async def _shown_year(self, uow: InspectionsUnitOfWork, root: Unit | None) -> int:
        """This year; in December, next year's once its programme is drafted (the time it is)."""
        today = self._clock.now().astimezone(self._zone).date()
        if (
            today.month == 12
            and root is not None
            and await uow.inspections.programme(today.year + 1, root.id) is not None
        ):
            return today.year + 1
        return today.year

    def drafting(self) -> tuple[int, int]:
        """The year a proposal is drafted for and its first month: the rest of this year, from
        this month; in December, next year (as ``ProgrammeService.propose_now``)."""
        today = self._clock.now().astimezone(self._zone).date()
        if today.month == 12:
            return today.year + 1, 1
        return today.year, today.month

    def today(self) -> date:
        return self._clock.now().astimezone(self._zone).date()

    async def unit_for(self, actor: Identity) -> int:
        """The programme ``actor`` adds to: the organisation's for the committee (and the
        commission, for an inspection of a suspected violation), else their cell's."""
        async with self._db.read() as uow:
            root = await uow.units.root()
        if root is not None and (may_plan_inspections(actor) or actor.has(Role.INSPECTOR)):
            return root.id
        cells = sorted(secretary_of(actor))
        if not cells:
            raise NotAllowed(NO_PROGRAMME_OF_YOURS)
        return cells[0]

    async def target(self, text: str) -> tuple[Target, str]:
        """A cell by its name, or a member by code or name (a committee member as such), with
        the name to show."""
        async with self._db.read() as uow:
            units = await uow.units.all()
            key = cell_key(text)
            cells = [u for u in units if u.kind is UnitKind.CELL and cell_key(u.name) == key]
            if cells:
                return Target(TargetKind.CELL, cells[0].id, cells[0].id), cells[0].name
            try:
                member = await find_member(uow, text)
            except NotFound:
                names = sorted(
                    (u.name for u in units if u.kind is UnitKind.CELL), key=cell_sort_key
                )
                raise NotFound(
                    NO_TARGET, text=" ".join(text.split()), cells=", ".join(names)
                ) from None
            roles = await uow.roles.all()
        committee = any(g.role is Role.COMMITTEE for g in roles.get(member.id, ()))
        kind = TargetKind.COMMITTEE_MEMBER if committee else TargetKind.MEMBER
        return Target(kind, member.id, member.cell_id), member.full_name

    async def person(self, text: str) -> Member:
        """A member named by code or name (a lead or a team member)."""
        async with self._db.read() as uow:
            return await find_member(uow, text)


def _listed(
    item: Item,
    is_root: bool,
    programme: Programme,
    units: dict[int, Unit],
    members: dict[int, Member],
) -> ListedItem:
    cell = units.get(item.target.cell_id)
    cell_name = "" if cell is None else cell.name
    if item.target.kind.is_person:
        person = members.get(item.target.id)
        target_name = "" if person is None else person.full_name
    else:
        target_name = cell_name
    lead = None if item.lead_id is None else members.get(item.lead_id)
    owner = units.get(programme.unit_id)
    return ListedItem(
        item=item,
        target_name=target_name,
        cell_name=cell_name,
        lead_name="" if lead is None else lead.full_name,
        cell_programme="" if is_root or owner is None else owner.name,
    )
