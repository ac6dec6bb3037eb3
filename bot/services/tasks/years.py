"""The year's rules: theme, registration window, limits, approval, breakthrough areas.

A change that affects others is worked out first (``preview_year``, ``preview_areas``) so the
edges can show what it would do and ask; the change itself checks everything again. Reopening
registration for one member is in :mod:`bot.services.tasks.reopening`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date
from zoneinfo import ZoneInfo

from bot.clock import Clock
from bot.domain.errors import NotAllowed, UserError
from bot.domain.model import Identity
from bot.domain.permissions import may_manage_year
from bot.domain.tasks import MAX_THEME, Year
from bot.domain.text import normalise_name
from bot.domain.year_changes import AreaPlan, YearChange, clean_area_names, plan_areas
from bot.i18n import N_
from bot.services.ports import Database
from bot.services.tasks.ports import TasksUnitOfWork

# How many of a removed area's tasks are named when asking where they go.
EXAMPLES = 5


def _not_set_up() -> UserError:
    return UserError(N_("The committee has not set up this year's breakthrough tasks yet."))


class YearService:
    def __init__(self, db: Database[TasksUnitOfWork], clock: Clock, zone: ZoneInfo) -> None:
        self._db = db
        self._clock = clock
        self._zone = zone

    def today(self) -> date:
        return self._clock.now().astimezone(self._zone).date()

    async def current(self) -> Year | None:
        async with self._db.read() as uow:
            return await uow.years.current()

    @staticmethod
    def _checked(
        actor: Identity | None,
        *,
        year: int,
        theme: str,
        opens: date,
        closes: date,
        max_tasks: int,
        approval_required: bool,
    ) -> Year:
        """The new rules, if ``actor`` (None: the command line) may set them and they hold."""
        if actor is not None and not may_manage_year(actor):
            raise NotAllowed(N_("Only the committee sets up the year."))
        theme = normalise_name(theme)
        if not theme:
            raise UserError(N_("The year needs a theme."))
        if opens > closes:
            raise UserError(N_("Registration must open before it closes."))
        if not 1 <= max_tasks <= 50:
            raise UserError(N_("The maximum number of tasks must be between 1 and 50."))
        if len(theme) > MAX_THEME:
            raise UserError(
                N_("The theme is too long ({length} characters; at most {max})."),
                length=len(theme),
                max=MAX_THEME,
            )
        return Year(year, theme, opens, closes, max_tasks, approval_required)

    async def preview_year(
        self,
        actor: Identity | None,
        *,
        year: int,
        theme: str,
        opens: date,
        closes: date,
        max_tasks: int = 5,
        approval_required: bool = True,
    ) -> YearChange:
        """What the new rules would do: shut registration today, switch the current year,
        leave members with more tasks than the new limit. Nothing is changed."""
        after = self._checked(
            actor,
            year=year,
            theme=theme,
            opens=opens,
            closes=closes,
            max_tasks=max_tasks,
            approval_required=approval_required,
        )
        async with self._db.read() as uow:
            before = await uow.years.current()
            over = await uow.years.over_limit(year, max_tasks)
            stored = await uow.years.get(year)
        areas = () if stored is None else stored.areas  # kept as they are
        return YearChange(before, replace(after, areas=areas), self.today(), tuple(over))

    async def set_year(
        self,
        actor: Identity | None,
        *,
        year: int,
        theme: str,
        opens: date,
        closes: date,
        max_tasks: int = 5,
        approval_required: bool = True,
        areas: Sequence[str] | None = None,
        moves: Mapping[int, int] | None = None,
    ) -> Year:
        """Create or change a year and make it current. ``actor`` None: the command line.
        ``areas`` (None keeps them) follow :meth:`set_areas`'s rules: an area that tasks
        carry is removed only with ``moves`` saying where its tasks go."""
        rules = self._checked(
            actor,
            year=year,
            theme=theme,
            opens=opens,
            closes=closes,
            max_tasks=max_tasks,
            approval_required=approval_required,
        )
        names = None if areas is None else clean_area_names(areas)
        now = self._clock.now()
        async with self._db.write() as uow:
            await uow.years.save(rules, at=now)
            plan = None
            if names is not None:
                plan = await self._plan(uow, year, names)
                plan.check_moves(moves or {})
                await uow.years.apply_areas(plan, moves or {})
            await uow.audit.record(
                "year_set",
                at=now,
                actor_member_id=None if actor is None else actor.member.id,
                detail={
                    "year": year,
                    "theme": rules.theme,
                    "opens": opens.isoformat(),
                    "closes": closes.isoformat(),
                    "max_tasks": max_tasks,
                    "approval": approval_required,
                    "areas": names,
                    **({} if plan is None else _area_detail(plan, moves or {})),
                },
            )
            saved = await uow.years.current()
        assert saved is not None
        return saved

    async def preview_areas(
        self, actor: Identity | None, names: Sequence[str], year: int | None = None
    ) -> AreaPlan:
        """What setting the areas of ``year`` (default: the current one) to ``names`` would
        do: which are kept, renamed, added and removed, and the tasks each carries."""
        if actor is not None and not may_manage_year(actor):
            raise NotAllowed(N_("Only the committee sets up the year."))
        cleaned = clean_area_names(names)
        async with self._db.read() as uow:
            if year is None:
                current = await uow.years.current()
                if current is None:
                    raise _not_set_up()
                year = current.year
            return await self._plan(uow, year, cleaned)

    async def set_areas(
        self, actor: Identity, names: Sequence[str], moves: Mapping[int, int] | None = None
    ) -> Year:
        """Replace the current year's breakthrough areas, keeping its other rules. The same
        name keeps its area, a new name in an old one's place renames it, and the tasks of an
        area that goes move to the new list's position ``moves`` gives for it."""
        if not may_manage_year(actor):
            raise NotAllowed(N_("Only the committee sets up the year."))
        year = await self.current()
        if year is None:
            raise _not_set_up()
        return await self.set_year(
            actor,
            year=year.year,
            theme=year.theme,
            opens=year.opens,
            closes=year.closes,
            max_tasks=year.max_tasks,
            approval_required=year.approval_required,
            areas=names,
            moves=moves,
        )

    @staticmethod
    async def _plan(uow: TasksUnitOfWork, year: int, names: list[str]) -> AreaPlan:
        stored = await uow.years.stored_areas(year)
        examples = {
            s.area.id: await uow.years.area_tasks(s.area.id, EXAMPLES) for s in stored if s.tasks
        }
        return plan_areas(year, stored, names, examples)


def _area_detail(plan: AreaPlan, moves: Mapping[int, int]) -> dict[str, object]:
    """For the audit log: what became of the areas that were renamed or removed."""
    return {
        "renamed": {s.old_name: s.name for s in plan.slots if s.renamed},
        "removed": {
            r.area.name: plan.slots[moves[r.area.id]].name if r.area.id in moves else None
            for r in plan.removed
        },
    }
