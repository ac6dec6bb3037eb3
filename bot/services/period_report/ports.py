"""What the period report reads from storage: a narrow port of its own (aggregates only, never
a row per member), the year's task figures per cell (the tasks feature's query, read-only) and
the study figures' queries (the meetings feature's)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Protocol

from bot.domain.meetings import Attendees
from bot.domain.period_report.figures import AreaTasks, BroadcastFigures, MemberCounts
from bot.domain.reports import CellProgress
from bot.domain.study_figures import Headcount, SessionsAttended, StudySession
from bot.services.ports import UnitOfWork

HeldRow = tuple[int, bool, datetime, Attendees, frozenset[int]]


class PeriodFigureQueries(Protocol):
    async def member_counts(
        self, since: datetime, until: datetime, cell_id: int | None
    ) -> dict[int, MemberCounts]: ...
    async def meetings_held(self, since: datetime, until: datetime) -> list[HeldRow]: ...
    async def recorded(
        self, since: datetime, until: datetime
    ) -> dict[int, dict[int, tuple[int, int]]]: ...
    async def attention(self, since: datetime, until: datetime) -> dict[int, int]: ...
    async def tasks_by_area(
        self, year: int, today: date, cell_id: int | None
    ) -> list[AreaTasks]: ...
    async def broadcasts(
        self, since: datetime, until: datetime, cell_id: int | None
    ) -> BroadcastFigures: ...


class CellProgressQueries(Protocol):
    async def cells(
        self, year: int, today: date, cell_id: int | None = None
    ) -> list[CellProgress]: ...


class StudyQueries(Protocol):
    async def study_sessions(self, since: datetime, until: datetime) -> list[StudySession]: ...
    async def study_attended(
        self, since: datetime, until: datetime, cell_id: int | None = None
    ) -> SessionsAttended: ...
    async def headcounts(self) -> dict[int, Headcount]: ...


class PeriodReportUnitOfWork(UnitOfWork, Protocol):
    @property
    def period_figures(self) -> PeriodFigureQueries: ...
    @property
    def progress(self) -> CellProgressQueries: ...
    @property
    def attendance(self) -> StudyQueries: ...
