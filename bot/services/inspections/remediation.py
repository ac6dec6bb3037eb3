"""Remediation (khắc phục): the actions a conclusion asks for, each with an owner and a due
date; the owner marks one done with a note or evidence, the lead verifies it or sends it back
with a reason. When every action of an item is verified, the item can be closed.

Who follows an item's remediation up: its lead, the inspection commission, and the committee
(not for an inspection of a suspected violation, which is the commission's alone). An owner is
the member inspected or someone in the target's cell. Owners hear of a new action, and of one
sent back, through the outbox; the lead of one marked done. A forged item or action id is
refused and audited (:func:`bot.services.inspections.standing.in_item_transaction`); the
checks each step starts with are in :mod:`bot.services.inspections.remediation_access`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from bot.clock import Clock
from bot.domain.errors import UserError
from bot.domain.inspections.records import Change, Item, Programme, RemediationAction
from bot.domain.model import Channel, Identity, Member
from bot.domain.outbox import ChatKind, FileKind, OutgoingMessage, Purpose
from bot.i18n import N_
from bot.services.inspections.ports import InspectionsUnitOfWork
from bot.services.inspections.remediation_access import (
    REMEDIABLE,
    check_owner,
    followed_action,
    following,
    may_follow,
    owned_action,
)
from bot.services.inspections.standing import in_item_transaction, standing
from bot.services.member_lookup import find_member
from bot.services.ports import Database

EMPTY_ACTION = N_("Write what is to be done.")
EMPTY_DONE = N_("Write a note on what was done, or send the evidence (a document or a photo).")
EMPTY_REASON = N_("Write why it is sent back.")
MAX_ACTION = 500
MAX_NOTE = 1000


@dataclass(frozen=True)
class ActionView:
    action: RemediationAction
    item: Item
    owner_name: str


@dataclass(frozen=True)
class Followed:
    """An item whose remediation ``actor`` follows, with its actions."""

    item: Item
    target_name: str
    actions: tuple[ActionView, ...]

    @property
    def all_verified(self) -> bool:
        return bool(self.actions) and all(a.action.verified_at is not None for a in self.actions)


@dataclass(frozen=True)
class ActionNotice:
    """What an owner or a lead is told: the action, the item, who did it, and why."""

    view: ActionView
    by: str  # who added, marked done or sent back
    reason: str  # the reason it was sent back, else ""
    language: str | None  # the recipient's


Notice = Callable[[ActionNotice], str]


class RemediationService:
    def __init__(self, db: Database[InspectionsUnitOfWork], clock: Clock, zone: ZoneInfo) -> None:
        self._db = db
        self._clock = clock
        self._zone = zone

    def today(self) -> date:
        return self._clock.now().astimezone(self._zone).date()

    # What one sees

    async def followed(self, actor: Identity) -> list[Followed]:
        """The concluded items whose remediation ``actor`` follows up."""
        async with self._db.read() as uow:
            root = await uow.units.root()
            programmes: dict[int, Programme | None] = {}
            found = []
            for item in await uow.inspections.open_items():
                if item.state not in REMEDIABLE:
                    continue
                if item.programme_id not in programmes:
                    programmes[item.programme_id] = await uow.inspections.programme_by_id(
                        item.programme_id
                    )
                programme = programmes[item.programme_id]
                if programme is None:
                    continue
                is_root = root is not None and programme.unit_id == root.id
                if may_follow(item.kind, standing(actor, item, is_root, programme)):
                    found.append(await _followed(uow, item))
            return found

    async def item(self, actor: Identity, item_id: int) -> Followed:
        """One item's remediation, for whoever follows it up (a forged id audited)."""

        async def work(uow: InspectionsUnitOfWork) -> Followed:
            return await _followed(uow, await following(uow, actor, item_id))

        return await in_item_transaction(self._db, self._clock, actor, work, write=False)

    async def mine(self, actor: Identity) -> list[ActionView]:
        """``actor``'s actions not yet verified, the open ones first."""
        async with self._db.read() as uow:
            views = []
            for action in await uow.inspections.actions_owned_by(actor.member.id):
                item = await uow.inspections.item(action.item_id)
                if action.verified_at is None and item is not None:
                    views.append(ActionView(action, item, actor.member.full_name))
            return views

    async def owned(self, actor: Identity, action_id: int) -> ActionView:
        """``actor``'s own open action, before the note is asked (a forged id audited)."""

        async def work(uow: InspectionsUnitOfWork) -> ActionView:
            action, item = await owned_action(uow, actor, action_id)
            return ActionView(action, item, actor.member.full_name)

        return await in_item_transaction(self._db, self._clock, actor, work, write=False)

    # Changes

    async def owner_of(self, actor: Identity, item_id: int, text: str) -> Member:
        """The member ``text`` names (code or name), if they may own an action of the item."""

        async def work(uow: InspectionsUnitOfWork) -> Member:
            item = await following(uow, actor, item_id)
            member = await find_member(uow, text)
            check_owner(item, member)
            return member

        return await in_item_transaction(self._db, self._clock, actor, work, write=False)

    async def add(
        self,
        actor: Identity,
        item_id: int,
        action: str,
        owner_id: int,
        due: date,
        notice: Notice | None = None,
    ) -> ActionView:
        text = " ".join(action.split())[:MAX_ACTION]
        if not text:
            raise UserError(EMPTY_ACTION)
        if due < self.today():
            raise UserError(N_("That date ({deadline}) has already passed."), deadline=due)
        now = self._clock.now()

        async def work(uow: InspectionsUnitOfWork) -> ActionView:
            item = await following(uow, actor, item_id)
            owner = await uow.members.get(owner_id)
            if owner is None or not owner.is_active:
                raise UserError(N_("Please write the member's code or name."))
            check_owner(item, owner)
            action_id = await uow.inspections.add_action(item_id, text, owner.id, due, now)
            await uow.inspections.add_event(
                item_id, now, actor.member.id, Change.REMEDIATION, f"{action_id}: {text}"
            )
            stored = await uow.inspections.action(action_id)
            assert stored is not None
            view = ActionView(stored, item, owner.full_name)
            if owner.id != actor.member.id:
                await _tell(
                    uow,
                    notice,
                    owner,
                    ActionNotice(view, actor.member.full_name, "", owner.language),
                    f"notice:remediation:{action_id}:new",
                    now,
                )
            return view

        return await in_item_transaction(self._db, self._clock, actor, work)

    async def mark_done(
        self,
        actor: Identity,
        action_id: int,
        *,
        note: str | None = None,
        evidence_file_id: str | None = None,
        evidence_kind: FileKind | None = None,
        channel: Channel = Channel.TELEGRAM,
        notice: Notice | None = None,
    ) -> ActionView:
        """The owner marks their action done, with a note, evidence, or both; the lead is told
        (a Telegram file goes with the notice to a lead on Telegram)."""
        note = (note or "").strip()[:MAX_NOTE] or None
        if note is None and evidence_file_id is None:
            raise UserError(EMPTY_DONE)
        if evidence_file_id is not None and evidence_kind is None:
            evidence_kind = FileKind.DOCUMENT
        now = self._clock.now()

        async def work(uow: InspectionsUnitOfWork) -> ActionView:
            _action, item = await owned_action(uow, actor, action_id)
            await uow.inspections.mark_action_done(
                action_id, now, note, evidence_file_id, evidence_kind
            )
            await uow.inspections.add_event(
                item.id, now, actor.member.id, Change.REMEDIATION_DONE, str(action_id)
            )
            stored = await uow.inspections.action(action_id)
            assert stored is not None
            view = ActionView(stored, item, actor.member.full_name)
            lead = None if item.lead_id is None else await uow.members.get(item.lead_id)
            if lead is not None and lead.id != actor.member.id:
                await _tell(
                    uow,
                    notice,
                    lead,
                    ActionNotice(view, actor.member.full_name, "", lead.language),
                    f"notice:remediation:{action_id}:done:{now.isoformat()}",
                    now,
                    (evidence_file_id, evidence_kind, channel) if evidence_file_id else None,
                )
            return view

        return await in_item_transaction(self._db, self._clock, actor, work)

    async def verify(self, actor: Identity, action_id: int) -> Followed:
        """The lead (or the committee, the commission) accepts a done action; the item's
        remediation as it now is (``all_verified``: it can be closed)."""
        now = self._clock.now()

        async def work(uow: InspectionsUnitOfWork) -> Followed:
            _action, item = await followed_action(uow, actor, action_id)
            await uow.inspections.verify_action(action_id, now, actor.member.id)
            await uow.inspections.add_event(
                item.id, now, actor.member.id, Change.REMEDIATION_VERIFIED, str(action_id)
            )
            return await _followed(uow, item)

        return await in_item_transaction(self._db, self._clock, actor, work)

    async def send_back(
        self, actor: Identity, action_id: int, reason: str, notice: Notice | None = None
    ) -> ActionView:
        """A done action goes back to its owner, open again, with the reason; they are told."""
        reason = " ".join(reason.split())[:MAX_NOTE]
        if not reason:
            raise UserError(EMPTY_REASON)
        now = self._clock.now()

        async def work(uow: InspectionsUnitOfWork) -> ActionView:
            action, item = await followed_action(uow, actor, action_id)
            await uow.inspections.return_action(action_id)
            await uow.inspections.add_event(
                item.id, now, actor.member.id, Change.REMEDIATION_RETURNED, f"{action_id}: {reason}"
            )
            stored = await uow.inspections.action(action_id)
            owner = await uow.members.get(action.owner_id)
            assert stored is not None and owner is not None
            view = ActionView(stored, item, owner.full_name)
            if owner.id != actor.member.id:
                await _tell(
                    uow,
                    notice,
                    owner,
                    ActionNotice(view, actor.member.full_name, reason, owner.language),
                    f"notice:remediation:{action_id}:back:{now.isoformat()}",
                    now,
                )
            return view

        return await in_item_transaction(self._db, self._clock, actor, work)

    async def returnable(self, actor: Identity, action_id: int) -> ActionView:
        """A done action ``actor`` may send back, before the reason is asked."""

        async def work(uow: InspectionsUnitOfWork) -> ActionView:
            action, item = await followed_action(uow, actor, action_id)
            owner = await uow.members.get(action.owner_id)
            return ActionView(action, item, "" if owner is None else owner.full_name)

        return await in_item_transaction(self._db, self._clock, actor, work, write=False)


