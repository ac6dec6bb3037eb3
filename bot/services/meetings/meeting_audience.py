"""Who a meeting is for: the active members of its units and of every unit under them.

Read from the meeting's cells, not by looking at every member: an organisation-wide study
concerns everyone, a cell meeting a few dozen out of tens of thousands.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from bot.clock import Clock
from bot.domain.delivery_channels import Address
from bot.domain.errors import NotAllowed, NotFound, UserError
from bot.domain.meetings import Meeting, concerns, unit_chains
from bot.domain.model import Channel, Identity, Member
from bot.i18n import N_
from bot.services.meetings.ports import MeetingsUnitOfWork
from bot.services.ports import Database

NOT_YOURS = N_("This meeting is not one of yours.")
CANCELLED = N_("This meeting has been cancelled.")
REFUSED_EVENT = "meeting_access_refused"


@dataclass(frozen=True)
class Audience:
    """The active members grouped by cell, with the cells under each unit and everyone's
    address (one channel each): a meeting's members are found from its units, not by looking
    at everyone."""

    by_cell: dict[int, list[Member]]
    below: dict[int, frozenset[int]]  # unit → the units (cells) at or under it
    chains: dict[int, frozenset[int]]
    chats: dict[int, Address]

    @classmethod
    async def load(cls, uow: MeetingsUnitOfWork, meetings: list[Meeting] | None = None) -> Audience:
        """Everyone, or only the members of the cells ``meetings`` are for."""
        chains = unit_chains(await uow.units.all())
        below: dict[int, set[int]] = {}
        for unit_id, chain in chains.items():
            for above in chain:
                below.setdefault(above, set()).add(unit_id)
        wanted: set[int] | None = None
        if meetings is not None:
            wanted = set()
            for meeting in meetings:
                for unit_id in meeting.unit_ids:
                    wanted |= below.get(unit_id, set())
        if wanted is None or len(wanted) == len(chains):
            members = [m for m in await uow.members.all() if m.is_active]
        else:
            members = await uow.members.in_cells(
                frozenset(wanted), unlinked_only=False, channel=Channel.TELEGRAM
            )
        by_cell: dict[int, list[Member]] = {}
        for member in members:
            by_cell.setdefault(member.cell_id, []).append(member)
        chats = await uow.outbox.addresses_of(None if wanted is None else [m.id for m in members])
        return cls(by_cell, {u: frozenset(c) for u, c in below.items()}, chains, chats)

    def cells(self, meeting: Meeting) -> set[int]:
        """The units whose members the meeting is for: its own and those under them."""
        cells: set[int] = set()
        for unit_id in meeting.unit_ids:
            cells |= self.below.get(unit_id, frozenset())
        return cells

    def expected(self, meeting: Meeting) -> list[Member]:
        """Every member expected at ``meeting``, by id."""
        found = [
            member
            for cell_id in self.cells(meeting)
            for member in self.by_cell.get(cell_id, ())
            if concerns(meeting, member, self.chains.get(cell_id, frozenset()))
        ]
        found.sort(key=lambda m: m.id)
        return found

    def in_cell(self, cell_id: int) -> list[Member]:
        return self.by_cell.get(cell_id, [])


async def unit_chain(uow: MeetingsUnitOfWork, unit_id: int) -> frozenset[int]:
    """The unit and every unit above it up to the organisation root."""
    return unit_chains(await uow.units.all()).get(unit_id, frozenset())


async def concerned(uow: MeetingsUnitOfWork, meeting: Meeting, member: Member) -> bool:
    """Whether ``member`` is expected at ``meeting``."""
    return concerns(meeting, member, await unit_chain(uow, member.cell_id))


async def expected_at(uow: MeetingsUnitOfWork, meeting: Meeting) -> list[Member]:
    """The active members expected at ``meeting``, by id."""
    return (await Audience.load(uow, [meeting])).expected(meeting)


async def audience_meeting(uow: MeetingsUnitOfWork, actor: Identity, meeting_id: int) -> Meeting:
    """The meeting ``actor`` is expected at, for a member's own action on it (an answer, a
    snooze, a check-in). A missing id and someone else's meeting get the same refusal, so a
    forged button learns nothing; a cancelled one of theirs is said to be cancelled."""
    meeting = await uow.meetings.get(meeting_id)
    if meeting is None:
        raise NotFound(NOT_YOURS)
    if not await concerned(uow, meeting, actor.member):
        raise NotAllowed(NOT_YOURS)
    if meeting.cancelled:
        raise UserError(CANCELLED)
    return meeting


@asynccontextmanager
async def audited(
    db: Database[MeetingsUnitOfWork], clock: Clock, actor: Identity, action: str, **detail: int
) -> AsyncIterator[None]:
    """Around a member's action on a meeting (``detail``: its id, or the cell asked for): a
    refusal (not theirs, or no such meeting) is written to the audit log after the refused
    transaction has rolled back, then raised."""
    try:
        yield
    except (NotAllowed, NotFound):
        async with db.write() as uow:
            await uow.audit.record(
                REFUSED_EVENT,
                at=clock.now(),
                actor_member_id=actor.member.id,
                detail={**detail, "action": action},
            )
        raise
