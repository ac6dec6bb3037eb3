"""The year's study participation for the committee's /tiendo: a few aggregate queries (study
sessions, member-sessions attended, members per cell), never a row per member."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from bot.domain.study_figures import StudyFigures, study_figures
from bot.services.meetings.ports import StudyFiguresUnitOfWork


async def year_study_figures(
    uow: StudyFiguresUnitOfWork, year: int, now: datetime, zone: ZoneInfo
) -> StudyFigures:
    """Study sessions of ``year`` (in the organisation's time zone) that ended by ``now``."""
    since = datetime(year, 1, 1, tzinfo=zone)
    until = min(now, datetime(year + 1, 1, 1, tzinfo=zone))
    sessions = await uow.attendance.study_sessions(since, until)
    if not sessions:
        return study_figures([], [], {}, 0, 0)
    attended = await uow.attendance.study_attended(since, until)
    return study_figures(
        sessions,
        await uow.units.all(),
        await uow.attendance.headcounts(),
        attended.party,
        attended.non_party,
    )
