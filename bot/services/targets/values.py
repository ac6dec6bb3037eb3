"""The value of each target on a day: an entered target's latest recorded value (the running
total as its owner writes it: "23 classes so far"), a computed one's share from what the bot
already knows — study participation (the meetings feature's figures, through their narrow
port), breakthrough tasks done of those registered, the cell meetings that met the attendance
quality bar (more than 85% present, no unexcused absence: :mod:`bot.domain.attendance`), and
the inspection programme's targets carried out against the organisation's size."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from bot.domain.attendance import Status, meeting_figures
from bot.domain.inspections.quotas import QuotaKind, tally
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
) -> dict[int, Value]:
    """Each target's value on ``as_of`` (its end), never later than ``now``."""
    until = min(now, end_of(as_of, zone))
    entered = [t.id for t in targets if not t.source.computed]
    latest = await uow.targets.latest(entered, until)
    found: dict[int, Value] = {}
    cache: dict[tuple[Source, int], Value] = {}
    for target in targets:
        if not target.source.computed:
            update = latest.get(target.id)
            found[target.id] = (None if update is None else update.value, None)
            continue
        key = (target.source, target.year)
        if key not in cache:
            cache[key] = await _computed(uow, target.source, target.year, until, zone)
        found[target.id] = cache[key]
    return found


async def _computed(
    uow: TargetsUnitOfWork, source: Source, year: int, until: datetime, zone: ZoneInfo
) -> Value:
    if source in (Source.STUDY_PARTY, Source.STUDY_NON_PARTY):
        figures = await year_study_figures(uow, year, until, zone)
        if figures.sessions == 0:
            return None, None
        share = figures.party if source is Source.STUDY_PARTY else figures.non_party
        return _share(share.attended, share.expected)
    if source is Source.TASKS_DONE:
        registered, done = await uow.targets.task_counts(year)
        return _share(done, registered)
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
