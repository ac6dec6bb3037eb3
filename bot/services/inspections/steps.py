"""One item as its card shows it, and taking its next step.

Each step is taken by whom the procedure names (:mod:`bot.domain.inspections.access`); anyone
else is refused with the reason, and a forged button for an item one may not see is audited.
Notifying the target sets the self-report's due date; concluding needs a short summary; only a
conclusion that asks for remediation goes to "remediating" (one that asks for nothing closes).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.clock import Clock
from bot.domain.errors import UserError
from bot.domain.inspections.access import Standing, may_see_conclusion, may_take
from bot.domain.inspections.model import ItemState, advance, next_states
from bot.domain.inspections.records import (
    Event,
    Item,
    MemberTask,
    Programme,
    RemediationAction,
    SelfReport,
)
from bot.domain.model import Identity, Role
from bot.domain.outbox import ChatKind, OutgoingMessage, Purpose
from bot.i18n import N_
from bot.services.inspections.ports import InspectionsUnitOfWork
from bot.services.inspections.standing import ItemRefused, in_item_transaction, load_item
from bot.services.ports import Database

NOT_YOURS = N_("This step is not yours to take on this item.")
NEEDS_SUMMARY = N_("Write the conclusion's short summary (and the paper file's reference).")
NEEDS_ACTIONS = N_(
    "Add the remediation actions the conclusion asks for first (/khacphuc), or close the item "
    "if it asks for none."
)
OPEN_ACTIONS = N_(
    "{count} remediation actions are not verified yet: the lead verifies them before closing."
)
NOT_DRAFT_STEP = N_("The programme is not adopted yet: adopt it before the items start.")
DUE_IN_PAST = N_("The self-report's due date cannot be before today.")

# Days the target has for the self-report when none is given.
DEFAULT_SELF_REPORT_DAYS = 10
MAX_SUMMARY = 1000


@dataclass(frozen=True)
class ConclusionSent:
    """What the target's notice of the conclusion says, in the reader's language."""

    item: Item
    target_name: str
    language: str | None  # the reader's


ConclusionNotice = Callable[[ConclusionSent], str]


@dataclass(frozen=True)
class ItemCard:
    item: Item
    programme: Programme
    is_root: bool
    names: Mapping[int, str]  # member id → name (lead, team, target, people in the history)
    target_name: str
    cell_name: str  # the target's cell
    events: tuple[Event, ...]
    next_steps: tuple[ItemState, ...]  # the steps ``actor`` may take now
    conclusion_visible: bool
    self_reports: tuple[SelfReport, ...]
    actions: tuple[RemediationAction, ...]
    tasks: tuple[MemberTask, ...]  # the target member's breakthrough tasks of the year
    today: date
    conclusion_withheld: bool = False  # there is a conclusion ``actor`` may not read
    may_change: bool = False  # ``actor`` owns the programme: may move, re-target, re-staff


class StepService:
    def __init__(self, db: Database[InspectionsUnitOfWork], clock: Clock, zone: ZoneInfo) -> None:
        self._db = db
        self._clock = clock
        self._zone = zone

    def _today(self) -> date:
        return self._clock.now().astimezone(self._zone).date()

    async def card(self, actor: Identity | None, item_id: int) -> ItemCard:
        """The item as ``actor`` may see it. A conclusion they may not read is left out of the
        card, and that it was kept from them is audited."""

        async def work(uow: InspectionsUnitOfWork) -> ItemCard:
            return await self._card(uow, actor, item_id)

        card = await in_item_transaction(self._db, self._clock, actor, work, write=False)
        if actor is not None and card.conclusion_withheld:
            async with self._db.write() as uow:
                await uow.audit.record(
                    "inspection_conclusion_refused",
                    at=self._clock.now(),
                    actor_member_id=actor.member.id,
                    detail={"item_id": item_id},
                )
        return card

    async def check(self, actor: Identity, item_id: int, to: ItemState) -> Item:
        """Refuses now, before asking for a due date or a summary, a step ``actor`` may not
        take (audited when the item is not theirs to act on)."""

        async def work(uow: InspectionsUnitOfWork) -> Item:
            loaded = await load_item(uow, actor, item_id)
            self._may_take(loaded.item, loaded.programme, loaded.standing, to)
            return loaded.item

        return await in_item_transaction(self._db, self._clock, actor, work, write=False)

    @staticmethod
    def _may_take(item: Item, programme: Programme, seen: Standing, to: ItemState) -> None:
        # An inspection for a suspected violation is ad hoc: it starts when it is written.
        if not programme.adopted and not item.kind.is_restricted:
            raise UserError(NOT_DRAFT_STEP)
        advance(item.kind, item.state, to)
        if not may_take(to, seen):
            raise ItemRefused(item.id, NOT_YOURS)

    async def _card(
        self, uow: InspectionsUnitOfWork, actor: Identity | None, item_id: int
    ) -> ItemCard:
        loaded = await load_item(uow, actor, item_id)
        item, seen = loaded.item, loaded.standing
        visible = may_see_conclusion(item.kind, item.state, seen)
        events = await uow.inspections.events(item_id)
        ids = {*item.people, *(e.member_id for e in events if e.member_id is not None)}
        actions = await uow.inspections.actions(item_id) if visible else []
        ids |= {a.owner_id for a in actions}
        if item.target.kind.is_person:
            ids.add(item.target.id)
        names = {}
        for member_id in ids:
            member = await uow.members.get(member_id)
            if member is not None:
                names[member_id] = member.full_name
        cell = await uow.units.get(item.target.cell_id)
        cell_name = "" if cell is None else cell.name
        target_name = names.get(item.target.id, "") if item.target.kind.is_person else cell_name
        tasks: list[MemberTask] = []
        if item.target.kind.is_person and (seen.runs or seen.owner or seen.commission):
            tasks = await uow.concerns.tasks_of(item.target.id, loaded.programme.year)
        adopted = (
            loaded.programme.adopted or item.kind.is_restricted
        ) and item.review.value != "dropped"
        steps = tuple(
            to
            for to in sorted(next_states(item.kind, item.state), key=list(ItemState).index)
            if adopted and may_take(to, seen)
        )
        return ItemCard(
            item=item if visible else replace(item, conclusion=None),
            programme=loaded.programme,
            is_root=loaded.is_root,
            names=names,
            target_name=target_name,
            cell_name=cell_name,
            events=tuple(events),
            next_steps=steps,
            conclusion_visible=visible,
            self_reports=tuple(await uow.inspections.self_reports(item_id)) if visible else (),
            actions=tuple(actions),
            tasks=tuple(tasks),
            today=self._today(),
            conclusion_withheld=not visible and bool(item.conclusion),
            may_change=seen.owner,
        )

    async def take(
        self,
        actor: Identity | None,
        item_id: int,
        to: ItemState,
        *,
        summary: str | None = None,
        due: date | None = None,
        decision_ref: str | None = None,
        notice: ConclusionNotice | None = None,
    ) -> ItemCard:
        """Takes the step ``to`` on the item; returns its card as it now is. Notifying the
        conclusion sends it (``notice``) to the target: the member, or the cell's secretaries."""
        now = self._clock.now()
        today = self._today()

        async def work(uow: InspectionsUnitOfWork) -> ItemCard:
            loaded = await load_item(uow, actor, item_id)
            item = loaded.item
            self._may_take(item, loaded.programme, loaded.standing, to)
            fields: dict[str, object] = {"state": to.value}
            detail = ""
            if to is ItemState.DECIDED and decision_ref:
                fields["decision_ref"] = decision_ref.strip()[:200]
                detail = fields["decision_ref"]  # type: ignore[assignment]
            if to is ItemState.NOTIFIED:
                chosen = due or today + timedelta(days=DEFAULT_SELF_REPORT_DAYS)
                if chosen < today:
                    raise UserError(DUE_IN_PAST)
                fields["self_report_due"] = chosen
                detail = chosen.isoformat()
            if to is ItemState.SELF_REPORT_RECEIVED and item.self_report_at is None:
                fields["self_report_at"] = now
            if to is ItemState.CONCLUDED:
                text = (summary or "").strip()
                if not text:
                    raise UserError(NEEDS_SUMMARY)
                fields["conclusion"] = text[:MAX_SUMMARY]
            actions = await uow.inspections.actions(item_id)
            if to is ItemState.REMEDIATING and not actions:
                raise UserError(NEEDS_ACTIONS)
            if to is ItemState.CLOSED:
                # Done is the owner's word; the lead's verification is what closes the file.
                open_count = sum(1 for a in actions if a.verified_at is None)
                if open_count:
                    raise UserError(OPEN_ACTIONS, count=str(open_count))
            await uow.inspections.update_item(item_id, fields)
            member_id = None if actor is None else actor.member.id
            await uow.inspections.add_event(item_id, now, member_id, to.value, detail)
            if to is ItemState.CONCLUSION_NOTIFIED and notice is not None:
                await _send_conclusion(uow, item, notice, now)
            return await self._card(uow, actor, item_id)

        return await in_item_transaction(self._db, self._clock, actor, work)


