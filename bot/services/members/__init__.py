"""Members: joining with an invite, invites, the organisation and its member import."""

from __future__ import annotations

from dataclasses import dataclass

from bot.services.members.invites import InviteService
from bot.services.members.member_import import MemberImportService
from bot.services.members.membership import MembershipService
from bot.services.members.organisation import OrganisationService
from bot.services.members.ports import MembersUnitOfWork
from bot.services.ports import Database
from bot.services.setup import Setup


@dataclass(frozen=True)
class MemberServices:
    membership: MembershipService
    invites: InviteService
    organisation: OrganisationService
    member_import: MemberImportService


def build(db: Database[MembersUnitOfWork], setup: Setup) -> MemberServices:
    clock = setup.clock
    return MemberServices(
        membership=MembershipService(db, clock),
        invites=InviteService(
            db,
            clock,
            setup.invite_ttl_days,
            zalo=setup.zalo_joining,
            telegram_username=setup.telegram_username,
        ),
        organisation=OrganisationService(db, clock),
        member_import=MemberImportService(db, clock, setup.import_limits),
    )
