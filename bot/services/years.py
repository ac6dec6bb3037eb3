"""The year's rules: theme, registration window, limits, approval, breakthrough areas."""

from __future__ import annotations

from datetime import date

from bot.clock import Clock
from bot.domain.errors import NotAllowed, NotFound, UserError
from bot.domain.model import Identity, Member
from bot.domain.permissions import may_manage_year
from bot.domain.tasks import MAX_AREA, MAX_AREAS, MAX_THEME, Year
from bot.domain.text import normalise_name
from bot.i18n import N_
from bot.services.member_lookup import find_member
from bot.services.ports import Database, UnitOfWork


class YearService:
    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock

    async def current(self) -> Year | None:
        async with self._db.read() as uow:
            return await uow.years.current()

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
        areas: list[str] | None = None,
    ) -> Year:
        """Create or change a year and make it current. ``actor`` None: the command line."""
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
        names = None if areas is None else [n for n in (normalise_name(a) for a in areas) if n]
        _check_areas(names or [])
        now = self._clock.now()
        async with self._db.write() as uow:
            await uow.years.save(
                Year(year, theme, opens, closes, max_tasks, approval_required),
                at=now,
                area_names=names,
            )
            await uow.audit.record(
                "year_set",
                at=now,
                actor_member_id=None if actor is None else actor.member.id,
                detail={
                    "year": year,
                    "theme": theme,
                    "opens": opens.isoformat(),
                    "closes": closes.isoformat(),
                    "max_tasks": max_tasks,
                    "approval": approval_required,
                    "areas": names,
                },
            )
            saved = await uow.years.current()
        assert saved is not None
        return saved

    async def set_areas(self, actor: Identity, areas: list[str]) -> Year:
        """Replace the current year's breakthrough areas, keeping its other rules."""
        if not may_manage_year(actor):
            raise NotAllowed(N_("Only the committee sets up the year."))
        year = await self.current()
        if year is None:
            raise UserError(N_("The committee has not set up this year's breakthrough tasks yet."))
        return await self.set_year(
            actor,
            year=year.year,
            theme=year.theme,
            opens=year.opens,
            closes=year.closes,
            max_tasks=year.max_tasks,
            approval_required=year.approval_required,
            areas=areas,
        )

    async def reopen_for(self, actor: Identity | None, member_id: int, until: date) -> Year:
        """Let one member register after the window closed, until ``until``."""
        if actor is not None and not may_manage_year(actor):
            raise NotAllowed(N_("Only the committee can reopen registration."))
        async with self._db.write() as uow:
            member = await uow.members.get(member_id)
            if member is None:
                raise NotFound(N_("There is no such member."))
            return await self._reopen(uow, actor, member, until)

    async def reopen_named(self, actor: Identity, who: str, until: date) -> tuple[Year, Member]:
        """The same, for the member whose code or name the committee typed in the chat."""
        if not may_manage_year(actor):
            raise NotAllowed(N_("Only the committee can reopen registration."))
        async with self._db.write() as uow:
            member = await find_member(uow, who)
            return await self._reopen(uow, actor, member, until), member

    async def _reopen(
        self, uow: UnitOfWork, actor: Identity | None, member: Member, until: date
    ) -> Year:
        now = self._clock.now()
        year = await uow.years.current()
        if year is None:
            raise UserError(N_("The committee has not set up this year's breakthrough tasks yet."))
        await uow.years.reopen(
            year.year, member.id, until, None if actor is None else actor.member.id, now
        )
        await uow.audit.record(
            "registration_reopened",
            at=now,
            subject_member_id=member.id,
            actor_member_id=None if actor is None else actor.member.id,
            detail={"year": year.year, "until": until.isoformat()},
        )
        return year


def _check_areas(names: list[str]) -> None:
    if len(names) > MAX_AREAS:
        raise UserError(N_("A year has at most {max} breakthrough areas."), max=MAX_AREAS)
    seen: set[str] = set()
    for name in names:
        if len(name) > MAX_AREA:
            raise UserError(
                N_("The name of an area is too long ({length} characters; at most {max})."),
                length=len(name),
                max=MAX_AREA,
            )
        if name.casefold() in seen:
            raise UserError(N_("The area «{name}» is written twice."), name=name)
        seen.add(name.casefold())
