"""The organisation itself: creating it, and reading its member directory."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.clock import Clock
from bot.domain.errors import UserError
from bot.domain.model import Account, Channel, Member, Role, Unit, UnitKind
from bot.domain.text import cell_key, cell_sort_key, fold, name_sort_key, normalise_name
from bot.i18n import N_
from bot.services.cell_names import unknown_cell
from bot.services.members.ports import MembersUnitOfWork
from bot.services.ports import Database


@dataclass(frozen=True)
class DirectoryEntry:
    member: Member
    cell: Unit
    roles: frozenset[Role]
    linked_at: datetime | None  # when the member first linked an account, on any channel
    unreachable: bool = False  # blocked the bot on every channel, as the delivery engine last saw
    channels: frozenset[Channel] = frozenset()  # where the member has an account


class OrganisationService:
    def __init__(self, db: Database[MembersUnitOfWork], clock: Clock) -> None:
        self._db = db
        self._clock = clock

    async def init(self, name: str) -> tuple[Unit, bool]:
        """Create the organisation; running it again keeps it (and renames it if asked)."""
        name = normalise_name(name)
        if not name:
            raise UserError(N_("The organisation needs a name."))
        now = self._clock.now()
        async with self._db.write() as uow:
            root = await uow.units.root()
            if root is None:
                root = await uow.units.add(
                    parent_id=None, kind=UnitKind.PARTY_COMMITTEE, name=name, key=fold(name), at=now
                )
                await uow.audit.record("organisation_created", at=now, detail={"name": name})
                return root, True
            if root.name != name:
                await uow.units.rename(root.id, name, fold(name))
                await uow.audit.record(
                    "organisation_renamed",
                    at=now,
                    detail={"before": root.name, "after": name},
                )
                root = Unit(root.id, None, root.kind, name)
            return root, False

    async def directory(self, cell_name: str | None = None) -> list[DirectoryEntry]:
        """Members by cell and name, with their roles and their accounts: a member with an
        account on any channel is linked."""
        async with self._db.read() as uow:
            units = {u.id: u for u in await uow.units.all()}
            members = await uow.members.all()
            grants = await uow.roles.all()
            accounts: dict[int, list[Account]] = {}
            for account in await uow.accounts.all():
                accounts.setdefault(account.member_id, []).append(account)
        if cell_name is not None:
            wanted = cell_key(cell_name)
            cell_ids = {u.id for u in units.values() if cell_key(u.name) == wanted}
            if not cell_ids:
                raise unknown_cell(cell_name, units.values())
            members = [m for m in members if m.cell_id in cell_ids]
        entries = [
            DirectoryEntry(
                member=m,
                cell=units[m.cell_id],
                roles=frozenset(g.role for g in grants.get(m.id, frozenset())),
                linked_at=min((a.linked_at for a in mine), default=None),
                unreachable=bool(mine) and all(a.unreachable_since is not None for a in mine),
                channels=frozenset(a.channel for a in mine),
            )
            for m in members
            for mine in [accounts.get(m.id, [])]
        ]
        entries.sort(
            key=lambda e: (
                cell_sort_key(e.cell.name),
                name_sort_key(e.member.full_name),
                e.member.id,
            )
        )
        return entries
