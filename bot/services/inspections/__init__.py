"""Inspections and supervision: the yearly programme, proposed from the organisation, drafted,
reviewed and adopted, and each item taken through its steps."""

from __future__ import annotations

from dataclasses import dataclass

from bot.services.inspections.drafts import DraftService
from bot.services.inspections.listing import ListingService
from bot.services.inspections.ports import InspectionsUnitOfWork
from bot.services.inspections.programme import ProgrammeService
from bot.services.inspections.remediation import RemediationService
from bot.services.inspections.self_reports import SelfReportService
from bot.services.inspections.steps import StepService
from bot.services.inspections.supervision_notes import SupervisionService
from bot.services.ports import Database
from bot.services.setup import Setup


@dataclass(frozen=True)
class InspectionServices:
    programme: ProgrammeService
    inspection_drafts: DraftService
    inspection_steps: StepService
    inspection_listing: ListingService
    self_reports: SelfReportService
    remediation: RemediationService
    supervision: SupervisionService


def build(db: Database[InspectionsUnitOfWork], setup: Setup) -> InspectionServices:
    programme = ProgrammeService(db, setup.clock, setup.inspection_quotas, setup.zone)
    return InspectionServices(
        programme=programme,
        inspection_drafts=DraftService(db, setup.clock, setup.inspection_quotas, programme),
        inspection_steps=StepService(db, setup.clock, setup.zone),
        inspection_listing=ListingService(db, setup.clock, setup.zone, programme),
        self_reports=SelfReportService(db, setup.clock),
        remediation=RemediationService(db, setup.clock, setup.zone),
        supervision=SupervisionService(db, setup.clock),
    )
