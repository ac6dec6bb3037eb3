"""The public registry as a spreadsheet, for secretaries and the committee to print or file."""

from __future__ import annotations

from dataclasses import dataclass
from io import BytesIO

from openpyxl import Workbook

from bot.domain.errors import NotAllowed, UserError
from bot.domain.model import Identity
from bot.domain.permissions import may_export_registry
from bot.domain.reports import CellProgress, Headcount, registry_order
from bot.i18n import N_, Translator
from bot.i18n.task_labels import status_label
from bot.services.ports import Database
from bot.services.spreadsheet import safe_cell
from bot.services.tasks.ports import TasksUnitOfWork
from bot.services.tasks.reports import ReportService

# Wide enough to read without resizing, in characters.
_WIDTHS = (28, 22, 50, 50, 12, 18, 10)
_SUMMARY_WIDTHS = (28, 12, 14, 14, 12, 14, 14, 12)


@dataclass(frozen=True)
class RegistryFile:
    year: int
    content: bytes

    @property
    def filename(self) -> str:
        return f"cong-khai-{self.year}.xlsx"


def _share(count: Headcount) -> float | None:
    """Registered out of members as a fraction Excel shows as a percentage; empty when there
    is nobody of that kind."""
    return count.registered / count.members if count.members else None


def _summary_sheet(
    book: Workbook, cells: list[CellProgress], total: CellProgress | None, t: Translator
) -> None:
    """Who has registered, per cell and for the organisation, party members and non-party
    staff apart: the figures the report copies, beside the list."""
    sheet = book.create_sheet(t.pgettext("spreadsheet", "Summary"))
    sheet.append(
        [
            t("Cell"),
            t("Party members"),
            t("Party members registered"),
            t("Share of party members registered"),
            t("Non-party staff"),
            t("Non-party staff registered"),
            t("Share of non-party staff registered"),
            t("Tasks registered"),
        ]
    )
    for cell in [*cells, *([total] if total is not None else [])]:
        sheet.append(
            [
                safe_cell(cell.cell_name),
                cell.party.members,
                cell.party.registered,
                _share(cell.party),
                cell.non_party.members,
                cell.non_party.registered,
                _share(cell.non_party),
                cell.tasks,
            ]
        )
    for column, width in zip("ABCDEFGH", _SUMMARY_WIDTHS, strict=True):
        sheet.column_dimensions[column].width = width
    for row in sheet.iter_rows(min_row=2):
        row[3].number_format = row[6].number_format = "0.00%"
    sheet.freeze_panes = "A2"


class RegistryExportService:
    def __init__(self, db: Database[TasksUnitOfWork], reports: ReportService) -> None:
        self._db = db
        self._reports = reports

    async def workbook(self, actor: Identity, cell_id: int | None, t: Translator) -> RegistryFile:
        """The approved tasks of the year (of one cell, or all), one row per task; a second
        sheet with the registration figures of the cells ``actor`` may see."""
        if not may_export_registry(actor):
            raise NotAllowed(N_("Only cell secretaries and the committee can download the file."))
        async with self._db.read() as uow:
            year = await uow.years.current()
            if year is None:
                raise UserError(
                    N_("The committee has not set up this year's breakthrough tasks yet.")
                )
            tasks = registry_order(await uow.progress.public_tasks(year.year, cell_id))
        book = Workbook()
        sheet = book.active
        assert sheet is not None
        sheet.title = str(year.year)
        sheet.append(
            [
                t("Member"),
                t("Cell"),
                t("Task"),
                t("Product"),
                t("Deadline"),
                t("Status"),
                t("Progress (%)"),
            ]
        )
        for item in tasks:
            task = item.task
            row = [
                item.owner_name,
                item.cell_name,
                task.title,
                task.product,
                task.deadline,
                status_label(task.status, t),
                task.progress,
            ]
            sheet.append([safe_cell(value) for value in row])
        for column, width in zip("ABCDEFG", _WIDTHS, strict=True):
            sheet.column_dimensions[column].width = width
        for (deadline,) in sheet.iter_rows(min_row=2, min_col=5, max_col=5):
            deadline.number_format = "DD/MM/YYYY"
        sheet.freeze_panes = "A2"
        _summary_sheet(book, *await self._reports.registration(actor, cell_id), t)
        buffer = BytesIO()
        book.save(buffer)
        return RegistryFile(year.year, buffer.getvalue())
