"""Following a broadcast once it is sent: its delivery report (always read back from the
outbox), who did not get it, sending again what failed, cancelling one still scheduled, and the
report message that keeps itself current. :class:`BroadcastService` builds on this."""

from __future__ import annotations

from dataclasses import dataclass

from bot.clock import Clock
from bot.domain.broadcasts import (
    Broadcast,
    BroadcastReport,
    BroadcastStatus,
    Missed,
    MissedGroup,
    MissReason,
    missed_group_order,
    missed_order,
)
from bot.domain.errors import NotAllowed, NotFound, UserError
from bot.domain.model import Channel, Identity
from bot.domain.outbox import Purpose
from bot.domain.permissions import may_broadcast, may_follow_broadcast
from bot.domain.text import cell_sort_key
from bot.i18n import N_
from bot.services.broadcasts.ports import BroadcastsUnitOfWork
from bot.services.delivery import DeliveryService
from bot.services.ports import Database

RECENT_SHOWN = 10
NOT_ALLOWED = N_("Only cell secretaries and the committee send notices.")
UNKNOWN = N_("This notice does not exist, or it is not yours to follow.")


@dataclass(frozen=True)
class LiveReport:
    """A report message to bring up to date, and the language its reader reads."""

    report: BroadcastReport
    chat_id: int
    message_id: int
    language: str | None


@dataclass(frozen=True)
class MissingPage:
    """One page of who did not get a broadcast."""

    broadcast_id: int
    total: int  # everyone it did not reach (yet)
    items: list[Missed]  # this page's, in the list's order
    page: int  # kept in range
    pages: int  # at least one
    continued: bool  # the first item's reason began on an earlier page


