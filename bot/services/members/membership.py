"""Who is talking to the bot, joining with an invite code, and personal preferences."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum

from bot.clock import Clock
from bot.domain.invites import hash_code, looks_like_code
from bot.domain.model import Account, Channel, Identity, Member
from bot.services.members.ports import MembersUnitOfWork
from bot.services.ports import Database
from bot.settings import SUPPORTED_LANGUAGES

MAX_FAILED_JOINS_PER_HOUR = 5


class JoinStatus(StrEnum):
    JOINED = "joined"
    RELINKED = "relinked"
    ALREADY_LINKED = "already_linked"  # this account is already a member's
    WRONG_CODE = "wrong_code"
    EXPIRED = "expired"
    USED = "used"  # used before, or replaced by a newer code
    MEMBER_TAKEN = "member_taken"  # the member is linked to another account
    INACTIVE = "inactive"  # the member has left the organisation
    TOO_MANY_ATTEMPTS = "too_many_attempts"


@dataclass(frozen=True)
class JoinOutcome:
    status: JoinStatus
    identity: Identity | None = None

    @property
    def linked(self) -> bool:
        return self.status in (JoinStatus.JOINED, JoinStatus.RELINKED)


async def load_identity(uow: MembersUnitOfWork, member: Member) -> Identity | None:
    cell = await uow.units.get(member.cell_id)
    root = await uow.units.root()
    if cell is None or root is None:
        return None
    return Identity(
        member=member, cell=cell, organisation=root, roles=await uow.roles.of_member(member.id)
    )


class MembershipService:
    def __init__(self, db: Database[MembersUnitOfWork], clock: Clock) -> None:
        self._db = db
        self._clock = clock

    async def identify(self, channel: Channel, user_id: str) -> Identity | None:
        """The active member linked to this chat account, or ``None`` for a stranger."""
        async with self._db.glance() as uow:
            return await uow.accounts.identity(channel, user_id)

    async def linked_identities(self, channel: Channel) -> list[tuple[Identity, int]]:
        """Every active member with an account on ``channel``, with their private chat id."""
        async with self._db.read() as uow:
            units = {u.id: u for u in await uow.units.all()}
            root = await uow.units.root()
            members = {m.id: m for m in await uow.members.linked(channel) if m.is_active}
            grants = await uow.roles.of_linked(channel)
            accounts = [a for a in await uow.accounts.all() if a.channel is channel]
        if root is None:
            return []
        return [
            (
                Identity(
                    members[a.member_id],
                    units[members[a.member_id].cell_id],
                    root,
                    grants.get(a.member_id, frozenset()),
                ),
                int(a.chat_id),
            )
            for a in accounts
            if a.member_id in members
        ]

    async def identity_of(self, member_id: int) -> Identity | None:
        """A member's identity without a chat account (seeding, the command line)."""
        async with self._db.read() as uow:
            member = await uow.members.get(member_id)
            return None if member is None else await load_identity(uow, member)

    async def organisation_name(self) -> str | None:
        async with self._db.read() as uow:
            root = await uow.units.root()
        return None if root is None else root.name

    async def join(self, channel: Channel, user_id: str, chat_id: str, code: str) -> JoinOutcome:
        """Link this chat account to the member the one-time ``code`` was issued for."""
        now = self._clock.now()
        async with self._db.write() as uow:
            failures = await uow.audit.count_since(
                "join_failed",
                actor_channel=channel,
                actor_user_id=user_id,
                since=now - timedelta(hours=1),
            )
            if failures >= MAX_FAILED_JOINS_PER_HOUR:
                # Refused without looking at the code, so guessing gains nothing.
                # One row an hour with the count: 40 attempts in half a second are one row.
                await uow.audit.count_repeat(
                    "join_refused_rate_limit",
                    at=now,
                    actor_channel=channel,
                    actor_user_id=user_id,
                    since=now - timedelta(hours=1),
                )
                return JoinOutcome(JoinStatus.TOO_MANY_ATTEMPTS)

            existing = await uow.accounts.by_user(channel, user_id)
            if existing is not None:
                member = await uow.members.get(existing.member_id)
                identity = None if member is None else await load_identity(uow, member)
                return JoinOutcome(JoinStatus.ALREADY_LINKED, identity)

            invite = await uow.invites.by_hash(hash_code(code)) if looks_like_code(code) else None

            async def fail(status: JoinStatus, member_id: int | None = None) -> JoinOutcome:
                await uow.audit.record(
                    "join_failed",
                    at=now,
                    actor_channel=channel,
                    actor_user_id=user_id,
                    subject_member_id=member_id,
                    detail={"reason": status.value},
                )
                return JoinOutcome(status)

            if invite is None:
                return await fail(JoinStatus.WRONG_CODE)
            if invite.used_at is not None or invite.revoked_at is not None:
                return await fail(JoinStatus.USED, invite.member_id)
            if not invite.usable_at(now):
                return await fail(JoinStatus.EXPIRED, invite.member_id)
            member = await uow.members.get(invite.member_id)
            if member is None or not member.is_active:
                return await fail(JoinStatus.INACTIVE, invite.member_id)

            status = JoinStatus.JOINED
            current = await uow.accounts.of_member(member.id, channel)
            if current is not None:
                if not invite.relink:
                    return await fail(JoinStatus.MEMBER_TAKEN, member.id)
                await uow.accounts.unlink(member.id, channel)
                status = JoinStatus.RELINKED
            await uow.accounts.link(Account(member.id, channel, user_id, chat_id, linked_at=now))
            await uow.invites.mark_used(invite.id, now)
            await uow.audit.record(
                "account_relinked" if status is JoinStatus.RELINKED else "joined",
                at=now,
                actor_member_id=member.id,
                actor_channel=channel,
                actor_user_id=user_id,
                subject_member_id=member.id,
                detail=None if current is None else {"previous_user_id": current.user_id},
            )
            identity = await load_identity(uow, member)
        return JoinOutcome(status, identity)

    async def set_language(self, actor: Identity, language: str) -> Identity:
        if language not in SUPPORTED_LANGUAGES:
            raise ValueError(language)
        async with self._db.write() as uow:
            await uow.members.set_language(actor.member.id, language, at=self._clock.now())
            member = await uow.members.get(actor.member.id)
            assert member is not None
            identity = await load_identity(uow, member)
        assert identity is not None
        return identity

    async def audit_refusal(self, actor: Identity, asked: str, reason: str) -> None:
        """A refusal no service wrote down itself (the edge's, for every :class:`NotAllowed`):
        who asked, what (the command or the button's data) and why (the refusal's message)."""
        async with self._db.write() as uow:
            await uow.audit.record(
                "refused",
                at=self._clock.now(),
                actor_member_id=actor.member.id,
                detail={"asked": asked, "reason": reason},
            )
