"""Who sees an item, its conclusion, and who takes each of its steps.

An actor's :class:`Standing` towards one item says everything the rules need: whether they own
the programme (the committee for the organisation's, the cell secretary for a cell's; the
inspection commission for an inspection of a suspected violation), sit on the commission or the
committee, lead the item or are on its team, are its target (the member, or the secretary of the
cell it targets) or the target's cell secretary. The target and their secretary know nothing
until the item is notified (INSPECTIONS.md: conclusions about people are sensitive).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from bot.domain.inspections.model import ItemKind, ItemState


@dataclass(frozen=True)
class Standing:
    owner: bool = False  # owns the programme the item is in
    committee: bool = False  # on the committee (Đảng ủy)
    commission: bool = False  # on the inspection commission (UBKT)
    lead: bool = False
    team: bool = False
    target: bool = False  # the member inspected, or the secretary of the cell inspected
    target_secretary: bool = False  # the secretary of the target's cell

    @property
    def runs(self) -> bool:
        return self.lead or self.team


class Taker(StrEnum):
    """Who takes a step: the programme's owner, the item's lead, or anyone on its team."""

    OWNER = "owner"
    LEAD = "lead"
    TEAM = "team"


# The procedure (QĐ 331): the owner decides and issues the plan; the lead (or the owner) tells
# the target; the team records the self-report and verifies; the lead concludes; the owner (or
# the lead) notifies the conclusion; the lead follows remediation and closes (or the owner).
TAKERS: dict[ItemState, frozenset[Taker]] = {
    ItemState.DECIDED: frozenset({Taker.OWNER}),
    ItemState.NOTIFIED: frozenset({Taker.OWNER, Taker.LEAD}),
    ItemState.SELF_REPORT_RECEIVED: frozenset({Taker.LEAD, Taker.TEAM}),
    ItemState.VERIFYING: frozenset({Taker.LEAD, Taker.TEAM}),
    ItemState.CONCLUDED: frozenset({Taker.LEAD}),
    ItemState.CONCLUSION_NOTIFIED: frozenset({Taker.OWNER, Taker.LEAD}),
    ItemState.REMEDIATING: frozenset({Taker.LEAD}),
    ItemState.CLOSED: frozenset({Taker.OWNER, Taker.LEAD}),
}


def may_take(to: ItemState, standing: Standing) -> bool:
    takers = TAKERS.get(to, frozenset())
    return (
        (Taker.OWNER in takers and standing.owner)
        or (Taker.LEAD in takers and standing.lead)
        or (Taker.TEAM in takers and (standing.team or standing.lead))
    )


def _told(state: ItemState, standing: Standing) -> bool:
    return state.target_knows and (standing.target or standing.target_secretary)


def may_see_item(kind: ItemKind, state: ItemState, standing: Standing) -> bool:
    """An inspection of a suspected violation: the commission, its lead and team, and the
    target once told. Anything else: also the committee and the programme's owner."""
    if standing.commission or standing.runs or _told(state, standing):
        return True
    if kind.is_restricted:
        return False
    return standing.committee or standing.owner


def may_see_conclusion(kind: ItemKind, state: ItemState, standing: Standing) -> bool:
    """The committee, the commission, the lead and team, the target and the target's cell
    secretary (once told); not a cell secretary who only owns the programme."""
    if standing.commission or standing.runs or _told(state, standing):
        return True
    return standing.committee and not kind.is_restricted
