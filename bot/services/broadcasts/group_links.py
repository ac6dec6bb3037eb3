"""A cell's Telegram group: its secretary links it (``/lienketnhom`` in the group), and from
then on broadcasts to the cell are also posted there. Only the cell's secretary links or
unlinks; every refusal is in the audit log."""

from __future__ import annotations

from bot.clock import Clock
from bot.domain.broadcasts import GroupLink
from bot.domain.errors import NotAllowed, UserError
from bot.domain.model import Identity, Unit
from bot.domain.permissions import may_link_group, secretary_of
from bot.domain.text import cell_key
from bot.i18n import N_
from bot.services.broadcasts.ports import BroadcastsUnitOfWork
from bot.services.ports import Database


class GroupLinkService:
    def __init__(self, db: Database[BroadcastsUnitOfWork], clock: Clock) -> None:
        self._db = db
        self._clock = clock

    async def link(
        self, actor: Identity, chat_id: int, title: str | None, cell_name: str = ""
    ) -> GroupLink:
        """This Telegram group becomes the cell's: only the cell's secretary may say so."""
        now = self._clock.now()
        try:
            async with self._db.write() as uow:
                cell = await _secretary_cell(uow, actor, cell_name)
                existing = await uow.group_links.of_chat(chat_id)
                if existing is not None and existing.cell_id != cell.id:
                    raise UserError(
                        N_(
                            "This group is already linked to the cell {cell}. Its secretary can "
                            "unlink it with /huylienket."
                        ),
                        cell=existing.cell_name,
                    )
                await uow.group_links.link(cell.id, chat_id, title, by=actor.member.id, at=now)
                await uow.audit.record(
                    "group_linked",
                    at=now,
                    actor_member_id=actor.member.id,
                    detail={"cell_id": cell.id, "chat_id": chat_id},
                )
                return GroupLink(cell.id, cell.name, chat_id)
        except NotAllowed:
            await self._group_refused(actor, chat_id, "link")
            raise

    async def is_linked(self, chat_id: int) -> bool:
        """Whether this group is a cell's (broadcasts are posted there)."""
        async with self._db.glance() as uow:
            return await uow.group_links.of_chat(chat_id) is not None

    async def unlink(self, actor: Identity, chat_id: int) -> GroupLink:
        now = self._clock.now()
        try:
            async with self._db.write() as uow:
                link = await uow.group_links.of_chat(chat_id)
                if link is None:
                    raise UserError(N_("This group is not linked to any cell."))
                if not may_link_group(actor, link.cell_id):
                    raise NotAllowed(
                        N_("Only the secretary of the cell {cell} can unlink this group."),
                        cell=link.cell_name,
                    )
                await uow.group_links.unlink(chat_id)
                await uow.audit.record(
                    "group_unlinked",
                    at=now,
                    actor_member_id=actor.member.id,
                    detail={"cell_id": link.cell_id, "chat_id": chat_id},
                )
                return link
        except NotAllowed:
            await self._group_refused(actor, chat_id, "unlink")
            raise

    async def _group_refused(self, actor: Identity, chat_id: int, action: str) -> None:
        async with self._db.write() as uow:
            await uow.audit.record(
                "group_link_refused",
                at=self._clock.now(),
                actor_member_id=actor.member.id,
                detail={"chat_id": chat_id, "action": action},
            )


async def _secretary_cell(uow: BroadcastsUnitOfWork, actor: Identity, cell_name: str) -> Unit:
    refusal = N_("Only the cell's secretary can link this group to the cell.")
    cells = [u for u in [await uow.units.get(c) for c in sorted(secretary_of(actor))] if u]
    if cell_name:
        wanted = cell_key(cell_name)
        cells = [c for c in cells if cell_key(c.name) == wanted] or [
            c for c in cells if wanted and wanted in cell_key(c.name)
        ]
    if not cells:
        raise NotAllowed(refusal)
    if len(cells) > 1:
        raise UserError(
            N_(
                "You are the secretary of several cells: write the cell's name after the "
                "command, for example /lienketnhom {example}"
            ),
            example=cells[0].name,
        )
    return cells[0]
