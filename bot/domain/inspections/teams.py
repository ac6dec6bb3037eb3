"""Who leads and who sits on each item: the committee and the inspection commission, nobody on
an item about their own cell or themselves, the load shared as evenly as it can be.

1. Items with the fewest people allowed on them are staffed first; each takes as lead the
   allowed person who leads the fewest items so far (then: on the fewest items), and as team
   the allowed people on the fewest items.
2. Then, while one of the busiest people can hand a seat along a chain of items to someone on
   at least two items fewer, the seats move along it (each person on the chain stays allowed).
   When no such chain is left, the most items anyone is on is the least any staffing could give
   (the chain is an augmenting path of the seats' flow; ``test_inspection_planner`` checks
   it against a max-flow optimum).
3. Finally, within each item, the lead's role passes to a team member who leads at least two
   fewer items; nobody's load changes.
The same input gives the same staffing: ties go to the staff's order.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass

from bot.domain.inspections.model import Person, Target, TargetKind


@dataclass(frozen=True)
class Staffing:
    lead: int | None  # a member's id; None when nobody may lead the item
    team: tuple[int, ...]  # members' ids, the lead not among them


def _excluded(
    target: Target, staff: Sequence[Person], by_cell: dict[int, list[int]]
) -> frozenset[int]:
    """The staff (by index) who may not sit on an item about ``target``."""
    if target.kind is TargetKind.CELL:
        return frozenset(by_cell.get(target.id, ()))
    return frozenset(i for i in by_cell.get(target.cell_id, ()) if staff[i].id == target.id)


class _Seating:
    def __init__(self, targets: Sequence[Target], staff: Sequence[Person], size: int) -> None:
        by_cell: dict[int, list[int]] = {}
        for index, person in enumerate(staff):
            by_cell.setdefault(person.cell_id, []).append(index)
        self.people = len(staff)
        self.excluded = [_excluded(t, staff, by_cell) for t in targets]
        self.size = max(1, size)  # a lead at least
        self.seats: list[list[int]] = [[] for _ in targets]  # the lead first
        self.on: list[set[int]] = [set() for _ in range(self.people)]
        self.leads = [0] * self.people

    def load(self, person: int) -> int:
        return len(self.on[person])

    def seat(self, item: int) -> None:
        allowed = [p for p in range(self.people) if p not in self.excluded[item]]
        if not allowed:
            return
        lead = min(allowed, key=lambda p: (self.leads[p], self.load(p), p))
        others = sorted((p for p in allowed if p != lead), key=lambda p: (self.load(p), p))
        self.seats[item] = [lead, *others[: self.size - 1]]
        self.leads[lead] += 1
        for person in self.seats[item]:
            self.on[person].add(item)

    def _chain(self) -> list[tuple[int, int, int]] | None:
        """Moves (item, from, to) that take a seat off a busiest person and give one to someone
        on two items fewer, everyone else's load unchanged; None when there is none."""
        top = max(self.load(p) for p in range(self.people))
        parent: dict[int, tuple[int, int] | None] = {
            p: None for p in range(self.people) if self.load(p) == top
        }
        queue = deque(sorted(parent))
        while queue and len(parent) < self.people:
            person = queue.popleft()
            for item in sorted(self.on[person]):
                seated, excluded = self.seats[item], self.excluded[item]
                for other in range(self.people):
                    if other in parent or other in excluded or other in seated:
                        continue
                    parent[other] = (person, item)
                    if self.load(other) <= top - 2:
                        return self._unwind(other, parent)
                    queue.append(other)
        return None

    @staticmethod
    def _unwind(end: int, parent: dict[int, tuple[int, int] | None]) -> list[tuple[int, int, int]]:
        moves = []
        person = end
        while (step := parent[person]) is not None:
            giver, item = step
            moves.append((item, giver, person))
            person = giver
        return moves

    def rebalance(self) -> None:
        while self.people and (chain := self._chain()) is not None:
            for item, giver, taker in chain:
                seated = self.seats[item]
                if seated[0] == giver:
                    self.leads[giver] -= 1
                    self.leads[taker] += 1
                seated[seated.index(giver)] = taker
                self.on[giver].discard(item)
                self.on[taker].add(item)

    def share_leads(self) -> None:
        changed = True
        while changed:
            changed = False
            for seated in self.seats:
                if not seated:
                    continue
                best = min(range(len(seated)), key=lambda k: (self.leads[seated[k]], k))
                if self.leads[seated[best]] <= self.leads[seated[0]] - 2:
                    self.leads[seated[0]] -= 1
                    self.leads[seated[best]] += 1
                    seated[0], seated[best] = seated[best], seated[0]
                    changed = True


def staff_items(
    targets: Sequence[Target], staff: Sequence[Person], team_size: int
) -> list[Staffing]:
    """A lead and team for each item about ``targets`` (in that order), ``team_size`` people
    each (the lead included) where enough people are allowed on it."""
    seating = _Seating(targets, staff, team_size)
    order = sorted(range(len(targets)), key=lambda i: (-len(seating.excluded[i]), i))
    for item in order:
        seating.seat(item)
    seating.rebalance()
    seating.share_leads()
    return [
        Staffing(staff[s[0]].id, tuple(sorted(staff[p].id for p in s[1:])))
        if s
        else Staffing(None, ())
        for s in seating.seats
    ]
