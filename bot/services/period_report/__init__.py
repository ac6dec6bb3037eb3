"""The period report (/baocao, ``butpha report``): the organisation's or a cell's figures for
a month, a quarter, six or nine months, the year or any from–to, as of a cut-off day; as a
summary in the chat, an .xlsx workbook, a .docx draft and charts.

Its one tie to another feature: the inspection figures come from issue 12's period report
(:class:`bot.services.inspections.period_report.PeriodReportService`), which the container
hands it; everything else it reads through its own port."""

from __future__ import annotations

from dataclasses import dataclass

from bot.services.inspections.period_report import PeriodReportService as InspectionReports
from bot.services.period_report.collect import (
    DuesFigures,
    PeriodReportService,
    RatingFigures,
    TargetLines,
)
from bot.services.period_report.files import ReportFileService
from bot.services.period_report.ports import PeriodReportUnitOfWork
from bot.services.ports import Database
from bot.services.setup import Setup


@dataclass(frozen=True)
class PeriodReportServices:
    period_report: PeriodReportService
    period_report_files: ReportFileService


def build(
    db: Database[PeriodReportUnitOfWork],
    setup: Setup,
    inspections: InspectionReports,
    targets: TargetLines | None = None,
    dues: DuesFigures | None = None,
    ratings: RatingFigures | None = None,
) -> PeriodReportServices:
    """``targets``: the targets feature's service, once the container hands it over (one
    argument there, and one builder in ``sections.SECTION_BUILDERS``)."""
    return PeriodReportServices(
        period_report=PeriodReportService(
            db,
            setup.clock,
            setup.zone,
            inspections,
            setup.report_cut_off_day,
            targets,
            dues,
            ratings,
        ),
        period_report_files=ReportFileService(setup.offload),
    )
