"""The proposed yearly programme of inspection and supervision, from the database.

The planner (:mod:`bot.domain.inspections`) is told the organisation as it stands: its cells,
their active party members (non-party staff are not inspected as party members), who is on the
committee (Đảng ủy) and the inspection commission (UBKT), and the members of concern of the
year: overdue breakthrough tasks, and repeated unexcused absences from meetings; and the
history: when each target was last concluded on in an earlier year's programme.
Only the committee, or the operator at the command line, proposes.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from bot.clock import Clock
from bot.domain.errors import NotAllowed, UserError
from bot.domain.inspections.model import ItemKind, Person, Target, TargetKind
from bot.domain.inspections.organisation import (
    Cell,
    Concern,
    ConcernReason,
    History,
    Organisation,
    PlanRequest,
)
from bot.domain.inspections.planner import Proposal
from bot.domain.inspections.quotas import QuotaLine, QuotaSettings, quota_lines, tally
from bot.domain.model import Identity, Role, UnitKind
from bot.domain.permissions import may_plan_inspections
from bot.i18n import N_
from bot.services.inspections.plan_offload import pack_request, plan, unpack_proposal
from bot.services.inspections.ports import InspectionsUnitOfWork
from bot.services.offload import InThread, Offload
from bot.services.ports import Database

# Unexcused absences in the year that make a member one of concern: "repeated" is two or more.
REPEATED_ABSENCES = 2
FIRST_YEAR, LAST_YEAR = 2000, 2100
# Members turned into the planner's people between two turns of the event loop.
MEMBERS_PER_TURN = 5000

NO_ORGANISATION = N_('The organisation does not exist yet: run "butpha init" first.')
BAD_YEAR = N_("{year} is not a year the programme can be planned for ({first}–{last}).")
BAD_MONTH = N_("{month} is not a month: give 1 to 12.")
ONLY_COMMITTEE = N_("Only the committee proposes the inspection programme.")


@dataclass(frozen=True)
class ProposedProgramme:
    """The planner's proposal with the names it is read by."""

    organisation: str
    proposal: Proposal
    people: Mapping[int, str]  # member id → full name (the committee, commission, targets)
    cells: Mapping[int, str]  # cell id → name


def _history(done: list[tuple[ItemKind, Target, date]]) -> History:
    """When each target was last concluded on, by inspection or by supervision."""
    kept: dict[tuple[bool, bool], dict[int, date]] = {
        (cell, inspected): {} for cell in (True, False) for inspected in (True, False)
    }
    for kind, target, when in done:
        slot = kept[(target.kind is TargetKind.CELL, kind.is_inspection)]
        slot[target.id] = max(when, slot.get(target.id, when))
    return History(
        cells_inspected=kept[(True, True)],
        cells_supervised=kept[(True, False)],
        members_inspected=kept[(False, True)],
        members_supervised=kept[(False, False)],
    )


