"""Issuing one-time invite codes, in chat (/moi) and from the command line."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from bot.clock import Clock
from bot.domain.errors import NotAllowed, NotFound, UserError
from bot.domain.invites import ZaloJoining, hash_code, new_code
from bot.domain.model import Channel, Identity, Member
from bot.domain.permissions import invitable_cell_ids, may_invite, may_invite_member
from bot.domain.text import cell_key, name_sort_key
from bot.i18n import N_
from bot.services.cell_names import unknown_cell
from bot.services.members.ports import MembersUnitOfWork
from bot.services.ports import Database

PAGE_SIZE = 8


@dataclass(frozen=True)
class IssuedInvite:
    member: Member
    cell_name: str
    code: str


@dataclass(frozen=True)
class MemberPage:
    members: list[Member]
    page: int
    pages: int


class InviteService:
    def __init__(
        self,
        db: Database[MembersUnitOfWork],
        clock: Clock,
        ttl_days: int,
        *,
        zalo: ZaloJoining | None = None,
        telegram_username: str | None = None,
    ) -> None:
        self._db = db
        self._clock = clock
        self.ttl_days = ttl_days
        self._ttl = timedelta(days=ttl_days)
        # How an invite tells a member to join on Zalo; None: the organisation is not on Zalo.
        self.zalo = zalo
        # The Telegram bot's @username when the settings name it (where getMe is not at hand).
        self.telegram_username = telegram_username
        # A member linked on each of these has nothing left to join.
        self._channels = frozenset({Channel.TELEGRAM} | ({Channel.ZALO} if zalo else set()))

    async def invitable(self, actor: Identity, page: int, page_size: int = PAGE_SIZE) -> MemberPage:
        """Members linked on no channel that ``actor`` may invite, one page of them, by name."""
        if not may_invite(actor):
            raise NotAllowed(N_("Only cell secretaries and the committee can invite members."))
        async with self._db.read() as uow:
            members = await uow.members.in_cells(invitable_cell_ids(actor), unlinked_only=True)
        members.sort(key=lambda m: name_sort_key(m.full_name))
        pages = max(1, -(-len(members) // page_size))
        page = min(max(page, 0), pages - 1)
        return MemberPage(members[page * page_size : (page + 1) * page_size], page, pages)

    async def issue(self, actor: Identity, member_id: int) -> IssuedInvite:
        """A fresh code for one member, authorised for ``actor``; refusals are audited."""
        async with self._db.write() as uow:
            member = await uow.members.get(member_id)
            if member is None or not may_invite_member(actor, member):
                await uow.audit.record(
                    "invite_refused",
                    at=self._clock.now(),
                    actor_member_id=actor.member.id,
                    subject_member_id=member_id,
                )
                refused = NotAllowed(N_("You cannot invite this member."))
            else:
                refused = None
                issued = await self._issue(uow, member, issued_by=actor.member.id, relink=False)
        # Raised after the block so the audit record commits with the refusal.
        if refused is not None:
            raise refused
        return issued

    async def issue_for_command_line(
        self,
        *,
        cell_name: str | None = None,
        member_code: str | None = None,
        all_unlinked: bool = False,
        relink: bool = False,
    ) -> list[IssuedInvite]:
        """Codes for the members selected on the command line (the operator is trusted)."""
        async with self._db.write() as uow:
            if member_code is not None:
                member = await uow.members.by_code(member_code)
                if member is None:
                    raise NotFound(N_("No member has the code {code}."), code=member_code)
                candidates = [member]
            else:
                cell_ids = None
                if cell_name is not None:
                    wanted = cell_key(cell_name)
                    units = await uow.units.all()
                    cells = [u for u in units if cell_key(u.name) == wanted]
                    if not cells:
                        raise unknown_cell(cell_name, units)
                    cell_ids = frozenset(c.id for c in cells)
                candidates = await uow.members.in_cells(
                    cell_ids, unlinked_only=all_unlinked or cell_name is not None
                )
                candidates.sort(key=lambda m: (m.cell_id, name_sort_key(m.full_name)))
            issued = []
            for member in candidates:
                if not member.is_active:
                    raise UserError(N_("{name} has left the organisation."), name=member.full_name)
                issued.append(await self._issue(uow, member, issued_by=None, relink=relink))
        return issued

    async def _issue(
        self, uow: MembersUnitOfWork, member: Member, *, issued_by: int | None, relink: bool
    ) -> IssuedInvite:
        # A member linked on Telegram may still join on Zalo (and the other way round) with an
        # ordinary invite: joining refuses it on a channel where they are linked already.
        linked = {c for c in self._channels if await uow.accounts.of_member(member.id, c)}
        if linked == self._channels and not relink:
            raise UserError(N_("{name} has already joined the bot."), name=member.full_name)
        now = self._clock.now()
        await uow.invites.revoke_open(member.id, now)
        code = new_code()
        await uow.invites.add(
            member_id=member.id,
            code_hash=hash_code(code),
            issued_by=issued_by,
            issued_at=now,
            expires_at=now + self._ttl,
            relink=relink,
        )
        await uow.audit.record(
            "invite_issued",
            at=now,
            actor_member_id=issued_by,
            subject_member_id=member.id,
            detail={"relink": relink} if relink else None,
        )
        cell = await uow.units.get(member.cell_id)
        return IssuedInvite(member, "" if cell is None else cell.name, code)
