"""A cell secretary's view of the tasks of their cell's members, to open and record on behalf."""

from __future__ import annotations

from dataclasses import dataclass

from bot.domain.errors import NotAllowed
from bot.domain.model import Identity
from bot.domain.permissions import secretary_of
from bot.domain.tasks import Task
from bot.domain.text import name_sort_key
from bot.i18n import N_
from bot.services.ports import Database
from bot.services.tasks.ports import TasksUnitOfWork


@dataclass(frozen=True)
class MemberTask:
    task: Task
    owner_name: str


class CellTaskService:
    def __init__(self, db: Database[TasksUnitOfWork]) -> None:
        self._db = db

    async def of_my_cells(self, actor: Identity) -> list[MemberTask]:
        """The current year's personal tasks of the active members of the cells ``actor`` is
        secretary of, member by member in the order of a list of people (the secretary's own
        included)."""
        cells = secretary_of(actor)
        if not cells:
            raise NotAllowed(N_("Only cell secretaries see their cell's tasks."))
        async with self._db.read() as uow:
            year = await uow.years.current()
            if year is None:
                return []
            members = await uow.members.in_cells(cells, unlinked_only=False)
            found = []
            # A cell has tens of members: one small indexed query each is cheap.
            for member in sorted(members, key=lambda m: name_sort_key(m.full_name)):
                for task in await uow.tasks.of_member(member.id, year.year):
                    found.append(MemberTask(task, member.full_name))
        return found
