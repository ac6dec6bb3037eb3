"""The services the edges (handlers, command line, scheduler) use, built once."""

from __future__ import annotations

from dataclasses import dataclass

from bot.clock import Clock
from bot.services.export import ExportService
from bot.services.invites import InviteService
from bot.services.member_import import MemberImportService
from bot.services.membership import MembershipService
from bot.services.organisation import OrganisationService
from bot.services.ports import Database


@dataclass(frozen=True)
class Services:
    membership: MembershipService
    invites: InviteService
    organisation: OrganisationService
    member_import: MemberImportService
    export: ExportService
    default_language: str

    @classmethod
    def build(
        cls, db: Database, clock: Clock, *, invite_ttl_days: int, default_language: str
    ) -> Services:
        return cls(
            membership=MembershipService(db, clock),
            invites=InviteService(db, clock, invite_ttl_days),
            organisation=OrganisationService(db, clock),
            member_import=MemberImportService(db, clock),
            export=ExportService(db, clock),
            default_language=default_language,
        )
