"""The period report's figures for one reader: the committee, the inspection commission and
the operator get the whole organisation (or one cell, from the command line), a cell secretary
their cell; anyone else is refused politely. A few aggregate queries in one read; nothing here
formats (the sections do)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from bot.clock import Clock
from bot.domain.errors import NotAllowed, UserError
from bot.domain.model import Identity, Unit, UnitKind
from bot.domain.period_report import spans
from bot.domain.period_report.access import may_read_period_report, reads_whole_organisation
from bot.domain.period_report.figures import (
    AreaTasks,
    BroadcastFigures,
    MeetingHeld,
    MeetingSection,
    MemberCounts,
    meeting_section,
)
from bot.domain.period_report.spans import ReportSpan, SpanError, SpanRequest
from bot.domain.permissions import secretary_of
from bot.domain.ratings.distribution import Distribution
from bot.domain.ratings.levels import RatingRules
from bot.domain.reports import CellProgress
from bot.domain.study_figures import StudyFigures, cells_under, study_figures
from bot.domain.text import cell_key
from bot.i18n import N_
from bot.services.cell_names import unknown_cell
from bot.services.inspections.period_report import PeriodReport as InspectionReport
from bot.services.inspections.period_report import PeriodReportService as InspectionReports
from bot.services.period_report.ports import PeriodReportUnitOfWork
from bot.services.ports import Database

NOT_ALLOWED = N_(
    "The period report is for the committee, the inspection commission and cell secretaries "
    "(their cell's). Ask your cell secretary for the figures."
)
REFUSED_EVENT = "period_report_refused"
NO_ORGANISATION = N_('The organisation does not exist yet: run "butpha init" first.')
EXAMPLES = N_(
    "For example: /baocao 6thang 2020, /baocao q1, /baocao thang3, /baocao nam, /baocao "
    "01/01/2020-30/06/2020, or add a cut-off date: /baocao 6thang den 15/06/2020."
)
SPAN_ERRORS = {
    spans.NOT_UNDERSTOOD: N_(
        "I did not understand the period «{words}». Give a month (thang3), q1, 6thang, 9thang, "
        "nam (the year) or two dates."
    ),
    spans.BAD_DATE: N_("«{words}» has a date that does not exist; write dates as 30/06/2020."),
    spans.ENDS_BEFORE_START: N_("The period «{words}» ends before it begins."),
    spans.TOO_LONG: N_("The period «{words}» is longer than three years."),
    spans.CUT_OFF_BEFORE_START: N_("The cut-off date in «{words}» comes before the period."),
    spans.BAD_YEAR: N_("«{words}» names a year the report cannot cover (2000–2100)."),
}


@dataclass(frozen=True)
class PeriodReportData:
    """Every section's figures; a section whose data does not exist is None (or empty)."""

    name: str  # the organisation's, or the cell's
    is_cell: bool
    span: ReportSpan
    today: date
    cells: dict[int, str]  # id → name, in the organisation's order
    members: dict[int, MemberCounts]
    meetings: MeetingSection | None = None
    study: StudyFigures | None = None
    tasks: list[CellProgress] = field(default_factory=list)
    areas: list[AreaTasks] = field(default_factory=list)
    broadcasts: BroadcastFigures | None = None
    inspections: InspectionReport | None = None
    # The year's targets (the targets feature's TargetLine), when it is plugged in.
    targets: list[Any] = field(default_factory=list)
    # Party dues over the span's months (the dues feature's PeriodFigures), where owed.
    dues: Any = None
    # The year's rating, where published by the cut-off (issue 14), and the rules it is read by.
    ratings: Distribution | None = None
    rating_rules: RatingRules | None = None

    @property
    def member_total(self) -> MemberCounts:
        return sum(self.members.values(), MemberCounts())


class TargetLines(Protocol):
    """The year's targets as lines (the targets feature's ``TargetService.lines``): the one
    thing the report reads of them, once the container hands it over."""

    async def lines(
        self, actor: Identity | None, year: int, as_of: date, unit_id: int | None = None
    ) -> list[Any]: ...


class DuesFigures(Protocol):
    """Party dues over months of a year (the dues feature's ``period_figures``): the one
    thing the report reads of them, handed over by the container."""

    async def period_figures(
        self, cell_id: int | None, year: int, first_month: int, last_month: int
    ) -> Any: ...


class RatingFigures(Protocol):
    """The year's published rating as counts per level (the ratings feature's
    ``CommitteeRatingService.figures``) and the rules it is read against: handed over by the
    container."""

    rules: RatingRules

    async def figures(
        self, year: int, cell_id: int | None = None, published_by: datetime | None = None
    ) -> Distribution | None: ...


