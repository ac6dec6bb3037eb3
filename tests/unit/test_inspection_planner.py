"""The planner on generated organisations, checked the way a committee would check the
proposed programme: every quota met with the fewest items, spread evenly through the year and
not bunched at its end, busy months left empty, targets rotated, members of concern first with
their reasons, and nobody on an item about their own cell or themselves."""

from __future__ import annotations

import math
import random
from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from bot.domain.errors import UserError
from bot.domain.inspections.model import ItemKind, TargetKind, conflict
from bot.domain.inspections.organisation import (
    Concern,
    ConcernReason,
    History,
    Organisation,
    PlanRequest,
)
from bot.domain.inspections.planner import Proposal, propose
from bot.domain.inspections.quotas import QuotaKind, QuotaSettings, requirements
from bot.domain.inspections.teams import staff_items
from tests.unit.inspection_orgs import concerns, history, organisation

SMALL = organisation(cells=3, per_cell=4, committee=3)
DEMO = organisation(cells=5, per_cell=8, committee=7)
LARGE = organisation(cells=60, per_cell=25, committee=11, commission=4)
ORGS = {"small": SMALL, "demo": DEMO, "large": LARGE}
YEAR_END_REVIEW = QuotaSettings(busy_months=frozenset({1, 12}))  # Tết and the year-end review


def request(
    org: Organisation, settings: QuotaSettings | None = None, **more: object
) -> PlanRequest:
    return PlanRequest(org, 2027, settings or QuotaSettings(), **more)  # type: ignore[arg-type]


def fewest(org: Organisation, settings: QuotaSettings) -> int:
    """The fewest items meeting every quota: committee members inspected count as members."""
    need = requirements(settings, org.populations)
    return (
        need[QuotaKind.CELLS_INSPECTED]
        + need[QuotaKind.CELLS_SUPERVISED]
        + max(need[QuotaKind.MEMBERS_INSPECTED], need[QuotaKind.COMMITTEE_INSPECTED])
        + need[QuotaKind.MEMBERS_SUPERVISED]
    )


def check_programme(org: Organisation, proposal: Proposal, settings: QuotaSettings) -> None:
    """What every proposal must satisfy."""
    assert proposal.quotas_met, [line for line in proposal.quotas if not line.met]
    assert len(proposal.items) == fewest(org, settings)
    # Even: the months available hold floor(n/m) or ceil(n/m) items; the busy ones none.
    counts = proposal.month_counts
    used = [counts[m] for m in proposal.months]
    ceiling = math.ceil(len(proposal.items) / len(proposal.months))
    assert max(used) <= ceiling and max(used) - min(used) <= 1
    assert all(counts[m] == 0 for m in settings.busy_months)
    # The last two months hold no more than their share, and never more than the allowed one.
    assert counts[11] + counts[12] <= 2 * ceiling
    assert proposal.late_share <= settings.late_share and not proposal.late_warning
    # Every item staffed with a full team of distinct people, none of them in conflict.
    staff = {p.id: p for p in org.staff}
    for item in proposal.items:
        assert item.lead_id is not None
        people = [item.lead_id, *item.team_ids]
        allowed = [p for p in staff.values() if conflict(p, item.target) is None]
        assert len(set(people)) == len(people) == min(settings.team_size, len(allowed))
        assert all(conflict(staff[p], item.target) is None for p in people)
    # The same target never twice.
    targets = [
        (item.target.kind is TargetKind.CELL, item.target.id, item.kind) for item in proposal.items
    ]
    assert len(set(targets)) == len(targets)


@pytest.mark.parametrize("name", ORGS)
@pytest.mark.parametrize("settings", [QuotaSettings(), YEAR_END_REVIEW], ids=["plain", "busy"])
def test_a_proposal_meets_every_quota_with_the_fewest_items_spread_evenly(
    name: str, settings: QuotaSettings
) -> None:
    org = ORGS[name]
    proposal = propose(request(org, settings, history=history(org, 0.6), concerns=concerns(org, 3)))
    check_programme(org, proposal, settings)


def test_the_demo_organisations_programme() -> None:
    proposal = propose(request(DEMO))
    # 20% of 5 cells: 1 inspected, 1 supervised; of 7 committee members: 2; of 40 members: 8,
    # the 2 committee members among them: 10 items, one a month from January, none in Nov/Dec.
    assert len(proposal.items) == 10
    kinds = [(i.kind, i.target.kind) for i in proposal.items]
    assert kinds.count((ItemKind.INSPECTION, TargetKind.CELL)) == 1
    assert kinds.count((ItemKind.THEMATIC_SUPERVISION, TargetKind.CELL)) == 1
    assert kinds.count((ItemKind.INSPECTION, TargetKind.COMMITTEE_MEMBER)) == 2
    assert kinds.count((ItemKind.INSPECTION, TargetKind.MEMBER)) == 6
    assert [proposal.month_counts[m] for m in range(1, 13)] == [1] * 10 + [0, 0]
    assert proposal.late_share == 0
    # 30 seats on 7 people: at most 5 each (30/7 rounds up to 5), and no one idle.
    assert max(proposal.load().values()) == 5 and len(proposal.load()) == 7


