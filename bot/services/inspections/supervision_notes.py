"""Regular supervision (giám sát thường xuyên): dated notes about a cell or a member, written
and read by the committee and the inspection commission only. A note never reaches its target;
anyone else who asks is refused politely and the attempt is audited."""

from __future__ import annotations

from dataclasses import dataclass

from bot.clock import Clock
from bot.domain.errors import NotAllowed, UserError
from bot.domain.inspections.model import Target, TargetKind
from bot.domain.inspections.records import SupervisionNote
from bot.domain.model import Identity, Role, Unit, UnitKind
from bot.domain.text import fold
from bot.i18n import N_
from bot.services.inspections.ports import InspectionsUnitOfWork
from bot.services.member_lookup import find_member
from bot.services.ports import Database

NOT_YOURS = N_("Supervision notes are for the committee and the inspection commission only.")
NO_CELL = N_("This cell does not exist.")
EMPTY_NOTE = N_("Write the note.")
MAX_NOTE = 2000
SHOWN = 10


def may_supervise(actor: Identity) -> bool:
    return actor.has(Role.COMMITTEE) or actor.has(Role.INSPECTOR) or actor.has(Role.ADMIN)


@dataclass(frozen=True)
class Subject:
    """Whom a note is about, as the chat names them."""

    target: Target
    name: str


@dataclass(frozen=True)
class NoteView:
    note: SupervisionNote
    author: str


class SupervisionService:
    def __init__(self, db: Database[InspectionsUnitOfWork], clock: Clock) -> None:
        self._db = db
        self._clock = clock

    async def _allowed(self, actor: Identity, asked: str) -> None:
        if may_supervise(actor):
            return
        async with self._db.write() as uow:
            await uow.audit.record(
                "supervision_refused",
                at=self._clock.now(),
                actor_member_id=actor.member.id,
                detail={"asked": asked},
            )
        raise NotAllowed(NOT_YOURS)

    async def cells(self, actor: Identity) -> list[Unit]:
        """The cells one may write about, by name; refused (audited) to anyone else."""
        await self._allowed(actor, "cells")
        async with self._db.read() as uow:
            cells = [u for u in await uow.units.all() if u.kind is UnitKind.CELL]
        return sorted(cells, key=lambda u: fold(u.name))

    async def cell(self, actor: Identity, cell_id: int) -> Subject:
        await self._allowed(actor, f"cell {cell_id}")
        async with self._db.read() as uow:
            unit = await uow.units.get(cell_id)
        if unit is None or unit.kind is not UnitKind.CELL:
            raise UserError(NO_CELL)
        return Subject(Target(TargetKind.CELL, unit.id, unit.id), unit.name)

    async def member(self, actor: Identity, text: str) -> Subject:
        """The member ``text`` names (code or name)."""
        await self._allowed(actor, "member")
        async with self._db.read() as uow:
            member = await find_member(uow, text)
            roles = await uow.roles.of_member(member.id)
        committee = any(g.role is Role.COMMITTEE for g in roles)
        kind = TargetKind.COMMITTEE_MEMBER if committee else TargetKind.MEMBER
        return Subject(Target(kind, member.id, member.cell_id), member.full_name)

    async def write(self, actor: Identity, subject: Subject, note: str) -> NoteView:
        await self._allowed(actor, "write")
        text = note.strip()[:MAX_NOTE]
        if not text:
            raise UserError(EMPTY_NOTE)
        now = self._clock.now()
        async with self._db.write() as uow:
            note_id = await uow.inspections.add_note(subject.target, now, actor.member.id, text)
        return NoteView(
            SupervisionNote(note_id, subject.target, now, actor.member.id, text),
            actor.member.full_name,
        )

    async def recent(self, actor: Identity, subject: Subject, limit: int = SHOWN) -> list[NoteView]:
        """The latest notes about ``subject``, newest first (a person's under either kind)."""
        await self._allowed(actor, "read")
        target = subject.target
        kinds = (
            (TargetKind.MEMBER, TargetKind.COMMITTEE_MEMBER)
            if target.kind.is_person
            else (TargetKind.CELL,)
        )
        async with self._db.read() as uow:
            notes: list[SupervisionNote] = []
            for kind in kinds:
                notes += await uow.inspections.notes(Target(kind, target.id, target.cell_id), limit)
            notes.sort(key=lambda n: (n.at, n.id), reverse=True)
            views = []
            for note in notes[:limit]:
                author = None if note.member_id is None else await uow.members.get(note.member_id)
                views.append(NoteView(note, "" if author is None else author.full_name))
        return views
