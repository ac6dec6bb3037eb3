"""The dues' part of ``butpha export``: each member's recorded months (no record: unpaid)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from bot.services.dues.ports import DuesUnitOfWork

COLUMNS: dict[str, tuple[str, ...]] = {
    "dues": (
        "member_id", "member_name", "year", "month", "state", "in_cash", "reason", "recorded_by",
        "recorded_by_name", "recorded_at",
    ),
}  # fmt: skip


async def tables(
    uow: DuesUnitOfWork,
    person: Callable[[int | None], str],
    unit: Callable[[int | None], str],
    local: Callable[[datetime | None], str],
) -> dict[str, list[dict[str, Any]]]:
    return {
        "dues": [
            {
                "member_id": r.member_id,
                "member_name": person(r.member_id),
                "year": r.year,
                "month": r.month,
                "state": r.state.value,
                "in_cash": r.in_cash,
                "reason": r.reason,
                "recorded_by": r.recorded_by,
                "recorded_by_name": person(r.recorded_by),
                "recorded_at": local(r.recorded_at),
            }
            for r in await uow.dues.all()
        ]
    }
