"""The year's targets (chỉ tiêu): set by the committee, seen by whom they concern, their
entered values recorded by their owners with a note or evidence, and each one's line as the
report writes it (:meth:`TargetService.lines`, which the period report reads too).

Authorisation is here, by role and unit (:mod:`bot.domain.targets.access`); an id one may not
see or record — a forged button — is refused and the attempt audited."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TypeVar
from zoneinfo import ZoneInfo

from bot.clock import Clock
from bot.domain.errors import NotAllowed, NotFound, UserError
from bot.domain.model import Channel, Identity, UnitKind
from bot.domain.targets import access
from bot.domain.targets.grammar import parse_line
from bot.domain.targets.lines import TargetLine, evaluate
from bot.domain.targets.model import Owner, Target, TargetDraft, Update, accrues_by_default
from bot.domain.text import cell_key
from bot.i18n import N_
from bot.services.cell_names import unknown_cell
from bot.services.member_lookup import match_member
from bot.services.ports import Database
from bot.services.targets.ports import TargetsUnitOfWork
from bot.services.targets.target_input import PROBLEMS, LineProblems, read_value
from bot.services.targets.target_owners import Organisation
from bot.services.targets.values import Value, values

T = TypeVar("T")

NO_ORGANISATION = N_('The organisation does not exist yet: run "butpha init" first.')
NOT_SEEN = N_("Target №{number} is not one of yours to see.")
NO_TARGET = N_("There is no target №{number}.")
NO_EVIDENCE = N_("That value has no evidence file.")
NOT_YOURS = N_(
    "Only its owner (the member, or the owning cell's secretary) or the committee records the "
    "value of target №{number}."
)
COMPUTED = N_("Target №{number} is computed by the bot from what it knows: nothing to record.")
NOT_SETTER = N_("The year's targets are set by the committee.")
NOTE_LONG = N_("The note is too long: {limit} characters at most.")
DUPLICATE = N_("{year} already has a target «{title}» (№{number}).")
BAD_YEAR = N_("{year} is not a year targets can be set for ({first}–{last}).")
NOTE_LIMIT = 1000
HISTORY_SHOWN = 10  # the latest values on a card; the export has every one
FIRST_YEAR, LAST_YEAR = 2000, 2100


@dataclass(frozen=True)
class TargetView:
    target: Target
    line: TargetLine
    owner_name: str
    may_record: bool


@dataclass(frozen=True)
class TargetCard:
    view: TargetView
    history: tuple[Update, ...]  # newest first


class TargetRefused(NotAllowed):
    def __init__(self, target_id: int, message: str, /, **params: object) -> None:
        super().__init__(message, **params)
        self.target_id = target_id


class TargetService:
    def __init__(
        self, db: Database[TargetsUnitOfWork], clock: Clock, zone: ZoneInfo, decimals: int = 2
    ) -> None:
        self._db = db
        self._clock = clock
        self._zone = zone
        self.decimals = decimals

    def today(self) -> date:
        return self._clock.now().astimezone(self._zone).date()

    async def _organisation(self, uow: TargetsUnitOfWork) -> Organisation:
        root = await uow.units.root()
        if root is None:
            raise UserError(NO_ORGANISATION)
        units = {u.id: u for u in await uow.units.all()}
        members = {m.id: m for m in await uow.members.all()}
        return Organisation(root, units, members)

    async def _guarded(self, actor: Identity | None, work: Callable[[], Awaitable[T]]) -> T:
        """``work``; a refusal about one target is audited in a transaction of its own."""
        try:
            return await work()
        except TargetRefused as refused:
            async with self._db.write() as uow:
                await uow.audit.record(
                    "target_access_refused",
                    at=self._clock.now(),
                    actor_member_id=None if actor is None else actor.member.id,
                    detail={"target_id": refused.target_id, "message": refused.message},
                )
            raise

    # --- reading -------------------------------------------------------------------------

    async def lines(
        self, actor: Identity | None, year: int, as_of: date, unit_id: int | None = None
    ) -> list[TargetLine]:
        """Every target of ``year`` ``actor`` may see (None: the operator, everything), or those
        owned by ``unit_id`` (or one of its members), with its value on ``as_of``."""
        views = await self._views(actor, year, as_of, unit_id)
        return [view.line for view in views]

    async def overview(
        self, actor: Identity | None, year: int | None = None, as_of: date | None = None
    ) -> list[TargetView]:
        """What ``/chitieu`` lists: the targets of ``year`` (this year) ``actor`` may see."""
        today = self.today()
        return await self._views(actor, year or today.year, as_of or today, None)

    async def _views(
        self, actor: Identity | None, year: int, as_of: date, unit_id: int | None
    ) -> list[TargetView]:
        async with self._db.read() as uow:
            org = await self._organisation(uow)
            targets = [
                t
                for t in await uow.targets.of_year(year)
                if actor is None
                or access.may_see(actor, t.owner, org.root.id, org.owner_cell(t.owner))
            ]
            if unit_id is not None:
                targets = [
                    t
                    for t in targets
                    if org.owner_cell(t.owner) == unit_id
                    or (unit_id == org.root.id and access.is_organisations(t.owner, unit_id))
                ]
            found = await values(
                uow, targets, as_of, self._clock.now(), self._zone, org.cells(targets)
            )
        return [self._view(actor, org, t, found[t.id], as_of) for t in targets]

    def _view(
        self,
        actor: Identity | None,
        org: Organisation,
        target: Target,
        value: Value,
        as_of: date,
    ) -> TargetView:
        actual, share = value
        line = evaluate(target, actual, as_of, decimals=self.decimals_of(target), share=share)
        may = not target.source.computed and (
            actor is None or access.may_record(actor, target.owner, org.owner_cell(target.owner))
        )
        return TargetView(target, line, org.owner_name(target.owner), may)

    async def card(self, actor: Identity | None, target_id: int) -> TargetCard:
        """A target's card: its line and the history of its values (a forged id audited)."""

        async def work() -> TargetCard:
            async with self._db.read() as uow:
                org = await self._organisation(uow)
                target = await self._visible(uow, org, actor, target_id)
                found = await values(
                    uow, [target], self.today(), self._clock.now(), self._zone, org.cells([target])
                )
                history = await uow.targets.updates(target.id, limit=HISTORY_SHOWN)
            view = self._view(actor, org, target, found[target.id], self.today())
            return TargetCard(view, tuple(history))

        return await self._guarded(actor, work)

    async def evidence(self, actor: Identity | None, update_id: int) -> Update:
        """A recorded value with its evidence file, for whoever may see its target (a forged
        id audited)."""

        async def work() -> Update:
            async with self._db.read() as uow:
                org = await self._organisation(uow)
                update = await uow.targets.update(update_id)
                if update is None or update.file_id is None:
                    raise NotFound(NO_EVIDENCE)
                await self._visible(uow, org, actor, update.target_id)
            return update

        return await self._guarded(actor, work)

    async def recordable(self, actor: Identity, target_id: int) -> TargetView:
        """The target whose value ``actor`` is about to record; refused (and audited) if they
        may not."""
        card = await self.card(actor, target_id)
        self._check_record(actor, card.view)
        return card.view

    def _check_record(self, actor: Identity, view: TargetView) -> None:
        number_ = str(view.target.id)
        if view.target.source.computed:
            raise UserError(COMPUTED, number=number_)
        if not view.may_record:
            raise TargetRefused(view.target.id, NOT_YOURS, number=number_)

    async def _visible(
        self, uow: TargetsUnitOfWork, org: Organisation, actor: Identity | None, target_id: int
    ) -> Target:
        target = await uow.targets.get(target_id)
        if target is None:
            raise NotFound(NO_TARGET, number=str(target_id))
        if actor is not None and not access.may_see(
            actor, target.owner, org.root.id, org.owner_cell(target.owner)
        ):
            raise TargetRefused(target_id, NOT_SEEN, number=str(target_id))
        return target

    # --- recording a value ---------------------------------------------------------------

    async def record(
        self,
        actor: Identity | None,
        target_id: int,
        value: str | Decimal,
        *,
        note: str | None = None,
        file_id: str | None = None,
        file_kind: str | None = None,
        channel: Channel = Channel.TELEGRAM,
    ) -> TargetCard:
        """Records ``value`` (the running total: "23" classes so far) for an entered target."""
        amount = value if isinstance(value, Decimal) else read_value(value)
        note = " ".join((note or "").split()) or None
        if note is not None and len(note) > NOTE_LIMIT:
            raise UserError(NOTE_LONG, limit=str(NOTE_LIMIT))

        async def work() -> None:
            async with self._db.write() as uow:
                org = await self._organisation(uow)
                target = await self._visible(uow, org, actor, target_id)
                if target.source.computed:
                    raise UserError(COMPUTED, number=str(target_id))
                if actor is not None and not access.may_record(
                    actor, target.owner, org.owner_cell(target.owner)
                ):
                    raise TargetRefused(target_id, NOT_YOURS, number=str(target_id))
                await uow.targets.record(
                    target_id,
                    self._clock.now(),
                    None if actor is None else actor.member.id,
                    amount,
                    note,
                    file_id,
                    file_kind,
                )
                await uow.audit.record(
                    "target_value_recorded",
                    at=self._clock.now(),
                    actor_member_id=None if actor is None else actor.member.id,
                    actor_channel=channel,
                    detail={"target_id": target_id, "value": str(amount)},
                )

        await self._guarded(actor, work)
        return await self.card(actor, target_id)

    # --- setting targets -----------------------------------------------------------------

    async def add(
        self, actor: Identity | None, draft: TargetDraft, year: int | None = None
    ) -> Target:
        year = year or self.today().year
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise UserError(BAD_YEAR, year=str(year), first=str(FIRST_YEAR), last=str(LAST_YEAR))
        if actor is not None and not access.may_set_targets(actor):
            raise NotAllowed(NOT_SETTER)
        async with self._db.write() as uow:
            for existing in await uow.targets.of_year(year):
                if existing.title.casefold() == draft.title.casefold():
                    raise UserError(
                        DUPLICATE, year=str(year), title=draft.title, number=str(existing.id)
                    )
            target_id = await uow.targets.add(
                year, draft, self._clock.now(), None if actor is None else actor.member.id
            )
            target = await uow.targets.get(target_id)
        assert target is not None
        return target

    def decimals_of(self, target: Target) -> int:
        """The target's own number of decimals, else the setting's."""
        return self.decimals if target.decimals is None else target.decimals

    async def add_line(self, actor: Identity | None, text: str, year: int | None = None) -> Target:
        """A target from one line (:mod:`bot.domain.targets.grammar`); what cannot be read is
        said field by field."""
        if actor is not None and not access.may_set_targets(actor):
            raise NotAllowed(NOT_SETTER)
        draft = await self.draft_of(text)
        return await self.add(actor, draft, year)

    async def draft_of(self, text: str) -> TargetDraft:
        parsed = parse_line(text)
        if parsed.problems or parsed.planned is None:
            raise LineProblems(tuple(PROBLEMS[p] for p in parsed.problems))
        async with self._db.read() as uow:
            owner = await self.owner_of(uow, parsed.owner)
        return TargetDraft(
            title=parsed.title,
            planned=parsed.planned.value,
            comparator=parsed.planned.comparator,
            unit=parsed.unit,
            section=parsed.section,
            owner=owner,
            accrues=accrues_by_default(parsed.unit, parsed.source),
            source=parsed.source,
            decimals=parsed.decimals,
        )

    async def owner_of(self, uow: TargetsUnitOfWork, written: str) -> Owner:
        """A cell by name, or a member by code or name; nothing: the organisation."""
        if not written.strip():
            return Owner()
        units = await uow.units.all()
        wanted = cell_key(written)
        for unit in units:
            if cell_key(unit.name) == wanted:
                return Owner(unit_id=unit.id)
        try:
            member = match_member([m for m in await uow.members.all() if m.is_active], written)
        except NotFound:
            if any(u.kind is UnitKind.CELL for u in units):
                raise unknown_cell(written, units) from None
            raise
        return Owner(member_id=member.id)
