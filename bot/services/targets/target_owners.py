"""The organisation as the targets service reads it for one request (its root, units and
members), and what it says of a target's owner: the cell it belongs to and the name shown.
Kept apart from :mod:`bot.services.targets.targets`, which decides who may see and record."""

from __future__ import annotations

from dataclasses import dataclass

from bot.domain.model import Member, Unit, UnitKind
from bot.domain.targets.model import Owner, Target


@dataclass(frozen=True)
class Organisation:
    root: Unit
    units: dict[int, Unit]
    members: dict[int, Member]

    def owner_cell(self, owner: Owner) -> int | None:
        if owner.member_id is not None:
            member = self.members.get(owner.member_id)
            return None if member is None else member.cell_id
        return owner.unit_id

    def cells(self, targets: list[Target]) -> dict[int, int | None]:
        """Each target's owning cell (a cell, or a member of one), else None: whose own
        figures its per-cell computed value reads."""
        found: dict[int, int | None] = {}
        for target in targets:
            cell = self.owner_cell(target.owner)
            unit = None if cell is None else self.units.get(cell)
            found[target.id] = cell if unit is not None and unit.kind is UnitKind.CELL else None
        return found

    def owner_name(self, owner: Owner) -> str:
        if owner.member_id is not None:
            member = self.members.get(owner.member_id)
            return "" if member is None else member.full_name
        unit = self.units.get(owner.unit_id or self.root.id)
        return self.root.name if unit is None else unit.name
