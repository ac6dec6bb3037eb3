"""What a secretary records attendance on: a meeting's sheet (the members they may mark, their
marks, the figures and the reasons given beforehand), and the recent meetings whose sheets they
keep; who may mark whom.

Kept apart from :mod:`bot.services.meetings.attendance`, which records and finalises, so each
module stays small.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from bot.domain.attendance import MeetingFigures, Status, meeting_figures
from bot.domain.meetings import Meeting
from bot.domain.model import Identity, Member, Unit
from bot.domain.permissions import oversees_everyone, secretary_of
from bot.domain.rsvps import Answer, Rsvp
from bot.domain.text import name_sort_key
from bot.services.meetings.ports import MeetingsUnitOfWork


@dataclass(frozen=True)
class Sheet:
    """A meeting's attendance as the secretary sees it: every member in scope, in the order of
    a Vietnamese list of people (given name, then the whole name)."""

    meeting: Meeting
    rows: list[tuple[Member, Status | None]]
    figures: MeetingFigures
    # Answers of those who said beforehand they would be absent, by member: the reasons shown
    # beside the excused.
    absences: dict[int, Rsvp] = field(default_factory=dict)
    started: bool = True  # marking opens at the start

    def position(self, member_id: int) -> int:
        """Where ``member_id`` is in ``rows`` (0 when not there)."""
        return next((i for i, (m, _) in enumerate(self.rows) if m.id == member_id), 0)


@dataclass(frozen=True)
class Markable:
    """A meeting whose attendance ``actor`` records, with whose it is for one who records
    for several cells (five cells' monthly meetings look alike)."""

    meeting: Meeting
    scope: str | None


@dataclass(frozen=True)
class Recent:
    """The meetings to record, newest first; ``cell`` the one cell asked for; ``everyone``
    whether the asker records for every cell (and may narrow the list to one)."""

    meetings: list[Markable]
    cell: Unit | None
    everyone: bool


def may_mark(actor: Identity, member: Member) -> bool:
    return oversees_everyone(actor) or member.cell_id in secretary_of(actor)


async def load_sheet(
    uow: MeetingsUnitOfWork, actor: Identity, meeting: Meeting, scope: list[Member], now: datetime
) -> Sheet:
    records = {r.member_id: r.status for r in await uow.attendance.of_meeting(meeting.id)}
    mine = sorted(
        (m for m in scope if may_mark(actor, m)), key=lambda m: name_sort_key(m.full_name)
    )
    rows = [(m, records.get(m.id)) for m in mine]
    figures = meeting_figures(len(rows), [s for _, s in rows if s is not None])
    absences = {
        r.member_id: r
        for r in await uow.rsvps.of_meetings([meeting.id])
        if r.answer is Answer.ABSENT and r.reason_kind is not None
    }
    return Sheet(meeting, rows, figures, absences, now >= meeting.starts_at)
