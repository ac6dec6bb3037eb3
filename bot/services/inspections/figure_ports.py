"""What the period report reads from storage, besides the programme itself."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from bot.domain.inspections.model import ItemKind, ItemState, Target, TargetKind

ItemRow = tuple[ItemKind, Target, int, ItemState, datetime | None, datetime | None, datetime | None]
ActionRow = tuple[datetime, datetime | None, datetime | None]


class InspectionFigureQueries(Protocol):
    async def year_items(self, year: int, unit_id: int | None) -> list[ItemRow]:
        """Kind, target, month, state, and when notified, concluded and closed."""
        ...

    async def year_actions(self, year: int, unit_id: int | None) -> list[ActionRow]:
        """Each remediation action's creation, done and verified times."""
        ...

    async def noted_targets(
        self, since: datetime, until: datetime
    ) -> set[tuple[TargetKind, int]]: ...
