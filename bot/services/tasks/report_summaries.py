"""What the report service hands back: a member's, a cell's and the organisation's summaries,
and the pages of the committee's overview and of who has not registered, with the outlines
they are chosen on. Plain data, apart from the service that reads it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Generic, Protocol, TypeVar

from bot.domain.progress import average_progress
from bot.domain.reports import CellProgress, OverdueTask, Unregistered
from bot.domain.study_figures import StudyFigures
from bot.domain.tasks import Task, TaskStatus, Year


@dataclass(frozen=True)
class MemberSummary:
    year: Year
    tasks: list[Task]
    today: date
    cell: CellProgress | None = None  # their cell's registration figures

    def count(self, *statuses: TaskStatus) -> int:
        return sum(1 for t in self.tasks if t.status in statuses)

    @property
    def active(self) -> list[Task]:
        return [t for t in self.tasks if t.status is not TaskStatus.WITHDRAWN]

    @property
    def overdue(self) -> int:
        return sum(1 for t in self.tasks if t.is_overdue(self.today))

    @property
    def average(self) -> Decimal:
        return average_progress(t.progress for t in self.active)


@dataclass(frozen=True)
class CellSummary:
    """A cell's figures; the names (who has not registered, whose tasks are late) only when
    ``names_shown``: a plain member sees their own cell's figures, not who is behind."""

    year: Year
    progress: CellProgress
    overdue: list[OverdueTask]
    unregistered: Unregistered
    collective: list[Task]
    names_shown: bool = True


@dataclass(frozen=True)
class OrganisationSummary:
    year: Year
    cells: list[CellProgress]
    total: CellProgress
    work_items: list[Task]  # the committee's own đầu việc
    study: StudyFigures | None = None  # the year's study participation against the targets


@dataclass(frozen=True)
class OrganisationOutline:
    """What a page of the committee's overview is chosen on, cheap at any size: every cell's
    id and name in order, and the committee's own work items (a few)."""

    year: Year
    cells: list[tuple[int, str]]
    work_items: list[Task]


class CellsChosen(Protocol):
    """The cells a page shows, and whether it is the first (the heading: the organisation's
    total and the study figures)."""

    @property
    def cells(self) -> Sequence[int]: ...
    @property
    def heading(self) -> bool: ...


Chosen = TypeVar("Chosen", bound=CellsChosen)


@dataclass(frozen=True)
class OrganisationPage(Generic[Chosen]):
    """One page of the committee's overview: only the chosen cells' figures are read."""

    outline: OrganisationOutline
    chosen: Chosen
    cells: list[CellProgress]  # the chosen cells, in order
    total: CellProgress | None = None  # with the heading
    study: StudyFigures | None = None  # with the heading


@dataclass(frozen=True)
class UnregisteredByCell:
    """Who has not registered, cell by cell (cells where everyone has are in ``complete``)."""

    year: Year
    total: CellProgress
    cells: list[Unregistered]
    complete: list[CellProgress]


@dataclass(frozen=True)
class UnregisteredOutline:
    """What a page of who has not registered is chosen on: every cell's registration figures
    (one pass over the members), and the longest a name of each cell can be written (the most
    UTF-8 bytes, escaped), so that how long a list of names is can be known unread."""

    year: Year
    total: CellProgress
    cells: list[CellProgress]
    longest_name: dict[int, int]

    @property
    def behind(self) -> list[CellProgress]:
        """The cells where somebody has not registered, in order."""
        return [c for c in self.cells if c.party.unregistered or c.non_party.unregistered]

    @property
    def complete(self) -> list[CellProgress]:
        return [c for c in self.cells if not (c.party.unregistered or c.non_party.unregistered)]


class CellsPicked(Protocol):
    """The cells whose names a page shows."""

    @property
    def cells(self) -> Sequence[int]: ...


Picked = TypeVar("Picked", bound=CellsPicked)


@dataclass(frozen=True)
class UnregisteredNames(Generic[Picked]):
    """One page of who has not registered: the names of the picked cells only."""

    outline: UnregisteredOutline
    picked: Picked
    cells: list[Unregistered]  # the picked cells, in order, names in the order of a list
