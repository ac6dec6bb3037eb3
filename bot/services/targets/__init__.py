"""Targets (chỉ tiêu): the year's numbers, set by the committee, their values recorded by their
owners or computed from what the bot knows, each shown as the report writes it; the owners
reminded to record; the targets as a spreadsheet."""

from __future__ import annotations

from dataclasses import dataclass

from bot.services.ports import Database
from bot.services.setup import Setup
from bot.services.targets.ports import TargetsUnitOfWork
from bot.services.targets.reminders import TargetReminderService
from bot.services.targets.sheet import TargetSheetService
from bot.services.targets.targets import TargetService


@dataclass(frozen=True)
class TargetServices:
    targets: TargetService
    target_reminders: TargetReminderService
    target_sheet: TargetSheetService


def build(db: Database[TargetsUnitOfWork], setup: Setup) -> TargetServices:
    return TargetServices(
        targets=TargetService(db, setup.clock, setup.zone, setup.target_decimals),
        target_reminders=TargetReminderService(
            db, setup.clock, setup.zone, setup.delivery, quiet=setup.quiet
        ),
        target_sheet=TargetSheetService(db, setup.clock, setup.zone, setup.import_limits),
    )
