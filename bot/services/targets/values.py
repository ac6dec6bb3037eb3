"""The value of each target on a day: an entered target's latest recorded value (the running
total as its owner writes it: "23 classes so far"), a computed one's share from what the bot
already knows — study participation (the meetings feature's figures, through their narrow
port), breakthrough tasks done of those registered, the cell meetings that met the attendance
quality bar (more than 85% present, no unexcused absence: :mod:`bot.domain.attendance`), the
inspection programme's targets carried out against the organisation's size, and the year's
rating once published (issue 14: rated good or better, or excellent, of those rated).

Tasks done and the rating are counted for the target's cell where a cell owns it (``cells``),
else for the whole organisation; tasks as of the cut-off. Admissions are not computed: the bot
keeps no admission data, so such a target stays an entered value."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from bot.domain.attendance import Status, meeting_figures
from bot.domain.inspections.quotas import QuotaKind, tally
from bot.domain.ratings.distribution import Distribution
from bot.domain.ratings.records import published_in_time
from bot.domain.targets.lines import Share
from bot.domain.targets.model import Source, Target
from bot.services.meetings.study_figures import year_study_figures
from bot.services.targets.ports import TargetsUnitOfWork

Value = tuple[Decimal | None, Share | None]

_QUOTAS = {
    Source.CELLS_INSPECTED: QuotaKind.CELLS_INSPECTED,
    Source.MEMBERS_INSPECTED: QuotaKind.MEMBERS_INSPECTED,
    Source.CELLS_SUPERVISED: QuotaKind.CELLS_SUPERVISED,
}

# The sources counted for the owning cell alone where a cell owns the target.
_PER_CELL = frozenset({Source.TASKS_DONE, Source.RATING_GOOD_OR_BETTER, Source.RATING_EXCELLENT})


def end_of(day: date, zone: ZoneInfo) -> datetime:
    return datetime.combine(day + timedelta(days=1), time(0), zone)


def _share(part: int, whole: int) -> Value:
    if whole <= 0:
        return None, None
    # Exact (to Decimal's precision): ">97%" compares the share, not its rounded figure.
    return Decimal(part) * 100 / Decimal(whole), Share(part, whole)


async def values(
    uow: TargetsUnitOfWork,
    targets: Sequence[Target],
    as_of: date,
    now: datetime,
    zone: ZoneInfo,
    cells: Mapping[int, int | None] | None = None,
) -> dict[int, Value]:
    """Each target's value on ``as_of`` (its end), never later than ``now``; ``cells``: the
    cell that owns a target (by its id), whose own figures the per-cell sources read."""
    until = min(now, end_of(as_of, zone))
    entered = [t.id for t in targets if not t.source.computed]
    latest = await uow.targets.latest(entered, until)
    found: dict[int, Value] = {}
    cache: dict[tuple[Source, int, int | None], Value] = {}
    for target in targets:
        if not target.source.computed:
            update = latest.get(target.id)
            found[target.id] = (None if update is None else update.value, None)
            continue
        cell = (cells or {}).get(target.id) if target.source in _PER_CELL else None
        key = (target.source, target.year, cell)
        if key not in cache:
            cache[key] = await _computed(uow, target.source, target.year, until, zone, cell)
        found[target.id] = cache[key]
    return found


async def _computed(
    uow: TargetsUnitOfWork,
    source: Source,
    year: int,
    until: datetime,
    zone: ZoneInfo,
    cell_id: int | None,
) -> Value:
    if source in (Source.STUDY_PARTY, Source.STUDY_NON_PARTY):
        figures = await year_study_figures(uow, year, until, zone)
        if figures.sessions == 0:
            return None, None
        share = figures.party if source is Source.STUDY_PARTY else figures.non_party
        return _share(share.attended, share.expected)
    if source is Source.TASKS_DONE:
        registered, done = await uow.targets.task_counts(year, until, cell_id)
        return _share(done, registered)
    if source in (Source.RATING_GOOD_OR_BETTER, Source.RATING_EXCELLENT):
        cycle = await uow.ratings.cycle_for(year, None)
        if cycle is None or not published_in_time(cycle, until):
            return None, None
        rated = Distribution.of_counts(await uow.ratings.level_counts(cycle.id), cell_id)
        if source is Source.RATING_EXCELLENT:
            return _share(rated.excellent, rated.rated)
        return _share(rated.good_or_better, rated.rated)
    if source is Source.MEETINGS_AT_BAR:
        meetings = await uow.targets.cell_meeting_attendance(
            datetime(year, 1, 1, tzinfo=zone), until
        )
        held = [
            meeting_figures(recorded, [Status.ATTENDED] * attended + [Status.UNEXCUSED] * absent)
            for recorded, attended, absent in meetings
        ]
        return _share(sum(f.meets_bar for f in held), len(held))
    quota = _QUOTAS[source]
    counts = tally(await uow.targets.inspected(year, until))
    populations = await uow.concerns.populations()
    return _share(counts[quota], populations.of(quota))
