"""What the members feature needs from storage: the shared repositories and invites."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from bot.domain.invites import Invite
from bot.services.ports import (
    AccountRepository,
    RoleRepository,
    UnitOfWork,
)


class InviteRepository(Protocol):
    async def by_hash(self, code_hash: str) -> Invite | None: ...
    async def revoke_open(self, member_id: int, at: datetime) -> int: ...
    async def add(
        self,
        *,
        member_id: int,
        code_hash: str,
        issued_by: int | None,
        issued_at: datetime,
        expires_at: datetime,
        relink: bool,
    ) -> None: ...
    async def mark_used(self, invite_id: int, at: datetime) -> None: ...


class MembersUnitOfWork(UnitOfWork, Protocol):
    """Joining, invites, the organisation and the member import."""

    @property
    def roles(self) -> RoleRepository: ...
    @property
    def accounts(self) -> AccountRepository: ...
    @property
    def invites(self) -> InviteRepository: ...