class PeriodReportService:
    def __init__(
        self,
        db: Database[PeriodReportUnitOfWork],
        clock: Clock,
        zone: ZoneInfo,
        inspections: InspectionReports,
        cut_off_day: int = 0,
        targets: TargetLines | None = None,
        dues: DuesFigures | None = None,
        ratings: RatingFigures | None = None,
    ) -> None:
        self._db = db
        self._clock = clock
        self._zone = zone
        self._inspections = inspections
        self._cut_off_day = cut_off_day
        self._targets = targets
        self._dues = dues
        self._ratings = ratings

    def today(self) -> date:
        return self._clock.now().astimezone(self._zone).date()

    def span(self, words: list[str], request: SpanRequest | None = None) -> ReportSpan:
        """The span the words (or ``request``) ask for, as of its cut-off; a polite
        :class:`UserError` with examples for words it cannot read."""
        today = self.today()
        try:
            return spans.resolve(
                request or spans.parse_words(words, today), today, self._cut_off_day
            )
        except SpanError as error:
            raise UserError(SPAN_ERRORS[error.reason], words=" ".join(words)) from None

    async def check_reader(self, actor: Identity, *, pressed: bool = False) -> None:
        """Refuse anyone the report is not for, before any work; a press of a page button
        by such a member (a forged button: they were never shown one) is audited."""
        if may_read_period_report(actor):
            return
        if pressed:
            async with self._db.write() as uow:
                await uow.audit.record(
                    REFUSED_EVENT, at=self._clock.now(), actor_member_id=actor.member.id
                )
        raise NotAllowed(NOT_ALLOWED)

    async def collect(
        self, actor: Identity | None, span: ReportSpan, cell_name: str | None = None
    ) -> PeriodReportData:
        """``actor`` None is the operator (the command line), who may name a cell."""
        since = datetime.combine(span.first, time(), self._zone)
        until = datetime.combine(span.until + timedelta(days=1), time(), self._zone)
        async with self._db.read() as uow:
            root = await uow.units.root()
            if root is None:
                raise UserError(NO_ORGANISATION)
            units = await uow.units.all()
            cell_id = self._cell_of(actor, cell_name, units)
            cells = {
                u.id: u.name
                for u in units
                if u.kind is UnitKind.CELL and (cell_id is None or u.id == cell_id)
            }
            figures = uow.period_figures
            members = await figures.member_counts(since, until, cell_id)
            held_rows = await figures.meetings_held(since, until)
            recorded = await figures.recorded(since, until) if held_rows else {}
            attention = await figures.attention(since, until) if held_rows else {}
            headcounts = await uow.attendance.headcounts()
            study = None
            sessions = await uow.attendance.study_sessions(since, until)
            heads = headcounts
            if cell_id is not None:
                # A cell's: the sessions it was invited to, its own members expected and counted.
                reach = cells_under(units)
                sessions = [
                    s for s in sessions if any(cell_id in reach.get(u, ()) for u in s.unit_ids)
                ]
                heads = {c: h for c, h in headcounts.items() if c == cell_id}
            if sessions:
                attended = await uow.attendance.study_attended(since, until, cell_id)
                study = study_figures(sessions, units, heads, attended.party, attended.non_party)
            tasks = await uow.progress.cells(span.year, span.until, cell_id)
            areas = await figures.tasks_by_area(span.year, span.until, cell_id)
            broadcasts = await figures.broadcasts(since, until, cell_id)
        under = cells_under(units)
        held = [
            MeetingHeld(
                meeting_id,
                thematic,
                starts.astimezone(self._zone).date(),
                attendees,
                frozenset().union(*(under.get(u, frozenset()) for u in unit_ids)),
                recorded.get(meeting_id, {}),
            )
            for meeting_id, thematic, starts, attendees, unit_ids in held_rows
        ]
        cell = units_name(units, cell_id)
        targets = (
            []
            if self._targets is None
            else await self._targets.lines(actor, span.year, span.until, cell_id)
        )
        dues = None
        if self._dues is not None and span.first.year == span.until.year:
            figures = await self._dues.period_figures(
                cell_id, span.year, span.first.month, span.until.month
            )
            dues = figures if figures.owed else None
        ratings = None
        if self._ratings is not None:
            ratings = await self._ratings.figures(span.year, cell_id, published_by=until)
        return PeriodReportData(
            name=root.name if cell_id is None else cell,
            is_cell=cell_id is not None,
            span=span,
            today=self.today(),
            cells=cells,
            members={c: members.get(c, MemberCounts()) for c in cells},
            meetings=(meeting_section(span, cells, held, headcounts, attention) if held else None),
            study=study,
            tasks=tasks if any(c.tasks or c.registered for c in tasks) else [],
            areas=areas,
            broadcasts=broadcasts if broadcasts.sent else None,
            inspections=await self._inspection_figures(actor, span, cell_name),
            targets=targets,
            dues=dues,
            ratings=ratings,
            rating_rules=None if self._ratings is None else self._ratings.rules,
        )

    def _cell_of(
        self, actor: Identity | None, cell_name: str | None, units: list[Unit]
    ) -> int | None:
        """None for the whole organisation; a cell's id for its secretary (or the operator
        naming one)."""
        if actor is None or reads_whole_organisation(actor):
            if not cell_name:
                return None
            key = cell_key(cell_name)
            for unit in units:
                if unit.kind is UnitKind.CELL and cell_key(unit.name) == key:
                    return unit.id
            raise unknown_cell(cell_name, units)
        cells = sorted(secretary_of(actor))
        if not cells:
            raise NotAllowed(NOT_ALLOWED)
        return cells[0]

    async def _inspection_figures(
        self, actor: Identity | None, span: ReportSpan, cell_name: str | None
    ) -> InspectionReport | None:
        """Issue 12's period report, for the periods it knows; none where it has no figures
        for this reader (a cell without a programme of its own)."""
        if span.period is None or (actor is None and cell_name):
            return None
        try:
            return await self._inspections.report(actor, span.period, span.year, span.last.month)
        except UserError:
            return None


def units_name(units: list[Unit], unit_id: int | None) -> str:
    return next((u.name for u in units if u.id == unit_id), "")
