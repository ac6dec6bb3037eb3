"""The target's self-report (báo cáo tự kiểm tra): text, a document or a photo, kept as a
reference (the messenger's file id, never the file itself).

Only the item's target sends it (the member inspected, or the secretary of the cell inspected),
once the item is notified and until it is concluded. The first one moves the item from
"notified" to "self-report received", dated and by the target; the lead is told through the
outbox. Anyone else reaching an item they may not see is refused and audited
(:func:`bot.services.inspections.standing.load_item`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bot.clock import Clock
from bot.domain.errors import NotAllowed, UserError
from bot.domain.inspections.model import ItemState
from bot.domain.inspections.records import Change, Item, Programme
from bot.domain.model import Channel, Identity
from bot.domain.outbox import ChatKind, FileKind, OutgoingMessage, Purpose
from bot.i18n import N_
from bot.services.inspections.ports import InspectionsUnitOfWork
from bot.services.inspections.standing import in_item_transaction, load_item, standing
from bot.services.ports import Database

NOT_TARGET = N_("Only the member or cell inspected sends the self-report on this item.")
NOT_OPEN = N_(
    "This item does not take a self-report now: it is taken from notification until the conclusion."
)
EMPTY = N_("Send the self-report as text, a document or a photo.")

# The states in which the target sends (or adds to) the self-report.
OPEN_STATES = frozenset({ItemState.NOTIFIED, ItemState.SELF_REPORT_RECEIVED, ItemState.VERIFYING})
MAX_TEXT = 4000


@dataclass(frozen=True)
class SelfReportSent:
    """What the lead's notice says: which item, who sent it, and whether the item moved."""

    item: Item
    sender_name: str
    kind: FileKind | None  # None: text
    first: bool  # the item moved to "self-report received"
    language: str | None  # the lead's


Notice = Callable[[SelfReportSent], str]


class SelfReportService:
    def __init__(self, db: Database[InspectionsUnitOfWork], clock: Clock) -> None:
        self._db = db
        self._clock = clock

    async def awaiting(self, actor: Identity) -> list[Item]:
        """The items whose target is ``actor`` and that take a self-report now."""
        async with self._db.read() as uow:
            root = await uow.units.root()
            found = []
            programmes: dict[int, Programme | None] = {}
            for item in await uow.inspections.open_items():
                if item.state not in OPEN_STATES or not item.kind.has_steps:
                    continue
                if item.programme_id not in programmes:
                    programmes[item.programme_id] = await uow.inspections.programme_by_id(
                        item.programme_id
                    )
                programme = programmes[item.programme_id]
                if programme is None:
                    continue
                is_root = root is not None and programme.unit_id == root.id
                if standing(actor, item, is_root, programme).target:
                    found.append(item)
            return found

    async def sendable(self, actor: Identity, item_id: int) -> Item:
        """The item ``actor`` is about to send a self-report on; refused (a forged id audited)
        as sending it would be."""

        async def work(uow: InspectionsUnitOfWork) -> Item:
            return await _sendable(uow, actor, item_id)

        return await in_item_transaction(self._db, self._clock, actor, work, write=False)

    async def send(
        self,
        actor: Identity,
        item_id: int,
        *,
        text: str | None = None,
        file_id: str | None = None,
        file_kind: FileKind | None = None,
        channel: Channel = Channel.TELEGRAM,
        notice: Notice | None = None,
    ) -> SelfReportSent:
        """Keeps the self-report; the first one moves the item and the lead is told."""
        text = (text or "").strip()[:MAX_TEXT] or None
        if text is None and file_id is None:
            raise UserError(EMPTY)
        if file_id is not None and file_kind is None:
            file_kind = FileKind.DOCUMENT
        now = self._clock.now()
        me = actor.member.id

        async def work(uow: InspectionsUnitOfWork) -> SelfReportSent:
            item = await _sendable(uow, actor, item_id)
            await uow.inspections.add_self_report(
                item_id,
                me,
                now,
                text=text,
                file_id=file_id,
                file_kind=file_kind if file_id is not None else None,
                channel=channel,
            )
            kind = file_kind if file_id is not None else None
            await uow.inspections.add_event(
                item_id, now, me, Change.SELF_REPORT, "text" if kind is None else kind.value
            )
            first = item.state is ItemState.NOTIFIED
            if first:
                state = ItemState.SELF_REPORT_RECEIVED
                await uow.inspections.update_item(
                    item_id, {"state": state.value, "self_report_at": now}
                )
                await uow.inspections.add_event(item_id, now, me, state.value)
            lead = None if item.lead_id is None else await uow.members.get(item.lead_id)
            sent = SelfReportSent(
                item, actor.member.full_name, kind, first, None if lead is None else lead.language
            )
            if notice is not None and lead is not None and lead.id != me:
                address = (await uow.outbox.addresses_of([lead.id])).get(lead.id)
                if address is not None:
                    # A Telegram file goes with the notice to a lead on Telegram; elsewhere
                    # the lead opens it from the item's card.
                    attach = channel is Channel.TELEGRAM and address.channel is Channel.TELEGRAM
                    await uow.outbox.enqueue(
                        [
                            OutgoingMessage(
                                key=f"notice:self_report:{item_id}:{now.isoformat()}",
                                purpose=Purpose.NOTICE,
                                chat_id=address.chat_id,
                                channel=address.channel,
                                chat_kind=ChatKind.PRIVATE,
                                text=notice(sent),
                                not_before=now,
                                member_id=lead.id,
                                file_id=file_id if attach else None,
                                file_kind=kind if attach else None,
                            )
                        ],
                        now,
                    )
            return sent

        return await in_item_transaction(self._db, self._clock, actor, work)


async def _sendable(uow: InspectionsUnitOfWork, actor: Identity, item_id: int) -> Item:
    loaded = await load_item(uow, actor, item_id)
    if not loaded.standing.target:
        raise NotAllowed(NOT_TARGET)
    if loaded.item.state not in OPEN_STATES or not loaded.item.kind.has_steps:
        raise UserError(NOT_OPEN)
    return loaded.item
