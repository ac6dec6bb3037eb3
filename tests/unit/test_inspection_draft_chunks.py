"""The planner off the event loop and the draft stored in chunks (issue 15: no heavy work on the
event loop, no long write transaction): what crosses to the worker process and back gives the
very proposal ``propose`` gives; the stored draft, written a few items per transaction, is the
planner's proposal item for item, and a second proposal replaces it whole."""

from __future__ import annotations

import pickle
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import pytest

from bot.domain.inspections.organisation import PlanRequest
from bot.domain.inspections.planner import propose
from bot.domain.inspections.quotas import QuotaSettings
from bot.services.container import Services
from bot.services.inspections import drafts as drafts_module
from bot.services.inspections import plan_offload
from bot.services.inspections.plan_offload import pack_request, plan, unpack_proposal
from storage.database import SqliteDatabase
from tests.conftest import write_csv
from tests.unit.inspection_orgs import concerns, history, organisation
from tests.unit.test_inspection_items import ROWS, _rows, _who

T = TypeVar("T")
# Each stored item as the proposal gives it (the team in id order).
STORED = (
    "SELECT i.kind, i.target_kind, i.target_id, i.target_cell_id, i.month, i.lead_id,"
    " (SELECT group_concat(member_id) FROM (SELECT member_id FROM inspection_team t"
    "  WHERE t.item_id = i.id ORDER BY member_id)), i.reason, i.content, i.review"
    " FROM inspection_items i ORDER BY i.id"
)


async def test_the_packed_round_trip_gives_the_planners_very_proposal(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    org = organisation(cells=40, per_cell=20, committee=9, commission=3)
    request = PlanRequest(
        org,
        2027,
        QuotaSettings(busy_months=frozenset({12})),
        history=history(org, 0.5),
        concerns=concerns(org, 25),
        from_month=2,
    )
    direct = propose(request)
    assert any(item.concerns for item in direct.items)
    assert any(item.last is not None for item in direct.items)
    # As the worker process gets it and answers: pickled both ways.
    packed = pickle.loads(pickle.dumps(plan(pickle.loads(pickle.dumps(pack_request(request))))))
    monkeypatch.setattr(plan_offload, "ITEMS_PER_TURN", 7)  # rebuilt over many turns
    assert await unpack_proposal(packed, request.settings) == direct


class Recording:
    """An offload that runs in a thread, as the command line does, and keeps what it ran."""

    def __init__(self) -> None:
        self.ran: list[str] = []

    async def run(self, fn: Callable[..., T], /, *args: Any) -> T:
        self.ran.append(fn.__name__)
        return fn(*args)

    @property
    def busy(self) -> bool:
        return False


async def test_the_draft_is_written_in_chunks_and_is_the_proposal(
    db: SqliteDatabase, clock: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    offload = Recording()
    org = Services.build(db, clock, invite_ttl_days=30, default_language="vi", offload=offload)
    await org.organisation.init("Đảng bộ Trường Chính trị")
    await org.member_import.import_file(write_csv(tmp_path / "members.csv", ROWS))
    committee = await _who(org, "B3")
    monkeypatch.setattr(drafts_module, "ITEMS_PER_WRITE", 3)
    proposed = await org.programme.propose(committee, 2026)
    items = proposed.proposal.items
    assert len(items) == 4  # two chunks of 3, the last one short
    assert offload.ran == ["plan"]  # the planner ran through the offload, not on the loop

    def word(item: Any) -> str:
        return f"Kiểm tra {item.target_name}"

    before = db.write_times.count
    programme = await org.inspection_drafts.draft(committee, 2026, word)
    stored = _rows(tmp_path, STORED)
    expected = [
        (
            p.kind.value,
            p.target.kind.value,
            p.target.id,
            p.target.cell_id,
            p.month,
            p.lead_id,
            ",".join(map(str, sorted(p.team_ids))) or None,
            ",".join(f"{c.reason.value}:{c.count}" for c in p.concerns),
            word(p),
            "proposed",
        )
        for p in items
    ]
    assert stored == expected
    # One write to create the programme, one to find nothing to clear, then one per chunk.
    chunks = -(-len(items) // 3)
    assert db.write_times.count - before == 2 + chunks
    events = "SELECT count(*), count(DISTINCT item_id) FROM inspection_events"
    assert _rows(tmp_path, events) == [(len(items), len(items))]
    # Proposed again: the earlier draft is cleared (three items a write: two writes) and
    # replaced whole.
    before = db.write_times.count
    again = await org.inspection_drafts.draft(committee, 2026, word)
    assert again.id == programme.id
    assert db.write_times.count - before == 1 + 2 + chunks
    assert _rows(tmp_path, STORED) == expected
    assert _rows(tmp_path, "SELECT count(*) FROM inspection_events") == [(len(items),)]
    assert _rows(tmp_path, "SELECT count(*) FROM inspection_team") == [
        (sum(len(p.team_ids) for p in items),)
    ]