class ProgrammeService:
    def __init__(
        self,
        db: Database[InspectionsUnitOfWork],
        clock: Clock,
        settings: QuotaSettings,
        zone: ZoneInfo,
        offload: Offload | None = None,
    ) -> None:
        self._db = db
        self._clock = clock
        self._settings = settings
        self._zone = zone
        self._offload: Offload = offload or InThread()

    @property
    def settings(self) -> QuotaSettings:
        return self._settings

    async def plan_request(self, year: int, from_month: int = 1) -> tuple[str, PlanRequest]:
        """The organisation's name and what the planner is told for ``year``."""
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise UserError(BAD_YEAR, year=str(year), first=str(FIRST_YEAR), last=str(LAST_YEAR))
        if not 1 <= from_month <= 12:
            raise UserError(BAD_MONTH, month=str(from_month))
        today = self._clock.now().astimezone(self._zone).date()
        # Concerns are read from the year that has data: a programme drafted in December for
        # next year looks at this year's tasks and meetings.
        seen_year = min(year, today.year)
        since = datetime(seen_year, 1, 1, tzinfo=self._zone)
        until = datetime(seen_year + 1, 1, 1, tzinfo=self._zone)
        async with self._db.read() as uow:
            root = await uow.units.root()
            if root is None:
                raise UserError(NO_ORGANISATION)
            units = await uow.units.all()
            members = await uow.members.all()
            roles = await uow.roles.all()
            overdue = await uow.concerns.overdue_tasks(seen_year, today)
            absences = await uow.concerns.unexcused_absences(since, until)
            history = _history(await uow.inspections.last_done(year))
        cells = tuple(Cell(u.id, u.name) for u in units if u.kind is UnitKind.CELL)
        cell_ids = {c.id for c in cells}
        found: list[Person] = []
        for start in range(0, len(members), MEMBERS_PER_TURN):
            if start:
                await asyncio.sleep(0)  # 50,000 members: others are served in between
            found += [
                Person(m.id, m.full_name, m.cell_id)
                for m in members[start : start + MEMBERS_PER_TURN]
                if m.is_active and m.kind.is_party_member and m.cell_id in cell_ids
            ]
        people = tuple(found)
        party = {p.id for p in people}

        def holding(role: Role) -> frozenset[int]:
            return frozenset(
                member_id
                for member_id, grants in roles.items()
                if member_id in party and any(g.role is role for g in grants)
            )

        concerns = [
            Concern(member_id, ConcernReason.OVERDUE_TASKS, count)
            for member_id, count in sorted(overdue.items())
            if member_id in party and count > 0
        ] + [
            Concern(member_id, ConcernReason.UNEXCUSED_ABSENCES, count)
            for member_id, count in sorted(absences.items())
            if member_id in party and count >= REPEATED_ABSENCES
        ]
        organisation = Organisation(cells, people, holding(Role.COMMITTEE), holding(Role.INSPECTOR))
        request = PlanRequest(
            organisation,
            year,
            self._settings,
            history=history,
            concerns=tuple(concerns),
            from_month=from_month,
        )
        return root.name, request

    async def propose_now(self, actor: Identity | None) -> ProposedProgramme:
        """What the committee asks in the chat: the rest of this year, from this month; in
        December, next year's programme (the time it is drafted)."""
        today = self._clock.now().astimezone(self._zone)
        if today.month == 12:
            return await self.propose(actor, today.year + 1)
        return await self.propose(actor, today.year, today.month)

    async def propose(
        self, actor: Identity | None, year: int, from_month: int = 1
    ) -> ProposedProgramme:
        """A programme for ``year`` meeting every quota; ``actor`` None is the operator."""
        if actor is not None and not may_plan_inspections(actor):
            raise NotAllowed(ONLY_COMMITTEE)
        name, request = await self.plan_request(year, from_month)
        # Seconds of CPU at 50,000 members: in the bot's worker process, not on the event loop
        # (issue 15), where members' answers would wait for it.
        packed = await self._offload.run(plan, pack_request(request))
        proposal = await unpack_proposal(packed, request.settings)
        org = request.organisation
        return ProposedProgramme(
            name,
            proposal,
            {p.id: p.name for p in org.members},
            {c.id: c.name for c in org.cells},
        )

    async def quota_lines_in(self, uow: InspectionsUnitOfWork, year: int) -> tuple[QuotaLine, ...]:
        """The quota lines of the organisation's programme for ``year`` as stored (a draft's
        dropped items left out), counted in SQL whatever the organisation's size."""
        root = await uow.units.root()
        if root is None:
            raise UserError(NO_ORGANISATION)
        populations = await uow.concerns.populations()
        targets = await uow.inspections.quota_targets(year, root.id)
        return quota_lines(self._settings, populations, tally(targets))

    async def quota_lines(self, year: int) -> tuple[QuotaLine, ...]:
        async with self._db.read() as uow:
            return await self.quota_lines_in(uow, year)
