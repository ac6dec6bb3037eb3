"""The public registry a page at a time: each page reads only the cells it shows.

Pages hold a fixed number of tasks, so page ``n`` starts at task ``n × per_page`` of the
registry's order (cells in order; in each cell the owners as a list of people). The tasks per
cell come from one counting query over an index; then only the one or two cells the page spans
are read and ordered — at 50,000 members a page costs a few milliseconds whatever its number,
where rendering the whole registry to show one page took seconds.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.domain.errors import UserError
from bot.domain.model import Unit
from bot.domain.reports import CellCount, PublicTask, registry_order
from bot.domain.tasks import Year
from bot.i18n import N_
from bot.services.ports import Database
from bot.services.tasks.ports import TasksUnitOfWork


@dataclass(frozen=True)
class RegistryPage:
    year: Year
    items: list[PublicTask]
    page: int  # clamped to the pages there are
    pages: int  # at least one
    cell: Unit | None  # the cell shown, None for every cell
    continued: bool  # the first task's cell began on an earlier page


def window(counts: list[CellCount], start: int, stop: int) -> tuple[list[int], int]:
    """The cells holding tasks ``start`` to ``stop`` (exclusive) of the registry, and where
    ``start`` falls in the first of them."""
    cells: list[int] = []
    offset = 0
    before = 0
    for cell, count in counts:
        if before + count > start and before < stop:
            if not cells:
                offset = start - before
            cells.append(cell)
        before += count
        if before >= stop:
            break
    return cells, offset


class PublicRegistryService:
    def __init__(self, db: Database[TasksUnitOfWork]) -> None:
        self._db = db

    async def page(self, cell_id: int | None, page: int, per_page: int) -> RegistryPage:
        """Page ``page`` (from 0, clamped) of the approved tasks, of one cell or all."""
        async with self._db.read() as uow:
            year = await uow.years.current()
            if year is None:
                raise UserError(
                    N_("The committee has not set up this year's breakthrough tasks yet.")
                )
            cell = await uow.units.get(cell_id) if cell_id is not None else None
            counts = [
                c
                for c in await uow.progress.public_counts(year.year)
                if cell_id is None or c.cell_id == cell_id
            ]
            total = sum(c.tasks for c in counts)
            pages = max(1, -(-total // per_page))
            page = min(max(page, 0), pages - 1)
            start = page * per_page
            cells, offset = window(counts, start, start + per_page)
            found = await uow.progress.public_tasks_in(year.year, cells)
        items = registry_order(found)[offset : offset + per_page]
        return RegistryPage(year, items, page, pages, cell, continued=offset > 0)
