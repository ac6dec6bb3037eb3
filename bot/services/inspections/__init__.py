"""Inspections and supervision: the yearly programme, proposed from the organisation, drafted,
reviewed and adopted, and each item taken through its steps."""

from __future__ import annotations

from dataclasses import dataclass

from bot.services.inspections.drafts import DraftService
from bot.services.inspections.listing import ListingService
from bot.services.inspections.period_report import PeriodReportService
from bot.services.inspections.programme import ProgrammeService
from bot.services.inspections.programme_export import ProgrammeExportService
from bot.services.inspections.programme_import import ProgrammeImportService
from bot.services.inspections.remediation import RemediationService
from bot.services.inspections.reminders import InspectionReminderService, RemindersUnitOfWork
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
    inspection_reminders: InspectionReminderService
    inspection_report: PeriodReportService
    programme_import: ProgrammeImportService
    programme_export: ProgrammeExportService


def build(db: Database[RemindersUnitOfWork], setup: Setup) -> InspectionServices:
    programme = ProgrammeService(
        db, setup.clock, setup.inspection_quotas, setup.zone, setup.offload
    )
    return InspectionServices(
        programme=programme,
        inspection_drafts=DraftService(db, setup.clock, setup.inspection_quotas, programme),
        inspection_steps=StepService(db, setup.clock, setup.zone),
        inspection_listing=ListingService(db, setup.clock, setup.zone, programme),
        self_reports=SelfReportService(db, setup.clock),
        remediation=RemediationService(db, setup.clock, setup.zone),
        supervision=SupervisionService(db, setup.clock),
        inspection_reminders=InspectionReminderService(
            db,
            setup.clock,
            setup.zone,
            setup.delivery,
            programme,
            quiet=setup.quiet,
            verification_days=setup.inspection_verification_days,
        ),
        inspection_report=PeriodReportService(db, setup.clock, setup.inspection_quotas, setup.zone),
        programme_import=ProgrammeImportService(db, setup.clock, programme, setup.import_limits),
        programme_export=ProgrammeExportService(db, setup.clock, setup.zone),
    )
