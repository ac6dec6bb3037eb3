"""What the ratings feature needs from storage: its cycles, entries and cells' reviews, the
evidence for a self-review, the roles, the outbox, once-a-day nudges and quiet hours."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Protocol

from bot.domain.model import Channel
from bot.domain.nudges import NudgeKind
from bot.domain.ratings.levels import Level
from bot.domain.ratings.records import CellReview, Cycle, Entry, NotRated, SelfReview
from bot.services.ports import (
    OutboxRepository,
    PreferenceRepository,
    RoleRepository,
    UnitOfWork,
)


class RatingRepository(Protocol):
    async def open_cycle(
        self,
        *,
        year: int,
        quarter: int | None,
        self_review_due: date,
        cells_by: date,
        decision_by: date,
        at: datetime,
        by: int | None,
    ) -> int: ...
    async def cycle_for(self, year: int, quarter: int | None) -> Cycle | None: ...
    async def cycle(self, cycle_id: int) -> Cycle | None: ...
    async def latest(self) -> Cycle | None: ...
    async def open_cycles(self) -> list[Cycle]: ...
    async def publish(self, cycle_id: int, at: datetime) -> None: ...
    async def add_entries(self, cycle_id: int, members: Iterable[tuple[int, int]]) -> int: ...
    async def entry(self, cycle_id: int, member_id: int) -> Entry | None: ...
    async def entries(self, cycle_id: int, cell_id: int | None = None) -> list[Entry]: ...
    async def mark_not_rated(
        self, cycle_id: int, member_id: int, reason: NotRated | None, note: str
    ) -> None: ...
    async def mark_sick_leave(self, cycle_id: int, member_id: int, sick: bool) -> None: ...
    async def save_review(
        self, cycle_id: int, member_id: int, review: SelfReview, channel: Channel
    ) -> None: ...
    async def propose(
        self,
        cycle_id: int,
        member_id: int,
        level: Level,
        votes: tuple[int, int] | None,
        at: datetime,
        by: int | None,
    ) -> None: ...
    async def decide(
        self, cycle_id: int, member_id: int, level: Level, reason: str, at: datetime, by: int | None
    ) -> None: ...
    async def accept_proposals(self, cycle_id: int, at: datetime, by: int | None) -> int: ...
    async def level_counts(self, cycle_id: int) -> dict[tuple[int, Level], int]: ...
    async def state_counts(self, cycle_id: int) -> dict[int, tuple[int, int, int, int, int]]: ...
    async def cell_review(self, cycle_id: int, cell_id: int) -> CellReview: ...
    async def cell_reviews(self, cycle_id: int) -> dict[int, CellReview]: ...
    async def save_cell_review(
        self, cycle_id: int, cell_id: int, level: Level, note: str
    ) -> None: ...
    async def submit_cell(
        self, cycle_id: int, cell_id: int, at: datetime, by: int | None
    ) -> None: ...
    async def finished_tasks(
        self, member_id: int, year: int
    ) -> list[tuple[str, date, datetime | None]]: ...
    async def attendance(
        self, member_id: int, since: datetime, until: datetime
    ) -> dict[str, dict[str, int]]: ...


class RatingNudges(Protocol):
    async def record(
        self, member_ids: Iterable[int], day: date, kind: NudgeKind, by: int | None, at: datetime
    ) -> list[int]: ...


class RatingsUnitOfWork(UnitOfWork, Protocol):
    """A review cycle's records, and what its notices and reminders go through."""

    @property
    def roles(self) -> RoleRepository: ...
    @property
    def outbox(self) -> OutboxRepository: ...
    @property
    def preferences(self) -> PreferenceRepository: ...
    @property
    def nudges(self) -> RatingNudges: ...
    @property
    def ratings(self) -> RatingRepository: ...
