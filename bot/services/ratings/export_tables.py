"""The year-end rating's part of ``butpha export``: its cycles, each member's entry (the
self-review, the cell's proposal, the committee's decision) and the cells' own reviews."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from typing import Any

from bot.services.ratings.ports import RatingsUnitOfWork

COLUMNS: dict[str, tuple[str, ...]] = {
    "rating_cycles": (
        "id", "year", "quarter", "self_review_due", "cells_by", "decision_by", "opened_at",
        "published_at",
    ),
    "ratings": (
        "cycle_id", "member_id", "member_name", "cell", "state", "not_rated", "not_rated_note",
        "sick_leave", "self_level", "self_score", "self_review", "self_review_file_id",
        "self_review_file_kind", "self_review_at", "proposed", "votes_for", "votes_total",
        "decided", "decision_reason",
    ),
    "cell_reviews": ("cycle_id", "cell", "level", "note", "submitted_at"),
}  # fmt: skip


async def tables(
    uow: RatingsUnitOfWork,
    person: Callable[[int | None], str],
    unit: Callable[[int | None], str],
    local: Callable[[datetime | None], str],
) -> dict[str, list[dict[str, Any]]]:
    cycles = await uow.ratings.cycles()
    entries = [e for c in cycles for e in await uow.ratings.entries(c.id)]
    reviews = [r for c in cycles for r in (await uow.ratings.cell_reviews(c.id)).values()]
    return {
        "rating_cycles": [
            {
                "id": c.id,
                "year": c.year,
                "quarter": c.quarter,
                "self_review_due": c.self_review_due.isoformat(),
                "cells_by": c.cells_by.isoformat(),
                "decision_by": c.decision_by.isoformat(),
                "opened_at": local(c.opened_at),
                "published_at": local(c.published_at),
            }
            for c in cycles
        ],
        "ratings": [
            {
                "cycle_id": e.cycle_id,
                "member_id": e.member_id,
                "member_name": e.full_name,
                "cell": unit(e.cell_id),
                "state": e.state.value,
                "not_rated": e.not_rated.value if e.not_rated else "",
                "not_rated_note": e.not_rated_note,
                "sick_leave": e.sick_leave,
                "self_level": e.review.level.value if e.review else "",
                "self_score": e.review.score if e.review else None,
                # The member's own report to the organisation: its answers, by question.
                "self_review": json.dumps(e.review.answers, ensure_ascii=False) if e.review else "",
                "self_review_file_id": (e.review.file_id or "") if e.review else "",
                "self_review_file_kind": (e.review.file_kind or "") if e.review else "",
                "self_review_at": local(e.review.submitted_at if e.review else None),
                "proposed": e.proposed.value if e.proposed else "",
                "votes_for": e.votes_for,
                "votes_total": e.votes_total,
                "decided": e.decided.value if e.decided else "",
                "decision_reason": e.decision_reason,
            }
            for e in entries
        ],
        "cell_reviews": [
            {
                "cycle_id": r.cycle_id,
                "cell": unit(r.cell_id),
                "level": r.level.value if r.level else "",
                "note": r.note,
                "submitted_at": local(r.submitted_at),
            }
            for r in reviews
        ],
    }
