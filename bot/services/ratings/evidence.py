"""A member's own evidence for the self-review, from what the bot already holds: breakthrough
tasks done on time, exceeded and overdue; meetings attended and absences; study sessions; and
the dues months once that feature records them (the marked hook below)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.domain.ratings.levels import TaskEvidence
from bot.domain.ratings.records import Cycle
from bot.services.ratings.ports import RatingsUnitOfWork

MEETING_KINDS = ("cell_meeting", "thematic_meeting")
STUDY_KINDS = ("study",)


@dataclass(frozen=True)
class DuesMonths:
    """Months paid (or exempt) of the months due so far in the period."""

    paid: int
    due: int


@dataclass(frozen=True)
class Evidence:
    tasks: TaskEvidence
    meetings_attended: int
    absences_excused: int
    absences_unexcused: int
    study_attended: int
    dues: DuesMonths | None = None  # None: the bot does not record dues (yet)


def period_of(cycle: Cycle) -> tuple[date, date]:
    """The first day of the period reviewed and the day after its last."""
    first = date(cycle.year, 1 if cycle.quarter is None else cycle.quarter * 3 - 2, 1)
    return first, cycle.ends + timedelta(days=1)


async def evidence_of(
    uow: RatingsUnitOfWork, member_id: int, cycle: Cycle, today: date, zone: ZoneInfo
) -> Evidence:
    first, after = period_of(cycle)
    total = on_time = exceeded = overdue = not_due = 0
    for status, deadline, closed_at in await uow.ratings.finished_tasks(member_id, cycle.year):
        if status == "in_progress" and deadline >= today:
            # Still open and not yet due: neither on time nor late, so not in the total.
            not_due += 1
            continue
        total += 1
        if status == "exceeded":
            exceeded += 1
        if status in ("done", "exceeded"):
            closed = None if closed_at is None else closed_at.astimezone(zone).date()
            if closed is None or closed <= deadline:
                on_time += 1
        elif status == "in_progress" and deadline < today:
            overdue += 1
    since = datetime.combine(first, time(0), zone)
    until = datetime.combine(after, time(0), zone)
    seen = await uow.ratings.attendance(member_id, since, until)
    meetings = [seen.get(kind, {}) for kind in MEETING_KINDS]
    study = [seen.get(kind, {}) for kind in STUDY_KINDS]
    # The dues months are filled in by the self-review service from the dues feature.
    dues: DuesMonths | None = None
    return Evidence(
        tasks=TaskEvidence(
            total=total, on_time=on_time, exceeded=exceeded, overdue=overdue, not_due=not_due
        ),
        meetings_attended=sum(m.get("attended", 0) for m in meetings),
        absences_excused=sum(m.get("excused", 0) for m in meetings),
        absences_unexcused=sum(m.get("unexcused", 0) for m in meetings),
        study_attended=sum(s.get("attended", 0) for s in study),
        dues=dues,
    )
