"""What the inspections feature needs from storage: the organisation (units, members, roles)
and, for the members of concern, their overdue tasks and unexcused absences as counts."""

from __future__ import annotations

from datetime import date, datetime
from typing import Protocol

from bot.services.ports import RoleRepository, UnitOfWork


class ConcernQueries(Protocol):
    async def overdue_tasks(self, year: int, today: date) -> dict[int, int]:
        """Per member: their open tasks of ``year`` past the deadline on ``today``."""
        ...

    async def unexcused_absences(self, since: datetime, until: datetime) -> dict[int, int]:
        """Per member: unexcused absences from the meetings held in ``[since, until)``."""
        ...


class InspectionsUnitOfWork(UnitOfWork, Protocol):
    """The programme's planner input: who is where, in what role, and who gives concern."""

    @property
    def roles(self) -> RoleRepository: ...
    @property
    def concerns(self) -> ConcernQueries: ...
