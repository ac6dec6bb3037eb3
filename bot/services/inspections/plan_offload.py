"""The planner run in the bot's worker process (:mod:`bot.services.offload`), and what crosses
to it and back.

At 50,000 members the planner takes seconds of CPU: on the event loop every member's answer
would wait for it (issue 15). What it is told, and what it answers, crosses as plain tuples of
numbers and strings rather than the domain's dataclasses: pickling 50,000 ``Person`` objects
and 10,000 ``ProposedItem`` ones took the event loop some 100–250 ms each way, plain tuples a
fraction of that. The answer is rebuilt :data:`ITEMS_PER_TURN` items at a time, the loop
serving others in between. :func:`plan` gives exactly what ``propose(request)`` gives
(tests/unit/test_inspection_draft_chunks.py).
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from datetime import date

from bot.domain.inspections.model import ItemKind, Person, Target, TargetKind
from bot.domain.inspections.organisation import (
    Cell,
    Concern,
    ConcernReason,
    History,
    Organisation,
    PlanRequest,
)
from bot.domain.inspections.planner import Proposal, ProposedItem, propose
from bot.domain.inspections.quotas import QuotaKind, QuotaLine, QuotaSettings

# Items rebuilt from the worker's answer between two turns of the event loop.
ITEMS_PER_TURN = 500

Dates = tuple[tuple[int, int], ...]  # (id, date's ordinal)
PackedConcern = tuple[int, str, int]
PackedRequest = tuple[
    tuple[tuple[int, str], ...],  # cells: (id, name)
    tuple[tuple[int, str, int], ...],  # members: (id, name, cell)
    frozenset[int],  # committee
    frozenset[int],  # commission
    int,  # year
    QuotaSettings,
    tuple[Dates, Dates, Dates, Dates],  # history
    tuple[PackedConcern, ...],
    int,  # from month
]
PackedItem = tuple[
    str,  # kind
    str,  # target's kind
    int,  # target's id
    int,  # target's cell
    str,  # target's name
    int,  # month
    int | None,  # lead
    tuple[int, ...],  # team
    tuple[str, ...],  # counts for
    int | None,  # last (ordinal)
    tuple[PackedConcern, ...],
]
PackedProposal = tuple[int, tuple[int, ...], list[PackedItem], tuple[QuotaLine, ...]]


def _dates(kept: Mapping[int, date]) -> Dates:
    return tuple((key, when.toordinal()) for key, when in kept.items())


def _undates(packed: Dates) -> dict[int, date]:
    return {key: date.fromordinal(ordinal) for key, ordinal in packed}


def _concerns(concerns: tuple[Concern, ...]) -> tuple[PackedConcern, ...]:
    return tuple((c.member_id, c.reason.value, c.count) for c in concerns)


def _unconcerns(packed: tuple[PackedConcern, ...]) -> tuple[Concern, ...]:
    return tuple(Concern(member, ConcernReason(reason), count) for member, reason, count in packed)


def pack_request(request: PlanRequest) -> PackedRequest:
    org, history = request.organisation, request.history
    return (
        tuple((c.id, c.name) for c in org.cells),
        tuple((p.id, p.name, p.cell_id) for p in org.members),
        org.committee,
        org.commission,
        request.year,
        request.settings,
        (
            _dates(history.cells_inspected),
            _dates(history.cells_supervised),
            _dates(history.members_inspected),
            _dates(history.members_supervised),
        ),
        _concerns(request.concerns),
        request.from_month,
    )


def unpack_request(packed: PackedRequest) -> PlanRequest:
    cells, members, committee, commission, year, settings, history, concerns, first = packed
    return PlanRequest(
        Organisation(
            tuple(Cell(*cell) for cell in cells),
            tuple(Person(*member) for member in members),
            committee,
            commission,
        ),
        year,
        settings,
        history=History(*(_undates(kept) for kept in history)),
        concerns=_unconcerns(concerns),
        from_month=first,
    )


def _pack_item(item: ProposedItem) -> PackedItem:
    target = item.target
    return (
        item.kind.value,
        target.kind.value,
        target.id,
        target.cell_id,
        item.target_name,
        item.month,
        item.lead_id,
        item.team_ids,
        tuple(sorted(kind.value for kind in item.counts_for)),
        None if item.last is None else item.last.toordinal(),
        _concerns(item.concerns),
    )


def _unpack_item(packed: PackedItem) -> ProposedItem:
    kind, target_kind, target, cell, name, month, lead, team, counts, last, concerns = packed
    return ProposedItem(
        ItemKind(kind),
        Target(TargetKind(target_kind), target, cell),
        name,
        month,
        lead,
        team,
        frozenset(QuotaKind(q) for q in counts),
        None if last is None else date.fromordinal(last),
        _unconcerns(concerns),
    )


def plan(packed: PackedRequest) -> PackedProposal:
    """In the worker: the planner's proposal for the packed request, packed."""
    proposal = propose(unpack_request(packed))
    items = [_pack_item(item) for item in proposal.items]
    return proposal.year, proposal.months, items, proposal.quotas


async def unpack_proposal(packed: PackedProposal, settings: QuotaSettings) -> Proposal:
    """The proposal rebuilt, a few hundred items per turn of the event loop."""
    year, months, packed_items, quotas = packed
    items: list[ProposedItem] = []
    for start in range(0, len(packed_items), ITEMS_PER_TURN):
        if start:
            await asyncio.sleep(0)
        items += [_unpack_item(item) for item in packed_items[start : start + ITEMS_PER_TURN]]
    return Proposal(year, months, tuple(items), quotas, settings)
