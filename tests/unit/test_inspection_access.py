"""Who takes each step of an item, as a table (the procedure, QĐ 331): each standing towards an
item against each step, written out here rather than read back from ``TAKERS``, so that a change
to who may take a step shows here; and who sees the item and its conclusion."""

from __future__ import annotations

import pytest

from bot.domain.inspections.access import (
    TAKERS,
    Standing,
    may_see_conclusion,
    may_see_item,
    may_take,
)
from bot.domain.inspections.model import ItemKind, ItemState

S = ItemState
STANDINGS = {
    "owner": Standing(owner=True),
    "lead": Standing(lead=True),
    "team": Standing(team=True),
    "target": Standing(target=True),
    "target_secretary": Standing(target_secretary=True),
    "committee": Standing(committee=True),
    "commission": Standing(commission=True),
    "nobody": Standing(),
}
# Step → the standings that take it (every other standing is refused).
TAKEN_BY = {
    S.DECIDED: {"owner"},
    S.NOTIFIED: {"owner", "lead"},
    S.SELF_REPORT_RECEIVED: {"lead", "team"},
    S.VERIFYING: {"lead", "team"},
    S.CONCLUDED: {"lead"},
    S.CONCLUSION_NOTIFIED: {"owner", "lead"},
    S.REMEDIATING: {"lead"},
    S.CLOSED: {"owner", "lead"},
}


def test_the_table_covers_every_step_but_the_first() -> None:
    assert set(TAKEN_BY) == set(TAKERS) == set(ItemState) - {S.PLANNED}
    assert not any(may_take(S.PLANNED, standing) for standing in STANDINGS.values())


@pytest.mark.parametrize("step", list(TAKEN_BY))
@pytest.mark.parametrize("who", list(STANDINGS))
def test_who_takes_each_step(step: ItemState, who: str) -> None:
    assert may_take(step, STANDINGS[who]) is (who in TAKEN_BY[step])


# (kind restricted, state) → the standings that see the item / its conclusion.
SEEN = {
    (False, S.DECIDED): (
        {"owner", "lead", "team", "committee", "commission"},
        {"lead", "team", "committee", "commission"},
    ),
    (False, S.NOTIFIED): (
        {"owner", "lead", "team", "committee", "commission", "target", "target_secretary"},
        {"lead", "team", "committee", "commission", "target", "target_secretary"},
    ),
    (True, S.DECIDED): ({"lead", "team", "commission"}, {"lead", "team", "commission"}),
    (True, S.CONCLUDED): (
        {"lead", "team", "commission", "target", "target_secretary"},
        {"lead", "team", "commission", "target", "target_secretary"},
    ),
}


@pytest.mark.parametrize(("restricted", "state"), list(SEEN))
@pytest.mark.parametrize("who", list(STANDINGS))
def test_who_sees_the_item_and_its_conclusion(restricted: bool, state: ItemState, who: str) -> None:
    kind = ItemKind.VIOLATION_INSPECTION if restricted else ItemKind.INSPECTION
    items, conclusions = SEEN[(restricted, state)]
    assert may_see_item(kind, state, STANDINGS[who]) is (who in items)
    assert may_see_conclusion(kind, state, STANDINGS[who]) is (who in conclusions)