def test_each_kind_of_item_is_spread_through_the_year_not_one_kind_a_season() -> None:
    proposal = propose(request(LARGE))
    cell_months = [i.month for i in proposal.items if i.target.kind is TargetKind.CELL]
    # 12 inspections and 12 supervisions of cells: across the year, not all in spring.
    assert min(cell_months) <= 2 and max(cell_months) >= 11


def test_no_item_in_a_busy_month_and_few_at_the_end_when_only_the_end_is_left() -> None:
    settings = QuotaSettings(busy_months=frozenset({3, 4, 5, 6, 7}))
    proposal = propose(request(DEMO, settings, from_month=3))
    assert proposal.months == (8, 9, 10, 11, 12)
    assert [proposal.month_counts[m] for m in proposal.months] == [2, 2, 2, 2, 2]
    # 4 of 10 in November and December: 40%, the limit itself, so no warning.
    assert proposal.late_share == Decimal(40) and not proposal.late_warning
    late = propose(request(DEMO, settings, from_month=11))
    assert late.late_share == 100 and late.late_warning


def test_a_year_with_every_month_busy_is_refused() -> None:
    with pytest.raises(UserError):
        propose(request(DEMO, QuotaSettings(busy_months=frozenset(range(1, 13)))))
    with pytest.raises(UserError):
        propose(request(DEMO, QuotaSettings(busy_months=frozenset({12})), from_month=12))


def test_targets_rotate_never_inspected_first_then_the_longest_ago() -> None:
    cells = [c.id for c in DEMO.cells]
    seen = {cells[0]: date(2026, 5, 1), cells[1]: date(2022, 3, 1), cells[2]: date(2024, 1, 1),
            cells[3]: date(2021, 9, 1)}  # fmt: skip
    settings = QuotaSettings(shares={QuotaKind.CELLS_INSPECTED: Decimal(60)})  # 3 of 5 cells
    proposal = propose(request(DEMO, settings, history=History(cells_inspected=seen)))
    chosen = [i.target.id for i in proposal.items]
    # Never inspected (cells[4]) first, then 2021, then 2022; the most recent ones wait.
    assert chosen == [cells[4], cells[3], cells[1]]
    assert [i.last for i in proposal.items] == [None, date(2021, 9, 1), date(2022, 3, 1)]


def test_a_cell_is_not_both_inspected_and_supervised_while_others_wait() -> None:
    proposal = propose(request(DEMO, QuotaSettings(shares={
        QuotaKind.CELLS_INSPECTED: Decimal(40), QuotaKind.CELLS_SUPERVISED: Decimal(60)})))  # fmt: skip
    inspected = {i.target.id for i in proposal.items if i.kind is ItemKind.INSPECTION}
    supervised = {i.target.id for i in proposal.items if i.kind is ItemKind.THEMATIC_SUPERVISION}
    assert len(inspected) == 2 and len(supervised) == 3 and not inspected & supervised


def test_members_of_concern_come_first_with_their_reasons() -> None:
    worries = (
        Concern(DEMO.members[20].id, ConcernReason.OVERDUE_TASKS, 2),
        Concern(DEMO.members[33].id, ConcernReason.UNEXCUSED_ABSENCES, 3),
        Concern(DEMO.members[33].id, ConcernReason.OVERDUE_TASKS, 1),
    )
    # Everyone else never inspected: rotation alone would pick others.
    proposal = propose(request(DEMO, concerns=worries))
    members = [i for i in proposal.items if i.target.kind is TargetKind.MEMBER]
    # Both reasons first, then the one; each item carries its member's reasons.
    assert [i.target.id for i in members[:2]] == [DEMO.members[33].id, DEMO.members[20].id]
    assert {c.reason for c in members[0].concerns} == set(ConcernReason)
    assert members[1].concerns == (worries[0],)
    assert all(not i.concerns for i in members[2:])
    # Suggested early in the year, not left for its end.
    assert members[0].month <= 2 and members[1].month <= 4


