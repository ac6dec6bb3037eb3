"""Inspections and supervision: the yearly programme, proposed from the organisation."""

from __future__ import annotations

from dataclasses import dataclass

from bot.services.inspections.ports import InspectionsUnitOfWork
from bot.services.inspections.programme import ProgrammeService
from bot.services.ports import Database
from bot.services.setup import Setup


@dataclass(frozen=True)
class InspectionServices:
    programme: ProgrammeService


def build(db: Database[InspectionsUnitOfWork], setup: Setup) -> InspectionServices:
    return InspectionServices(
        programme=ProgrammeService(db, setup.clock, setup.inspection_quotas, setup.zone)
    )
