"""A programme item's kinds, targets and steps, and the conflict rule.

An item moves one step at a time along :data:`STEPS` (a conclusion that asks for nothing may
close without remediation); regular supervision has no steps, only dated notes. Nobody sits on
an item (lead or team) that targets their own cell or themselves: a rule, not a setting
(INSPECTIONS.md: a conflict of interest)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from itertools import pairwise

from bot.domain.errors import NotAllowed, UserError


def N_(message: str) -> str:
    """Marks a message id for extraction; the domain may not import bot.i18n."""
    return message


OWN_CELL = N_("{name} cannot take part in this item: it inspects or supervises their own cell.")
THEMSELVES = N_("{name} cannot take part in this item: it inspects or supervises them.")
NO_STEPS = N_("Regular supervision has no steps: write a note about it instead.")
NOT_NEXT_STEP = N_("This step does not follow the item's current one; open the item again.")


class ItemKind(StrEnum):
    INSPECTION = "inspection"  # kiểm tra
    THEMATIC_SUPERVISION = "thematic_supervision"  # giám sát chuyên đề
    REGULAR_SUPERVISION = "regular_supervision"  # giám sát thường xuyên: notes only
    VIOLATION_INSPECTION = "violation_inspection"  # kiểm tra khi có dấu hiệu vi phạm

    @property
    def has_steps(self) -> bool:
        return self is not ItemKind.REGULAR_SUPERVISION

    @property
    def is_inspection(self) -> bool:
        return self in (ItemKind.INSPECTION, ItemKind.VIOLATION_INSPECTION)

    @property
    def is_supervision(self) -> bool:
        return self in (ItemKind.THEMATIC_SUPERVISION, ItemKind.REGULAR_SUPERVISION)

    @property
    def is_restricted(self) -> bool:
        """The inspection commission's alone, ad hoc, seen by few."""
        return self is ItemKind.VIOLATION_INSPECTION


class TargetKind(StrEnum):
    CELL = "cell"  # chi bộ
    COMMITTEE_MEMBER = "committee_member"  # đảng ủy viên
    MEMBER = "member"  # đảng viên

    @property
    def is_person(self) -> bool:
        return self is not TargetKind.CELL


class ItemState(StrEnum):
    PLANNED = "planned"
    DECIDED = "decided"  # the decision, the plan and the outline issued
    NOTIFIED = "notified"  # the target is told (never before)
    SELF_REPORT_RECEIVED = "self_report_received"
    VERIFYING = "verifying"  # thẩm tra, xác minh
    CONCLUDED = "concluded"
    CONCLUSION_NOTIFIED = "conclusion_notified"
    REMEDIATING = "remediating"  # khắc phục
    CLOSED = "closed"

    @property
    def target_knows(self) -> bool:
        """The target is told only once the item is notified, never while it is planned."""
        return self not in (ItemState.PLANNED, ItemState.DECIDED)


STEPS: tuple[ItemState, ...] = tuple(ItemState)

# Each state's next ones: the following step, and from a notified conclusion that asks for no
# remediation, closing at once.
NEXT: dict[ItemState, frozenset[ItemState]] = {
    state: frozenset({following}) for state, following in pairwise(STEPS)
}
NEXT[ItemState.CONCLUSION_NOTIFIED] = frozenset({ItemState.REMEDIATING, ItemState.CLOSED})
NEXT[ItemState.CLOSED] = frozenset()


def next_states(kind: ItemKind, state: ItemState) -> frozenset[ItemState]:
    """The steps an item of ``kind`` in ``state`` may take next (none for regular supervision)."""
    return NEXT[state] if kind.has_steps else frozenset()


def advance(kind: ItemKind, state: ItemState, to: ItemState) -> ItemState:
    """``to`` if it is a next step of ``state``; raises why not otherwise."""
    if not kind.has_steps:
        raise UserError(NO_STEPS)
    if to not in NEXT[state]:
        raise UserError(NOT_NEXT_STEP)
    return to


@dataclass(frozen=True)
class Target:
    """Whom an item inspects or supervises. ``cell_id`` is the cell itself or the person's."""

    kind: TargetKind
    id: int  # a cell's id, or a member's
    cell_id: int


@dataclass(frozen=True)
class Person:
    """A party member as the programme sees them: who they are and which cell they are in."""

    id: int
    name: str
    cell_id: int


class Conflict(StrEnum):
    OWN_CELL = "own_cell"
    THEMSELVES = "themselves"


def conflict(person: Person, target: Target) -> Conflict | None:
    """Why ``person`` may not sit on an item about ``target``, or ``None``."""
    if target.kind is TargetKind.CELL:
        return Conflict.OWN_CELL if target.id == person.cell_id else None
    return Conflict.THEMSELVES if target.id == person.id else None


def check_no_conflict(people: tuple[Person, ...] | list[Person], target: Target) -> None:
    """Raises, naming the first person (lead or team member) who may not sit on the item."""
    for person in people:
        if (why := conflict(person, target)) is not None:
            raise NotAllowed(OWN_CELL if why is Conflict.OWN_CELL else THEMSELVES, name=person.name)
