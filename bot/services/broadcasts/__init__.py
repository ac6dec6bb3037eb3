"""Broadcasts: notices to members and their delivery reports, and cells' Telegram groups."""

from __future__ import annotations

from dataclasses import dataclass

from bot.services.broadcasts.broadcasts import BroadcastService
from bot.services.broadcasts.group_links import GroupLinkService
from bot.services.broadcasts.ports import BroadcastsUnitOfWork
from bot.services.ports import Database
from bot.services.setup import Setup


@dataclass(frozen=True)
class BroadcastServices:
    broadcasts: BroadcastService
    group_links: GroupLinkService


def build(db: Database[BroadcastsUnitOfWork], setup: Setup) -> BroadcastServices:
    return BroadcastServices(
        broadcasts=BroadcastService(
            db,
            setup.clock,
            setup.delivery,
            zone=setup.zone,
            default_language=setup.default_language,
        ),
        group_links=GroupLinkService(db, setup.clock),
    )