class BroadcastFollowing:
    def __init__(
        self, db: Database[BroadcastsUnitOfWork], clock: Clock, delivery: DeliveryService
    ) -> None:
        self._db = db
        self._clock = clock
        self._delivery = delivery

    async def _load(
        self, uow: BroadcastsUnitOfWork, actor: Identity | None, broadcast_id: int
    ) -> Broadcast:
        broadcast = await uow.broadcasts.get(broadcast_id)
        if broadcast is None or not (
            actor is None
            or may_follow_broadcast(actor, broadcast.author_member_id, broadcast.audience.cell_ids)
        ):
            raise _Refused(broadcast_id)
        return broadcast

    async def _audited(self, actor: Identity | None, refused: _Refused) -> NotFound:
        """A refusal (a forged or stale button, an id typed on the command line) is recorded."""
        async with self._db.write() as uow:
            await uow.audit.record(
                "broadcast_access_refused",
                at=self._clock.now(),
                actor_member_id=None if actor is None else actor.member.id,
                detail={"broadcast_id": refused.broadcast_id},
            )
        return NotFound(UNKNOWN)

    async def _report(self, uow: BroadcastsUnitOfWork, broadcast: Broadcast) -> BroadcastReport:
        counts = await uow.broadcasts.recipient_counts(broadcast.id)
        names: list[str] = []
        if broadcast.audience.cell_ids is not None:
            for cell_id in sorted(broadcast.audience.cell_ids):
                unit = await uow.units.get(cell_id)
                if unit is not None:
                    names.append(unit.name)
        return BroadcastReport(
            broadcast=broadcast,
            status=broadcast.status_at(self._clock.now()),
            members=counts.members,
            groups=counts.groups,
            not_linked=await uow.broadcasts.not_linked_count(broadcast.id),
            cell_names=sorted(names, key=cell_sort_key),
            zalo_quota=(
                await self._delivery.quota_left_in(uow.outbox, Channel.ZALO)
                if Channel.ZALO in self._delivery.quotas
                and await uow.outbox.on_channel(Purpose.BROADCAST, broadcast.id, Channel.ZALO)
                else None
            ),
        )

    async def report(self, actor: Identity | None, broadcast_id: int) -> BroadcastReport:
        """Sent, pending, blocked or unreachable, not linked, failed — from the outbox."""
        try:
            async with self._db.read() as uow:
                return await self._report(uow, await self._load(uow, actor, broadcast_id))
        except _Refused as refused:
            raise await self._audited(actor, refused) from None

    async def missing(self, actor: Identity | None, broadcast_id: int) -> list[Missed]:
        """Who did not get it (yet), and why."""
        try:
            async with self._db.read() as uow:
                await self._load(uow, actor, broadcast_id)
                return await uow.broadcasts.missed(broadcast_id)
        except _Refused as refused:
            raise await self._audited(actor, refused) from None

    async def missing_page(
        self, actor: Identity | None, broadcast_id: int, page: int, per_page: int
    ) -> MissingPage:
        """Page ``page`` (from 0, kept in range) of who did not get it, ``per_page`` a page,
        in the list's order: how many by reason and cell is counted first, then only the
        cells the page spans are read."""
        try:
            async with self._db.read() as uow:
                await self._load(uow, actor, broadcast_id)
                groups = missed_group_order(await uow.broadcasts.missed_groups(broadcast_id))
                total = sum(g.count for g in groups)
                pages = max(1, -(-total // per_page))
                page = min(max(page, 0), pages - 1)
                start, stop = page * per_page, (page + 1) * per_page
                spanned: list[tuple[MissedGroup, int]] = []  # each with its first position
                reason_starts: dict[MissReason, int] = {}
                before = 0
                for group in groups:
                    reason_starts.setdefault(group.reason, before)
                    if before < stop and before + group.count > start:
                        spanned.append((group, before))
                    before += group.count
                cells = sorted({g.cell_id for g, _ in spanned if not g.is_group})
                with_groups = any(g.is_group for g, _ in spanned)
                found = await uow.broadcasts.missed_in(broadcast_id, cells, with_groups)
        except _Refused as refused:
            raise await self._audited(actor, refused) from None
        by_group: dict[tuple[MissReason, bool, int], list[Missed]] = {}
        for cell_id, missed in found:
            by_group.setdefault((missed.reason, missed.is_group, cell_id), []).append(missed)
        items: list[Missed] = []
        for group, first in spanned:
            ordered = missed_order(by_group.get((group.reason, group.is_group, group.cell_id), []))
            items += ordered[max(start - first, 0) : stop - first]
        # The page begins inside a reason's list when that reason began on an earlier page.
        continued = bool(spanned) and reason_starts[spanned[0][0].reason] < start
        return MissingPage(broadcast_id, total, items, page, pages, continued)

    async def recent(self, actor: Identity, limit: int = RECENT_SHOWN) -> list[BroadcastReport]:
        """The latest broadcasts ``actor`` may follow, newest first, with their reports."""
        if not may_broadcast(actor):
            raise NotAllowed(NOT_ALLOWED)
        async with self._db.read() as uow:
            found = [
                b
                for b in await uow.broadcasts.recent(limit * 5)
                if may_follow_broadcast(actor, b.author_member_id, b.audience.cell_ids)
            ][:limit]
            return [await self._report(uow, b) for b in found]

    async def resend_failed(self, actor: Identity | None, broadcast_id: int) -> int:
        """Messages that failed go out again (not those to people who blocked the bot);
        returns how many. The report message follows them again."""
        now = self._clock.now()
        try:
            async with self._db.write() as uow:
                broadcast = await self._load(uow, actor, broadcast_id)
                count = await uow.outbox.retry_failed(Purpose.BROADCAST, broadcast_id, now)
                if count and broadcast.report_message_id and broadcast.report_chat_id:
                    await uow.broadcasts.set_report_message(
                        broadcast_id, broadcast.report_chat_id, broadcast.report_message_id
                    )
                if count:
                    await uow.audit.record(
                        "broadcast_resent",
                        at=now,
                        actor_member_id=None if actor is None else actor.member.id,
                        detail={"broadcast_id": broadcast_id, "messages": count},
                    )
        except _Refused as refused:
            raise await self._audited(actor, refused) from None
        if count:
            self._delivery.wake()
        return count

    async def cancel(self, actor: Identity | None, broadcast_id: int) -> int:
        """A scheduled broadcast not yet due: cancelled, its messages skipped (returned)."""
        now = self._clock.now()
        try:
            async with self._db.write() as uow:
                broadcast = await self._load(uow, actor, broadcast_id)
                status = broadcast.status_at(now)
                if status is BroadcastStatus.CANCELLED:
                    raise UserError(N_("This notice was already cancelled."))
                if status is not BroadcastStatus.SCHEDULED:
                    raise UserError(N_("This notice has already gone out; it cannot be cancelled."))
                skipped = await uow.broadcasts.cancel(broadcast_id, now)
                await uow.audit.record(
                    "broadcast_cancelled",
                    at=now,
                    actor_member_id=None if actor is None else actor.member.id,
                    detail={"broadcast_id": broadcast_id, "messages": skipped},
                )
                return skipped
        except _Refused as refused:
            raise await self._audited(actor, refused) from None

    async def keep_report_message(
        self, actor: Identity, broadcast_id: int, chat_id: int, message_id: int
    ) -> None:
        """The message that shows this broadcast's report, kept updated until it is done."""
        try:
            async with self._db.write() as uow:
                await self._load(uow, actor, broadcast_id)
                await uow.broadcasts.set_report_message(broadcast_id, chat_id, message_id)
        except _Refused as refused:
            raise await self._audited(actor, refused) from None

    async def live_reports(self) -> list[LiveReport]:
        """Report messages of broadcasts under way, for the job that keeps them current."""
        async with self._db.read() as uow:
            live = []
            for broadcast in await uow.broadcasts.live_reports(self._clock.now()):
                if broadcast.report_chat_id is None or broadcast.report_message_id is None:
                    continue
                author = (
                    None
                    if broadcast.author_member_id is None
                    else await uow.members.get(broadcast.author_member_id)
                )
                live.append(
                    LiveReport(
                        await self._report(uow, broadcast),
                        broadcast.report_chat_id,
                        broadcast.report_message_id,
                        None if author is None else author.language,
                    )
                )
        return live

    async def report_finished(self, broadcast_id: int) -> None:
        async with self._db.write() as uow:
            await uow.broadcasts.finish_report(broadcast_id)


class _Refused(Exception):
    def __init__(self, broadcast_id: int) -> None:
        super().__init__(broadcast_id)
        self.broadcast_id = broadcast_id