def test_with_a_quota_for_supervising_members_those_of_concern_are_supervised_first() -> None:
    worries = concerns(DEMO, 4)
    settings = QuotaSettings(shares={QuotaKind.MEMBERS_SUPERVISED: Decimal(10)})  # 4 of 40
    proposal = propose(request(DEMO, settings, concerns=worries))
    supervised = [i for i in proposal.items if i.kind is ItemKind.THEMATIC_SUPERVISION]
    assert {i.target.id for i in supervised} == {c.member_id for c in worries}
    assert all(i.concerns for i in supervised)


def test_the_same_input_gives_the_same_programme_whatever_its_order() -> None:
    hist, worries = history(LARGE, 0.5), concerns(LARGE, 10)
    first = propose(request(LARGE, history=hist, concerns=worries))
    shuffled = list(LARGE.members)
    random.Random(9).shuffle(shuffled)
    cells = list(LARGE.cells)[::-1]
    again = propose(
        request(replace(LARGE, members=tuple(shuffled), cells=tuple(cells)), history=hist,
                concerns=worries[::-1])
    )  # fmt: skip
    assert first == again


def _optimal_max_load(demands: list[int], allowed: list[set[int]], people: int) -> int:
    """The least possible most-items-per-person, by max flow (items → allowed people)."""

    def feasible(limit: int) -> bool:
        seats: list[list[int]] = [[] for _ in demands]  # people per item
        load = [0] * people

        def augment(item: int, seen: set[int]) -> bool:
            for p in allowed[item]:
                if p in seen or p in seats[item]:
                    continue
                seen.add(p)
                if load[p] < limit:
                    seats[item].append(p)
                    load[p] += 1
                    return True
                for other, holders in enumerate(seats):  # move p off another item
                    if p in holders and augment(other, seen):
                        holders.remove(p)
                        seats[item].append(p)
                        return True
            return False

        return all(augment(i, set()) for i, d in enumerate(demands) for _ in range(d))

    return next(limit for limit in range(1, len(demands) + 1) if feasible(limit))


@pytest.mark.parametrize("name", ["small", "demo"])
def test_the_most_items_anyone_is_on_is_the_least_possible(name: str) -> None:
    org = ORGS[name]
    proposal = propose(request(org, history=history(org, 0.5)))
    staff = list(org.staff)
    allowed = [
        {k for k, p in enumerate(staff) if conflict(p, i.target) is None} for i in proposal.items
    ]
    demands = [1 + len(i.team_ids) for i in proposal.items]
    assert max(proposal.load().values()) == _optimal_max_load(demands, allowed, len(staff))


def test_a_tight_staff_still_gets_the_least_possible_load() -> None:
    """Two of three staff in one cell: that cell's items can only take the third person; the
    greedy start piles them up and the chains must move them."""
    org = organisation(cells=4, per_cell=5, committee=0)
    staff_ids = [org.members[0].id, org.members[1].id, org.members[5].id]  # cells 0, 0, 1
    org = replace(org, committee=frozenset(staff_ids))
    targets = [i.target for i in propose(request(org)).items] * 3
    staffing = staff_items(targets, org.staff, 2)
    staff = list(org.staff)
    load = {p.id: 0 for p in staff}
    for s in staffing:
        for p in [s.lead, *s.team]:
            assert p is not None
            load[p] += 1
    allowed = [{k for k, p in enumerate(staff) if conflict(p, t) is None} for t in targets]
    demands = [1 + len(s.team) for s in staffing]
    assert max(load.values()) == _optimal_max_load(demands, allowed, len(staff))


def leads_spread(org: Organisation, leads: list[int | None]) -> int:
    per_person = [leads.count(p.id) for p in org.staff]
    return max(per_person) - min(per_person)


def test_leads_are_shared_too() -> None:
    assert leads_spread(LARGE, [i.lead_id for i in propose(request(LARGE)).items]) <= 1
    # Two of four staff in one cell, the seats moved by chains: leads still shared evenly.
    org = organisation(cells=3, per_cell=3, committee=0)
    org = replace(org, committee=frozenset({2, 3, 4, 7}))
    targets = [i.target for i in propose(request(org)).items] * 2
    assert leads_spread(org, [s.lead for s in staff_items(targets, org.staff, 3)]) == 0


def test_an_item_nobody_may_staff_is_left_without_a_lead_not_given_a_conflicting_one() -> None:
    org = organisation(cells=3, per_cell=4, committee=0)
    only = org.members[0]  # the only staff member, in the first cell
    org = replace(org, committee=frozenset({only.id}))
    settings = QuotaSettings(shares={QuotaKind.CELLS_INSPECTED: Decimal(100)})
    proposal = propose(request(org, settings))
    unstaffed = proposal.unstaffed
    assert [i.target.id for i in unstaffed] == [only.cell_id]
    assert all(i.lead_id == only.id for i in proposal.items if i not in unstaffed)
