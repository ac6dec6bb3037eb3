"""What the targets feature needs from storage: its targets and their values; for the computed
ones, the year's study figures (a tie to the meetings feature, as the tasks report has), task
counts, the inspected targets and the populations; for the reminders, the outbox and quiet
hours."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from typing import Protocol

from bot.domain.inspections.model import ItemKind
from bot.domain.inspections.model import Target as InspectionTarget
from bot.domain.inspections.quotas import Populations
from bot.domain.ratings.levels import Level
from bot.domain.ratings.records import Cycle
from bot.domain.targets.model import Target, TargetDraft, Update
from bot.services.meetings.ports import StudyFiguresUnitOfWork
from bot.services.ports import OutboxRepository, PreferenceRepository, RoleRepository, UnitOfWork


class TargetRepository(Protocol):
    async def add(
        self, year: int, draft: TargetDraft, at: datetime, member_id: int | None
    ) -> int: ...
    async def replace(self, target_id: int, draft: TargetDraft) -> None: ...
    async def get(self, target_id: int) -> Target | None: ...
    async def of_year(self, year: int) -> list[Target]: ...
    async def years(self) -> list[int]: ...
    async def record(
        self,
        target_id: int,
        at: datetime,
        member_id: int | None,
        value: Decimal,
        note: str | None,
        file_id: str | None,
        file_kind: str | None,
    ) -> int: ...
    async def updates(self, target_id: int, limit: int = 20) -> list[Update]: ...
    async def update(self, update_id: int) -> Update | None: ...
    async def latest(self, target_ids: Sequence[int], until: datetime) -> dict[int, Update]: ...
    async def updated_since(self, since: datetime) -> set[int]: ...
    async def task_counts(
        self, year: int, until: datetime, cell_id: int | None = None
    ) -> tuple[int, int]:
        """The year's breakthrough tasks registered by ``until`` (not withdrawn or returned),
        and of them those done by then; of the organisation, or of one cell (its members'
        tasks and its own)."""
        ...

    async def inspected(
        self, year: int, until: datetime
    ) -> list[tuple[ItemKind, InspectionTarget]]:
        """The kind and target of each item of the year's adopted programmes notified (so
        carried out) by ``until``."""
        ...

    async def cell_meeting_attendance(
        self, since: datetime, until: datetime
    ) -> list[tuple[int, int, int]]:
        """Each finalised cell meeting in the span: members recorded, attended, unexcused."""
        ...


class RatingCounts(Protocol):
    """The year-end rating's counts (the ratings feature's repository, read-only): what the
    targets computed from a published rating read, as ``CommitteeRatingService.figures``
    does (:meth:`Distribution.of_counts`)."""

    async def cycle_for(self, year: int, quarter: int | None) -> Cycle | None: ...
    async def level_counts(self, cycle_id: int) -> dict[tuple[int, Level], int]: ...


class PopulationQueries(Protocol):
    async def populations(self) -> Populations: ...


class TargetsUnitOfWork(UnitOfWork, StudyFiguresUnitOfWork, Protocol):
    @property
    def roles(self) -> RoleRepository: ...
    @property
    def targets(self) -> TargetRepository: ...
    @property
    def concerns(self) -> PopulationQueries: ...
    @property
    def ratings(self) -> RatingCounts: ...
    @property
    def outbox(self) -> OutboxRepository: ...
    @property
    def preferences(self) -> PreferenceRepository: ...
