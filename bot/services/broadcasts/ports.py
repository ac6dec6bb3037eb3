"""What the broadcasts feature needs from storage: the shared repositories, broadcasts and
group links."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Protocol

from bot.domain.broadcasts import (
    Audience,
    AudienceMember,
    Broadcast,
    BroadcastStatus,
    GroupLink,
    Missed,
    MissedGroup,
    RecipientCounts,
    StoredGroupLink,
)
from bot.domain.outbox import (
    FileKind,
)
from bot.services.ports import (
    OutboxRepository,
    UnitOfWork,
)


class BroadcastRepository(Protocol):
    async def add(
        self,
        *,
        author_member_id: int | None,
        audience: Audience,
        text: str,
        file_id: str | None,
        file_kind: FileKind | None,
        scheduled_at: datetime,
        expires_at: datetime | None,
        status: BroadcastStatus,
        parts: int,
        at: datetime,
    ) -> int: ...
    async def get(self, broadcast_id: int) -> Broadcast | None: ...
    async def recent(self, limit: int) -> list[Broadcast]: ...
    async def all(self) -> list[Broadcast]: ...
    async def cancel(self, broadcast_id: int, at: datetime) -> int: ...
    async def add_not_linked(self, broadcast_id: int, member_ids: Iterable[int]) -> None: ...
    async def not_linked_count(self, broadcast_id: int) -> int: ...
    async def recipient_counts(self, broadcast_id: int) -> RecipientCounts: ...
    async def missed(self, broadcast_id: int) -> list[Missed]: ...
    async def missed_groups(self, broadcast_id: int) -> list[MissedGroup]: ...
    async def missed_in(
        self, broadcast_id: int, cell_ids: Sequence[int], groups: bool
    ) -> list[tuple[int, Missed]]: ...
    async def set_report_message(
        self, broadcast_id: int, chat_id: int, message_id: int
    ) -> None: ...
    async def live_reports(self, now: datetime) -> list[Broadcast]: ...
    async def finish_report(self, broadcast_id: int) -> None: ...
    async def audience_members(self, audience: Audience) -> list[AudienceMember]: ...


class GroupLinkRepository(Protocol):
    async def of_cells(self, cell_ids: frozenset[int] | None) -> list[GroupLink]: ...
    async def of_chat(self, chat_id: int) -> GroupLink | None: ...
    async def link(
        self, cell_id: int, chat_id: int, title: str | None, *, by: int, at: datetime
    ) -> None: ...
    async def unlink(self, chat_id: int) -> None: ...
    async def all(self) -> list[StoredGroupLink]: ...


class BroadcastsUnitOfWork(UnitOfWork, Protocol):
    """Notices, their delivery reports, cells' groups."""

    @property
    def outbox(self) -> OutboxRepository: ...
    @property
    def broadcasts(self) -> BroadcastRepository: ...
    @property
    def group_links(self) -> GroupLinkRepository: ...