async def _send_conclusion(
    uow: InspectionsUnitOfWork, item: Item, notice: ConclusionNotice, now: datetime
) -> None:
    """The conclusion to whom the item is about, through the outbox, once per item and reader."""
    if item.target.kind.is_person:
        readers = [item.target.id]
        target = await uow.members.get(item.target.id)
        target_name = "" if target is None else target.full_name
    else:
        readers = (await uow.roles.holders_by_unit(Role.CELL_SECRETARY)).get(item.target.id, [])
        cell = await uow.units.get(item.target.id)
        target_name = "" if cell is None else cell.name
    addresses = await uow.outbox.addresses_of(readers)
    messages = []
    for member_id in dict.fromkeys(readers):
        address = addresses.get(member_id)
        member = await uow.members.get(member_id)
        if address is None or member is None or not member.is_active:
            continue
        messages.append(
            OutgoingMessage(
                key=f"notice:conclusion:{item.id}:m{member_id}",
                purpose=Purpose.NOTICE,
                chat_id=address.chat_id,
                channel=address.channel,
                chat_kind=ChatKind.PRIVATE,
                text=notice(ConclusionSent(item, target_name, member.language)),
                not_before=now,
                member_id=member_id,
            )
        )
    if messages:
        await uow.outbox.enqueue(messages, now)
