"""The targets' part of ``butpha export``: each target and every value recorded for it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from bot.services.targets.ports import TargetsUnitOfWork

COLUMNS: dict[str, tuple[str, ...]] = {
    "targets": (
        "id", "year", "section", "title", "comparator", "planned", "unit", "owner_unit",
        "owner_member_id", "owner_name", "accrues", "source", "cadence", "decimals", "created_at",
    ),
    "target_updates": (
        "id", "target_id", "at", "member_id", "member_name", "value", "note", "file_id",
        "file_kind",
    ),
}  # fmt: skip


async def tables(
    uow: TargetsUnitOfWork,
    person: Callable[[int | None], str],
    unit: Callable[[int | None], str],
    local: Callable[[datetime | None], str],
) -> dict[str, list[dict[str, Any]]]:
    targets = [t for year in await uow.targets.years() for t in await uow.targets.of_year(year)]
    updates = [
        u
        for t in targets
        for u in reversed(await uow.targets.updates(t.id, limit=1_000_000))  # oldest first
    ]
    return {
        "targets": [
            {
                "id": t.id,
                "year": t.year,
                "section": t.section,
                "title": t.title,
                "comparator": t.comparator.value,
                "planned": str(t.planned),
                "unit": t.unit,
                "owner_unit": unit(t.owner.unit_id),
                "owner_member_id": t.owner.member_id,
                "owner_name": person(t.owner.member_id),
                "accrues": t.accrues,
                "source": t.source.value,
                "cadence": t.cadence.value,
                "decimals": t.decimals,
                "created_at": local(t.created_at),
            }
            for t in targets
        ],
        "target_updates": [
            {
                "id": u.id,
                "target_id": u.target_id,
                "at": local(u.at),
                "member_id": u.member_id,
                "member_name": person(u.member_id),
                "value": str(u.value),
                "note": u.note or "",
                "file_id": u.file_id or "",
                "file_kind": u.file_kind or "",
            }
            for u in updates
        ],
    }
