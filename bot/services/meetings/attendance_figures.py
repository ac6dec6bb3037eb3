"""Attendance over the year, as members see it: a member their own line, a cell secretary every
member of the cell (rate, absences in a row, months away, flagged at the alert thresholds), the
committee any cell. Who may see what is decided here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from bot.clock import Clock
from bot.domain.attendance import MemberYear, member_year
from bot.domain.errors import NotAllowed
from bot.domain.model import Channel, Identity, Unit, UnitKind
from bot.domain.permissions import may_see_cell, may_see_organisation, secretary_of
from bot.domain.text import cell_key, cell_sort_key, name_sort_key
from bot.i18n import N_
from bot.services.cell_names import unknown_cell
from bot.services.meetings.meeting_audience import audited
from bot.services.meetings.ports import MeetingsUnitOfWork
from bot.services.ports import Database

# Runs of absences and months away may begin last year: look back a year and a bit.
LOOK_BACK = timedelta(days=366)
REFUSED = N_("You can see the attendance of your own cell only.")


class FiguresView(StrEnum):
    MEMBER = "member"  # their own line
    CELL = "cell"  # a secretary: their cell's table
    ORGANISATION = "organisation"  # the committee and inspectors: pick a cell


@dataclass(frozen=True)
class CellYear:
    cell: Unit
    year: int
    rows: list[MemberYear]  # flagged first, then by name

    @property
    def flagged(self) -> int:
        return sum(1 for r in self.rows if r.flagged)


class AttendanceFiguresService:
    def __init__(self, db: Database[MeetingsUnitOfWork], clock: Clock, zone: ZoneInfo) -> None:
        self._db = db
        self._clock = clock
        self._zone = zone

    def view(self, actor: Identity) -> FiguresView:
        if may_see_organisation(actor):
            return FiguresView.ORGANISATION
        if secretary_of(actor):
            return FiguresView.CELL
        return FiguresView.MEMBER

    def default_cell(self, actor: Identity) -> int:
        """The cell a secretary means without naming one (their own for anyone else)."""
        cells = secretary_of(actor)
        return min(cells) if cells else actor.member.cell_id

    def _window(self) -> tuple[datetime, datetime, int]:
        now = self._clock.now()
        local = now.astimezone(self._zone)
        year_start = local.replace(month=1, day=1, hour=0, minute=0, second=0, microsecond=0)
        return year_start, now, local.year

    async def mine(self, actor: Identity) -> tuple[int, MemberYear]:
        """The asker's own line this year (and the year)."""
        year_start, now, year = self._window()
        async with self._db.read() as uow:
            history = await uow.attendance.history(actor.member.id, now - LOOK_BACK, now)
        member = actor.member
        return year, member_year(member.id, member.full_name, history, year_start)

    async def cell(self, actor: Identity, cell_id: int) -> CellYear:
        """A cell's table by its id (from a button): one ``actor`` may not see is refused and
        audited, as a forged button."""
        async with audited(self._db, self._clock, actor, "attendance_figures", cell_id=cell_id):
            return await self._cell(actor, cell_id)

    async def _cell(self, actor: Identity, cell_id: int) -> CellYear:
        if not may_see_cell(actor, cell_id):
            raise NotAllowed(REFUSED)
        year_start, now, year = self._window()
        async with self._db.read() as uow:
            cell = await uow.units.get(cell_id)
            if cell is None or cell.kind is not UnitKind.CELL:
                raise NotAllowed(REFUSED)
            members = await uow.members.in_cells(
                frozenset({cell_id}), unlinked_only=False, channel=Channel.TELEGRAM
            )
            histories = await uow.attendance.of_cell(cell_id, now - LOOK_BACK, now)
        rows = [
            member_year(m.id, m.full_name, histories.get(m.id, []), year_start) for m in members
        ]
        rows.sort(key=lambda r: (not r.flagged, name_sort_key(r.full_name)))
        return CellYear(cell, year, rows)

    async def cell_named(self, actor: Identity, name: str) -> CellYear:
        """A cell by (part of) its name, among those ``actor`` may see."""
        async with self._db.read() as uow:
            units = [u for u in await uow.units.all() if u.kind is UnitKind.CELL]
        wanted = cell_key(name)
        exact = [u for u in units if cell_key(u.name) == wanted]
        found = exact or [u for u in units if wanted and wanted in cell_key(u.name)]
        if len(found) != 1:
            raise unknown_cell(name, units)
        return await self._cell(actor, found[0].id)

    async def cells(self, actor: Identity) -> list[Unit]:
        """The cells to pick from: every cell for the committee, their own for a secretary."""
        async with self._db.read() as uow:
            units = [u for u in await uow.units.all() if u.kind is UnitKind.CELL]
        return sorted(
            (u for u in units if may_see_cell(actor, u.id)), key=lambda u: cell_sort_key(u.name)
        )
