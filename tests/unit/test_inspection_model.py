"""An inspection item's steps and the conflict rule, without a database."""

from __future__ import annotations

from itertools import pairwise

import pytest

from bot.domain.errors import NotAllowed, UserError
from bot.domain.inspections.model import (
    NO_STEPS,
    NOT_NEXT_STEP,
    OWN_CELL,
    STEPS,
    THEMSELVES,
    Conflict,
    ItemKind,
    ItemState,
    Person,
    Target,
    TargetKind,
    advance,
    check_no_conflict,
    conflict,
    next_states,
)

S = ItemState
CHAIN = [
    S.PLANNED,
    S.DECIDED,
    S.NOTIFIED,
    S.SELF_REPORT_RECEIVED,
    S.VERIFYING,
    S.CONCLUDED,
    S.CONCLUSION_NOTIFIED,
    S.REMEDIATING,
    S.CLOSED,
]
STEPPED = [ItemKind.INSPECTION, ItemKind.THEMATIC_SUPERVISION, ItemKind.VIOLATION_INSPECTION]


def test_the_steps_are_the_issues_in_its_order() -> None:
    assert list(STEPS) == CHAIN


@pytest.mark.parametrize("kind", STEPPED)
def test_an_item_goes_through_every_step_in_order(kind: ItemKind) -> None:
    state = S.PLANNED
    for following in CHAIN[1:]:
        state = advance(kind, state, following)
    assert state is S.CLOSED
    assert next_states(kind, S.CLOSED) == frozenset()


@pytest.mark.parametrize("kind", STEPPED)
def test_no_step_is_skipped_and_none_goes_back(kind: ItemKind) -> None:
    allowed = set(pairwise(CHAIN))
    allowed.add((S.CONCLUSION_NOTIFIED, S.CLOSED))  # a conclusion asking for no remediation
    for state in CHAIN:
        for to in CHAIN:
            if (state, to) in allowed:
                assert advance(kind, state, to) is to
            else:
                with pytest.raises(UserError) as refused:
                    advance(kind, state, to)
                assert refused.value.message == NOT_NEXT_STEP


def test_notifying_the_target_needs_a_decision_first() -> None:
    with pytest.raises(UserError):
        advance(ItemKind.INSPECTION, S.PLANNED, S.NOTIFIED)
    assert not S.PLANNED.target_knows and not S.DECIDED.target_knows
    assert S.NOTIFIED.target_knows


def test_regular_supervision_has_notes_not_steps() -> None:
    assert next_states(ItemKind.REGULAR_SUPERVISION, S.PLANNED) == frozenset()
    with pytest.raises(UserError) as refused:
        advance(ItemKind.REGULAR_SUPERVISION, S.PLANNED, S.DECIDED)
    assert refused.value.message == NO_STEPS


def test_kinds() -> None:
    assert (
        ItemKind.VIOLATION_INSPECTION.is_inspection and ItemKind.VIOLATION_INSPECTION.is_restricted
    )
    assert (
        ItemKind.REGULAR_SUPERVISION.is_supervision and not ItemKind.REGULAR_SUPERVISION.has_steps
    )
    assert not ItemKind.INSPECTION.is_restricted


LAN = Person(1, "Nguyễn Thị Lan", cell_id=10)
HUNG = Person(2, "Trần Văn Hùng", cell_id=20)


def test_nobody_inspects_their_own_cell() -> None:
    cell = Target(TargetKind.CELL, 10, 10)
    assert conflict(LAN, cell) is Conflict.OWN_CELL
    assert conflict(HUNG, cell) is None
    with pytest.raises(NotAllowed) as refused:
        check_no_conflict([HUNG, LAN], cell)
    assert refused.value.message == OWN_CELL
    assert refused.value.params == {"name": "Nguyễn Thị Lan"}


@pytest.mark.parametrize("kind", [TargetKind.MEMBER, TargetKind.COMMITTEE_MEMBER])
def test_nobody_inspects_themselves(kind: TargetKind) -> None:
    herself = Target(kind, LAN.id, LAN.cell_id)
    assert conflict(LAN, herself) is Conflict.THEMSELVES
    with pytest.raises(NotAllowed) as refused:
        check_no_conflict((LAN,), herself)
    assert refused.value.message == THEMSELVES
    # Another member of her cell is not her: the rule is the cell as a target, or oneself.
    assert conflict(LAN, Target(kind, 99, LAN.cell_id)) is None
    check_no_conflict([HUNG], herself)
