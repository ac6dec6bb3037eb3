"""The public registry as a spreadsheet, for secretaries and the committee to print or file."""

from __future__ import annotations

from dataclasses import dataclass
from io import BytesIO

from openpyxl import Workbook

from bot.domain.errors import NotAllowed, UserError
from bot.domain.model import Identity
from bot.domain.permissions import may_export_registry
from bot.i18n import N_, Translator
from bot.i18n.task_labels import status_label
from bot.services.ports import Database
from bot.services.spreadsheet import safe_cell

# Wide enough to read without resizing, in characters.
_WIDTHS = (28, 22, 50, 50, 12, 18, 10)


@dataclass(frozen=True)
class RegistryFile:
    year: int
    content: bytes

    @property
    def filename(self) -> str:
        return f"cong-khai-{self.year}.xlsx"


class RegistryExportService:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def workbook(self, actor: Identity, cell_id: int | None, t: Translator) -> RegistryFile:
        """The approved tasks of the year (of one cell, or all), one row per task."""
        if not may_export_registry(actor):
            raise NotAllowed(N_("Only cell secretaries and the committee can download the file."))
        async with self._db.read() as uow:
            year = await uow.years.current()
            if year is None:
                raise UserError(
                    N_("The committee has not set up this year's breakthrough tasks yet.")
                )
            tasks = await uow.progress.public_tasks(year.year, cell_id)
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
        buffer = BytesIO()
        book.save(buffer)
        return RegistryFile(year.year, buffer.getvalue())
