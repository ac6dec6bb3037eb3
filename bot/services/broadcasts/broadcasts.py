"""Broadcasts: a cell secretary's notice to their cell, the committee's to anyone.

Sending writes the broadcast and one outbox row per recipient chat per part in one
transaction, then wakes the sender: nothing here talks to Telegram, and a notice scheduled
for later is only rows whose ``not_before`` has not come yet — it goes out once, even if the
bot was down when it fell due. Every figure in a report is read back from the outbox.

``actor`` None is the operator on the command line, who may do what the committee does.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.clock import Clock
from bot.domain.broadcasts import (
    Audience,
    Broadcast,
    BroadcastStatus,
    Preview,
)
from bot.domain.errors import NotAllowed, NotFound, UserError
from bot.domain.model import Channel, Identity, Unit, UnitKind
from bot.domain.outbox import PRIORITY_BULK, ChatKind, FileKind, OutgoingMessage, Purpose
from bot.domain.permissions import (
    may_broadcast,
    may_broadcast_to,
    oversees_everyone,
    secretary_of,
)
from bot.domain.text import cell_key, cell_sort_key
from bot.i18n import N_
from bot.services.broadcasts.broadcast_reports import NOT_ALLOWED, BroadcastFollowing
from bot.services.broadcasts.broadcast_text import (
    MAX_NOTICE,
    NOTICE_TOO_LONG,
    compose,
    sender_label,
    too_long,
)
from bot.services.broadcasts.ports import BroadcastsUnitOfWork
from bot.services.cell_names import unknown_cell
from bot.services.date_fields import check_moment
from bot.services.delivery import DeliveryService
from bot.services.ports import Database
from bot.settings import SUPPORTED_LANGUAGES

OWN_CELL_ONLY = N_("A cell secretary sends notices to their own cell only.")


@dataclass(frozen=True)
class BroadcastChoices:
    """What the author may pick: the committee any cell, the whole organisation or a kind of
    member; a secretary their own cells."""

    cells: list[Unit]
    committee: bool


@dataclass(frozen=True)
class Prepared:
    parts: list[str]  # HTML; with a file, the first is its caption
    preview: Preview


class BroadcastService(BroadcastFollowing):
    def __init__(
        self,
        db: Database[BroadcastsUnitOfWork],
        clock: Clock,
        delivery: DeliveryService,
        *,
        zone: ZoneInfo,
        default_language: str,
    ) -> None:
        super().__init__(db, clock, delivery)
        self._zone = zone
        self._default = default_language

    # --- choosing and previewing ---------------------------------------------------------

    async def choices(self, actor: Identity) -> BroadcastChoices:
        if not may_broadcast(actor):
            raise NotAllowed(NOT_ALLOWED)
        async with self._db.read() as uow:
            cells = [u for u in await uow.units.all() if u.kind is UnitKind.CELL]
        if not oversees_everyone(actor):
            mine = secretary_of(actor)
            cells = [c for c in cells if c.id in mine]
        return BroadcastChoices(
            sorted(cells, key=lambda c: cell_sort_key(c.name)), oversees_everyone(actor)
        )

    async def choose(self, actor: Identity, audience: Audience) -> Audience:
        """The audience ``actor`` picked with a button, if they may write to it; one they may
        not (a forged button) is refused at once and audited, before the notice is written."""
        try:
            _check_audience(actor, audience)
        except NotAllowed:
            async with self._db.write() as uow:
                await uow.audit.record(
                    "broadcast_refused",
                    at=self._clock.now(),
                    actor_member_id=actor.member.id,
                    detail=json.loads(audience.to_json()),
                )
            raise
        return audience

    async def find_cells(self, names: list[str]) -> frozenset[int]:
        """Cells by (part of) their names, for the command line."""
        async with self._db.read() as uow:
            cells = [u for u in await uow.units.all() if u.kind is UnitKind.CELL]
        found = set()
        for name in names:
            wanted = cell_key(name)
            exact = [c for c in cells if cell_key(c.name) == wanted]
            matches = exact or [c for c in cells if wanted and wanted in cell_key(c.name)]
            if len(matches) != 1:
                raise unknown_cell(name, cells)
            found.add(matches[0].id)
        return frozenset(found)

    async def preview(self, actor: Identity | None, audience: Audience) -> Preview:
        """How many it would reach: linked members, those of them last seen unreachable,
        members not linked (they will not get it) and linked cell groups."""
        _check_audience(actor, audience)
        async with self._db.read() as uow:
            await _check_cells(uow, audience)
            members = await uow.broadcasts.audience_members(audience)
            groups = (
                await uow.group_links.of_cells(audience.cell_ids) if audience.reaches_groups else []
            )
            linked = [m for m in members if m.chat_id is not None]
            zalo = sum(1 for m in linked if m.channel is Channel.ZALO)
            quota = await self._delivery.quota_left_in(uow.outbox, Channel.ZALO) if zalo else None
        return Preview(
            linked=len(linked),
            unreachable=sum(1 for m in linked if m.unreachable),
            not_linked=len(members) - len(linked),
            groups=len(groups),
            zalo=zalo,
            zalo_quota=quota,
        )

    async def prepare(
        self,
        actor: Identity,
        audience: Audience,
        text: str,
        file_kind: FileKind | None,
    ) -> Prepared:
        """The messages exactly as members will get them (in the author's language) and how
        many it would reach; nothing is saved."""
        _check_audience(actor, audience)
        _check_text(text, file_kind)
        preview = await self.preview(actor, audience)
        async with self._db.read() as uow:
            unit, is_cell = await _sender_unit(uow, actor, audience)
        language = actor.member.language or self._default
        return Prepared(self._compose(text, unit, is_cell, file_kind, language), preview)

    def _compose(
        self, text: str, unit: str, is_cell: bool, file_kind: FileKind | None, language: str
    ) -> list[str]:
        sender = sender_label(unit, is_cell=is_cell, language=language, default=self._default)
        return compose(
            text, sender=sender, file_kind=file_kind, language=language, default=self._default
        )

    # --- sending -------------------------------------------------------------------------

    def read_time(self, text: str) -> datetime:
        """When a notice should go out, as the author typed it ("02/12/2026 07:30", "mai 7h30"),
        in the organisation's time zone; raises with the reason when it is not a time."""
        local_now = self.local(self._clock.now()).replace(tzinfo=None)
        return check_moment(text, local_now).replace(tzinfo=self._zone)

    def local(self, moment: datetime) -> datetime:
        return moment.astimezone(self._zone)

    def suggested_time(self) -> datetime:
        """An example for the author: tomorrow at 07:30, the organisation's time."""
        tomorrow = self.local(self._clock.now()) + timedelta(days=1)
        return tomorrow.replace(hour=7, minute=30, second=0, microsecond=0)

    async def send(
        self,
        actor: Identity | None,
        audience: Audience,
        text: str,
        file_id: str | None = None,
        file_kind: FileKind | None = None,
        at: datetime | None = None,
        expires_at: datetime | None = None,
    ) -> Broadcast:
        """Enqueue the broadcast for ``at`` (now when None); returns it with its id."""
        _check_audience(actor, audience)
        _check_text(text, file_kind if file_id else None)
        now = self._clock.now()
        when = now if at is None else at
        if when < now:
            raise UserError(
                N_("{at} has already passed; choose a later time."), at=self.local(when)
            )
        if expires_at is not None and expires_at <= when:
            raise UserError(N_("The notice would expire before it is sent."))
        kind = file_kind if file_id else None
        async with self._db.write() as uow:
            await _check_cells(uow, audience)
            unit, is_cell = await _sender_unit(uow, actor, audience)
            rendered = {
                lang: self._compose(text, unit, is_cell, kind, lang)
                for lang in {*SUPPORTED_LANGUAGES, self._default}
            }
            members = await uow.broadcasts.audience_members(audience)
            groups = (
                await uow.group_links.of_cells(audience.cell_ids) if audience.reaches_groups else []
            )
            broadcast_id = await uow.broadcasts.add(
                author_member_id=None if actor is None else actor.member.id,
                audience=audience,
                text=text.strip(),
                file_id=file_id if kind else None,
                file_kind=kind,
                scheduled_at=when,
                expires_at=expires_at,
                status=BroadcastStatus.SCHEDULED if when > now else BroadcastStatus.SENT,
                parts=len(rendered[self._default]),
                at=now,
            )

            def rows(
                key: str,
                chat_id: int,
                chat_kind: ChatKind,
                member_id: int | None,
                lang: str,
                channel: Channel = Channel.TELEGRAM,
            ) -> list[OutgoingMessage]:
                parts = rendered.get(lang, rendered[self._default])
                return [
                    OutgoingMessage(
                        key=f"broadcast:{broadcast_id}:{key}:p:{n}",
                        purpose=Purpose.BROADCAST,
                        chat_id=chat_id,
                        channel=channel,
                        chat_kind=chat_kind,
                        text=part,
                        not_before=when,
                        member_id=member_id,
                        source_id=broadcast_id,
                        file_id=file_id if kind and n == 1 else None,
                        file_kind=kind if kind and n == 1 else None,
                        priority=PRIORITY_BULK,
                        expires_at=expires_at,
                    )
                    for n, part in enumerate(parts, start=1)
                ]

            messages = [
                row
                for m in members
                if m.chat_id is not None
                for row in rows(
                    f"m:{m.member_id}",
                    m.chat_id,
                    ChatKind.PRIVATE,
                    m.member_id,
                    m.language or self._default,
                    m.channel,
                )
            ]
            messages += [
                row
                for g in groups
                for row in rows(f"g:{g.cell_id}", g.chat_id, ChatKind.GROUP, None, self._default)
            ]
            await uow.outbox.enqueue(messages, now)
            await uow.broadcasts.add_not_linked(
                broadcast_id, [m.member_id for m in members if m.chat_id is None]
            )
            await uow.audit.record(
                "broadcast_scheduled" if when > now else "broadcast_sent",
                at=now,
                actor_member_id=None if actor is None else actor.member.id,
                detail={"broadcast_id": broadcast_id, "messages": len(messages)},
            )
            broadcast = await uow.broadcasts.get(broadcast_id)
        assert broadcast is not None
        self._delivery.wake()
        return broadcast


def _check_audience(actor: Identity | None, audience: Audience) -> None:
    if actor is None:
        return
    if not may_broadcast(actor):
        raise NotAllowed(NOT_ALLOWED)
    if not may_broadcast_to(actor, audience.cell_ids, audience.kind is not None):
        raise NotAllowed(OWN_CELL_ONLY)


def _check_text(text: str, file_kind: FileKind | None) -> None:
    if not text.strip() and file_kind is None:
        raise UserError(N_("The notice is empty: write its text, or send a document or photo."))
    if too_long(text):
        raise UserError(NOTICE_TOO_LONG, length=len(text), limit=MAX_NOTICE)


async def _check_cells(uow: BroadcastsUnitOfWork, audience: Audience) -> None:
    """Cell ids come from buttons: each must be a cell (a forged id is refused)."""
    if audience.cell_ids is None:
        return
    if not audience.cell_ids:
        raise UserError(N_("Choose at least one cell."))
    for cell_id in audience.cell_ids:
        unit = await uow.units.get(cell_id)
        if unit is None or unit.kind is not UnitKind.CELL:
            raise NotFound(N_("This cell does not exist."))


async def _sender_unit(
    uow: BroadcastsUnitOfWork, actor: Identity | None, audience: Audience
) -> tuple[str, bool]:
    """Whom the notice is from: the organisation for the committee and the operator, the
    cell for its secretary."""
    if actor is None or oversees_everyone(actor) or not audience.cell_ids:
        root = await uow.units.root()
        return ("" if root is None else root.name), False
    unit = await uow.units.get(min(audience.cell_ids))
    return ("" if unit is None else unit.name), True
