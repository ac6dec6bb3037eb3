"""The public registry as a spreadsheet, for secretaries and the committee to print or file."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass

from bot.domain.errors import NotAllowed, UserError
from bot.domain.model import Identity
from bot.domain.permissions import may_export_registry
from bot.domain.reports import CellCount, CellProgress, Headcount, PublicTask, registry_order
from bot.i18n import N_, Translator
from bot.i18n.task_labels import status_label
from bot.services.offload import Offload
from bot.services.ports import Database
from bot.services.spreadsheet import safe_cell
from bot.services.tasks.ports import RegistryRows, TasksUnitOfWork
from bot.services.tasks.reports import ReportService
from bot.services.xlsx_stream import DATE, PERCENT, XlsxStream

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
    book: XlsxStream, cells: list[CellProgress], total: CellProgress | None, t: Translator
) -> None:
    """Who has registered, per cell and for the organisation, party members and non-party
    staff apart: the figures the report copies, beside the list."""
    book.add_sheet(t.pgettext("spreadsheet", "Summary"), _SUMMARY_WIDTHS)
    book.append(
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
        book.append(
            [
                safe_cell(cell.cell_name),
                cell.party.members,
                cell.party.registered,
                _share(cell.party),
                cell.non_party.members,
                cell.non_party.registered,
                _share(cell.non_party),
                cell.tasks,
            ],
            _SUMMARY_STYLES,
        )


# Cells read from the database at a time: about a thousand tasks, so little is held at once
# (the whole registry at 50,000 members is 167,000 tasks).
_TASKS_PER_READ = 1_000
_SUMMARY_STYLES = {3: PERCENT, 6: PERCENT}
_REGISTRY_STYLES = {4: DATE}


def _batches(counts: list[CellCount]) -> list[list[int]]:
    """Cells grouped so each group holds about :data:`_TASKS_PER_READ` tasks."""
    batches: list[list[int]] = []
    size = _TASKS_PER_READ
    for cell, count in counts:
        if size + count > _TASKS_PER_READ and (not batches or batches[-1]):
            batches.append([])
            size = 0
        batches[-1].append(cell)
        size += count
    return batches


def _start_registry_sheet(book: XlsxStream, year: int, t: Translator) -> None:
    book.add_sheet(str(year), _WIDTHS)
    book.append(
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


def _append_tasks(book: XlsxStream, tasks: list[PublicTask], t: Translator) -> None:
    """Rows for the tasks, in the registry's order."""
    for item in registry_order(tasks):
        task = item.task
        book.append(
            [
                safe_cell(item.owner_name),
                safe_cell(item.cell_name),
                safe_cell(task.title),
                safe_cell(task.product),
                task.deadline,
                status_label(task.status, t),
                task.progress,
            ],
            _REGISTRY_STYLES,
        )


def registry_workbook(
    snapshot: Callable[[], AbstractContextManager[RegistryRows]],
    year: int,
    cell_id: int | None,
    cells: list[CellProgress],
    total: CellProgress | None,
    t: Translator,
) -> bytes:
    """The workbook's bytes: the approved tasks of ``year`` (of one cell, or all) read from
    the database's snapshot about a thousand at a time, then the summary sheet of ``cells``.
    Runs in the worker process (the arguments are pickled; the tasks are not)."""
    book = XlsxStream()
    _start_registry_sheet(book, year, t)
    with snapshot() as rows:
        counts = [c for c in rows.public_counts(year) if cell_id is None or c.cell_id == cell_id]
        for batch in _batches(counts):
            _append_tasks(book, rows.public_tasks_in(year, batch), t)
    _summary_sheet(book, cells, total, t)
    return book.finish()


class RegistryExportService:
    def __init__(
        self, db: Database[TasksUnitOfWork], reports: ReportService, offload: Offload
    ) -> None:
        self._db = db
        self._reports = reports
        self._offload = offload

    async def workbook(self, actor: Identity, cell_id: int | None, t: Translator) -> RegistryFile:
        """The approved tasks of the year (of one cell, or all), one row per task; a second
        sheet with the registration figures of the cells ``actor`` may see.

        Built off the event loop, in the worker process (:mod:`bot.services.offload`), which
        reads the tasks from the database itself: members are answered and the sender keeps
        going while the file is made."""
        if not may_export_registry(actor):
            raise NotAllowed(N_("Only cell secretaries and the committee can download the file."))
        async with self._db.read() as uow:
            year = await uow.years.current()
            if year is None:
                raise UserError(
                    N_("The committee has not set up this year's breakthrough tasks yet.")
                )
        cells, organisation = await self._reports.registration(actor, cell_id)
        content = await self._offload.run(
            registry_workbook, self._db.snapshot(), year.year, cell_id, cells, organisation, t
        )
        return RegistryFile(year.year, content)
