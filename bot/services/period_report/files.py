"""The report's files, built from its figures: the workbook, the document draft with its
charts, and the charts as images. :func:`build_files` is CPU work with no I/O; the bot runs it
in its worker process (:class:`ReportFileService`, through :mod:`bot.services.offload`), so
members are answered while it is built; the command line calls it in a thread."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.domain.text import fold
from bot.i18n import Translator
from bot.services.offload import Offload
from bot.services.period_report import labels
from bot.services.period_report.collect import PeriodReportData
from bot.services.period_report.sections import dates_line, heading, sections, summary_blocks


@dataclass(frozen=True)
class ReportFiles:
    stem: str  # the files' name without the extension: bao-cao-6-thang-2020
    workbook: bytes | None = None
    document: bytes | None = None
    charts: list[tuple[str, bytes]] = field(default_factory=list)  # (caption, PNG)


def file_stem(data: PeriodReportData, t: Translator) -> str:
    """``bao-cao-<period>-<name>`` in ASCII, for a phone's file list."""
    span = data.span
    period = span.period.value if span.period else f"{span.first:%Y%m%d}-{span.last:%Y%m%d}"
    words = fold(" ".join([t(labels.REPORT_FILE), period, str(span.year), data.name]))
    return re.sub(r"[^a-z0-9]+", "-", words).strip("-")[:80]


def build_files(
    data: PeriodReportData,
    t: Translator,
    *,
    workbook: bool = True,
    document: bool = True,
    charts: list[tuple[str, bytes]] | None = None,
) -> ReportFiles:
    """The files asked for; ``charts`` already drawn (by their section's heading) are not
    drawn again, so the chat may send the workbook first and the document after."""
    # Matplotlib, python-docx and openpyxl are imported on the first report, not with the bot:
    # together they are about 80 MB the bot would otherwise hold from start-up on.
    from bot.services.period_report.charts import chart
    from bot.services.period_report.document import document_bytes
    from bot.services.period_report.workbook import workbook_bytes

    found = sections(data, t)
    title = heading(data, t)
    dates = dates_line(data, t)
    if charts is None:
        charts = []
        for section in found:
            if section.chart is None:
                continue
            image = chart(section.chart, data, t)
            if image is not None:
                charts.append((section.heading, image))
    summary = summary_blocks(data, found, t)[2:]
    return ReportFiles(
        stem=file_stem(data, t),
        workbook=workbook_bytes(title, dates, summary, found, t) if workbook else None,
        document=document_bytes(title, dates, found, dict(charts), t) if document else None,
        charts=charts,
    )


class ReportFileService:
    """The report's files built off the event loop (in the bot's worker process)."""

    def __init__(self, offload: Offload) -> None:
        self._offload = offload

    async def build(
        self,
        data: PeriodReportData,
        t: Translator,
        *,
        workbook: bool = True,
        document: bool = True,
        charts: list[tuple[str, bytes]] | None = None,
    ) -> ReportFiles:
        """:func:`build_files`, off the event loop (the figures and ``t`` are pickled)."""
        return await self._offload.run(_build, data, t, workbook, document, charts)


def _build(
    data: PeriodReportData,
    t: Translator,
    workbook: bool,
    document: bool,
    charts: list[tuple[str, bytes]] | None,
) -> ReportFiles:
    return build_files(data, t, workbook=workbook, document=document, charts=charts)
