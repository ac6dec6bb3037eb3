"""The inspections' part of ``butpha export``: every programme's items, their steps and the
remediation actions. As in ``butpha oversight export``, conclusions and self-reports are not
exported: they are about people and stay in the bot and the paper file (INSPECTIONS.md)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from bot.domain.inspections.model import TargetKind
from bot.services.inspections.ports import InspectionsUnitOfWork

COLUMNS: dict[str, tuple[str, ...]] = {
    "inspection_items": (
        "id", "year", "programme_unit", "adopted_at", "kind", "target_kind", "target_id",
        "target", "target_cell", "month", "content", "period", "method", "decision_ref",
        "reason", "lead_member_id", "lead_name", "team", "review", "state", "self_report_due",
        "self_report_at",
    ),
    "inspection_steps": ("item_id", "at", "member_id", "member_name", "step", "detail"),
    "remediation_actions": (
        "id", "item_id", "action", "owner_member_id", "owner_name", "due", "done_at",
        "done_note", "evidence_file_id", "evidence_kind", "verified_at", "verified_by",
        "verified_by_name",
    ),
}  # fmt: skip


async def tables(
    uow: InspectionsUnitOfWork,
    person: Callable[[int | None], str],
    unit: Callable[[int | None], str],
    local: Callable[[datetime | None], str],
) -> dict[str, list[dict[str, Any]]]:
    items: list[dict[str, Any]] = []
    steps: list[dict[str, Any]] = []
    actions: list[dict[str, Any]] = []
    for programme in await uow.inspections.all_programmes():
        for i in await uow.inspections.items(programme.id):
            target = i.target
            items.append(
                {
                    "id": i.id,
                    "year": programme.year,
                    "programme_unit": unit(programme.unit_id),
                    "adopted_at": local(programme.adopted_at),
                    "kind": i.kind.value,
                    "target_kind": target.kind.value,
                    "target_id": target.id,
                    "target": unit(target.id)
                    if target.kind is TargetKind.CELL
                    else person(target.id),
                    "target_cell": unit(target.cell_id),
                    "month": i.month,
                    "content": i.content,
                    "period": i.period,
                    "method": i.method,
                    "decision_ref": i.decision_ref,
                    "reason": i.reason,
                    "lead_member_id": i.lead_id,
                    "lead_name": person(i.lead_id),
                    "team": "; ".join(person(m) for m in i.team_ids),
                    "review": i.review.value,
                    "state": i.state.value,
                    "self_report_due": ""
                    if i.self_report_due is None
                    else i.self_report_due.isoformat(),
                    "self_report_at": local(i.self_report_at),
                    # Not the conclusion: it stays in the bot and the paper file.
                }
            )
            steps += [
                {
                    "item_id": i.id,
                    "at": local(e.at),
                    "member_id": e.member_id,
                    "member_name": person(e.member_id),
                    "step": e.event,
                    "detail": e.detail,
                }
                for e in await uow.inspections.events(i.id)
            ]
            actions += [
                {
                    "id": a.id,
                    "item_id": i.id,
                    "action": a.action,
                    "owner_member_id": a.owner_id,
                    "owner_name": person(a.owner_id),
                    "due": a.due.isoformat(),
                    "done_at": local(a.done_at),
                    "done_note": a.done_note or "",
                    "evidence_file_id": a.evidence_file_id or "",
                    "evidence_kind": a.evidence_kind.value if a.evidence_kind else "",
                    "verified_at": local(a.verified_at),
                    "verified_by": a.verified_by,
                    "verified_by_name": person(a.verified_by),
                }
                for a in await uow.inspections.actions(i.id)
            ]
    return {"inspection_items": items, "inspection_steps": steps, "remediation_actions": actions}
