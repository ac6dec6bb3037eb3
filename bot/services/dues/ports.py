"""What the dues feature needs from storage: the organisation, its dues months, the outbox
(reminders and alerts) and the members' quiet hours."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from bot.domain.dues.model import DuesRecord
from bot.services.ports import OutboxRepository, PreferenceRepository, RoleRepository, UnitOfWork


class DuesRepository(Protocol):
    async def get(self, member_id: int, year: int, month: int) -> DuesRecord | None: ...
    async def save(self, record: DuesRecord) -> None: ...
    async def of_year(self, year: int, member_ids: Sequence[int] | None) -> list[DuesRecord]: ...
    async def claims(self, member_ids: Sequence[int] | None) -> list[DuesRecord]: ...
    async def listed_at(self, member_ids: Sequence[int] | None = None) -> dict[int, datetime]: ...


class DuesUnitOfWork(UnitOfWork, Protocol):
    @property
    def roles(self) -> RoleRepository: ...
    @property
    def dues(self) -> DuesRepository: ...
    @property
    def outbox(self) -> OutboxRepository: ...
    @property
    def preferences(self) -> PreferenceRepository: ...
