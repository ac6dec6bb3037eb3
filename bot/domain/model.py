"""The organisation's people and units."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


class UnitKind(StrEnum):
    PARTY_COMMITTEE = "party_committee"  # the organisation (Đảng bộ), root of the tree
    INTERMEDIATE = "intermediate"  # đảng bộ bộ phận, optional
    CELL = "cell"  # chi bộ


class MemberKind(StrEnum):
    FULL = "full"  # đảng viên chính thức
    PROBATIONARY = "probationary"  # đảng viên dự bị
    NON_PARTY = "non_party"  # quần chúng, viên chức, người lao động

    @property
    def is_party_member(self) -> bool:
        return self is not MemberKind.NON_PARTY


class MemberStatus(StrEnum):
    ACTIVE = "active"
    LEFT = "left"


class Role(StrEnum):
    MEMBER = "member"
    CELL_SECRETARY = "cell_secretary"
    COMMITTEE = "committee"
    INSPECTOR = "inspector"
    ADMIN = "admin"


class Channel(StrEnum):
    TELEGRAM = "telegram"
    ZALO = "zalo"

    @property
    def label(self) -> str:
        """The messenger's own name, the same in every language ("tài khoản Zalo")."""
        return self.value.capitalize()


@dataclass(frozen=True)
class Unit:
    id: int
    parent_id: int | None
    kind: UnitKind
    name: str


@dataclass(frozen=True)
class RoleGrant:
    role: Role
    unit_id: int


@dataclass(frozen=True)
class Member:
    id: int
    full_name: str
    cell_id: int
    kind: MemberKind
    status: MemberStatus = MemberStatus.ACTIVE
    language: str | None = None
    member_code: str | None = None
    title: str | None = None

    @property
    def is_active(self) -> bool:
        return self.status is MemberStatus.ACTIVE


@dataclass(frozen=True)
class NewMember:
    """A member about to be created (no id yet)."""

    full_name: str
    cell_id: int
    kind: MemberKind
    status: MemberStatus
    member_code: str | None
    title: str | None


@dataclass(frozen=True)
class Account:
    """A member's chat account on one channel (one per channel per member)."""

    member_id: int
    channel: Channel
    user_id: str
    chat_id: str
    linked_at: datetime
    # Set by the delivery engine when Telegram said the member blocked the bot (403) or the
    # chat is gone; cleared when they write again.
    unreachable_since: datetime | None = None


@dataclass(frozen=True)
class Identity:
    """Who is asking: a linked, active member with their roles and cell."""

    member: Member
    cell: Unit
    organisation: Unit
    roles: frozenset[RoleGrant] = field(default_factory=frozenset)

    def has(self, role: Role, unit_id: int | None = None) -> bool:
        return any(g.role is role and (unit_id is None or g.unit_id == unit_id) for g in self.roles)

    @property
    def role_names(self) -> frozenset[Role]:
        return frozenset(g.role for g in self.roles)