async def _followed(uow: InspectionsUnitOfWork, item: Item) -> Followed:
    views = []
    names: dict[int, str] = {}
    for action in await uow.inspections.actions(item.id):
        if action.owner_id not in names:
            owner = await uow.members.get(action.owner_id)
            names[action.owner_id] = "" if owner is None else owner.full_name
        views.append(ActionView(action, item, names[action.owner_id]))
    if item.target.kind.is_person:
        target = await uow.members.get(item.target.id)
        target_name = "" if target is None else target.full_name
    else:
        cell = await uow.units.get(item.target.id)
        target_name = "" if cell is None else cell.name
    return Followed(item, target_name, tuple(views))


async def _tell(
    uow: InspectionsUnitOfWork,
    notice: Notice | None,
    member: Member,
    told: ActionNotice,
    key: str,
    now: datetime,
    file: tuple[str, FileKind | None, Channel] | None = None,
) -> None:
    if notice is None:
        return
    address = (await uow.outbox.addresses_of([member.id])).get(member.id)
    if address is None:
        return
    attach = (
        file is not None and file[2] is Channel.TELEGRAM and address.channel is Channel.TELEGRAM
    )
    await uow.outbox.enqueue(
        [
            OutgoingMessage(
                key=key,
                purpose=Purpose.NOTICE,
                chat_id=address.chat_id,
                channel=address.channel,
                chat_kind=ChatKind.PRIVATE,
                text=notice(told),
                not_before=now,
                member_id=member.id,
                file_id=file[0] if attach and file is not None else None,
                file_kind=file[1] if attach and file is not None else None,
            )
        ],
        now,
    )
