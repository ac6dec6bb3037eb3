"""Before a second series of the same kind for the same unit is made (two monthly cell
meetings for one cell is usually a slip), the planner is asked to confirm."""

from __future__ import annotations

from dataclasses import dataclass

from bot.domain.errors import UserError
from bot.domain.meetings import MeetingKind
from bot.domain.model import Unit, UnitKind
from bot.i18n import N_
from bot.services.meetings.ports import MeetingsUnitOfWork

SAME_SERIES = N_("A recurring series of this kind already exists for this unit.")


@dataclass(frozen=True)
class SimilarSeries:
    """An active series of the same kind for one of the units of the new one."""

    unit_name: str
    is_cell: bool
    kind: MeetingKind
    title: str
    trigger: dict[str, str]  # its rule, as CronTrigger fields


class SeriesExists(UserError):
    """The new series would repeat an existing one: ask before creating it."""

    def __init__(self, similar: list[SimilarSeries]) -> None:
        super().__init__(SAME_SERIES)
        self.similar = similar


async def similar_series(
    uow: MeetingsUnitOfWork, kind: MeetingKind, units: list[Unit]
) -> list[SimilarSeries]:
    """The active series of ``kind`` that already meet in one of ``units``, by unit."""
    by_id = {u.id: u for u in units}
    found = []
    for series in await uow.meetings.active_series():
        if series.kind is not kind:
            continue
        for unit_id in sorted(series.unit_ids & by_id.keys()):
            unit = by_id[unit_id]
            trigger = {k: str(v) for k, v in series.trigger.items()}
            found.append(
                SimilarSeries(unit.name, unit.kind is UnitKind.CELL, kind, series.title, trigger)
            )
    return found
