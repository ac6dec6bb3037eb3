"""Generated organisations for the planner's tests and benchmark."""

from __future__ import annotations

import random
from datetime import date, timedelta

from bot.domain.inspections.model import Person
from bot.domain.inspections.organisation import Cell, Concern, ConcernReason, History, Organisation

GIVEN = ["An", "Bình", "Cường", "Dung", "Đào", "Giang", "Hà", "Hùng", "Lan", "Minh", "Nga", "Yến"]
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Đặng", "Bùi"]


def organisation(
    cells: int, per_cell: int, committee: int, commission: int = 0, seed: int = 1
) -> Organisation:
    """``cells`` cells of ``per_cell`` members; the committee and then the commission drawn
    round the cells (so most cells have someone on them), none on both."""
    rng = random.Random(seed)
    units = tuple(Cell(100 + c, f"Chi bộ {c + 1:04d}") for c in range(cells))
    members = tuple(
        Person(
            1 + c * per_cell + i,
            f"{rng.choice(FAMILY)} Văn {rng.choice(GIVEN)} {c}-{i}",
            units[c].id,
        )
        for c in range(cells)
        for i in range(per_cell)
    )
    # The k-th staff member is the (k // cells)-th member of cell k % cells.
    staff = [members[(k % cells) * per_cell + k // cells].id for k in range(committee + commission)]
    return Organisation(units, members, frozenset(staff[:committee]), frozenset(staff[committee:]))


def history(org: Organisation, seen_share: float, seed: int = 2) -> History:
    """A share of the cells and members inspected and supervised on random dates since 2020."""
    rng = random.Random(seed)

    def dates(ids: list[int]) -> dict[int, date]:
        return {
            i: date(2020, 1, 1) + timedelta(days=rng.randrange(2000))
            for i in ids
            if rng.random() < seen_share
        }

    cells, members = [c.id for c in org.cells], [m.id for m in org.members]
    return History(dates(cells), dates(cells), dates(members), dates(members))


def concerns(org: Organisation, count: int, seed: int = 3) -> tuple[Concern, ...]:
    rng = random.Random(seed)
    chosen = rng.sample([m.id for m in org.members], count)
    return tuple(
        Concern(m, rng.choice(list(ConcernReason)), rng.randrange(1, 5)) for m in sorted(chosen)
    )
