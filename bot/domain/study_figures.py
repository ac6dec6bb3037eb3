"""Study participation against the year's targets (the 2020 plan): every party member, and more
than 97% of non-party staff, attend the study of resolutions and thematic sessions.

Counted per session: attended member-sessions over expected member-sessions, where the members
expected at a session are those :func:`bot.domain.meetings.concerns` puts in its scope (active,
in a unit it is for, and non-party staff only when the session is for everyone).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from bot.domain.meetings import Attendees, unit_chains
from bot.domain.model import Unit, UnitKind
from bot.domain.progress import percentage

PARTY_TARGET = Decimal(100)  # every party member
NON_PARTY_TARGET = Decimal(97)  # more than 97% of non-party staff


@dataclass(frozen=True)
class StudySession:
    meeting_id: int
    attendees: Attendees
    unit_ids: frozenset[int]


@dataclass(frozen=True)
class Headcount:
    """Active members of one cell: party members (full and probationary) and non-party staff."""

    party: int = 0
    non_party: int = 0


@dataclass(frozen=True)
class SessionsAttended:
    """Member-sessions recorded as attended at study sessions: by party members (full and
    probationary) and by non-party staff."""

    party: int = 0
    non_party: int = 0


@dataclass(frozen=True)
class Share:
    attended: int
    expected: int

    @property
    def percent(self) -> Decimal:
        return percentage(self.attended, self.expected)


@dataclass(frozen=True)
class StudyFigures:
    sessions: int
    party: Share
    non_party: Share

    @property
    def party_meets_target(self) -> bool:
        """100%: nobody expected missed a session."""
        return self.party.expected > 0 and self.party.attended >= self.party.expected

    @property
    def non_party_meets_target(self) -> bool:
        """More than 97%, compared exactly (not on the rounded figure)."""
        share = self.non_party
        return share.expected > 0 and share.attended * 100 > NON_PARTY_TARGET * share.expected


def cells_under(units: Iterable[Unit]) -> dict[int, frozenset[int]]:
    """For every unit: the cells at or below it."""
    units = list(units)
    cells = {u.id for u in units if u.kind is UnitKind.CELL}
    under: dict[int, set[int]] = {}
    for cell_id, chain in unit_chains(units).items():
        if cell_id not in cells:
            continue
        for unit_id in chain:
            under.setdefault(unit_id, set()).add(cell_id)
    return {unit_id: frozenset(cells) for unit_id, cells in under.items()}


def study_figures(
    sessions: Iterable[StudySession],
    units: Iterable[Unit],
    headcounts: Mapping[int, Headcount],
    attended_party: int,
    attended_non_party: int,
) -> StudyFigures:
    """The year's shares. ``headcounts`` by cell; the attended counts are member-sessions
    recorded as attended at these sessions (counted in SQL)."""
    under = cells_under(units)
    # Many sessions share a scope (the whole organisation, one cell): sum each scope once.
    totals: dict[frozenset[int], Headcount] = {}
    party = non_party = count = 0
    for session in sessions:
        count += 1
        scope = totals.get(session.unit_ids)
        if scope is None:
            cells = frozenset().union(*(under.get(u, frozenset()) for u in session.unit_ids))
            heads = [headcounts.get(c, Headcount()) for c in cells]
            scope = Headcount(sum(h.party for h in heads), sum(h.non_party for h in heads))
            totals[session.unit_ids] = scope
        party += scope.party
        if session.attendees is Attendees.ALL:
            non_party += scope.non_party
    return StudyFigures(
        sessions=count,
        party=Share(attended_party, party),
        non_party=Share(attended_non_party, non_party),
    )
