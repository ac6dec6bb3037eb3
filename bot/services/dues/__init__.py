"""Party dues status: each party member's months (paid, claimed, unpaid, exempt, reduced,
deferred), the secretary's grid, the committee's figures, the monthly reminder and the
unpaid-months alerts."""

from __future__ import annotations

from dataclasses import dataclass

from bot.services.dues.ports import DuesUnitOfWork
from bot.services.dues.recording import DuesRecordingService
from bot.services.dues.reminders import DuesReminderService
from bot.services.dues.status import DuesStatusService
from bot.services.ports import Database
from bot.services.setup import Setup


@dataclass(frozen=True)
class DuesServices:
    dues: DuesStatusService
    dues_recording: DuesRecordingService
    dues_reminders: DuesReminderService


def build(db: Database[DuesUnitOfWork], setup: Setup) -> DuesServices:
    status = DuesStatusService(db, setup.clock, setup.zone, setup.dues)
    return DuesServices(
        dues=status,
        dues_recording=DuesRecordingService(db, setup.clock, status),
        dues_reminders=DuesReminderService(
            db, setup.clock, setup.zone, setup.delivery, status, quiet=setup.quiet
        ),
    )
